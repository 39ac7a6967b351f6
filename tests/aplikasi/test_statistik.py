"""Registry statistics, projection, facets and the published dataset."""
from __future__ import annotations

import csv
import io

import pytest

import ckan.plugins.toolkit as tk
from ckan.lib import jobs
from ckan.tests import factories, helpers

from ckanext.bandaaceh.aplikasi import publikasi, statistik

from tests.marks import portal

pytestmark = portal()


def _app(org, name, kategori, **fields):
    """Create one application as the site user."""
    data = {"type": "aplikasi", "name": name, "title": name.upper(),
            "owner_org": org["id"], "kategori": kategori,
            "platform": ["web"], "jenis_api": "tidak_ada",
            "terhubung_mantra": "tidak", "terhubung_open_data": "tidak"}
    data.update(fields)
    return helpers.call_action("package_create", **data)


@pytest.fixture
def registri():
    """Two SKPK and a hand-countable registry:

    dkominfo: website_skpk 2015; layanan_publik a (REST, Mantra, PSE
      terdaftar, 2015), b (SOAP, Open Data, 2016), c (no API, 2016);
      layanan_internal d (REST, not connected, PSE dalam_proses, 2014)
    dpmptsp: website_skpk (2016); website_gampong (Kuta Alam, 2016);
      layanan_publik e (REST, Mantra + Open Data, PSE terdaftar, 2016)
    plus a private and a deleted app that must not count.
    """
    kominfo = factories.Organization(name="dkominfo", title="Kominfo")
    dpm = factories.Organization(name="dpmptsp", title="DPMPTSP")
    _app(kominfo, "web-kominfo", "website_skpk", tahun_operasi="2015")
    _app(kominfo, "app-a", "layanan_publik", jenis_api="rest",
         api_base_url="https://a.example.id/api", terhubung_mantra="ya",
         status_pse="terdaftar", nomor_tdpse="001/PSE/2020",
         status_survei="terdata", tahun_operasi="2015")
    _app(kominfo, "app-b", "layanan_publik", jenis_api="soap",
         api_base_url="https://b.example.id/ws", terhubung_open_data="ya",
         status_pse="belum", tahun_operasi="2016")
    _app(kominfo, "app-c", "layanan_publik", tahun_operasi="2016")
    _app(kominfo, "app-d", "layanan_internal", jenis_api="rest",
         api_base_url="https://d.example.id/api", status_pse="dalam_proses",
         status_survei="direkomendasikan", tahun_operasi="2014")
    _app(dpm, "web-dpm", "website_skpk", tahun_operasi="2016")
    _app(dpm, "web-lampulo", "website_gampong", tahun_operasi="2016")
    _app(dpm, "app-e", "layanan_publik", jenis_api="rest",
         api_base_url="https://e.example.id/api", terhubung_mantra="ya",
         terhubung_open_data="ya", status_pse="terdaftar",
         platform=["web", "android"], tahun_operasi="2016")
    _app(dpm, "rahasia", "layanan_publik", private=True,
         tahun_operasi="2016")
    deleted = _app(dpm, "dihapus", "layanan_publik", tahun_operasi="2016")
    helpers.call_action("package_delete", id=deleted["id"])
    return {"kominfo": kominfo, "dpm": dpm}


