"""Each semester's frozen scorecard published as an open dataset: one CSV
resource per semester (``ekspor.publish_table``) in the dataset
``ckanext.bandaaceh.kinerja.dataset``, owned by the e-government office
(``ckanext.bandaaceh.aplikasi.egov_organization``)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.bandaaceh.aplikasi import izin
from ckanext.bandaaceh.ekspor import publish_table
from ckanext.bandaaceh.kinerja import rapor
from ckanext.bandaaceh.kinerja.kerangka import Semester
from ckanext.bandaaceh.loading import sync_dataset

PESAN_TANPA_POTRET = ("Semester %s belum memiliki potret rapor; ambil "
                      "potretnya dahulu")
KOLOM_AWAL = ("semester", "peringkat", "skpk", "nama_skpk", "skor")


def nama_resource(smt: str) -> str:
    return f"Rapor kinerja SKPK {smt}"


def baris(frozen: dict[str, Any]) -> tuple[list[dict[str, Any]],
                                           list[str]]:
    """The CSV rows and columns of a snapshot: score, family scores, then
    every measure as ``<family>_<measure>``."""
    columns = list(KOLOM_AWAL)
    for family in frozen["keluarga"]:
        columns.append("skor_" + family["kunci"])
    for family in frozen["keluarga"]:
        columns += [f"{family['kunci']}_{m['kunci']}"
                    for m in family["ukuran"]]
    rows = []
    for r in frozen["skpk"]:
        row = {"semester": frozen["semester"], "peringkat": r["peringkat"],
               "skpk": r["skpk"], "nama_skpk": r["nama_skpk"],
               "skor": r["skor"]}
        for family in frozen["keluarga"]:
            key = family["kunci"]
            row["skor_" + key] = r["skor_keluarga"].get(key)
            values = r["nilai"].get(key) or {}
            for m in family["ukuran"]:
                value = values.get(m["kunci"])
                row[f"{key}_{m['kunci']}"] = (
                    ("ya" if value else "tidak") if isinstance(value, bool)
                    else value)
        rows.append(row)
    return rows, columns


def _dataset_fields(owner_org: str) -> dict[str, Any]:
    return {
        "name": tk.config.get("ckanext.bandaaceh.kinerja.dataset"),
        "title": "Rapor Kinerja SKPK Kota Banda Aceh per Semester",
        "notes": (
            "Skor kinerja setiap SKPK Pemerintah Kota Banda Aceh per "
            "semester: open data, kehadiran web, kewajiban informasi "
            "berkala, diseminasi, aplikasi dan PPID, skor gabungan dan "
            "peringkat. Satu berkas CSV per semester, dari potret rapor "
            "yang diambil di akhir semester (tidak berubah sesudahnya)."),
        "owner_org": owner_org,
        "license_id": "cc-by",
        "tags": [{"name": "kinerja"}, {"name": "e-government"},
                 {"name": "skpk"}],
    }


def terbitkan(smt: Semester) -> dict[str, Any]:
    org = izin.penerbit()
    frozen = rapor.potret(smt)
    if frozen is None:
        raise tk.ValidationError({"semester": [PESAN_TANPA_POTRET % smt]})
    package, changed = sync_dataset(
        _dataset_fields(org.id), {"frekuensi_pembaruan": "semesteran"})
    rows, columns = baris(frozen)
    changed |= publish_table(
        package, nama_resource(str(smt)), rows, columns,
        f"rapor-kinerja-skpk-{smt}.csv".lower(),
        {"format": "CSV",
         "description": f"Rapor kinerja SKPK semester {smt}: satu baris "
                        "per SKPK, diurutkan menurut peringkat."})
    return {"name": package["name"], "semester": str(smt),
            "changed": changed}
