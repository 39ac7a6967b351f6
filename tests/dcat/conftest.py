"""Fixtures of the catalogue tests: a small portal with one SKPK, a dataset
with every field the catalogues map, and an app of the registry."""
from __future__ import annotations

import pytest

from ckan.tests import factories

# the live CKAN of the page tests, for the OpenAPI run

from tests.marks import portal

PLUGINS = "bandaaceh scheming_datasets dcat bandaaceh_dcat structured_data"
WEBSITE = "https://dinkes.bandaacehkota.go.id"


def katalog_marks(more_plugins: str = "") -> list:
    """Module marks: the portal with the DCAT plugins and our profile (and
    `more_plugins`)."""
    return portal(f"{PLUGINS} {more_plugins}".strip()) + [
        pytest.mark.ckan_config("ckanext.dcat.rdf.profiles",
                                "euro_dcat_ap_3 odba"),
    ]


@pytest.fixture
def skpk():
    return factories.Organization(
        name="dinkes", title="Dinas Kesehatan",
        extras=[{"key": "jenis", "value": "dinas"},
                {"key": "website", "value": WEBSITE}])


@pytest.fixture
def dataset(skpk):
    return factories.Dataset(
        name="puskesmas", title="Daftar Puskesmas",
        notes="Puskesmas di Kota Banda Aceh.", owner_org=skpk["id"],
        license_id="cc-by", tags=[{"name": "kesehatan"}],
        extras=[{"key": "frekuensi_pembaruan", "value": "triwulanan"},
                {"key": "temporal_start", "value": "2023-01-01"},
                {"key": "temporal_end", "value": "2023-12-31"}],
        resources=[{"name": "Puskesmas 2023", "format": "CSV",
                    "url": "https://example.org/puskesmas-2023.csv"}])


@pytest.fixture
def aplikasi(skpk):
    return factories.Dataset(
        type="aplikasi", name="si-puskesmas",
        title="Sistem Informasi Puskesmas", owner_org=skpk["id"],
        kategori="layanan_publik", platform=["web"],
        urls=["https://puskesmas.bandaacehkota.go.id"],
        jenis_api="tidak_ada", terhubung_mantra="tidak",
        terhubung_open_data="tidak")
