"""Search documents of the PostgreSQL search engine.

Revision ID: 0001_search_document
Revises:
Create Date: 2026-12-03
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR

revision = "0001_search_document"
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "bandaaceh_search_document",
        sa.Column("index_id", sa.UnicodeText, primary_key=True),
        sa.Column("id", sa.UnicodeText, nullable=False),
        sa.Column("name", sa.UnicodeText),
        sa.Column("site_id", sa.UnicodeText, nullable=False),
        sa.Column("doc", JSONB, nullable=False),
        sa.Column("terms", JSONB, nullable=False),
        sa.Column("search_vector", TSVECTOR, nullable=False),
        sa.Column("data_dict", sa.UnicodeText),
        sa.Column("validated_data_dict", sa.UnicodeText),
        sa.Column("indexed_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
    )
    op.create_index("ix_bandaaceh_search_document_id",
                    "bandaaceh_search_document", ["id"])
    op.create_index("ix_bandaaceh_search_document_name",
                    "bandaaceh_search_document", ["name"])
    # field:value filters are JSONB containment tests on `terms`
    op.execute("CREATE INDEX ix_bandaaceh_search_document_terms "
               "ON bandaaceh_search_document USING gin "
               "(terms jsonb_path_ops)")
    op.execute("CREATE INDEX ix_bandaaceh_search_document_vector "
               "ON bandaaceh_search_document USING gin (search_vector)")
    # the default sort and the title sort
    op.execute("CREATE INDEX ix_bandaaceh_search_document_modified "
               "ON bandaaceh_search_document "
               "(((terms -> 'metadata_modified') ->> 0) COLLATE \"C\")")
    op.execute("CREATE INDEX ix_bandaaceh_search_document_title "
               "ON bandaaceh_search_document "
               "(((terms -> 'title_string') ->> 0) COLLATE \"C\")")


def downgrade():
    op.drop_table("bandaaceh_search_document")
