"""Tables of the PPID register harvester (created by its Alembic migration
in ``migration/bandaaceh_ppid``). No column holds personal data: the
registers keep the requester's category, never the person."""
from __future__ import annotations

import sqlalchemy as sa

import ckan.plugins.toolkit as tk

_COMMON = ("instansi", "nomor")


def _table(name: str, *columns: sa.Column) -> sa.Table:
    return sa.Table(
        name, tk.BaseModel.metadata,
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        # the harvest source (one per PPID instance) and its organisation
        sa.Column("instansi", sa.UnicodeText, nullable=False),
        sa.Column("organisasi", sa.UnicodeText, nullable=False),
        sa.Column("nomor", sa.UnicodeText, nullable=False),
        *columns,
        # row of the export at the last harvest; content hash of the row
        sa.Column("baris", sa.Integer, nullable=False),
        sa.Column("sidik", sa.UnicodeText, nullable=False),
        sa.Column("pertama_terlihat", sa.DateTime, nullable=False,
                  server_default=sa.func.now()),
        sa.Column("diperbarui", sa.DateTime, nullable=False,
                  server_default=sa.func.now()),
        sa.UniqueConstraint(*_COMMON, name=f"{name}_instansi_nomor"),
    )


permohonan = _table(
    "bandaaceh_ppid_permohonan",
    sa.Column("tanggal_diterima", sa.Date, nullable=False),
    sa.Column("kategori_pemohon", sa.UnicodeText),
    sa.Column("informasi", sa.UnicodeText, nullable=False),
    sa.Column("tujuan", sa.UnicodeText),
    sa.Column("cara_memperoleh", sa.UnicodeText),
    sa.Column("cara_penyampaian", sa.UnicodeText),
    sa.Column("skpk", sa.UnicodeText),
    sa.Column("keputusan", sa.UnicodeText),
    sa.Column("pasal_pengecualian", sa.UnicodeText),
    sa.Column("tanggal_jawaban", sa.Date),
    sa.Column("perpanjangan", sa.Boolean),
)

keberatan = _table(
    "bandaaceh_ppid_keberatan",
    sa.Column("nomor_permohonan", sa.UnicodeText, nullable=False),
    sa.Column("tanggal", sa.Date, nullable=False),
    sa.Column("alasan", sa.UnicodeText, nullable=False),
    sa.Column("tanggapan_atasan", sa.UnicodeText),
    sa.Column("tanggal_tanggapan", sa.Date),
)

TABEL = {"permohonan": permohonan, "keberatan": keberatan}
# Register fields stored (the columns between the common ones).
FIELDS = {name: [c.name for c in table.columns
                 if c.name not in ("id", "instansi", "organisasi", "nomor",
                                   "baris", "sidik", "pertama_terlihat",
                                   "diperbarui")]
          for name, table in TABEL.items()}
