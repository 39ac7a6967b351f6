"""Demo registers: two years (2016-2017) of the city's PPID, loaded through
the same reading, storing and publishing as a harvest."""
from __future__ import annotations

import os

from ckanext.bandaaceh.loading import LoaderError

from ckanext.bandaaceh_harvest.ppid import impor

DEMO_DIR = os.path.join(os.path.dirname(__file__), "data", "demo")
INSTANSI = "banda-aceh"
NAMA_INSTANSI = "Kota Banda Aceh"
ORGANISASI = "diskominfotik"  # PPID Utama: Bidang PIP, Diskominfotik


def load_demo() -> impor.RegisterReport:
    report = impor.RegisterReport("PPID register datasets (demo)")
    for register in ("permohonan", "keberatan"):
        path = os.path.join(DEMO_DIR, f"register-{register}-{INSTANSI}.csv")
        if not os.path.isfile(path):
            raise LoaderError(f"demo file not found: {path}")
        impor.impor_berkas(path, register, INSTANSI, ORGANISASI, report)
    impor.terbitkan(INSTANSI, NAMA_INSTANSI, ORGANISASI, report)
    return report
