"""What the developer page and ``/api/openapi.json`` serve: the OpenAPI
description of our ``bandaaceh_*`` actions (one YAML file) and the limits
the page states."""
from __future__ import annotations

import copy
import functools
import os
from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.bandaaceh.loading import read_yaml

OPENAPI_FILE = os.path.join(os.path.dirname(__file__), "openapi",
                            "bandaaceh.yaml")
ACTION_PATH = "/api/3/action/"


@functools.lru_cache(maxsize=None)
def _openapi_file() -> dict[str, Any]:
    return read_yaml(OPENAPI_FILE)


def openapi() -> dict[str, Any]:
    """The OpenAPI document, its server set to this portal."""
    doc = copy.deepcopy(_openapi_file())
    doc["servers"] = [{"url": tk.config["ckan.site_url"].rstrip("/")}]
    return doc


def aksi() -> list[dict[str, str]]:
    """Described actions: ``name``, ``method`` and ``summary``, by name."""
    found = []
    for path, operations in _openapi_file()["paths"].items():
        for method, operation in operations.items():
            found.append({"name": path[len(ACTION_PATH):],
                          "method": method.upper(),
                          "summary": operation.get("summary", "")})
    return sorted(found, key=lambda a: a["name"])


def batas() -> dict[str, Any]:
    """Limits the developer page states, read from the portal's config."""
    return {
        "rate_limit": tk.config["ckanext.bandaaceh.api.rate_limit"],
        "search_rows": tk.config["ckan.search.rows_max"],
        "max_resource_size": tk.config["ckan.max_resource_size"],
        "query_length": tk.config["ckanext.bandaaceh.search.max_query_length"],
        # declared by plugins that may be off: their documented defaults
        "datastore_rows": tk.config.get("ckan.datastore.search.rows_max",
                                        32000),
        "dcat_page": tk.config.get("ckanext.dcat.datasets_per_page", 100),
    }
