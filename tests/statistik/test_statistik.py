"""The statistics page and its monthly publication, from live data:
datasets and resources made through the actions, downloads made over HTTP
and aggregated as in production."""
from __future__ import annotations

import pytest

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.bandaaceh import statistik
from ckanext.bandaaceh.statistik import publikasi
from ckanext.bandaaceh.unduhan import agregasi, statistik as us

from tests.marks import portal
from tests.unduhan.conftest import _bersihkan

pytestmark = portal() + [
    pytest.mark.ckan_config("ckanext.bandaaceh.aplikasi.egov_organization",
                            "diskominfotik"),
    pytest.mark.usefixtures("redis_bersih"),
]


@pytest.fixture
def redis_bersih():
    _bersihkan()
    yield
    _bersihkan()


@pytest.fixture
def portal_data(app):
    dinkes = factories.Organization(name="dinkes", title="Dinas Kesehatan")
    disdik = factories.Organization(name="disdik", title="Dinas Pendidikan")
    factories.Organization(name="diskominfotik", title="Diskominfotik")
    dbd = factories.Dataset(owner_org=dinkes["id"], name="kasus-dbd",
                            extras=[{"key": "frekuensi_pembaruan",
                                     "value": "bulanan"}])
    csv = factories.Resource(package_id=dbd["id"], format="CSV",
                             url="http://data.example.com/dbd.csv")
    pdf = factories.Resource(package_id=dbd["id"], format="PDF",
                             url="http://data.example.com/dbd.pdf")
    factories.Dataset(owner_org=dinkes["id"], name="puskesmas",
                      extras=[{"key": "frekuensi_pembaruan",
                               "value": "tahunan"}])
    sekolah = factories.Dataset(owner_org=disdik["id"], name="sekolah")
    factories.Resource(package_id=sekolah["id"], format="",
                       url="http://data.example.com/sekolah.csv")
    rahasia = factories.Dataset(owner_org=disdik["id"], name="rahasia",
                                private=True)
    factories.Resource(package_id=rahasia["id"], format="CSV",
                       url="http://data.example.com/rahasia.csv")
    for resource, times in ((csv, 3), (pdf, 1)):
        url = tk.h.url_for("resource.download", id=dbd["id"],
                           resource_id=resource["id"])
        for _ in range(times):
            assert app.get(url, follow_redirects=False).status_code == 302
    agregasi.agregasi()
    return {"csv": csv}


def _rentang():
    return us.rentang()


def test_headline_figures_come_from_live_data(portal_data):
    hasil = statistik.ringkasan(*_rentang())
    assert hasil["angka"]["skpk_bergabung"] == 2
    assert hasil["angka"]["skpk"] == 3
    assert hasil["angka"]["dataset"] == 3          # the private one is not
    assert hasil["angka"]["sumber_csv"] == 2       # dbd.csv and sekolah.csv
    assert hasil["angka"]["unduhan_csv_bulan_ini"] == 3
    bulan_ini = hasil["bulanan"][-1]
    assert (bulan_ini["unduhan"], bulan_ini["unduhan_csv"],
            bulan_ini["csv_dibuat"]) == (4, 3, 2)
    assert len(hasil["bulanan"]) == 12
    per = {s["skpk"]: s for s in hasil["skpk"]}
    assert (per["dinkes"]["dataset"], per["dinkes"]["sumber_csv"],
            per["dinkes"]["csv_dibuat"], per["dinkes"]["unduhan"],
            per["dinkes"]["unduhan_csv"]) == (2, 1, 1, 4, 3)
    assert per["disdik"]["csv_dibuat"] == 1     # the private one is not
    # fresh datasets with a frequency are on time; no frequency: not rated
    assert per["dinkes"]["persen_tepat_waktu"] == 100.0
    assert per["disdik"]["dinilai"] == 0
    assert per["diskominfotik"]["dataset"] == 0


