"""The executive dashboard in a real browser: every chart drawn by
Chart.js (served by the portal) from the page's JSON block, the same
figures as the table under it, no console errors, the print layout, the
site navigation link; screenshots of screen and print."""
from __future__ import annotations

import datetime as dt
import json
import re

import pytest

from ckanext.bandaaceh.kinerja import kerangka, rapor
from ckanext.bandaaceh.kinerja.kerangka import Semester

from tests.kinerja.conftest import (  # noqa: F401
    bobot_uji, kota_uji, pegi_demo, tanpa_cache)
from tests.marks import portal

pytestmark = portal(
    "bandaaceh scheming_datasets harvest bandaaceh_berita bandaaceh_ppid"
) + [pytest.mark.ckan_config("ckan.locale_default", "id")]

GRAFIK = ("tren", "peringkat", "pegi", "proyeksi")

# Per chart: its Chart.js instance's type, labels and first data series,
# and how many of the canvas' pixels are painted (not transparent).
_CHARTS_JS = """() => {
  const out = {};
  for (const canvas of document.querySelectorAll('canvas[data-grafik]')) {
    const chart = window.Chart && Chart.getChart(canvas);
    const pixels = canvas.getContext('2d').getImageData(
      0, 0, canvas.width, canvas.height).data;
    let painted = 0;
    for (let i = 3; i < pixels.length; i += 4) { if (pixels[i]) painted++; }
    out[canvas.dataset.grafik] = chart ? {
      type: chart.config.type, labels: chart.data.labels.map(String),
      data: chart.data.datasets[0].data,
      series: chart.data.datasets.length, painted: painted,
      width: canvas.width, height: canvas.height} : {painted: painted};
  }
  return out;
}"""


@pytest.fixture
def dasbor_data(kota_uji, bobot_uji, pegi_demo, ckan_config,  # noqa: F811
                monkeypatch):
    """2017-S1 of the hand-computed SKPK live, 2016-S2 frozen, the demo
    PeGI dataset."""
    monkeypatch.setitem(ckan_config, kerangka.OPTION_BOBOT, bobot_uji)
    rapor.ambil(Semester(2016, 2), dt.date(2017, 12, 31))
    return kota_uji


def _watch_console(page, portal_url: str) -> list[str]:
    """Console errors and warnings, script errors, failed requests to the
    portal (the test factories give organisations pictures elsewhere,
    which a sandbox without internet cannot load)."""
    problems: list[str] = []
    def console(message):
        elsewhere = (message.text.startswith("Failed to load resource")
                     and not (message.location or {}).get(
                         "url", "").startswith(portal_url))
        if message.type in ("error", "warning") and not elsewhere:
            problems.append(f"console {message.type}: {message.text}")
    page.on("console", console)
    page.on("pageerror", lambda e: problems.append(f"page error: {e}"))
    page.on("requestfailed", lambda r: problems.append(
        f"request failed: {r.url}") if r.url.startswith(portal_url)
        else None)
    return problems


def _table_column(page, selector: str, column: int) -> list[str]:
    return [t.strip() for t in page.locator(
        f"{selector} tbody tr > :nth-child({column})").all_inner_texts()]


