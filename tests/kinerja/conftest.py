"""Data of the scorecard tests: two SKPK whose 2017-S1 figures are
computed by hand in the tests."""
from __future__ import annotations

import datetime as dt
import shutil
import uuid

import pytest
import sqlalchemy as sa

import ckan.model as model
from ckan.tests import factories

D = dt.date

# Weights of the hand-computed answers: three families, a few measures.
BOBOT_UJI = """
keluarga:
  opendata:
    bobot: 2
    ukuran:
      dataset: {bobot: 1, arah: naik, target: 4}
      sumber_csv: {bobot: 1, arah: naik, target: 2}
      unduhan: {bobot: 2, arah: naik, target: 60}
  kehadiran:
    bobot: 1
    ukuran:
      bulan_dengan_berita: {bobot: 1, arah: naik, target: 6}
      tanpa_berita: {bobot: 1, arah: turun, target: 1}
  ppid:
    bobot: 1
    ukuran:
      persen_tepat_waktu: {bobot: 3, arah: naik, target: 100}
      keberatan: {bobot: 1, arah: turun, target: 2}
jenis_bukan_skpk: [gampong]
ppid_instansi: banda-aceh
"""


@pytest.fixture(autouse=True)
def tanpa_cache(ckan_config, monkeypatch):
    """Live scorecards computed on every call: tests edit data between
    calls (tests/kinerja/test_cache.py tests the cache itself)."""
    monkeypatch.setitem(ckan_config, "ckanext.bandaaceh.kinerja.cache_detik",
                        0)


@pytest.fixture
def bobot_uji(tmp_path):
    path = tmp_path / "bobot.yaml"
    path.write_text(BOBOT_UJI, encoding="utf-8")
    return str(path)


def geser_waktu(table: str, row_id: str, column: str,
                when: dt.datetime) -> None:
    model.Session.execute(sa.text(
        f"UPDATE {table} SET {column} = :w WHERE id = :i"),
        {"w": when, "i": row_id})
    model.Session.commit()


def dataset(org, created: dt.datetime, csv: int = 0, **fields):
    """A public dataset of `org` created at `created` with `csv` CSV
    resources created then too."""
    resources = [{"url": f"https://contoh.id/data{i}.csv", "format": "CSV",
                  "name": f"Data {i}"} for i in range(csv)]
    ds = factories.Dataset(owner_org=org["id"], resources=resources,
                           **fields)
    geser_waktu("package", ds["id"], "metadata_created", created)
    geser_waktu("package", ds["id"], "metadata_modified", created)
    for r in ds["resources"]:
        geser_waktu("resource", r["id"], "created", created)
    return ds


def unduhan(org, bulan: dt.date, jumlah: int, pengunjung: int) -> None:
    model.Session.execute(sa.text(
        "INSERT INTO bandaaceh_unduhan_skpk_bulanan (bulan, owner_org, "
        "jumlah, pengunjung_harian) VALUES (:b, :o, :j, :p)"),
        {"b": bulan, "o": org["id"], "j": jumlah, "p": pengunjung})
    model.Session.commit()


def situs(org, wpmu: bool = False) -> str:
    """A website of `org` (its harvest source: a dataset of type harvest,
    so it is not counted as open data)."""
    from ckanext.bandaaceh_harvest.berita.model import situs as tabel

    source = factories.Dataset(owner_org=org["id"])
    model.Session.execute(sa.text(
        "UPDATE package SET type = 'harvest' WHERE id = :i"),
        {"i": source["id"]})
    situs_id = str(uuid.uuid4())
    model.Session.execute(tabel.insert().values(
        id=situs_id, harvest_source_id=source["id"],
        url=f"https://{org['name']}.bandaacehkota.go.id", wpmu=wpmu,
        failures=0, needs_publish=False))
    model.Session.commit()
    return situs_id


