"""Announcements of headlines and semester reminders sent.

Revision ID: 0002_pengumuman_pengingat
Revises: 0001_berita
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = "0002_pengumuman_pengingat"
down_revision = "0001_berita"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "bandaaceh_berita_pengumuman",
        sa.Column("item_id", sa.BigInteger,
                  sa.ForeignKey("bandaaceh_berita_item.id",
                                ondelete="CASCADE"), primary_key=True),
        sa.Column("kanal", sa.UnicodeText, primary_key=True),
        sa.Column("terkirim", sa.DateTime),
        sa.Column("percobaan", sa.Integer, nullable=False,
                  server_default="0"),
        sa.Column("dicoba", sa.DateTime, nullable=False),
        sa.Column("galat", sa.UnicodeText),
    )
    op.create_table(
        "bandaaceh_berita_pengingat",
        sa.Column("organization_id", sa.UnicodeText, primary_key=True),
        sa.Column("semester", sa.UnicodeText, primary_key=True),
        sa.Column("user_id", sa.UnicodeText, primary_key=True),
        sa.Column("email", sa.UnicodeText, nullable=False),
        sa.Column("terkirim", sa.DateTime, nullable=False),
    )


def downgrade():
    op.drop_table("bandaaceh_berita_pengingat")
    op.drop_table("bandaaceh_berita_pengumuman")
