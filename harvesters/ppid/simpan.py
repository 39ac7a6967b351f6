"""Storing register rows: identity is (instance, number), so re-harvesting
the same export changes nothing and a row corrected upstream is updated in
place."""
from __future__ import annotations

import dataclasses
import datetime
import hashlib
import json
from typing import Any, Iterable

import sqlalchemy as sa

import ckan.model as model

from ckanext.bandaaceh_harvest.ppid.model import FIELDS, TABEL


@dataclasses.dataclass
class HasilSimpan:
    baru: int = 0
    berubah: int = 0
    tetap: int = 0

    @property
    def ada_perubahan(self) -> bool:
        return bool(self.baru or self.berubah)


def _json(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def sidik(register: str, row: dict[str, Any]) -> str:
    """Content hash of the stored fields of a row."""
    values = [_json(row.get(f)) for f in FIELDS[register]]
    return hashlib.sha256(json.dumps(values, ensure_ascii=False)
                          .encode("utf-8")).hexdigest()


def simpan(register: str, instansi: str, organisasi: str,
           rows: Iterable[dict[str, Any]]) -> HasilSimpan:
    """Insert new rows and update changed ones; commit."""
    table = TABEL[register]
    existing = dict(model.Session.execute(
        sa.select(table.c.nomor, table.c.sidik)
        .where(table.c.instansi == instansi)).all())
    hasil = HasilSimpan()
    inserts, updates = [], []
    now = datetime.datetime.utcnow()
    for row in rows:
        values = {f: row.get(f) for f in FIELDS[register]}
        values.update(instansi=instansi, organisasi=organisasi,
                      nomor=row["nomor"], baris=row["baris"],
                      sidik=sidik(register, row))
        known = existing.get(row["nomor"])
        if known is None:
            inserts.append(values)
            hasil.baru += 1
        elif known != values["sidik"]:
            updates.append(dict(values, diperbarui=now,
                                b_instansi=instansi, b_nomor=row["nomor"]))
            hasil.berubah += 1
        else:
            hasil.tetap += 1
    if inserts:
        model.Session.execute(table.insert(), inserts)
    if updates:
        statement = (table.update()
                     .where(table.c.instansi == sa.bindparam("b_instansi"),
                            table.c.nomor == sa.bindparam("b_nomor"))
                     .values({k: sa.bindparam(k) for k in updates[0]
                              if not k.startswith("b_")}))
        model.Session.execute(statement, updates)
    model.Session.commit()
    return hasil


def baris(register: str, instansi: str | None = None,
          columns: tuple[str, ...] | None = None) -> list[dict[str, Any]]:
    """Stored rows of a register (of one instance, or all; all columns or
    the ones named), oldest first."""
    table = TABEL[register]
    query = (sa.select(*(table.c[c] for c in columns)) if columns
             else sa.select(table))
    if instansi is not None:
        query = query.where(table.c.instansi == instansi)
    date = (table.c.tanggal_diterima if register == "permohonan"
            else table.c.tanggal)
    query = query.order_by(table.c.instansi, date, table.c.nomor)
    return [dict(r) for r in model.Session.execute(query).mappings()]
