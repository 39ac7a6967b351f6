"""Fixtures shared by the search tests."""
from __future__ import annotations

import pytest

from ckan.tests import factories


@pytest.fixture
def city():
    """Two SKPK, two themes and five datasets with known content."""
    kominfo = factories.Organization(name="diskominfotik",
                                     title="Dinas Komunikasi dan Informatika")
    dinkes = factories.Organization(name="dinkes", title="Dinas Kesehatan")
    sosial = factories.Group(name="sosial", title="Sosial")
    factories.Group(name="ekonomi", title="Ekonomi")

    def dataset(name, title, org, tags, notes="", **extra):
        return factories.Dataset(
            name=name, title=title, owner_org=org["id"], notes=notes,
            tags=[{"name": t} for t in tags], **extra)

    dataset("penduduk-gampong", "Jumlah Penduduk per Gampong", kominfo,
            ["penduduk", "gampong"], "Data penduduk 90 gampong Banda Aceh",
            groups=[{"name": sosial["name"]}],
            extras=[{"key": "frekuensi", "value": "tahunan"}],
            resources=[{"url": "http://x/a.csv", "format": "CSV",
                        "name": "penduduk 2017"}])
    dataset("air-bersih", "Sambungan Air Bersih", kominfo,
            ["air", "infrastruktur"], "Sambungan PDAM per kecamatan",
            resources=[{"url": "http://x/b.xlsx", "format": "XLSX"}])
    dataset("puskesmas", "Daftar Puskesmas", dinkes, ["kesehatan"],
            "Lokasi puskesmas dan jumlah penduduk yang dilayani",
            resources=[{"url": "http://x/c.csv", "format": "CSV"},
                       {"url": "http://x/c.json", "format": "JSON"}])
    dataset("imunisasi", "Cakupan Imunisasi Anak", dinkes,
            ["kesehatan", "anak"], "Imunisasi dasar lengkap")
    dataset("anggaran", "Realisasi Anggaran", dinkes, ["keuangan"],
            "APBK", private=True)
    return {"kominfo": kominfo, "dinkes": dinkes}
