"""CSV files the portal publishes (statistics, registers)."""
from __future__ import annotations

import csv
import datetime
import io
from typing import Any, Iterable, Sequence

# A cell starting with one of these is run as a formula by spreadsheet
# programs; published text cells get a leading apostrophe instead.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_bytes(rows: Iterable[dict[str, Any]], columns: Sequence[str]) -> bytes:
    """UTF-8 CSV with a header row; list values joined with "; "."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(c)) for c in columns])
    return out.getvalue().encode("utf-8")


# Published tables: CSV file and DataStore table ----------------------------

DATASTORE_CHUNK = 5000


def _datastore_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "ya" if value else "tidak"
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return value


def _datastore_type(rows: Sequence[dict[str, Any]], column: str) -> str:
    for row in rows:
        value = row.get(column)
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            return "text"
        if isinstance(value, int):
            return "int"
        if isinstance(value, float):
            return "numeric"
        if isinstance(value, datetime.date) and not isinstance(
                value, datetime.datetime):
            return "date"
        return "text"
    return "text"


def load_datastore(resource_id: str, rows: Sequence[dict[str, Any]],
                   columns: Sequence[str]) -> bool:
    """Replace the DataStore table of a resource with `rows` (typed
    columns); False when the datastore plugin is not loaded."""
    import ckan.plugins as p
    import ckan.plugins.toolkit as tk

    from ckanext.bandaaceh.loading import site_context

    if not p.plugin_loaded("datastore"):
        return False
    try:
        tk.get_action("datastore_delete")(
            site_context(), {"resource_id": resource_id, "force": True})
    except tk.ObjectNotFound:
        pass
    fields = [{"id": c, "type": _datastore_type(rows, c)} for c in columns]
    records = [{c: _datastore_value(row.get(c)) for c in columns}
               for row in rows]
    tk.get_action("datastore_create")(site_context(), {
        "resource_id": resource_id, "force": True, "fields": fields,
        "records": records[:DATASTORE_CHUNK]})
    for start in range(DATASTORE_CHUNK, len(records), DATASTORE_CHUNK):
        tk.get_action("datastore_upsert")(site_context(), {
            "resource_id": resource_id, "force": True, "method": "insert",
            "records": records[start:start + DATASTORE_CHUNK]})
    return True


def publish_table(package: dict[str, Any], name: str,
                  rows: Sequence[dict[str, Any]], columns: Sequence[str],
                  filename: str, fields: dict[str, Any]) -> bool:
    """Publish `rows` as the CSV resource `name` of `package` and, when the
    datastore plugin is on, as its DataStore table (API queries, preview).
    Nothing is rewritten when the content is unchanged and the table is
    there; True when anything changed."""
    import ckan.plugins.toolkit as tk

    from ckanext.bandaaceh.loading import sync_upload
    from ckanext.bandaaceh.unggahan import SUMBER_PORTAL

    # the typed table below is the portal's: xloader must not replace it
    fields = dict(fields, datastore_sumber=SUMBER_PORTAL)
    changed = sync_upload(package, name, csv_bytes(rows, columns), filename,
                          fields)
    if changed:
        package = tk.get_action("package_show")(
            {"ignore_auth": True}, {"id": package["id"]})
    resource = next(r for r in package["resources"] if r["name"] == name)
    if changed or not resource.get("datastore_active"):
        changed |= load_datastore(resource["id"], rows, columns)
    return changed
