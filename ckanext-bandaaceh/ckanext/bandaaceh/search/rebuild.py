"""Re-index every dataset with several processes.

CKAN's ``search-index rebuild`` indexes one dataset at a time, and its
``rebuild-fast`` forks workers that go on sharing the parent's database
connections (with CKAN 2.12 they fail with "Could not locate column").
Here each worker drops the inherited connections before it starts, then
runs CKAN's own ``ckan.lib.search.rebuild`` on its share of the datasets,
so every document still comes from CKAN's indexing pipeline.
"""
from __future__ import annotations

import logging
import multiprocessing

import ckan.lib.search as search
import ckan.model as model

log = logging.getLogger(__name__)


def dataset_ids() -> list[str]:
    query = model.Session.query(model.Package.id).filter(
        model.Package.state != "deleted").order_by(model.Package.id)
    return [row[0] for row in query]


def _index_share(ids: list[str]) -> int:
    # a forked child must not use the parent's pooled connections
    model.Session.remove()
    model.meta.engine.dispose(close=False)
    search.rebuild(package_ids=ids, defer_commit=True, quiet=True,
                   force=True)
    search.commit()
    model.Session.remove()
    return len(ids)


def rebuild(processes: int, clear: bool = False) -> int:
    """Index every dataset using ``processes`` worker processes."""
    ids = dataset_ids()
    if clear:
        search.clear_all()
    processes = max(1, min(processes, len(ids) or 1))
    shares = [ids[i::processes] for i in range(processes)]
    model.Session.remove()
    model.meta.engine.dispose()
    if processes == 1:
        done = _index_share(ids)
    else:
        context = multiprocessing.get_context("fork")
        with context.Pool(processes) as pool:
            done = sum(pool.map(_index_share, shares))
    search.commit()
    log.info("Indexed %d datasets with %d processes", done, processes)
    return done
