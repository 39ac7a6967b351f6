"""Config declarations shared by the harvester plugins.

The fetcher's options (``config_declaration.yaml``) serve every harvester;
each plugin declares them when they are not declared yet, so the plugins
load in any combination and order.
"""
from __future__ import annotations

import os
from typing import Any

import yaml

HERE = os.path.dirname(__file__)
SHARED = os.path.join(HERE, "config_declaration.yaml")


def declare_once(declaration: Any, *paths: str) -> None:
    """Load the option groups of `paths`, skipping declared options."""
    for path in paths:
        with open(path, encoding="utf-8") as f:
            data = yaml.safe_load(f)
        groups = []
        for group in data.get("groups", []):
            options = [o for o in group.get("options", [])
                       if o["key"] not in declaration]
            if options:
                groups.append(dict(group, options=options))
        if groups:
            declaration.load_dict(dict(data, groups=groups))
