"""Importing a register export from a file (for instances that offer only
manual downloads, and for the demo): the harvest's reading, storing and
publishing, without the fetch."""
from __future__ import annotations

import dataclasses
import os
import re

import ckan.model as model

from ckanext.bandaaceh.loading import LoaderError, SyncReport

from ckanext.bandaaceh_harvest.ppid import publikasi, register, simpan


@dataclasses.dataclass
class RegisterReport(SyncReport):
    """Datasets published, plus each register's row counts (warnings) and
    its bad rows (errors)."""
    errors: list[str] = dataclasses.field(default_factory=list)
    warnings: list[str] = dataclasses.field(default_factory=list)


def impor_berkas(path: str, nama_register: str, instansi: str,
                 organisasi: str, report: RegisterReport,
                 mapping: dict[str, str] | None = None) -> None:
    """Read and store one register file."""
    with open(path, "rb") as f:
        hasil = register.baca(f.read(), os.path.basename(path),
                              nama_register, mapping)
    saved = simpan.simpan(nama_register, instansi, organisasi, hasil.baris)
    label = publikasi.JUDUL[nama_register]
    report.errors.extend(f"{label}, {salah}" for salah in hasil.salah)
    report.warnings.append(
        f"{label}: {saved.baru} baru, {saved.berubah} berubah, "
        f"{saved.tetap} tetap, {len(hasil.salah)} salah")


def terbitkan(instansi: str, nama_instansi: str, organisasi: str,
              report: RegisterReport) -> None:
    """Publish the instance's registers; the report lists the datasets."""
    org = model.Group.get(organisasi)
    if org is None or not org.is_organization:
        raise LoaderError(f"organisation not found: {organisasi}")
    changed = set(publikasi.terbitkan(instansi, nama_instansi, org.id))
    names = model.Session.query(model.Package.name).filter(
        # exactly this instance's names (banda-aceh, not banda-aceh-barat)
        model.Package.name.op("~")(
            "^register-(permohonan|keberatan)-%s-[0-9]{4}$"
            % re.escape(instansi)),
        model.Package.state == model.State.ACTIVE)
    for (name,) in names.order_by(model.Package.name):
        (report.updated if name in changed else report.unchanged).append(
            name)



