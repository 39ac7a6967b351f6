"""The survey workflow of a registered application: disurvei -> terdata ->
direkomendasikan -> tindak_lanjut_selesai, one step at a time."""
from __future__ import annotations

from typing import Any

from ckanext.bandaaceh.aplikasi.statistik import STATUS_SURVEI

LABEL = {"disurvei": "disurvei", "terdata": "terdata",
         "direkomendasikan": "direkomendasikan",
         "tindak_lanjut_selesai": "tindak lanjut selesai"}
# from this step on the SKPK must have been told what to do
BUTUH_REKOMENDASI = STATUS_SURVEI.index("direkomendasikan")


def urutan_survei(package: dict[str, Any],
                  changes: dict[str, Any]) -> dict[str, list[str]]:
    """The errors (Indonesian, by field) of moving `package`'s survey as
    `changes` say: no step skipped forward (a step back, to correct a
    mistake, is allowed), no recommendation step without a
    recommendation."""
    errors: dict[str, list[str]] = {}
    old = package.get("status_survei") or ""
    new = changes.get("status_survei", old) or ""
    if new and new not in STATUS_SURVEI:
        return {}  # the schema's choices validator says what is wrong
    old_step = STATUS_SURVEI.index(old) if old in STATUS_SURVEI else -1
    new_step = STATUS_SURVEI.index(new) if new else -1
    if new_step > old_step + 1:
        expected = STATUS_SURVEI[old_step + 1]
        errors["status_survei"] = [
            "Status survei tidak boleh melompat dari %s ke %s: catat dulu "
            "tahap %s." % (LABEL.get(old, "belum disurvei") if old
                           else "belum disurvei", LABEL[new],
                           LABEL[expected])]
    rekomendasi = changes.get("rekomendasi", package.get("rekomendasi"))
    if new_step >= BUTUH_REKOMENDASI and not (rekomendasi or "").strip():
        errors["rekomendasi"] = [
            "Isi rekomendasi kepada SKPK sebelum status survei menjadi %s."
            % LABEL[new]]
    return errors
