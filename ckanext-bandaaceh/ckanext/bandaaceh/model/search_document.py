"""The tables of the PostgreSQL search engine.

``bandaaceh_search_document`` holds, per dataset, the document CKAN builds
for its search engine (after every ``IPackageController.before_dataset_index``)
in the shapes queries need, kept compact so that scans stay fast:

- the fields every CKAN query filters on as columns (``site_id``, ``state``,
  ``capacity``, ``dataset_type``, ``permission_labels``);
- CKAN's default facet fields as columns (``organization``, ``license_id``,
  ``tags``, ``groups``, ``res_format``);
- every exact value as a ``field=value`` entry of ``filters`` (GIN);
- ``terms``: exact-match fields (strings, dates, numbers) as lists of
  strings, for other facets, sorting and ranges; ``texts``: the analysed
  text fields, for field queries;
- ``search_vector``: the weighted text for free-text queries and ranking.

``bandaaceh_search_stored`` holds what is only returned, never matched:
the document as indexed and CKAN's ``data_dict``/``validated_data_dict``.
"""
from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, TSVECTOR

import ckan.plugins.toolkit as tk

TEXT_ARRAY = ARRAY(sa.UnicodeText)

search_document = sa.Table(
    "bandaaceh_search_document",
    tk.BaseModel.metadata,
    sa.Column("index_id", sa.UnicodeText, primary_key=True),
    sa.Column("id", sa.UnicodeText, nullable=False, index=True),
    sa.Column("name", sa.UnicodeText, index=True),
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
    extend_existing=True,
)

search_stored = sa.Table(
    "bandaaceh_search_stored",
    tk.BaseModel.metadata,
    sa.Column("index_id", sa.UnicodeText,
              sa.ForeignKey("bandaaceh_search_document.index_id",
                            ondelete="CASCADE"),
              primary_key=True),
    sa.Column("doc", JSONB, nullable=False),
    sa.Column("data_dict", sa.UnicodeText),
    sa.Column("validated_data_dict", sa.UnicodeText),
    extend_existing=True,
)
