"""The app and service registry (``aplikasi`` dataset type).

Its fields are declared in ``schemas/aplikasi.yaml``; this package holds
what the schema cannot say: how apps are indexed and faceted
(this module), statistics (``statistik``), the published open dataset
(``publikasi``).
"""
from __future__ import annotations

import json
from collections import OrderedDict
from typing import Any

DATASET_TYPE = "aplikasi"
# Output validators of the scheming fields that store a JSON list.
_LIST_OUTPUTS = ("scheming_multiple_choice_output", "scheming_load_json")

# Facets of the /aplikasi search page, in order; `organization` is CKAN's.
FACET_FIELDS = ("organization", "kategori", "platform", "status_survei",
                "status_pse", "kepatuhan_api")

# `kepatuhan_api`: the seed's policy that every application offers an API
# to Mantra or to Open Data, as an indexed (and faceted) list of values.
KEPATUHAN_API = OrderedDict([
    ("terhubung_mantra", {"id": "Terhubung Mantra",
                          "en": "Connected to Mantra"}),
    ("terhubung_open_data", {"id": "Terhubung Open Data",
                             "en": "Connected to Open Data"}),
    ("api_belum_terhubung", {"id": "Ada API, belum terhubung",
                             "en": "API, not connected"}),
    ("tanpa_api", {"id": "Tanpa API", "en": "No API"}),
])
KEPATUHAN_API_LABEL = {"id": "Kepatuhan API", "en": "API compliance"}


def _schema() -> dict[str, Any]:
    from ckanext.scheming.helpers import scheming_get_dataset_schema

    return scheming_get_dataset_schema(DATASET_TYPE) or {}


def _fields() -> dict[str, dict[str, Any]]:
    return {f["field_name"]: f for f in _schema().get("dataset_fields", [])}


def repeating_fields(dataset_type: str) -> list[str]:
    """The fields of a scheming dataset type that hold several values."""
    from ckanext.scheming.helpers import scheming_get_dataset_schema

    schema = scheming_get_dataset_schema(dataset_type) or {}
    return [field["field_name"] for field in schema.get("dataset_fields", [])
            if any(name in field.get("output_validators", "").split()
                   for name in _LIST_OUTPUTS)]


def kepatuhan_api(fields: dict[str, Any]) -> list[str]:
    """The API compliance values of one application."""
    values = [k for k in ("terhubung_mantra", "terhubung_open_data")
              if fields.get(k) == "ya"]
    if not values:
        has_api = fields.get("jenis_api") in ("rest", "soap")
        values.append("api_belum_terhubung" if has_api else "tanpa_api")
    return values


def index_lists(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """Index repeating fields as lists, not as their stored JSON text, so
    that ``platform:android`` matches and facets count single values; add
    the derived ``kepatuhan_api`` values."""
    if pkg_dict.get("type") != DATASET_TYPE:
        return pkg_dict
    for name in repeating_fields(DATASET_TYPE):
        value = pkg_dict.get(name)
        if not isinstance(value, str) or not value.startswith("["):
            continue
        try:
            values = json.loads(value)
        except ValueError:
            continue
        if isinstance(values, list):
            pkg_dict[name] = [str(v) for v in values]
    pkg_dict["kepatuhan_api"] = kepatuhan_api(pkg_dict)
    return pkg_dict


def _text(value: Any) -> str:
    """A label in the language of the request (or the site's default
    language outside requests, e.g. in API calls from jobs)."""
    import ckan.plugins.toolkit as tk
    from ckanext.scheming.helpers import scheming_language_text

    try:
        lang = tk.h.lang()
    except RuntimeError:
        lang = tk.config.get("ckan.locale_default")
    return scheming_language_text(value, prefer_lang=lang)


def facets(facets_dict: "OrderedDict[str, Any]") -> "OrderedDict[str, Any]":
    """The facets of the /aplikasi search page, titled as in the form."""
    fields = _fields()
    titled: "OrderedDict[str, Any]" = OrderedDict()
    for name in FACET_FIELDS:
        if name == "kepatuhan_api":
            titled[name] = _text(KEPATUHAN_API_LABEL)
        elif name in fields:
            titled[name] = _text(fields[name]["label"])
        else:
            titled[name] = facets_dict.get(name, name)
    return titled


def choice_labels() -> dict[str, dict[str, str]]:
    """Display labels of the faceted choice values, per field."""
    labels = {name: {c["value"]: _text(c["label"])
                     for c in field.get("choices", [])}
              for name, field in _fields().items()
              if name in FACET_FIELDS and field.get("choices")}
    labels["kepatuhan_api"] = {k: _text(v) for k, v in KEPATUHAN_API.items()}
    return labels


def label_facets(search_results: dict[str, Any]) -> dict[str, Any]:
    """Show choice labels, not stored values, on the facet items."""
    facets_ = search_results.get("search_facets") or {}
    if not any(name in facets_ for name in FACET_FIELDS[1:]):
        return search_results
    for name, labels in choice_labels().items():
        for item in (facets_.get(name) or {}).get("items", []):
            item["display_name"] = labels.get(item["name"],
                                              item["display_name"])
    return search_results
