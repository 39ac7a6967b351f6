"""Marks shared by test modules: the portal's plugin set-up for a test."""
from __future__ import annotations

import pytest


def portal(plugins: str = "bandaaceh scheming_datasets") -> list:
    """Marks of a module testing the portal with `plugins` loaded, the
    ``aplikasi`` dataset type configured as in ``ckan.ini`` and a clean
    database and index for every test."""
    return [
        pytest.mark.ckan_config("ckan.plugins", plugins),
        pytest.mark.ckan_config("scheming.dataset_schemas",
                                "ckanext.bandaaceh:schemas/aplikasi.yaml"),
        pytest.mark.ckan_config(
            "scheming.presets",
            "ckanext.scheming:presets.json "
            "ckanext.bandaaceh:schemas/presets.yaml"),
        pytest.mark.ckan_config("ckan.search.show_all_types", "false"),
        pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
    ]
