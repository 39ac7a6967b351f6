"""Tables of the news harvester (created by its Alembic migration in
``migration/bandaaceh_berita``)."""
from __future__ import annotations

import sqlalchemy as sa

import ckan.plugins.toolkit as tk

situs = sa.Table(
    "bandaaceh_berita_situs",
    tk.BaseModel.metadata,
    sa.Column("id", sa.UnicodeText, primary_key=True),
    sa.Column("harvest_source_id", sa.UnicodeText, nullable=False,
              unique=True),
    sa.Column("url", sa.UnicodeText, nullable=False),
    # the URL actually read (feed or REST endpoint) and its kind
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
    sa.Column("failures", sa.Integer, nullable=False, server_default="0"),
    # items changed since the dataset was last published
    sa.Column("needs_publish", sa.Boolean, nullable=False,
              server_default=sa.false()),
    sa.Column("dataset_id", sa.UnicodeText),
    sa.Column("created", sa.DateTime, nullable=False,
              server_default=sa.func.now()),
)

item = sa.Table(
    "bandaaceh_berita_item",
    tk.BaseModel.metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("situs_id", sa.UnicodeText,
              sa.ForeignKey("bandaaceh_berita_situs.id", ondelete="CASCADE"),
              nullable=False),
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

# one row per headline and channel once the announcer tried it; ``terkirim``
# is set when the channel accepted it, so a headline is never posted twice
pengumuman = sa.Table(
    "bandaaceh_berita_pengumuman",
    tk.BaseModel.metadata,
    sa.Column("item_id", sa.BigInteger,
              sa.ForeignKey("bandaaceh_berita_item.id", ondelete="CASCADE"),
              primary_key=True),
    sa.Column("kanal", sa.UnicodeText, primary_key=True),
    sa.Column("terkirim", sa.DateTime),
    sa.Column("percobaan", sa.Integer, nullable=False, server_default="0"),
    sa.Column("dicoba", sa.DateTime, nullable=False),
    sa.Column("galat", sa.UnicodeText),
)

# semester reminders sent, one row per organisation, semester and admin
pengingat = sa.Table(
    "bandaaceh_berita_pengingat",
    tk.BaseModel.metadata,
    sa.Column("organization_id", sa.UnicodeText, primary_key=True),
    sa.Column("semester", sa.UnicodeText, primary_key=True),
    sa.Column("user_id", sa.UnicodeText, primary_key=True),
    sa.Column("email", sa.UnicodeText, nullable=False),
    sa.Column("terkirim", sa.DateTime, nullable=False),
)
