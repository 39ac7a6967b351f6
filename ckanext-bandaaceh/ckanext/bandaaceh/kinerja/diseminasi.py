"""Dissemination of public information: the SKPK's headlines the announcer
posted (``bandaaceh_berita_pengumuman``, accepted by a channel during the
semester) and the people reached by its data (daily unique visitors who
downloaded, summed over the semester)."""
from __future__ import annotations

from typing import Any

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins as p

from ckanext.bandaaceh.kinerja.kerangka import Keluarga, Periode
from ckanext.bandaaceh.kinerja.opendata import unduhan_semester

_DIUMUMKAN = """
SELECT src.owner_org, count(DISTINCT a.item_id)
FROM bandaaceh_berita_pengumuman a
JOIN bandaaceh_berita_item i ON i.id = a.item_id
JOIN bandaaceh_berita_situs s ON s.id = i.situs_id
JOIN package src ON src.id = s.harvest_source_id
WHERE a.terkirim >= :mulai AND a.terkirim < :akhir
GROUP BY 1
"""


def hitung(periode: Periode) -> dict[str, dict[str, Any]]:
    announced = None
    if p.plugin_loaded("bandaaceh_berita"):
        announced = dict(model.Session.execute(sa.text(_DIUMUMKAN), {
            "mulai": periode.mulai_utc, "akhir": periode.akhir_utc}).all())
    downloads = unduhan_semester(periode)
    return {name: {
        "berita_diumumkan": (None if announced is None
                             else int(announced.get(org_id, 0))),
        "pengunjung_unduhan": downloads.get(org_id, (0, 0))[1]}
        for name, (org_id, _t) in periode.skpk.items()}


KELUARGA = Keluarga(
    kunci="diseminasi", judul="Diseminasi informasi publik",
    ukuran={"berita_diumumkan": "Judul berita diumumkan",
            "pengunjung_unduhan": "Pengunjung harian yang mengunduh data"},
    hitung=hitung)
