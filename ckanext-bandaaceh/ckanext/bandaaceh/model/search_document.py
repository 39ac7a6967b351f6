"""The search index table: one row per dataset document.

A row holds the document CKAN builds for its search engine (after every
``IPackageController.before_dataset_index``) in three shapes: ``doc`` as
indexed (returned by ``fl``), ``terms`` with every field as a list of
strings (matched and faceted through a GIN index) and ``search_vector``,
the weighted text used for free-text queries and ranking.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, TSVECTOR

import ckan.plugins.toolkit as tk

search_document = sa.Table(
    "bandaaceh_search_document",
    tk.BaseModel.metadata,
    sa.Column("index_id", sa.UnicodeText, primary_key=True),
    sa.Column("id", sa.UnicodeText, nullable=False, index=True),
    sa.Column("name", sa.UnicodeText, index=True),
    sa.Column("site_id", sa.UnicodeText, nullable=False),
    sa.Column("doc", JSONB, nullable=False),
    sa.Column("terms", JSONB, nullable=False),
    sa.Column("search_vector", TSVECTOR, nullable=False),
    sa.Column("data_dict", sa.UnicodeText),
    sa.Column("validated_data_dict", sa.UnicodeText),
    sa.Column("indexed_at", sa.DateTime(timezone=True), nullable=False,
              server_default=sa.func.now()),
    extend_existing=True,
)
