"""News websites and their items.

Revision ID: 0001_berita
Revises:
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa

revision = "0001_berita"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "bandaaceh_berita_situs",
        sa.Column("id", sa.UnicodeText, primary_key=True),
        sa.Column("harvest_source_id", sa.UnicodeText, nullable=False,
                  unique=True),
        sa.Column("url", sa.UnicodeText, nullable=False),
        sa.Column("feed_url", sa.UnicodeText),
        sa.Column("kind", sa.UnicodeText),
        sa.Column("etag", sa.UnicodeText),
        sa.Column("last_modified", sa.UnicodeText),
        sa.Column("generator", sa.UnicodeText),
        sa.Column("wordpress", sa.Boolean),
        sa.Column("wpmu", sa.Boolean),
        sa.Column("last_checked", sa.DateTime),
        sa.Column("last_success", sa.DateTime),
        sa.Column("last_failure", sa.DateTime),
        sa.Column("last_error", sa.UnicodeText),
        sa.Column("failures", sa.Integer, nullable=False,
                  server_default="0"),
        sa.Column("needs_publish", sa.Boolean, nullable=False,
                  server_default=sa.false()),
        sa.Column("dataset_id", sa.UnicodeText),
        sa.Column("created", sa.DateTime, nullable=False,
                  server_default=sa.func.now()),
    )
    op.create_table(
        "bandaaceh_berita_item",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("situs_id", sa.UnicodeText,
                  sa.ForeignKey("bandaaceh_berita_situs.id",
                                ondelete="CASCADE"), nullable=False),
        sa.Column("key", sa.UnicodeText, nullable=False),
        sa.Column("title", sa.UnicodeText, nullable=False),
        sa.Column("link", sa.UnicodeText, nullable=False),
        sa.Column("published_at", sa.DateTime),
        sa.Column("date_raw", sa.UnicodeText, nullable=False),
        sa.Column("date_ok", sa.Boolean, nullable=False),
        sa.Column("first_seen", sa.DateTime, nullable=False),
        sa.Column("updated", sa.DateTime, nullable=False),
        sa.UniqueConstraint("situs_id", "key",
                            name="bandaaceh_berita_item_situs_key"),
    )
    op.create_index("bandaaceh_berita_item_published",
                    "bandaaceh_berita_item", ["situs_id", "published_at"])


def downgrade():
    op.drop_table("bandaaceh_berita_item")
    op.drop_table("bandaaceh_berita_situs")
