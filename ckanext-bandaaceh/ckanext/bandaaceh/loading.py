"""What the data loaders (SKPK, themes, demo datasets) share.

Loaders go through CKAN actions as the site user, so validation, auth
plugins, the activity stream and the search index all see the change exactly
as if an administrator made it in the web interface.
"""
from __future__ import annotations

import dataclasses
import hashlib
import io
import os
from typing import Any

import yaml
from werkzeug.datastructures import FileStorage

import ckan.plugins.toolkit as tk
from ckan.types import Context

DATA_DIR = os.path.join(os.path.dirname(__file__), "data")


def data_path(*parts: str) -> str:
    return os.path.join(DATA_DIR, *parts)


def read_yaml(path: str) -> Any:
    try:
        with open(path, encoding="utf-8") as f:
            return yaml.safe_load(f)
    except FileNotFoundError:
        raise LoaderError(f"data file not found: {path}")
    except yaml.YAMLError as e:
        raise LoaderError(f"{path} is not valid YAML: {e}")


class LoaderError(Exception):
    """The data files are wrong; the message says which file and why."""


def site_context() -> Context:
    """A fresh context acting as the site user (CKAN mutates contexts, so
    every action call gets its own)."""
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    return {"user": site_user["name"], "ignore_auth": True}


@dataclasses.dataclass
class SyncReport:
    """Names of the objects a loader created, updated or left alone."""
    kind: str
    created: list[str] = dataclasses.field(default_factory=list)
    updated: list[str] = dataclasses.field(default_factory=list)
    unchanged: list[str] = dataclasses.field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated)

    def summary(self) -> str:
        total = len(self.created) + len(self.updated) + len(self.unchanged)
        return (f"{self.kind}: {total} in the data files, "
                f"{len(self.created)} created, {len(self.updated)} updated, "
                f"{len(self.unchanged)} unchanged")


@dataclasses.dataclass(frozen=True)
class RowError:
    """A spreadsheet row that was not imported: its row number (as the
    spreadsheet program shows it), its identity and why, in Indonesian."""
    row: int
    name: str
    message: str

    def __str__(self) -> str:
        name = f" ({self.name})" if self.name else ""
        return f"baris {self.row}{name}: {self.message}"


def extras_dict(obj: dict[str, Any]) -> dict[str, str]:
    return {e["key"]: e["value"] for e in obj.get("extras") or []}


def merged_extras(existing: dict[str, Any],
                  wanted: dict[str, str]) -> list[dict[str, str]]:
    """Our extras over the existing ones: extras added by hand in the web
    interface survive a reload."""
    extras = extras_dict(existing)
    extras.update(wanted)
    return [{"key": k, "value": v} for k, v in sorted(extras.items())]


def sync_group(kind: str, wanted: dict[str, Any], extras: dict[str, str],
               report: SyncReport) -> dict[str, Any]:
    """Create or update one organisation (`kind` "organization") or group
    (`kind` "group") so that it carries `wanted` fields and `extras`."""
    name = wanted["name"]
    try:
        existing = tk.get_action(f"{kind}_show")(
            site_context(),
            {"id": name, "include_datasets": False, "include_users": False,
             "include_extras": True, "include_groups": False,
             "include_followers": False})
    except tk.ObjectNotFound:
        data = dict(wanted, extras=[{"key": k, "value": v}
                                    for k, v in sorted(extras.items())])
        created = tk.get_action(f"{kind}_create")(site_context(), data)
        report.created.append(name)
        return created

    changes = {k: v for k, v in wanted.items() if existing.get(k) != v}
    current_extras = extras_dict(existing)
    if any(current_extras.get(k) != v for k, v in extras.items()):
        changes["extras"] = merged_extras(existing, extras)
    if existing.get("state") != "active":
        changes["state"] = "active"
    if not changes:
        report.unchanged.append(name)
        return existing
    updated = tk.get_action(f"{kind}_patch")(
        site_context(), dict(changes, id=existing["id"]))
    report.updated.append(name)
    return updated


