"""PPID registers: requests and objections.

Revision ID: 0001_ppid
"""
import sqlalchemy as sa
from alembic import op

revision = "0001_ppid"
down_revision = None
branch_labels = None
depends_on = None


def _common(name):
    return [
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("instansi", sa.UnicodeText, nullable=False),
        sa.Column("organisasi", sa.UnicodeText, nullable=False),
        sa.Column("nomor", sa.UnicodeText, nullable=False),
    ], [
        sa.Column("baris", sa.Integer, nullable=False),
        sa.Column("sidik", sa.UnicodeText, nullable=False),
        sa.Column("pertama_terlihat", sa.DateTime, nullable=False,
                  server_default=sa.func.now()),
        sa.Column("diperbarui", sa.DateTime, nullable=False,
                  server_default=sa.func.now()),
        sa.UniqueConstraint("instansi", "nomor",
                            name=f"{name}_instansi_nomor"),
    ]


def upgrade():
    head, tail = _common("bandaaceh_ppid_permohonan")
    op.create_table(
        "bandaaceh_ppid_permohonan", *head,
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
        *tail)
    op.create_index("bandaaceh_ppid_permohonan_tanggal",
                    "bandaaceh_ppid_permohonan",
                    ["instansi", "tanggal_diterima"])
    head, tail = _common("bandaaceh_ppid_keberatan")
    op.create_table(
        "bandaaceh_ppid_keberatan", *head,
        sa.Column("nomor_permohonan", sa.UnicodeText, nullable=False),
        sa.Column("tanggal", sa.Date, nullable=False),
        sa.Column("alasan", sa.UnicodeText, nullable=False),
        sa.Column("tanggapan_atasan", sa.UnicodeText),
        sa.Column("tanggal_tanggapan", sa.Date),
        *tail)


def downgrade():
    op.drop_table("bandaaceh_ppid_keberatan")
    op.drop_index("bandaaceh_ppid_permohonan_tanggal",
                  "bandaaceh_ppid_permohonan")
    op.drop_table("bandaaceh_ppid_permohonan")
