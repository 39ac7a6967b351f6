"""The app registry's pages in a real browser, served by a live CKAN."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from ckan.tests import factories, helpers

from tests.marks import portal

pytestmark = portal() + [
    # the portal's language: scheming labels follow the page's locale
    pytest.mark.ckan_config("ckan.locale_default", "id"),
]

XSS_SCRIPT = "<script>window.__xss=1</script>"
XSS_IMG = "<img src=x onerror=window.__xss=1>"


def _aplikasi(owner_org, **fields):
    data = {
        "type": "aplikasi",
        "owner_org": owner_org,
        "notes": "Permohonan izin usaha secara daring.",
        "unit": "Bidang Aplikasi Informatika",
        "kategori": "layanan_publik",
        "platform": ["web", "android"],
        "urls": ["https://sipp.bandaacehkota.go.id"],
        "status_survei": "terdata",
        "tanggal_survei": "2024-03-12",
        "status_pse": "terdaftar",
        "nomor_tdpse": "003456.01/DJAI.PSE/04/2023",
        "tanggal_tdpse": "2023-04-20",
        "data_pribadi": "ya",
        "hosting": "server_farm_kota",
        "tahun_operasi": "2019",
        "pengembang": "vendor",
        "jenis_api": "rest",
        "api_base_url": "https://sipp.bandaacehkota.go.id/api/v1",
        "terhubung_mantra": "ya",
        "terhubung_open_data": "tidak",
    }
    data.update(fields)
    return helpers.call_action("package_create", **data)


@pytest.fixture
def registry():
    """One SKPK with three apps and one ordinary dataset."""
    org = factories.Organization(
        name="diskominfotik",
        title="Dinas Komunikasi, Informatika dan Statistik")
    apps = [
        _aplikasi(org["id"], name="sipp",
                  title="Sistem Informasi Perizinan"),
        _aplikasi(org["id"], name="e-kinerja", title="E-Kinerja ASN",
                  kategori="layanan_internal", platform=["web"]),
        _aplikasi(org["id"], name="lapor-gampong", title="Lapor Gampong",
                  kategori="layanan_publik", platform=["android"],
                  jenis_api="tidak_ada", api_base_url=""),
    ]
    dataset = factories.Dataset(
        name="penduduk-gampong", title="Jumlah Penduduk per Gampong",
        owner_org=org["id"])
    return {"org": org, "apps": apps, "dataset": dataset}


def _open(page, url):
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    return page


def _field(page, label):
    """The value cell of the additional-info row labelled ``label``."""
    header = page.locator("th.dataset-label",
                          has_text=re.compile(r"^\s*%s\s*$" % re.escape(label)))
    return page.locator("tr", has=header).locator("td")


def test_aplikasi_lists_the_apps_and_no_dataset(
        live_server, browser_page, screenshot, registry):
    page = _open(browser_page, live_server + "/aplikasi")

    headings = page.locator(".dataset-list .dataset-heading")
    expect(headings).to_have_count(3)
    for app in registry["apps"]:
        expect(headings.filter(has_text=app["title"])).to_be_visible()
    expect(page.get_by_text(registry["dataset"]["title"])).to_have_count(0)
    expect(page.locator("form.search-form h1")).to_have_text(
        re.compile(r"^\s*3 aplikasi"))
    screenshot(page, "aplikasi")


def test_dataset_lists_the_dataset_and_no_app(
        live_server, browser_page, screenshot, registry):
    page = _open(browser_page, live_server + "/dataset")

    headings = page.locator(".dataset-list .dataset-heading")
    expect(headings).to_have_count(1)
    expect(headings).to_contain_text(registry["dataset"]["title"])
    for app in registry["apps"]:
        expect(page.get_by_text(app["title"])).to_have_count(0)
    expect(page.locator("form.search-form h1")).to_have_text(
        re.compile(r"^\s*1 dataset"))
    screenshot(page, "dataset")


def test_an_app_page_shows_its_fields_in_indonesian(
        live_server, browser_page, screenshot, registry):
    page = _open(browser_page, live_server + "/aplikasi/sipp")

    expect(page.locator("h1", has_text="Sistem Informasi Perizinan")
           ).to_be_visible()
    expect(_field(page, "Kategori")).to_have_text("Layanan publik")
    expect(_field(page, "Status pendaftaran PSE")).to_have_text("Terdaftar")
    expect(_field(page, "Nomor TDPSE")).to_have_text(
        "003456.01/DJAI.PSE/04/2023")
    expect(_field(page, "Tahun mulai beroperasi")).to_have_text("2019")
    expect(_field(page, "Hosting")).to_have_text(
        "Server farm Pemerintah Kota")
    # the English labels of the same fields are not used
    expect(page.locator("th.dataset-label", has_text="Category")
           ).to_have_count(0)
    screenshot(page, "read")


def test_markup_in_an_app_is_shown_as_text_and_never_run(
        live_server, browser_page, screenshot, registry):
    title = "Aplikasi %s Uji %s" % (XSS_SCRIPT, XSS_IMG)
    _aplikasi(registry["org"]["id"], name="uji-xss", title=title,
              notes="Catatan %s dan %s" % (XSS_SCRIPT, XSS_IMG),
              unit=XSS_IMG, rekomendasi=XSS_SCRIPT + XSS_IMG)

    def assert_inert(page):
        assert page.evaluate("typeof window.__xss") == "undefined"
        assert page.locator("img[onerror]").count() == 0
        assert not page.evaluate(
            "[...document.scripts].some(s => s.text.includes('__xss'))")

    page = _open(browser_page, live_server + "/aplikasi/uji-xss")
    # plain text fields show the markup as typed; markdown drops it
    expect(page.locator("h1", has_text="Aplikasi")).to_have_text(
        re.compile(re.escape(title)))
    expect(_field(page, "Unit (bidang/seksi)")).to_have_text(XSS_IMG)
    expect(page.locator(".notes")).to_contain_text("Catatan")
    assert_inert(page)
    screenshot(page, "read")

    page = _open(browser_page, live_server + "/aplikasi")
    expect(page.locator(".dataset-heading", has_text="Uji")).to_have_text(
        re.compile(re.escape(title)))
    assert_inert(page)
    screenshot(page, "aplikasi")


def test_a_facet_narrows_the_registry(
        live_server, browser_page, screenshot, registry):
    page = _open(browser_page, live_server + "/aplikasi")

    facet = page.locator("section.module-narrow",
                         has=page.locator("h2", has_text="Kategori"))
    # long labels are truncated on screen and given whole in a tooltip
    link = facet.locator(
        'a[data-bs-title="Layanan internal/administrasi"]')
    expect(link).to_be_visible()
    link.click()
    page.wait_for_url(re.compile(r"kategori=layanan_internal"))

    headings = page.locator(".dataset-list .dataset-heading")
    expect(headings).to_have_count(1)
    expect(headings).to_contain_text("E-Kinerja ASN")
    screenshot(page, "kategori")


def test_the_statistics_page_shows_totals_and_recomputes_the_projection(
        live_server, browser_page, screenshot, registry):
    page = _open(browser_page, live_server + "/aplikasi/statistik")

    expect(page.locator("#total-layanan")).to_contain_text(
        "Total Layanan (3) = Layanan Publik (2) + Layanan Internal (1)")
    expect(page.locator("#total-website")).to_contain_text(
        "Total Website (0)")
    expect(page.locator("#proyeksi")).to_contain_text("1.104")
    screenshot(page, "default")

    # both public services started in 2019: a 2019-2019 window gives 2/yr
    page.fill("#tahun_awal", "2019")
    page.fill("#tahun_akhir", "2019")
    page.get_by_role("button", name="Hitung").click()
    page.wait_for_url(re.compile(r"tahun_awal=2019"))
    expect(page.locator("#proyeksi-sisa")).to_have_text("1.102")
    expect(page.locator("#proyeksi-tahun")).to_contain_text("551")
    expect(page.locator("#per-skpk")).to_contain_text(
        "Dinas Komunikasi, Informatika dan Statistik")
    screenshot(page, "window-2019")
