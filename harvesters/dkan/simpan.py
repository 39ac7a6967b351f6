"""Writing a mapped DKAN dataset into CKAN, only when something changed.

``loading.sync_dataset`` compares fields but not groups or link
resources, so this module compares those itself and sends at most one
``package_create``/``package_patch`` per dataset: an unchanged dataset
gets no new activity and keeps its ``metadata_modified``.
"""
from __future__ import annotations

from typing import Any, Optional

import ckan.plugins.toolkit as tk

from ckanext.bandaaceh.loading import dataset_changes, site_context

# shown by ckanext-harvest itself; never stored as our extras
HARVEST_EXTRAS = ("harvest_object_id", "harvest_source_id",
                  "harvest_source_title", "harvest_url")
RESOURCE_FIELDS = ("name", "url", "format", "description", "dkan_url")


def _show(ref: str) -> Optional[dict[str, Any]]:
    try:
        return tk.get_action("package_show")(site_context(), {"id": ref})
    except tk.ObjectNotFound:
        return None


def _resources(existing: list[dict[str, Any]],
               wanted: list[dict[str, str]]) -> Optional[list[dict]]:
    """The resource list to send, or None when nothing changed. DKAN
    resources are matched by ``dkan_url``; resources added by hand (no
    ``dkan_url``) are kept after them."""
    by_url = {r.get("dkan_url"): r for r in existing if r.get("dkan_url")}
    merged = []
    for resource in wanted:
        current = by_url.get(resource["dkan_url"])
        if current is not None and current.get("url_type") == "upload":
            merged.append(dict(current))   # re-uploaded: sync_upload's
        elif current is not None:
            merged.append(dict(current, **resource))
        else:
            merged.append(dict(resource))
    merged += [r for r in existing if not r.get("dkan_url")]
    return None if list(map(_key, existing)) == list(map(_key, merged)) \
        else merged


def _key(resource: dict[str, Any]) -> tuple:
    # CKAN rewrites formats to its own spelling (GEOJSON -> GeoJSON)
    return (resource.get("id"),
            *((resource.get(k) or "").casefold() if k == "format"
              else resource.get(k) or "" for k in RESOURCE_FIELDS))


def sinkronkan(wanted: dict[str, Any], extras: dict[str, str],
               groups: list[str], resources: list[dict[str, str]],
               ref: Optional[str]) -> tuple[dict[str, Any], bool]:
    """Create or update the dataset `ref` (its id, from the previous
    harvest) so it carries `wanted`, `extras`, `groups` and `resources`.
    Returns the dataset and whether it changed."""
    existing = _show(ref) if ref else None
    group_list = [{"name": g} for g in groups]
    if existing is None:
        created = tk.get_action("package_create")(site_context(), dict(
            wanted, groups=group_list, resources=resources,
            extras=[{"key": k, "value": v}
                    for k, v in sorted(extras.items())]))
        return created, True

    changes = dataset_changes(existing, wanted, extras, HARVEST_EXTRAS)
    if {g["name"] for g in existing.get("groups", [])} != set(groups):
        changes["groups"] = group_list
    new_resources = _resources(existing.get("resources", []), resources)
    if new_resources is not None:
        changes["resources"] = new_resources
    if not changes:
        return existing, False
    return tk.get_action("package_patch")(
        site_context(), dict(changes, id=existing["id"])), True


def hapus(package_id: str) -> bool:
    """Soft-delete (CKAN's trash keeps it); False if already gone."""
    existing = _show(package_id)
    if existing is None or existing.get("state") == "deleted":
        return False
    tk.get_action("package_delete")(site_context(), {"id": package_id})
    return True
