"""SKPK scorecard history (kinerja).

Revision ID: 0003_kinerja
Revises: 0002_unduhan
Create Date: 2026-12-04
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB

revision = "0003_kinerja"
down_revision = "0002_unduhan"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "bandaaceh_kinerja_semester",
        sa.Column("semester", sa.UnicodeText, primary_key=True),
        sa.Column("diambil", sa.DateTime(timezone=True), nullable=False),
        sa.Column("keluarga", JSONB, nullable=False),
        sa.Column("bobot", JSONB, nullable=False),
        sa.Column("kota", JSONB, nullable=False),
    )
    op.create_table(
        "bandaaceh_kinerja_skpk",
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
    )
    # one SKPK's history reads by SKPK across semesters
    op.create_index("ix_bandaaceh_kinerja_skpk_skpk",
                    "bandaaceh_kinerja_skpk", ["skpk", "semester"])


def downgrade():
    op.drop_table("bandaaceh_kinerja_skpk")
    op.drop_table("bandaaceh_kinerja_semester")
