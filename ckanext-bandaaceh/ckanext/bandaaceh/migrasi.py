"""Alembic migrations of the ODBA plugins.

``ckan db upgrade -p PLUGIN`` finds a plugin's migrations from its source
path, which works for ``ckanext/<name>/`` folders but not for the
harvesters' package (``harvesters/`` in this repository's editable
install). The migration folder is found from the package instead, the same
way for every ODBA plugin.
"""
from __future__ import annotations

import importlib
import os

# (package, plugin) of every ODBA plugin with migrations, in upgrade order
PLUGINS = (
    ("ckanext.bandaaceh", "bandaaceh"),
    ("ckanext.bandaaceh_harvest", "bandaaceh_berita"),
    ("ckanext.bandaaceh_harvest", "bandaaceh_ppid"),
)


def alembic_ini(package_name: str, plugin: str) -> str:
    package = importlib.import_module(package_name)
    return os.path.join(os.path.dirname(package.__file__), "migration",
                        plugin, "alembic.ini")


def upgrade(package_name: str, plugin: str, url: str) -> None:
    """Apply the plugin's migrations up to head."""
    import alembic.command
    import alembic.config

    config = alembic.config.Config(alembic_ini(package_name, plugin))
    config.set_main_option("sqlalchemy.url", url)
    alembic.command.upgrade(config, "head")


def upgrade_loaded(url: str) -> list[str]:
    """Apply the migrations of every loaded ODBA plugin; their names."""
    import ckan.plugins as p

    done = []
    for package_name, plugin in PLUGINS:
        if p.plugin_loaded(plugin):
            upgrade(package_name, plugin, url)
            done.append(plugin)
    return done