def test_totals_shares_and_tables_match_the_hand_count(registri):
    stats = helpers.call_action("bandaaceh_aplikasi_statistik",
                                tahun_awal=2015, tahun_akhir=2016)

    assert stats["jumlah_aplikasi"] == 8
    assert stats["website"] == {"website_skpk": 2, "website_gampong": 1,
                                "website_dayah": 0, "total": 3}
    assert stats["layanan"] == {"layanan_publik": 4, "layanan_internal": 1,
                                "total": 5}
    inter = stats["interoperabilitas"]
    assert inter["dengan_api"] == {"jumlah": 4, "dari": 5, "persen": 80.0}
    assert inter["terhubung_mantra"] == {"jumlah": 2, "dari": 5,
                                         "persen": 40.0}
    assert inter["terhubung_open_data"]["jumlah"] == 2
    assert stats["pse"] == {"terdaftar": 2, "dalam_proses": 1, "belum": 1,
                            "tidak_diisi": 4, "persen_terdaftar": 25.0}
    assert stats["survei"]["terdata"] == 1
    assert stats["survei"]["direkomendasikan"] == 1
    assert stats["survei"]["belum_disurvei"] == 6

    per_skpk = {row["skpk"]: row for row in stats["per_skpk"]}
    assert per_skpk["dkominfo"]["jumlah"] == 5
    assert per_skpk["dkominfo"]["layanan_publik"] == 3
    assert per_skpk["dkominfo"]["dengan_api"] == 3
    assert per_skpk["dpmptsp"]["website_gampong"] == 1
    assert per_skpk["dpmptsp"]["pse_terdaftar"] == 1
    assert per_skpk["dpmptsp"]["nama_skpk"] == "DPMPTSP"

    per_tahun = {row["tahun"]: row for row in stats["per_tahun"]}
    assert sorted(per_tahun) == [2014, 2015, 2016]
    assert per_tahun[2016]["jumlah"] == 5
    assert per_tahun[2016]["layanan_publik"] == 3
    assert per_tahun[2016]["kumulatif"] == 8

    proyeksi = stats["proyeksi"]
    # built = layanan_publik (4); window 2015-2016 holds a (2015), b, c, e
    assert proyeksi["terbangun"] == 4
    assert proyeksi["jendela_laju"] == {"tahun_awal": 2015,
                                        "tahun_akhir": 2016, "dibangun": 4}
    assert proyeksi["laju_per_tahun"] == 2.0
    assert proyeksi["sisa"] == 1104 - 4
    assert proyeksi["tahun_pemenuhan"] == 550.0


def test_the_seed_projection_1104_1024_51():
    """Potensi Pengembangan TIK: 46 × 4 × 3 × 2, 80 built, 20 a year."""
    seed = statistik.Proyeksi(skpk=46, bidang_per_skpk=4, seksi_per_bidang=3,
                              platform=2, terbangun=80, tahun_awal=2013,
                              tahun_akhir=2016, dibangun_dalam_jendela=80)
    assert seed.kebutuhan == 1104
    assert seed.sisa == 1024
    assert seed.laju == 20
    assert seed.as_dict()["tahun_pemenuhan"] == 51.2
    assert seed.as_dict()["tahun_pemenuhan_dibulatkan"] == 51


@pytest.mark.ckan_config("ckanext.bandaaceh.aplikasi.rate.last_year", "2016")
def test_the_seed_projection_from_registered_apps():
    """80 public services, 20 put into service each year 2013-2016."""
    org = factories.Organization()
    for year in range(2013, 2017):
        for i in range(20):
            _app(org, f"layanan-{year}-{i}", "layanan_publik",
                 tahun_operasi=str(year))
    _app(org, "internal-2015", "layanan_internal", tahun_operasi="2015")

    proyeksi = helpers.call_action("bandaaceh_aplikasi_statistik")["proyeksi"]

    assert proyeksi["kebutuhan"] == 1104
    assert proyeksi["terbangun"] == 80
    assert proyeksi["sisa"] == 1024
    assert proyeksi["jendela_laju"]["tahun_awal"] == 2013
    assert proyeksi["laju_per_tahun"] == 20.0
    assert proyeksi["tahun_pemenuhan_dibulatkan"] == 51


@pytest.mark.ckan_config("ckanext.bandaaceh.aplikasi.need.skpk", "10")
@pytest.mark.ckan_config("ckanext.bandaaceh.aplikasi.need.platforms", "3")
@pytest.mark.ckan_config("ckanext.bandaaceh.aplikasi.built_categories",
                         "layanan_publik layanan_internal")
@pytest.mark.ckan_config("ckanext.bandaaceh.aplikasi.rate.years", "2")
@pytest.mark.ckan_config("ckanext.bandaaceh.aplikasi.rate.last_year", "2016")
def test_the_projection_follows_its_configuration(registri):
    proyeksi = helpers.call_action("bandaaceh_aplikasi_statistik")["proyeksi"]

    assert proyeksi["kebutuhan"] == 10 * 4 * 3 * 3
    assert proyeksi["terbangun"] == 5
    assert proyeksi["jendela_laju"]["tahun_awal"] == 2015
    assert proyeksi["laju_per_tahun"] == 2.0  # a (2015), b, c, e (2016)