def berita(situs_id: str, *published: dt.datetime,
           judul: str = "Berita kegiatan",
           diumumkan: dt.datetime | None = None) -> list[int]:
    from ckanext.bandaaceh_harvest.berita.model import item, pengumuman

    ids = []
    for when in published:
        item_id = model.Session.execute(item.insert().values(
            situs_id=situs_id, key=str(uuid.uuid4()), title=judul,
            link="https://contoh.id/b", published_at=when,
            date_raw=str(when), date_ok=True, first_seen=when,
            updated=when).returning(item.c.id)).scalar_one()
        ids.append(item_id)
        if diumumkan is not None:
            model.Session.execute(pengumuman.insert().values(
                item_id=item_id, kanal="x", terkirim=diumumkan,
                percobaan=1, dicoba=diumumkan))
    model.Session.commit()
    return ids


def permohonan(nomor, received, answered, skpk, perpanjangan=False):
    return {"nomor": nomor, "baris": 1, "tanggal_diterima": received,
            "tanggal_jawaban": answered, "skpk": skpk,
            "informasi": "Data " + nomor, "perpanjangan": perpanjangan,
            "keputusan": "dikabulkan", "kategori_pemohon": "perorangan"}


@pytest.fixture
def kota_uji():
    """2017-S1 of two SKPK.

    dinkes: 2 datasets (March 2017) with one CSV each; 30 downloads by 12
    daily visitors in February 2017 (100 more in August: not in S1); a
    WPMU website with 3 news in January and February; PPID requests of 6
    March 2017 answered in 4 and 11 working days (one late), one
    objection. disdukcapil: one dataset of May 2016 without CSV, nothing
    else. A gampong organisation is not scored. Sabang's PPID register is
    not the city's.
    """
    from ckanext.bandaaceh_harvest.ppid import simpan

    dinkes = factories.Organization(name="dinkes", title="Dinas Kesehatan")
    dukcapil = factories.Organization(
        name="disdukcapil", title="Dinas Kependudukan dan Pencatatan Sipil")
    factories.Organization(name="gampong-lampulo", title="Gampong Lampulo",
                           extras=[{"key": "jenis", "value": "gampong"}])
    t = dt.datetime
    dataset(dinkes, t(2017, 3, 1, 5), csv=1)
    dataset(dinkes, t(2017, 3, 2, 5), csv=1)
    dataset(dukcapil, t(2016, 5, 1, 5))
    unduhan(dinkes, D(2017, 2, 1), 30, 12)
    unduhan(dinkes, D(2017, 8, 1), 100, 40)
    site = situs(dinkes, wpmu=True)
    berita(site, t(2017, 1, 10, 5), t(2017, 2, 10, 5), t(2017, 2, 20, 5),
           diumumkan=t(2017, 2, 21, 5))
    simpan.simpan("permohonan", "banda-aceh", "diskominfotik", [
        permohonan("1", D(2017, 3, 6), D(2017, 3, 10), "dinkes"),
        permohonan("2", D(2017, 3, 6), D(2017, 3, 21), "dinkes")])
    simpan.simpan("keberatan", "banda-aceh", "diskominfotik", [{
        "nomor": "K1", "baris": 1, "nomor_permohonan": "2",
        "tanggal": D(2017, 3, 25), "alasan": "g"}])
    simpan.simpan("permohonan", "sabang", "pemko-sabang", [
        permohonan("S1", D(2017, 3, 6), None, "disdukcapil")])
    return {"dinkes": dinkes, "disdukcapil": dukcapil}


@pytest.fixture
def pegi_demo(ckan_config, monkeypatch, tmp_path):
    """The demo PeGI dataset with its uploaded CSV (and the city's 46 SKPK
    organisations the demo data needs)."""
    from ckanext.bandaaceh import demo, skpk

    monkeypatch.setitem(ckan_config, "ckan.storage_path",
                        str(tmp_path / "storage"))
    shutil.copytree(f"{demo.DEMO_DIR}/indeks-pegi",
                    tmp_path / "demo" / "indeks-pegi")
    skpk.load_skpk()
    demo.load_groups()
    demo.load_datasets(str(tmp_path / "demo"))
