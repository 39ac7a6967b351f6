"""Storage of news websites and items in the harvester's own tables."""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Iterable, Optional

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

import ckan.model as model

from ckanext.bandaaceh_harvest.berita.model import item, situs
from ckanext.bandaaceh_harvest.berita.urai import Item


def now() -> dt.datetime:
    return dt.datetime.utcnow()


def get_situs(source_id: str) -> Optional[dict[str, Any]]:
    row = model.Session.execute(
        sa.select(situs).where(situs.c.harvest_source_id == source_id)
    ).mappings().first()
    return dict(row) if row else None


def ensure_situs(source_id: str, url: str) -> dict[str, Any]:
    """The website row of a harvest source, created on first use; a changed
    source URL forgets the cached feed and validators."""
    row = get_situs(source_id)
    if row is None:
        model.Session.execute(situs.insert().values(
            id=str(uuid.uuid4()), harvest_source_id=source_id, url=url,
            failures=0, needs_publish=False))
        model.Session.commit()
        return get_situs(source_id)
    if row["url"] != url:
        update_situs(row["id"], url=url, feed_url=None, kind=None,
                     etag=None, last_modified=None)
        row = get_situs(source_id)
    return row


def update_situs(situs_id: str, **values: Any) -> None:
    model.Session.execute(
        situs.update().where(situs.c.id == situs_id).values(**values))
    model.Session.commit()


def record_failure(row: dict[str, Any], message: str) -> None:
    update_situs(row["id"], last_checked=now(), last_failure=now(),
                 last_error=message, failures=(row["failures"] or 0) + 1)


def store_items(situs_id: str, items: Iterable[Item]) -> tuple[int, int]:
    """Insert new items and refresh changed ones; (new, updated) counts.

    An item is stored once per website (its identity key); an unchanged
    item is not written, so ``updated`` stays meaningful.
    """
    rows = [dict(situs_id=situs_id, key=i.key, title=i.title, link=i.link,
                 published_at=i.published_at, date_raw=i.date_raw,
                 date_ok=i.date_ok) for i in items]
    if not rows:
        return 0, 0
    stamp = now()
    stmt = insert(item).values([dict(r, first_seen=stamp, updated=stamp)
                                for r in rows])
    changing = ("title", "link", "published_at", "date_raw", "date_ok")
    stmt = stmt.on_conflict_do_update(
        constraint="bandaaceh_berita_item_situs_key",
        set_={**{c: stmt.excluded[c] for c in changing},
              "updated": stmt.excluded.updated},
        where=sa.or_(*[item.c[c].is_distinct_from(stmt.excluded[c])
                       for c in changing]),
    ).returning(sa.literal_column("xmax = 0").label("inserted"))
    result = model.Session.execute(stmt).all()
    model.Session.commit()
    new = sum(1 for r in result if r.inserted)
    return new, len(result) - new


def items_of(situs_id: Optional[str] = None) -> list[dict[str, Any]]:
    """Items of one website or of all: valid dates newest first, then the
    doubtful or missing ones."""
    query = sa.select(item, situs.c.harvest_source_id).join(
        situs, situs.c.id == item.c.situs_id)
    if situs_id:
        query = query.where(item.c.situs_id == situs_id)
    query = query.order_by(item.c.date_ok.desc(),
                           item.c.published_at.desc().nulls_last(),
                           item.c.first_seen.desc(), item.c.id.desc())
    return [dict(r) for r in model.Session.execute(query).mappings()]


def count_items(situs_id: str) -> int:
    return model.Session.execute(
        sa.select(sa.func.count()).select_from(item)
        .where(item.c.situs_id == situs_id)).scalar_one()