def test_a_window_without_new_apps_never_finishes(registri):
    proyeksi = helpers.call_action("bandaaceh_aplikasi_statistik",
                                   tahun_awal=2001,
                                   tahun_akhir=2003)["proyeksi"]
    assert proyeksi["laju_per_tahun"] == 0
    assert proyeksi["tahun_pemenuhan"] is None


@pytest.mark.parametrize("params, field, text", [
    ({"tahun_awal": "dua ribu"}, "tahun_awal", "tahun empat angka"),
    ({"tahun_awal": 2017, "tahun_akhir": 2013}, "tahun_awal",
     "tidak boleh sesudah"),
])
def test_a_bad_window_is_a_validation_error_in_indonesian(params, field,
                                                          text):
    with pytest.raises(tk.ValidationError) as raised:
        helpers.call_action("bandaaceh_aplikasi_statistik", **params)
    assert text in raised.value.error_dict[field][0]


def test_anonymous_reads_statistics_through_the_api(app, registri):
    response = app.get("/api/3/action/bandaaceh_aplikasi_statistik",
                       query_string={"tahun_awal": "2015",
                                     "tahun_akhir": "2016"})
    assert response.status_code == 200
    result = response.json["result"]
    assert result["website"]["total"] == 3
    assert result["layanan"]["total"] == 5

    bad = app.get("/api/3/action/bandaaceh_aplikasi_statistik",
                  query_string={"tahun_akhir": "kemarin"}, status=409)
    assert bad.json["success"] is False
    assert bad.json["error"]["__type"] == "Validation Error"
    assert "tahun_akhir" in bad.json["error"]


def test_statistics_page_and_exports(app, registri):
    page = app.get("/aplikasi/statistik")
    assert page.status_code == 200
    assert "Total Website (3)" in page.body
    assert "Web SKPK (2) + Web Gampong (1)" in page.body
    assert "Total Layanan (5)" in page.body
    assert "Layanan Publik (4) + Layanan Internal (1)" in page.body
    assert "1.104" in page.body

    bad = app.get("/aplikasi/statistik", query_string={"tahun_awal": "x"})
    assert bad.status_code == 200
    assert "harus berupa tahun empat angka" in bad.body

    exported = app.get("/aplikasi/statistik.csv")
    assert exported.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(exported.body)))
    assert [r["skpk"] for r in rows] == ["dkominfo", "dpmptsp", ""]
    assert rows[-1]["jumlah"] == "8"
    assert rows[0]["dengan_api"] == "3"

    as_json = app.get("/aplikasi/statistik.json").json
    assert as_json["layanan"]["layanan_publik"] == 4
    assert app.get("/aplikasi/statistik.json",
                   query_string={"tahun_awal": "x"}, status=400)


@pytest.mark.ckan_config("ckan.locale_default", "id")
def test_facets_count_single_values_with_labels(registri):
    result = helpers.call_action(
        "package_search", fq="+dataset_type:aplikasi",
        **{"facet.field": ["kategori", "platform", "kepatuhan_api",
                           "status_pse"]})
    facets = result["search_facets"]
    kategori = {i["name"]: i for i in facets["kategori"]["items"]}
    assert kategori["layanan_publik"]["count"] == 4
    assert kategori["website_gampong"]["display_name"] == "Website gampong"
    assert {i["name"]: i["count"] for i in facets["platform"]["items"]} == {
        "web": 8, "android": 1}
    kepatuhan = {i["name"]: i["count"]
                 for i in facets["kepatuhan_api"]["items"]}
    assert kepatuhan == {"terhubung_mantra": 2, "terhubung_open_data": 2,
                         "api_belum_terhubung": 1, "tanpa_api": 4}

    mantra = helpers.call_action(
        "package_search",
        fq="+dataset_type:aplikasi +kepatuhan_api:terhubung_mantra")
    assert sorted(p["name"] for p in mantra["results"]) == ["app-a", "app-e"]


