"""Web presence per unit and city-wide, against hand-computed answers and
the seed's own figure (41 websites, 16 without news in 2016 S1: 39.02%)."""
from __future__ import annotations

import csv
import datetime as dt
import io
import uuid

import pytest

import ckan.model as model
from ckan.tests import factories, helpers

from ckanext.bandaaceh_harvest.berita import kehadiran
from ckanext.bandaaceh_harvest.berita.model import item, situs

from tests.marks import portal

pytestmark = portal("bandaaceh scheming_datasets harvest bandaaceh_berita")

S1_2016 = kehadiran.Semester(2016, 1)


def _site(org, wpmu=False, url=None):
    """A website row whose harvest source is a dataset of `org` (the join
    needs only the source's owner)."""
    source = factories.Dataset(owner_org=org["id"])
    situs_id = str(uuid.uuid4())
    model.Session.execute(situs.insert().values(
        id=situs_id, harvest_source_id=source["id"],
        url=url or f"https://{org['name']}.bandaacehkota.go.id", wpmu=wpmu,
        failures=0, needs_publish=False))
    model.Session.commit()
    return situs_id


def _news(situs_id, *published, date_ok=True):
    now = dt.datetime(2017, 7, 1)
    for when in published:
        model.Session.execute(item.insert().values(
            situs_id=situs_id, key=str(uuid.uuid4()), title="Berita",
            link="https://contoh.id/b", published_at=when,
            date_raw=str(when), date_ok=date_ok, first_seen=now,
            updated=now))
    model.Session.commit()


def test_one_units_quantity_continuity_and_gap():
    days = [dt.date(2016, 1, 10), dt.date(2016, 1, 20), dt.date(2016, 3, 5),
            dt.date(2016, 7, 2)]
    measures = kehadiran.ukuran_unit(days, S1_2016)
    assert measures == {"jumlah_berita": 3, "bulan_dengan_berita": 2,
                        # 6 March to 30 June 2016: 26 + 30 + 31 + 30 days
                        "jeda_terpanjang_hari": 117, "tanpa_berita": False}
    silent = kehadiran.ukuran_unit([], S1_2016)
    assert silent["tanpa_berita"] is True
    assert silent["jeda_terpanjang_hari"] == 182  # 2016 is a leap year


def test_the_seed_figure_41_websites_16_without_news():
    sites = []
    for i in range(41):
        org = factories.Organization(name=f"skpk-{i:02d}")
        sites.append(_site(org, wpmu=i < 30))
    for situs_id in sites[16:]:
        _news(situs_id, dt.datetime(2016, 3, 1, 3))
    # news outside the semester, or with an unreadable date, do not count
    _news(sites[0], dt.datetime(2016, 7, 3))
    _news(sites[1], dt.datetime(2016, 3, 1), date_ok=False)

    result = helpers.call_action("bandaaceh_berita_kehadiran",
                                 semester="2016-S1")

    assert result["kota"]["unit_dengan_website"] == 41
    assert result["kota"]["tanpa_berita"] == 16
    assert result["kota"]["persen_tanpa_berita"] == 39.02
    assert result["kota"]["wpmu"] == 30
    assert result["kota"]["persen_wpmu"] == 73.17


def test_semester_boundaries_are_in_wib():
    org = factories.Organization(name="dinkes")
    situs_id = _site(org)
    # 30 June 2016 20:00 UTC is 1 July 03:00 WIB: the second semester
    _news(situs_id, dt.datetime(2016, 6, 30, 20))
    first = helpers.call_action("bandaaceh_berita_kehadiran",
                                semester="2016-S1")
    second = helpers.call_action("bandaaceh_berita_kehadiran",
                                 semester="2016-S2")
    assert first["unit"][0]["jumlah_berita"] == 0
    assert second["unit"][0]["jumlah_berita"] == 1
    assert second["unit"][0]["nama_unit"] == org["title"]


def test_trend_over_semesters():
    org = factories.Organization()
    situs_id = _site(org)
    _news(situs_id, dt.datetime(2016, 2, 1), dt.datetime(2017, 2, 1))
    trend = helpers.call_action("bandaaceh_berita_tren", dari="2016-S1",
                                sampai="2017-S1")
    assert [(t["semester"], t["tanpa_berita"]) for t in trend] == [
        ("2016-S1", 0), ("2016-S2", 1), ("2017-S1", 0)]


