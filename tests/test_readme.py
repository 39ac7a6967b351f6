"""The README documents what the project declares."""
from __future__ import annotations

import os

import yaml

import ckanext.bandaaceh
import ckanext.bandaaceh_harvest

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# every config declaration of the project's plugins
DECLARATIONS = [
    os.path.join(os.path.dirname(ckanext.bandaaceh.__file__),
                 "config_declaration.yaml"),
    os.path.join(os.path.dirname(ckanext.bandaaceh_harvest.__file__),
                 "config_declaration.yaml"),
    os.path.join(os.path.dirname(ckanext.bandaaceh_harvest.__file__),
                 "ppid", "config_declaration.yaml"),
    os.path.join(os.path.dirname(ckanext.bandaaceh_harvest.__file__),
                 "dkan", "config_declaration.yaml"),
]


def _readme() -> str:
    with open(os.path.join(ROOT, "README.md"), encoding="utf-8") as f:
        return f.read()


def test_every_declared_option_is_documented_with_its_default():
    options = []
    for path in DECLARATIONS:
        with open(path, encoding="utf-8") as f:
            declaration = yaml.safe_load(f)
        options += [o for g in declaration["groups"] for o in g["options"]]
    readme = _readme()
    assert options
    for option in options:
        row = next((line for line in readme.splitlines()
                    if line.startswith(f"| `{option['key']}` |")), None)
        assert row, f"{option['key']} is not in the README's option table"
        default = option.get("default", "")
        shown = f"`{default}`" if default != "" else "(empty)"
        assert shown in row, (
            f"{option['key']}: README does not give the default "
            f"{option.get('default')!r}")


def test_readme_starts_with_the_two_commands():
    head = "\n".join(_readme().splitlines()[:10])
    assert "scripts/portal.sh" in head
    assert "scripts/test.sh" in head
