"""Template helpers of the ODBA extension (registered by name)."""
from __future__ import annotations

from typing import Optional

import ckan.plugins.toolkit as tk

from ckanext.bandaaceh import unggahan
from ckanext.bandaaceh.aplikasi import izin
# chains CKAN's helper of that name: resource fields in the user's language
from ckanext.bandaaceh.bahasa import format_resource_items

__all__ = ["bandaaceh_boleh_mencatat_survei", "format_resource_items",
           "bandaaceh_validasi_unggahan", "bandaaceh_kesegaran"]


def bandaaceh_boleh_mencatat_survei() -> bool:
    """Whether the logged-in user may record the survey fields of an app
    (the rule of ``bandaaceh_pencatat_survei``); it depends on the user
    only, not on the app's SKPK."""
    user = tk.current_user
    if not user or not user.is_authenticated:
        return False
    return izin.boleh_mencatat_survei(user.name)


def bandaaceh_validasi_unggahan(resource: dict) -> Optional[dict]:
    """The check of an uploaded CSV for the resource page (None: not an
    uploaded CSV)."""
    return unggahan.tampilan(resource)


def bandaaceh_kesegaran(package_id: str) -> Optional[dict]:
    """The continuity of a dataset for its page (None: not a dataset)."""
    from ckanext.bandaaceh.kesegaran import data
    return data.untuk_halaman(package_id)