@pytest.mark.parametrize("action, params, field", [
    ("bandaaceh_berita_kehadiran", {"semester": "2016-S3"}, "semester"),
    ("bandaaceh_berita_kehadiran", {"semester": "kemarin"}, "semester"),
    ("bandaaceh_berita_tren", {"dari": "2017-S1", "sampai": "2016-S1"},
     "dari"),
    ("bandaaceh_berita_tren", {"dari": "2000-S1", "sampai": "2017-S1"},
     "dari"),
])
def test_bad_parameters_are_validation_errors(app, action, params, field):
    response = app.get(f"/api/3/action/{action}", query_string=params,
                       status=409)
    assert field in response.json["error"]


def test_the_page_and_its_csv_for_anyone(app):
    org = factories.Organization(name="dinkes", title="Dinas Kesehatan")
    _news(_site(org), dt.datetime(2016, 1, 5))
    page = app.get("/berita/kehadiran", query_string={"semester": "2016-S1"})
    assert "Dinas Kesehatan" in page.body
    assert "0.0% (0 unit)" in page.body
    rows = list(csv.DictReader(io.StringIO(app.get(
        "/berita/kehadiran.csv", query_string={"semester": "2016-S1"}).body)))
    assert rows[0]["unit"] == "dinkes"
    assert rows[0]["jumlah_berita"] == "1"
    assert app.get("/berita/kehadiran", query_string={
        "semester": "x"}).status_code == 200


def test_a_unit_with_two_websites_is_one_unit_measured_over_both():
    org = factories.Organization(name="disdik")
    first = _site(org, url="https://disdik.bandaacehkota.go.id")
    second = _site(org, wpmu=True, url="https://paud.bandaacehkota.go.id")
    _news(first, dt.datetime(2016, 1, 10, 3))
    _news(second, dt.datetime(2016, 6, 20, 3))
    data = kehadiran.kehadiran(S1_2016)
    [unit] = data["unit"]
    assert unit["unit"] == "disdik" and unit["punya_website"] is True
    assert unit["jumlah_berita"] == 2 and unit["bulan_dengan_berita"] == 2
    assert unit["wpmu"] is True
    # 11 January to 19 June 2016: 21 + 29 + 31 + 30 + 31 + 19 days
    assert unit["jeda_terpanjang_hari"] == 161
    assert set(unit["situs"].split()) == {
        "https://disdik.bandaacehkota.go.id",
        "https://paud.bandaacehkota.go.id"}
    assert data["kota"]["unit_dengan_website"] == 1


def test_units_without_a_website_are_listed_but_not_in_the_shares(app):
    with_site = factories.Organization(name="dinkes", title="Dinas Kesehatan")
    factories.Organization(name="gampong-lampulo", title="Gampong Lampulo",
                           extras=[{"key": "jenis", "value": "gampong"}])
    _news(_site(with_site), dt.datetime(2016, 1, 5))
    data = kehadiran.kehadiran(S1_2016)
    assert [u["unit"] for u in data["unit_tanpa_website"]] == [
        "gampong-lampulo"]
    assert data["unit_tanpa_website"][0]["punya_website"] is False
    assert data["kota"]["unit_dengan_website"] == 1
    assert data["kota"]["unit_tanpa_website"] == 1
    assert data["kota"]["persen_tanpa_berita"] == 0.0
    only_gampong = kehadiran.kehadiran(S1_2016, jenis="gampong")
    assert only_gampong["unit"] == []
    assert only_gampong["kota"]["unit_tanpa_website"] == 1
    page = app.get("/berita/kehadiran", query_string={"semester": "2016-S1"})
    assert "Gampong Lampulo" in page.body and "belum memiliki website" in (
        page.body)
    assert 'id="kehadiran-tren"' in page.body and "2015-S2" in page.body
    rows = {r["unit"]: r for r in csv.DictReader(io.StringIO(app.get(
        "/berita/kehadiran.csv", query_string={"semester": "2016-S1"}).body))}
    assert rows["gampong-lampulo"]["punya_website"] == "False"
    assert rows["dinkes"]["punya_website"] == "True"
    assert rows["dinkes"]["jumlah_berita"] == "1"