def sync_upload(package: dict[str, Any], name: str, content: bytes,
                filename: str, fields: dict[str, Any]) -> bool:
    """Make the uploaded resource called `name` of `package` hold `content`
    and carry `fields`; True when anything changed.

    The resource's ``hash`` records which content is uploaded, so unchanged
    files are neither uploaded again nor given a new activity. Other
    resources of the dataset (added by hand) are left alone.
    """
    wanted = dict(fields, name=name,
                  hash=hashlib.sha256(content).hexdigest())
    existing = next((r for r in package.get("resources", [])
                     if r.get("name") == name), None)

    def upload() -> FileStorage:
        return FileStorage(io.BytesIO(content), filename=filename,
                           content_type="text/csv")

    if existing is None:
        tk.get_action("resource_create")(
            site_context(),
            dict(wanted, package_id=package["id"], upload=upload()))
        return True
    if (existing.get("hash") != wanted["hash"]
            or existing.get("url_type") != "upload"):
        tk.get_action("resource_patch")(
            site_context(), dict(wanted, id=existing["id"], upload=upload()))
        return True
    if any((existing.get(k) or "") != v for k, v in wanted.items()):
        tk.get_action("resource_patch")(
            site_context(), dict(wanted, id=existing["id"]))
        return True
    return False


def dataset_changes(existing: dict[str, Any], wanted: dict[str, Any],
                    extras: dict[str, str],
                    ignored_extras: tuple[str, ...] = (),
                    keep: tuple[str, ...] = ()) -> dict[str, Any]:
    """The package_patch fields that bring `existing` to `wanted` and
    `extras` (tags compared by name; extras added by hand kept,
    `ignored_extras` dropped; a deleted dataset made active again); the
    `keep` fields of `wanted` are never changed."""
    changes: dict[str, Any] = {}
    for key, value in wanted.items():
        if key in keep:
            continue
        if key == "tags":
            if {t["name"] for t in existing.get("tags", [])} != {
                    t["name"] for t in value}:
                changes[key] = value
        elif (existing.get(key) or "") != (value or ""):
            changes[key] = value
    current = {k: v for k, v in extras_dict(existing).items()
               if k not in ignored_extras}
    if any(current.get(k) != v for k, v in extras.items()):
        kept = dict(existing, extras=[
            e for e in existing.get("extras") or []
            if e["key"] not in ignored_extras])
        changes["extras"] = merged_extras(kept, extras)
    if existing.get("state") != "active":
        changes["state"] = "active"
    return changes


def sync_dataset(wanted: dict[str, Any], extras: dict[str, str],
                 ref: str | None = None,
                 ignored_extras: tuple[str, ...] = ()
                 ) -> tuple[dict[str, Any], bool]:
    """Create or update a dataset the portal publishes itself, found by
    `ref` (its id: a renamed dataset keeps its new name) or
    `wanted["name"]`; True when anything changed. Only the `wanted` fields
    and `extras` are compared, so fields edited by hand elsewhere stay; a
    deleted dataset comes back. `ignored_extras` are pseudo-extras that
    package_show adds (e.g. ckanext-harvest's) and that are never
    written back."""
    existing = None
    for key in (ref, wanted["name"]):
        if not key:
            continue
        try:
            existing = tk.get_action("package_show")(site_context(),
                                                     {"id": key})
            break
        except tk.ObjectNotFound:
            continue
    if existing is None:
        created = tk.get_action("package_create")(site_context(), dict(
            wanted, extras=[{"key": k, "value": v}
                            for k, v in sorted(extras.items())]))
        return created, True
    changes = dataset_changes(existing, wanted, extras, ignored_extras,
                              keep=("name",))
    if not changes:
        return existing, False
    return tk.get_action("package_patch")(
        site_context(), dict(changes, id=existing["id"])), True
