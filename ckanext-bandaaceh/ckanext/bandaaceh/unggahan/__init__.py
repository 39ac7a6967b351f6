"""Uploaded CSV files on their way into the DataStore.

ckanext-xloader loads tabular resources through the jobs worker. Uploaded
CSV files are checked first (`periksa`): saving an uploaded CSV resource
queues `jobs.periksa_unggahan`, which records the outcome on the resource
(field ``validasi_unggahan``, JSON) and hands the file to xloader only when
it passed; xloader asks `boleh_dimuat` before every load and is refused
for an upload whose current file has not passed. A file that fails leaves
no DataStore table behind, and the resource page lists the problems.
"""
from __future__ import annotations

import datetime
import json
import logging
from typing import Any, Optional

import ckan.plugins.toolkit as tk

log = logging.getLogger(__name__)

FIELD = "validasi_unggahan"
# Resources whose DataStore table the portal writes itself (ekspor.py):
# xloader must not replace their typed tables.
SUMBER_PORTAL = "portal"

LOLOS = "lolos"
GAGAL = "gagal"
MENUNGGU = "menunggu"


def adalah_csv_unggahan(resource: dict[str, Any]) -> bool:
    """An uploaded file that is (or claims to be) a CSV."""
    if resource.get("url_type") != "upload":
        return False
    fmt = (resource.get("format") or "").strip().lower()
    url = (resource.get("url") or "").lower().split("?")[0]
    return fmt in ("csv", "text/csv") or (not fmt and url.endswith(".csv"))


def kunci_berkas(resource: dict[str, Any]) -> str:
    """Which file a check was made for: a new upload gets a new
    ``last_modified`` even when its name is the same. Only the file name
    counts: ``resource_show`` makes upload URLs absolute with the site URL
    of the process that asks."""
    name = (resource.get("url") or "").split("?")[0].rstrip("/")
    return "%s|%s" % (name.rsplit("/", 1)[-1],
                      resource.get("last_modified") or "")


def hasil(resource: dict[str, Any]) -> Optional[dict[str, Any]]:
    """The recorded check of the resource (None: never checked)."""
    value = resource.get(FIELD)
    if not value:
        return None
    if isinstance(value, dict):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return None


def hasil_terkini(resource: dict[str, Any]) -> Optional[dict[str, Any]]:
    """The check of the resource's current file, if it was made."""
    record = hasil(resource)
    if record and record.get("untuk") == kunci_berkas(resource):
        return record
    return None


def perlu_diperiksa(resource: dict[str, Any]) -> bool:
    return (adalah_csv_unggahan(resource)
            and resource.get("datastore_sumber") != SUMBER_PORTAL
            and hasil_terkini(resource) is None)


def jadwalkan(resource: dict[str, Any]) -> None:
    """Queue the check of a saved resource when its file is new."""
    if not perlu_diperiksa(resource):
        return
    from ckanext.bandaaceh.unggahan import jobs
    try:
        tk.enqueue_job(jobs.periksa_unggahan, [resource["id"]],
                       title="periksa unggahan %s" % resource["id"])
    except Exception:  # the save itself must not fail because of Redis
        log.exception("Could not queue the check of upload %s",
                      resource["id"])


def boleh_dimuat(resource_id: str) -> bool:
    """xloader's `can_upload`: uploads of CSV files load only after their
    current file passed the check; other resources are xloader's call."""
    try:
        resource = tk.get_action("resource_show")(
            {"ignore_auth": True}, {"id": resource_id})
    except tk.ObjectNotFound:
        return False
    if not adalah_csv_unggahan(resource):
        return True
    if resource.get("datastore_sumber") == SUMBER_PORTAL:
        return False
    record = hasil_terkini(resource)
    return bool(record and record.get("status") == LOLOS)


def batas_ukuran() -> int:
    return tk.config["ckanext.bandaaceh.unggahan.ukuran_maks"] * 1048576


def catatan(resource: dict[str, Any], status: str,
            masalah: list[dict[str, Any]]) -> str:
    return json.dumps({
        "status": status, "untuk": kunci_berkas(resource),
        "diperiksa": datetime.datetime.utcnow().isoformat(timespec="seconds"),
        "masalah": masalah}, ensure_ascii=False)


def tampilan(resource: dict[str, Any]) -> Optional[dict[str, Any]]:
    """What the resource page says about the check of an uploaded CSV:
    ``status`` (lolos, gagal, menunggu) and the problems; None for other
    resources."""
    if (not adalah_csv_unggahan(resource)
            or resource.get("datastore_sumber") == SUMBER_PORTAL):
        return None
    record = hasil_terkini(resource)
    if record is None:
        return {"status": MENUNGGU, "masalah": []}
    return {"status": record.get("status"),
            "diperiksa": record.get("diperiksa"),
            "masalah": record.get("masalah") or []}


def _dari_sistem(context: Any) -> bool:
    """Internal calls (the check job, xloader, loaders) skip auth; web and
    API requests never can."""
    return bool(context.get("ignore_auth"))


def lindungi_catatan(context: Any, resource: dict[str, Any],
                     current: Optional[dict[str, Any]] = None) -> None:
    """Only internal calls (the check job) write the outcome: a value sent
    through the web or the API is replaced by the stored one, so no upload
    can claim to have passed."""
    if _dari_sistem(context):
        return
    if current is not None and current.get(FIELD):
        resource[FIELD] = current[FIELD]
    else:
        resource.pop(FIELD, None)
