"""Download statistics (unduhan).

Revision ID: 0002_unduhan
Revises: 0001_search_document
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = "0002_unduhan"
down_revision = "0001_search_document"
branch_labels = None
depends_on = None

BULANAN = (("bandaaceh_unduhan_resource_bulanan", "resource_id"),
           ("bandaaceh_unduhan_dataset_bulanan", "package_id"),
           ("bandaaceh_unduhan_skpk_bulanan", "owner_org"))


def upgrade():
    op.create_table(
        "bandaaceh_unduhan_harian",
        sa.Column("resource_id", sa.UnicodeText, primary_key=True),
        sa.Column("tanggal", sa.Date, primary_key=True),
        # the 128-bit visitor hash: fixed-size compares, half the bytes
        sa.Column("pengunjung", sa.Uuid, primary_key=True),
        sa.Column("jenis", sa.UnicodeText, primary_key=True),
        sa.Column("package_id", sa.UnicodeText, nullable=False),
        sa.Column("owner_org", sa.UnicodeText),
        sa.Column("jumlah", sa.BigInteger, nullable=False),
    )
    # the primary key serves lookups by resource; days arrive in order,
    # so a BRIN index finds a month's rows for datasets and SKPK at almost
    # no cost to inserts
    op.execute("CREATE INDEX ix_bandaaceh_unduhan_harian_tanggal "
               "ON bandaaceh_unduhan_harian USING brin (tanggal)")
    for name, key in BULANAN:
        op.create_table(
            name,
            sa.Column("bulan", sa.Date, primary_key=True),
            sa.Column(key, sa.UnicodeText, primary_key=True),
            sa.Column("jumlah", sa.BigInteger, nullable=False),
            sa.Column("pengunjung_harian", sa.BigInteger, nullable=False),
        )
        # lookups go by key first (totals of one resource/dataset/SKPK)
        op.create_index("ix_%s_key" % name, name, [key, "bulan"])
    op.create_table(
        "bandaaceh_unduhan_batch",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("peristiwa", sa.BigInteger, nullable=False),
        sa.Column("tercatat", sa.BigInteger, nullable=False),
        sa.Column("selesai", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
    )


def downgrade():
    op.drop_table("bandaaceh_unduhan_batch")
    for name, _key in BULANAN:
        op.drop_table(name)
    op.drop_table("bandaaceh_unduhan_harian")