@pytest.mark.ckan_config("ckan.locale_default", "id")
def test_the_aplikasi_page_shows_the_registry_facets(app, registri):
    page = app.get("/aplikasi", query_string={"kategori": "layanan_publik"})
    assert page.status_code == 200
    for title in ("Kategori", "Platform", "Status survei",
                  "Status pendaftaran PSE", "Kepatuhan API"):
        assert title in page.body, title
    assert "Terhubung Mantra" in page.body
    assert "/aplikasi/statistik" in page.body
    for name in ("app-a", "app-b", "app-c", "app-e"):
        assert f'href="/aplikasi/{name}"' in page.body, name
    assert 'href="/aplikasi/web-kominfo"' not in page.body


@pytest.mark.ckan_config("ckanext.bandaaceh.aplikasi.egov_organization",
                         "dkominfo")
def test_the_registry_is_published_as_csv_and_republishing_is_a_no_op(
        registri):
    helpers.call_action("package_patch", id="app-a", title="=HYPERLINK(1)",
                        penanggung_jawab="Teuku Rahasia")

    first = publikasi.terbitkan()
    assert first == {"name": "registri-aplikasi", "changed": True}
    dataset = helpers.call_action("package_show", id="registri-aplikasi")
    assert dataset["organization"]["name"] == "dkominfo"
    assert dataset["type"] == "dataset"
    by_name = {r["name"]: r for r in dataset["resources"]}
    registry = _uploaded_text(by_name[publikasi.REGISTRI_CSV])
    rows = list(csv.DictReader(io.StringIO(registry)))
    assert len(rows) == 8
    assert "Teuku Rahasia" not in registry
    row_a = next(r for r in rows if r["nama"] == "app-a")
    assert row_a["judul"] == "'=HYPERLINK(1)"
    assert row_a["url_portal"].endswith("/aplikasi/app-a")
    per_skpk = _uploaded_text(by_name[publikasi.STATISTIK_CSV])
    assert per_skpk.splitlines()[-1].startswith(",Total Kota Banda Aceh")

    modified = dataset["metadata_modified"]
    assert publikasi.terbitkan()["changed"] is False
    assert helpers.call_action(
        "package_show", id="registri-aplikasi")["metadata_modified"] == \
        modified

    helpers.call_action("package_patch", id="app-c", terhubung_mantra="ya")
    assert publikasi.terbitkan()["changed"] is True


@pytest.mark.ckan_config("ckanext.bandaaceh.aplikasi.egov_organization",
                         "tidak-ada")
def test_publishing_without_the_egov_organisation_says_what_to_set():
    with pytest.raises(tk.ValidationError) as raised:
        publikasi.terbitkan()
    assert "egov_organization" in raised.value.error_dict["owner_org"][0]


def test_a_burst_of_edits_queues_one_publication(registri):
    queue = jobs.get_queue()
    queue.empty()
    org = registri["kominfo"]
    for i in range(3):
        _app(org, f"baru-{i}", "layanan_internal")
    helpers.call_action("package_patch", id="baru-0", unit="Bidang TIK")
    helpers.call_action("package_create", name="bukan-aplikasi",
                        owner_org=org["id"])
    assert queue.job_ids == [publikasi.JOB_ID]
    queue.empty()


def test_only_sysadmins_republish_on_demand(registri):
    user = factories.User()
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action("bandaaceh_aplikasi_terbitkan",
                            context={"user": user["name"],
                                     "ignore_auth": False})


def _uploaded_text(resource) -> str:
    from ckan.lib import uploader

    path = uploader.get_resource_uploader(resource).get_path(resource["id"])
    with open(path, encoding="utf-8") as f:
        return f.read()


@pytest.mark.ckan_config("ckanext.bandaaceh.aplikasi.egov_organization",
                         "dkominfo")
def test_the_background_worker_publishes_after_an_edit(registri):
    jobs.get_queue().empty()
    helpers.call_action("package_patch", id="app-b", terhubung_mantra="ya")
    assert jobs.get_queue().job_ids == [publikasi.JOB_ID]

    jobs.Worker().work(burst=True)  # CKAN's worker, forking as in production

    assert jobs.get_queue().job_ids == []
    dataset = helpers.call_action("package_show", id="registri-aplikasi")
    registry = _uploaded_text(next(
        r for r in dataset["resources"] if r["name"] == publikasi.REGISTRI_CSV))
    row_b = next(r for r in csv.DictReader(io.StringIO(registry))
                 if r["nama"] == "app-b")
    assert row_b["terhubung_mantra"] == "ya"
