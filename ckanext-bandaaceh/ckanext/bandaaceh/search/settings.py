"""Search settings, read from CKAN's config with the declared defaults.

The search engine keeps answering while CKAN reloads plugins (its test
fixtures unload every plugin between tests), when this plugin's config
declarations are momentarily not registered.  The defaults therefore come
from the plugin's ``config_declaration.yaml`` itself, the single place
they are written.
"""
from __future__ import annotations

import functools
import os
from typing import Any

import yaml

import ckan.plugins.toolkit as tk

_DECLARATION = os.path.join(os.path.dirname(os.path.dirname(__file__)),
                            "config_declaration.yaml")


@functools.lru_cache(maxsize=1)
def declared_defaults() -> dict[str, Any]:
    with open(_DECLARATION, encoding="utf-8") as handle:
        declaration = yaml.safe_load(handle)
    defaults = {}
    for group in declaration["groups"]:
        for option in group["options"]:
            if option["key"].startswith("ckanext.bandaaceh.search."):
                defaults[option["key"]] = option.get("default")
    return defaults


def get(name: str) -> Any:
    """The value of ``ckanext.bandaaceh.search.<name>``."""
    key = "ckanext.bandaaceh.search." + name
    default = declared_defaults()[key]
    value = tk.config.get(key, default)
    if value in (None, ""):
        value = default
    return int(value) if isinstance(default, int) else value
