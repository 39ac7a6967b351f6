"""Keep dataset documents in step with their organisation and groups.

A dataset's search document holds its organisation's and groups' *names*.
CKAN re-indexes a dataset when the dataset changes, but not when its
organisation or group is renamed; this module does that, so that
``fq=organization:<new name>`` finds the datasets at once, whichever
search engine is on.
"""
from __future__ import annotations

import logging

import ckan.logic as logic
import ckan.model as model
import ckan.plugins.toolkit as tk

log = logging.getLogger(__name__)


def stale_dataset_ids(group: model.Group) -> list[str]:
    """Ids of the group's datasets whose indexed copy names it otherwise."""
    field = "organization" if group.is_organization else "groups"
    if group.is_organization:
        query = model.Session.query(model.Package.id).filter(
            model.Package.owner_org == group.id)
    else:
        query = model.Session.query(model.Member.table_id).filter(
            model.Member.group_id == group.id,
            model.Member.table_name == "package",
            model.Member.state == "active")
    ids = [row[0] for row in query]
    if not ids:
        return []
    current: set[str] = set()
    page = 1000
    while True:
        found = tk.get_action("package_search")(
            {"ignore_auth": True},
            {"fq": "+%s:\"%s\"" % (field, group.name.replace('"', "")),
             "fl": "id", "rows": page, "start": len(current),
             "include_private": True, "include_drafts": True,
             "facet": "false", "sort": "name asc"})
        current.update(row["id"] for row in found["results"])
        if len(found["results"]) < page:
            break
    return [pkg_id for pkg_id in ids if pkg_id not in current]


def reindex_group_datasets(group: model.Group) -> int:
    """Re-index the datasets of a renamed organisation or group."""
    # dataset dictization reads the organisation with plain SQL: the
    # rename must be flushed to be seen
    model.Session.flush()
    stale = stale_dataset_ids(group)
    for pkg_id in stale:
        logic.index_update_package({"ignore_auth": True}, pkg_id)
    if stale:
        log.info("Re-indexed %d datasets of %s", len(stale), group.name)
    return len(stale)
