"""Search documents of the PostgreSQL search engine.

Revision ID: 0001_search_document
Revises:
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR

revision = "0001_search_document"
down_revision = None
branch_labels = None
depends_on = None

TEXT_ARRAY = ARRAY(sa.UnicodeText)


def upgrade():
    op.create_table(
        "bandaaceh_search_document",
        sa.Column("index_id", sa.UnicodeText, primary_key=True),
        sa.Column("id", sa.UnicodeText, nullable=False),
        sa.Column("name", sa.UnicodeText),
        sa.Column("site_id", sa.UnicodeText, nullable=False),
        sa.Column("state", sa.UnicodeText),
        sa.Column("capacity", sa.UnicodeText),
        sa.Column("dataset_type", sa.UnicodeText),
        sa.Column("organization", sa.UnicodeText),
        sa.Column("license_id", sa.UnicodeText),
        sa.Column("tags", TEXT_ARRAY, nullable=False),
        sa.Column("groups", TEXT_ARRAY, nullable=False),
        sa.Column("res_format", TEXT_ARRAY, nullable=False),
        sa.Column("permission_labels", TEXT_ARRAY, nullable=False),
        sa.Column("filters", TEXT_ARRAY, nullable=False),
        sa.Column("terms", JSONB, nullable=False),
        sa.Column("texts", JSONB, nullable=False),
        sa.Column("search_vector", TSVECTOR, nullable=False),
        sa.Column("indexed_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
    )
    # rows stay uncompressed and in line: scans never de-TOAST
    op.execute("ALTER TABLE bandaaceh_search_document "
               "SET (toast_tuple_target = 8160)")
    for column in ("filters", "terms", "texts", "search_vector"):
        op.execute("ALTER TABLE bandaaceh_search_document ALTER COLUMN %s "
                   "SET STORAGE MAIN" % column)
    op.create_index("ix_bandaaceh_search_document_id",
                    "bandaaceh_search_document", ["id"])
    op.create_index("ix_bandaaceh_search_document_name",
                    "bandaaceh_search_document", ["name"])
    # without a pending list: every search reads a merged index, not a
    # list of recent entries that only vacuum would merge
    op.execute("CREATE INDEX ix_bandaaceh_search_document_filters "
               "ON bandaaceh_search_document USING gin (filters) "
               "WITH (fastupdate = off)")
    op.execute("CREATE INDEX ix_bandaaceh_search_document_vector "
               "ON bandaaceh_search_document USING gin (search_vector) "
               "WITH (fastupdate = off)")
    op.execute("CREATE INDEX ix_bandaaceh_search_document_modified "
               "ON bandaaceh_search_document "
               "(((terms -> 'metadata_modified') ->> 0) COLLATE \"C\")")
    op.create_table(
        "bandaaceh_search_stored",
        sa.Column("index_id", sa.UnicodeText,
                  sa.ForeignKey("bandaaceh_search_document.index_id",
                                ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("doc", JSONB, nullable=False),
        sa.Column("data_dict", sa.UnicodeText),
        sa.Column("validated_data_dict", sa.UnicodeText),
    )


def downgrade():
    op.drop_table("bandaaceh_search_stored")
    op.drop_table("bandaaceh_search_document")
