"""The scorecard and PeGI through the API and on the pages: /dasbor, its
CSV and the organisations' Kinerja tab; visibility when restricted."""
from __future__ import annotations

import csv
import io
import re

import pytest

from ckan.tests import factories

from ckanext.bandaaceh.kinerja import kerangka, rapor
from ckanext.bandaaceh.kinerja.kerangka import Semester

from tests.marks import portal

pytestmark = portal(
    "bandaaceh scheming_datasets harvest bandaaceh_berita bandaaceh_ppid"
) + [
    # the portal's language (pages in English are the catalog's business)
    pytest.mark.ckan_config("ckan.locale_default", "id"),
]

VISIBILITY = "ckanext.bandaaceh.dasbor.visibility"
ACTIONS = ("bandaaceh_kinerja_kota", "bandaaceh_kinerja_skpk",
           "bandaaceh_kinerja_riwayat", "bandaaceh_pegi")


@pytest.fixture
def bobot(bobot_uji, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, kerangka.OPTION_BOBOT, bobot_uji)


def _api(app, action, status=200, **params):
    response = app.get(f"/api/3/action/{action}", query_string=params,
                       status=status)
    return response.json


def test_the_city_and_one_skpk_through_the_api(app, kota_uji, bobot):
    kota = _api(app, "bandaaceh_kinerja_kota", semester="2017-S1")["result"]
    assert kota["sumber"] == "langsung"
    assert [(r["skpk"], r["skor"], r["peringkat"]) for r in kota["skpk"]] \
        == [("dinkes", 60.42, 1), ("disdukcapil", 4.17, 2)]
    one = _api(app, "bandaaceh_kinerja_skpk", id="dinkes",
               semester="2017-S1")["result"]
    assert one["skor_keluarga"]["opendata"] == 62.5
    assert one["jumlah_skpk"] == 2
    assert one["semester_sebelumnya"] == "2016-S2"


def test_bad_input_is_refused_in_indonesian(app, kota_uji, bobot):
    bad = _api(app, "bandaaceh_kinerja_kota", status=409,
               semester="2017-S9")
    assert "Semester tidak dikenal" in bad["error"]["semester"][0]
    missing = _api(app, "bandaaceh_kinerja_skpk", status=404, id="tidak-ada")
    assert "SKPK tidak ditemukan" in missing["error"]["message"]
    gampong = _api(app, "bandaaceh_kinerja_skpk", status=404,
                   id="gampong-lampulo")
    assert "SKPK tidak ditemukan" in gampong["error"]["message"]


def test_history_of_the_city_and_of_an_skpk(app, kota_uji, bobot):
    import datetime as dt
    rapor.ambil(Semester(2016, 2), dt.date(2017, 12, 31))
    rapor.ambil(Semester(2017, 1), dt.date(2017, 12, 31))
    city = _api(app, "bandaaceh_kinerja_riwayat")["result"]["riwayat"]
    assert [(r["semester"], r["rerata_skor"]) for r in city] == [
        ("2016-S2", 2.09), ("2017-S1", 32.3)]
    # 2016-S2: dinkes had nothing yet (0), disdukcapil its 2016 dataset
    one = _api(app, "bandaaceh_kinerja_riwayat", id="dinkes")["result"]
    assert [(r["semester"], r["skor"], r["peringkat"])
            for r in one["riwayat"]] == [
        ("2016-S2", 0.0, 2), ("2017-S1", 60.42, 1)]
    # the frozen previous semester gives the change: up one place
    served = _api(app, "bandaaceh_kinerja_skpk", id="dinkes",
                  semester="2017-S1")["result"]
    assert served["sumber"] == "potret"
    assert (served["perubahan_skor"], served["perubahan_peringkat"]) == (
        60.42, 1)


def test_pegi_history_from_the_open_dataset(app, pegi_demo):
    result = _api(app, "bandaaceh_pegi")["result"]
    assert [(r["tahun"], "%.2f" % r["rerata"], r["kategori"],
             r["sesuai_terbitan"]) for r in result["riwayat"]] == [
        (2011, "2.39", "Kurang", True), (2014, "2.30", "Kurang", True),
        (2015, "2.60", "Baik", True)]
    assert _api(app, "bandaaceh_pegi", status=404,
                dataset="tidak-ada")["success"] is False


def test_the_dashboard_page(app, kota_uji, bobot, pegi_demo):
    page = app.get("/dasbor", query_string={"semester": "2017-S1"}).body
    assert "Dasbor Eksekutif" in page
    assert 'id="grafik-tren"' in page and 'id="grafik-pegi"' in page
    # drill-down to the organisation's Kinerja tab
    assert 'href="/organization/kinerja/dinkes?semester=2017-S1"' in page
    assert '<td class="pegi-rerata">2.60</td><td class="pegi-kategori">Baik' \
        in page
    assert "60.42" in page
    # the continuity KPI is there, without a value: no dataset of the two
    # SKPK declares a frequency
    assert re.search(r'id="kpi-opendata-persen-tepat-waktu"><span '
                     r'class="odba-kpi-nilai">–<', page)
    bad = app.get("/dasbor", query_string={"semester": "kemarin"}).body
    assert "Semester tidak dikenal" in bad
    rows = list(csv.DictReader(io.StringIO(app.get(
        "/dasbor/rapor.csv", query_string={"semester": "2017-S1"}).body)))
    # the demo PeGI dataset brought the other 44 SKPK (ranked below)
    assert len(rows) == 46
    assert [(r["skpk"], r["skor"]) for r in rows[:2]] == [
        ("dinkes", "60.42"), ("disdukcapil", "4.17")]


def test_the_kinerja_tab(app, kota_uji, bobot):
    page = app.get("/organization/kinerja/dinkes",
                   query_string={"semester": "2017-S1"}).body
    assert 'id="skor">60.42<' in page
    assert 'id="peringkat">1<' in page
    assert "/organization/kinerja/dinkes" in app.get(
        "/organization/dinkes").body
    assert 'id="bukan-skpk"' in app.get(
        "/organization/kinerja/gampong-lampulo").body
    app.get("/organization/kinerja/tidak-ada", status=404)


@pytest.mark.parametrize("visibility", ["login", "sysadmin"])
def test_restricted_visibility(app, kota_uji, bobot, ckan_config,
                               monkeypatch, visibility):
    monkeypatch.setitem(ckan_config, VISIBILITY, visibility)
    for action in ACTIONS:
        _api(app, action, status=403, id="dinkes")
    app.get("/dasbor", status=403)
    app.get("/dasbor/rapor.csv", status=403)
    app.get("/organization/kinerja/dinkes", status=403)
    page = app.get("/organization/dinkes").body
    assert "/organization/kinerja/dinkes" not in page
    # nor the site navigation's link to the dashboard
    assert 'href="/dasbor"' not in page
    user = factories.UserWithToken()
    headers = {"Authorization": user["token"]}
    expected = 200 if visibility == "login" else 403
    app.get("/api/3/action/bandaaceh_kinerja_kota", headers=headers,
            status=expected)
    app.get("/dasbor", headers=headers, status=expected)
    sysadmin = factories.SysadminWithToken()
    app.get("/api/3/action/bandaaceh_kinerja_skpk",
            query_string={"id": "dinkes"},
            headers={"Authorization": sysadmin["token"]}, status=200)


def test_public_by_default(app, kota_uji, bobot):
    for action in ACTIONS[:3]:
        _api(app, action, id="dinkes")
    # the site navigation links the dashboard
    assert 'href="/dasbor"' in app.get("/dataset/").body