def test_the_page_shows_each_chart_with_its_table(app, portal_data):
    res = app.get("/statistik")
    assert res.status_code == 200
    html = res.get_data(as_text=True)
    assert 'id="angka-csv"><span class="odba-kpi-nilai">2<' in html
    assert 'id="angka-skpk"><span class="odba-kpi-nilai">2<' in html
    for grafik in ("unduhan", "unggahan", "kesegaran"):
        assert 'data-grafik="%s"' % grafik in html
    assert 'id="tabel-bulanan"' in html and 'id="tabel-skpk"' in html
    assert '<tr data-skpk="dinkes">' in html
    assert 'id="statistik-data"' in html
    assert "_statistik.js" in html and "_chart.js" in html


def test_a_bad_month_is_explained_not_a_server_error(app, portal_data):
    res = app.get("/statistik", query_string={"dari": "2026-13"})
    assert res.status_code == 200
    assert "dari harus berupa bulan dengan format TTTT-BB" in res.get_data(
        as_text=True)
    res = app.get("/statistik.json", query_string={"sampai": "kemarin"})
    assert res.status_code == 400
    assert app.get("/statistik.json").json["angka"]["dataset"] == 3


def test_markup_in_an_skpk_title_is_text(app):
    factories.Organization(name="xss", title="<script>alert(1)</script>")
    html = app.get("/statistik").get_data(as_text=True)
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_monthly_publication_is_an_open_dataset(portal_data):
    assert not publikasi.sudah_terbit(publikasi.bulan_terbit())
    hasil = publikasi.terbitkan()
    assert hasil["changed"] is True
    dataset = helpers.call_action("package_show", id="statistik-portal")
    assert dataset["organization"]["name"] == "diskominfotik"
    names = sorted(r["name"] for r in dataset["resources"])
    assert names == sorted([publikasi.SKPK_CSV, publikasi.BULANAN_CSV])
    assert publikasi.sudah_terbit(publikasi.bulan_terbit())
    # the dataset counts itself from the next run on; then nothing changes
    publikasi.terbitkan()
    assert publikasi.terbitkan()["changed"] is False
    # the job publishes once a month
    before = helpers.call_action("package_show", id="statistik-portal")
    factories.Dataset(owner_org=helpers.call_action(
        "organization_show", id="dinkes")["id"])      # a new dataset
    publikasi.job()
    after = helpers.call_action("package_show", id="statistik-portal")
    assert after["metadata_modified"] == before["metadata_modified"]
    publikasi.job(paksa=True)
    after = helpers.call_action("package_show", id="statistik-portal")
    assert after["metadata_modified"] > before["metadata_modified"]
    skpk = next(r for r in dataset["resources"]
                if r["name"] == publikasi.SKPK_CSV)
    assert skpk["datastore_sumber"] == "portal"


def test_the_publication_needs_the_egov_organisation(ckan_config,
                                                     monkeypatch):
    monkeypatch.setitem(ckan_config,
                        "ckanext.bandaaceh.aplikasi.egov_organization",
                        "tidak-ada")
    with pytest.raises(tk.ValidationError) as e:
        publikasi.terbitkan()
    assert "tidak ditemukan" in e.value.error_dict["owner_org"][0]


def test_the_scheduler_queues_the_publication_daily(monkeypatch):
    import datetime as dt

    from croniter import croniter
    from rq.cron import CronScheduler

    from ckan.lib import jobs

    from ckanext.bandaaceh import jadwal

    started = []
    monkeypatch.setattr(CronScheduler, "start",
                        lambda self: started.append(self))
    jadwal.start()
    (scheduler,) = started
    (job,) = [j for j in scheduler.get_jobs()
              if j.func_name == "ckanext.bandaaceh.statistik.publikasi.job"]
    assert job.queue_name == jobs.get_queue().name
    # 19:00 UTC is 02:00 WIB of the next day: a month's first run is in
    # the first hours of its first day
    first = croniter(job.cron, dt.datetime(2026, 11, 30, 18, 0)).get_next(
        dt.datetime)
    assert first == dt.datetime(2026, 11, 30, 19, 0)
    assert first + dt.timedelta(hours=7) == dt.datetime(2026, 12, 1, 2, 0)
