"""The app and service registry (``aplikasi`` dataset type).

Its fields are declared in ``schemas/aplikasi.yaml``; this module holds what
the schema cannot say.
"""
from __future__ import annotations

import json
from typing import Any

DATASET_TYPE = "aplikasi"
# Output validators of the scheming fields that store a JSON list.
_LIST_OUTPUTS = ("scheming_multiple_choice_output", "scheming_load_json")


def repeating_fields(dataset_type: str) -> list[str]:
    """The fields of a scheming dataset type that hold several values."""
    from ckanext.scheming.helpers import scheming_get_dataset_schema

    schema = scheming_get_dataset_schema(dataset_type) or {}
    return [field["field_name"] for field in schema.get("dataset_fields", [])
            if any(name in field.get("output_validators", "").split()
                   for name in _LIST_OUTPUTS)]


def index_lists(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """Index repeating fields as lists, not as their stored JSON text, so
    that ``platform:android`` matches and facets count single values."""
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
    return pkg_dict
