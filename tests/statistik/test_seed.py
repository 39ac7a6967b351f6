"""The demo portal gives the seed's headline figures of the open-data
programme (2017): 46 SKPK joined, 177 datasets, 245 CSV datasources, 320
CSV downloads a month. Loaded by the demo loaders; downloads pushed through
Redis and aggregated; the statistics read back from the database."""
from __future__ import annotations

import datetime

import pytest

from ckanext.bandaaceh import demo, skpk, statistik
from ckanext.bandaaceh.aplikasi import impor, publikasi
from ckanext.bandaaceh.unduhan import statistik as us

from tests.marks import portal
from tests.unduhan.conftest import _bersihkan

pytestmark = portal() + [
    pytest.mark.ckan_config("ckan.storage_path", "/tmp/odba-test-seed"),
    pytest.mark.usefixtures("redis_bersih"),
]

TODAY = datetime.date(2026, 12, 4)


@pytest.fixture
def redis_bersih():
    _bersihkan()
    yield
    _bersihkan()


@pytest.fixture
def demo_portal():
    skpk.load_skpk()
    demo.load_groups()
    demo.load_datasets()
    report = demo.load_katalog()
    downloads = demo.load_unduhan(today=TODAY)
    # the portal's own datasets (here the app registry) are not SKPK data
    impor.load_demo()
    publikasi.load()
    return report, downloads


def test_the_demo_portal_gives_the_seed_figures(demo_portal):
    awal, akhir = us.rentang(today=TODAY)
    angka = statistik.ringkasan(awal, akhir, TODAY)["angka"]
    assert angka["skpk_bergabung"] == angka["skpk"] == 46
    assert angka["dataset"] == 177
    assert angka["sumber_csv"] == 245
    assert angka["rerata_unduhan_csv_bulanan"] == 320
    assert angka["unduhan_csv_bulan_ini"] == 320
    seri = statistik.bulanan(awal, akhir)
    assert [m["unduhan_csv"] for m in seri] == [320] * 12


def test_loading_the_demo_again_adds_nothing(demo_portal):
    report, downloads = demo_portal
    assert len(report.created) == 177 - len(demo.read_datasets())
    assert len(downloads.created) == 12
    assert not demo.load_katalog().changed
    assert not demo.load_unduhan(today=TODAY).changed
    awal, akhir = us.rentang(today=TODAY)
    assert statistik.ringkasan(awal, akhir, TODAY)["angka"][
        "rerata_unduhan_csv_bulanan"] == 320


def test_the_catalogue_targets_are_checked(tmp_path):
    path = tmp_path / "katalog.yaml"
    text = open(demo.KATALOG_FILE, encoding="utf-8").read()
    path.write_text(text.replace("dataset: 177", "dataset: 5000"),
                    encoding="utf-8")
    with pytest.raises(demo.LoaderError, match="cannot be met"):
        demo.read_katalog(str(path))