def test_every_chart_is_drawn_from_the_page_data(live_server, dasbor_data,
                                                  browser_page, screenshot):
    page = browser_page
    problems = _watch_console(page, live_server)
    scripts_from = []
    page.on("request", lambda r: scripts_from.append(r.url)
            if r.resource_type == "script" else None)
    response = page.goto(live_server + "/dasbor?semester=2017-S1")
    assert response is not None and response.status == 200
    page.wait_for_load_state("networkidle")
    page.wait_for_function(
        "document.querySelectorAll('canvas[data-digambar]').length === %d"
        % len(GRAFIK))

    # Chart.js comes from the portal itself, not a CDN
    assert scripts_from and all(u.startswith(live_server)
                                for u in scripts_from), scripts_from
    assert any("chart" in u for u in scripts_from)

    data = json.loads(page.locator("#dasbor-data").text_content())
    charts = page.evaluate(_CHARTS_JS)
    assert sorted(charts) == sorted(GRAFIK)
    for name, chart in charts.items():
        assert "type" in chart, f"no Chart instance on {name}"
        # a drawn chart paints a good part of its canvas (axes, bars, lines)
        assert chart["painted"] > 0.01 * chart["width"] * chart["height"], \
            (name, chart)

    # each chart shows the figures of the JSON block and of its table
    tren = charts["tren"]
    assert tren["type"] == "line" and tren["series"] == 3
    assert tren["labels"] == [r["semester"] for r in data["tren"]] == \
        ["2016-S2", "2017-S1"] == _table_column(page, "#tabel-tren", 1)
    assert tren["data"] == [r["rerata_skor"] for r in data["tren"]]
    assert [f"{v}" for v in tren["data"]] == _table_column(
        page, "#tabel-tren", 2)

    peringkat = charts["peringkat"]
    names = _table_column(page, "#peringkat", 2)
    assert peringkat["labels"] == names and len(names) == 46
    assert peringkat["labels"][:2] == [
        "Dinas Kesehatan", "Dinas Kependudukan dan Pencatatan Sipil"]
    assert peringkat["data"][:2] == [60.42, 4.17]
    assert [str(v) for v in peringkat["data"][:2]] == _table_column(
        page, "#peringkat", 3)[:2]

    pegi = charts["pegi"]
    assert pegi["labels"] == ["2011", "2014", "2015"] == _table_column(
        page, "#pegi", 1)
    assert ["%.2f" % v for v in pegi["data"]] == ["2.39", "2.30", "2.60"] \
        == _table_column(page, "#pegi", 7)

    proyeksi = charts["proyeksi"]
    p = data["proyeksi"]
    assert proyeksi["data"] == [p["kebutuhan"], p["terbangun"], p["sisa"]]
    assert page.locator("#proyeksi").inner_text().count(
        str(p["kebutuhan"])) >= 1

    # the drill-down from the ranking to the SKPK's Kinerja tab
    page.locator("#peringkat a", has_text="Dinas Kesehatan").click()
    page.wait_for_url(re.compile(r"/organization/kinerja/dinkes"))
    assert page.locator("#skor").inner_text() == "60.42"
    screenshot(page, "tab-kinerja")
    assert problems == []
    page.go_back()
    page.wait_for_function(
        "document.querySelectorAll('canvas[data-digambar]').length === 4")
    screenshot(page, "layar")


def test_the_print_layout_and_the_navigation_link(live_server, dasbor_data,
                                                   browser_page,
                                                   screenshot):
    page = browser_page
    problems = _watch_console(page, live_server)
    page.goto(live_server + "/dataset/")
    nav = page.locator("header nav a", has_text=re.compile(r"^\s*Dasbor\s*$"))
    assert nav.count() == 1
    nav.click()
    page.wait_for_url(re.compile(r"/dasbor$"))
    page.wait_for_function(
        "document.querySelectorAll('canvas[data-digambar]').length === 4")
    assert page.locator("header").first.is_visible()
    assert page.locator("form.odba-noprint").is_visible()

    page.emulate_media(media="print")
    # printed: no site header, no form, the charts and tables are kept
    assert not page.locator("header").first.is_visible()
    assert not page.locator("form.odba-noprint").is_visible()
    for name in GRAFIK:
        assert page.locator(f'canvas[data-grafik="{name}"]').is_visible()
    assert page.locator("#peringkat").is_visible()
    screenshot(page, "cetak")
    pdf = page.pdf(format="A4")
    assert pdf[:5] == b"%PDF-" and len(pdf) > 10_000
    assert problems == []


@pytest.mark.ckan_config("ckanext.bandaaceh.dasbor.visibility", "sysadmin")
def test_no_link_when_the_dashboard_is_restricted(live_server, dasbor_data,
                                                  browser_page):
    page = browser_page
    page.goto(live_server + "/dataset/")
    assert page.locator("header nav a", has_text="Dasbor").count() == 0
    response = page.goto(live_server + "/dasbor")
    assert response is not None and response.status == 403
    assert "berwenang" in page.content()
