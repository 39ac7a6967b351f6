"""Tables of the SKPK scorecard history (``bandaaceh_kinerja_*``).

A semester's scorecard is frozen once it is taken: later edits of datasets,
news or registers change the live figures but never these rows.
``bandaaceh_kinerja_semester`` holds one row per semester taken (the city's
figures, the weights and the measure families that counted);
``bandaaceh_kinerja_skpk`` one row per semester and SKPK (measure values,
family scores, composite score and rank).
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

import ckan.plugins.toolkit as tk

semester = sa.Table(
    "bandaaceh_kinerja_semester",
    tk.BaseModel.metadata,
    sa.Column("semester", sa.UnicodeText, primary_key=True),
    sa.Column("diambil", sa.DateTime(timezone=True), nullable=False),
    sa.Column("keluarga", JSONB, nullable=False),
    sa.Column("bobot", JSONB, nullable=False),
    sa.Column("kota", JSONB, nullable=False),
    extend_existing=True,
)

skpk = sa.Table(
    "bandaaceh_kinerja_skpk",
    tk.BaseModel.metadata,
    sa.Column("semester", sa.UnicodeText,
              sa.ForeignKey("bandaaceh_kinerja_semester.semester",
                            ondelete="CASCADE"),
              primary_key=True),
    sa.Column("skpk", sa.UnicodeText, primary_key=True),
    sa.Column("nama_skpk", sa.UnicodeText, nullable=False),
    sa.Column("skor", sa.Numeric(6, 2)),
    sa.Column("peringkat", sa.Integer),
    sa.Column("skor_keluarga", JSONB, nullable=False),
    sa.Column("nilai", JSONB, nullable=False),
    extend_existing=True,
)
