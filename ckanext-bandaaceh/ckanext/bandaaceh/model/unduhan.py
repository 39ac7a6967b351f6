"""Tables of the download statistics (``bandaaceh_unduhan_*``).

``bandaaceh_unduhan_harian`` keeps one row per day, resource, visitor hash
and download kind (``upload``, ``link``, ``datastore``) with its count: the
raw-ish events, enough for unique visitors per day.  The visitor hash is a
SHA-256 of the client address under a salt that changes every day and lives
only in Redis, so rows of different days cannot be linked.

The ``*_bulanan`` tables are the monthly sums per resource, dataset and SKPK
(organisation), upserted by the aggregation job.  ``bandaaceh_unduhan_batch``
records every Redis batch already moved, so a batch is never counted twice.
"""
from __future__ import annotations

import sqlalchemy as sa

import ckan.plugins.toolkit as tk

harian = sa.Table(
    "bandaaceh_unduhan_harian",
    tk.BaseModel.metadata,
    sa.Column("resource_id", sa.UnicodeText, primary_key=True),
    sa.Column("tanggal", sa.Date, primary_key=True),
    # the 128-bit visitor hash, stored compactly
    sa.Column("pengunjung", sa.Uuid, primary_key=True),
    sa.Column("jenis", sa.UnicodeText, primary_key=True),
    sa.Column("package_id", sa.UnicodeText, nullable=False),
    sa.Column("owner_org", sa.UnicodeText),
    sa.Column("jumlah", sa.BigInteger, nullable=False),
    extend_existing=True,
)


def _bulanan(name: str, key: str) -> sa.Table:
    return sa.Table(
        name,
        tk.BaseModel.metadata,
        sa.Column("bulan", sa.Date, primary_key=True),
        sa.Column(key, sa.UnicodeText, primary_key=True),
        sa.Column("jumlah", sa.BigInteger, nullable=False),
        # sum over days of the unique visitors of each day
        sa.Column("pengunjung_harian", sa.BigInteger, nullable=False),
        extend_existing=True,
    )


resource_bulanan = _bulanan("bandaaceh_unduhan_resource_bulanan",
                            "resource_id")
dataset_bulanan = _bulanan("bandaaceh_unduhan_dataset_bulanan", "package_id")
skpk_bulanan = _bulanan("bandaaceh_unduhan_skpk_bulanan", "owner_org")

batch = sa.Table(
    "bandaaceh_unduhan_batch",
    tk.BaseModel.metadata,
    sa.Column("id", sa.UnicodeText, primary_key=True),
    sa.Column("peristiwa", sa.BigInteger, nullable=False),
    sa.Column("tercatat", sa.BigInteger, nullable=False),
    sa.Column("selesai", sa.DateTime(timezone=True), nullable=False,
              server_default=sa.func.now()),
    extend_existing=True,
)
