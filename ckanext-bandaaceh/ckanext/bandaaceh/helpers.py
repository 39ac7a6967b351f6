"""Template helpers of the ODBA extension (registered by name)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk

from ckanext.bandaaceh.aplikasi import izin

__all__ = ["bandaaceh_boleh_mencatat_survei"]


def bandaaceh_boleh_mencatat_survei() -> bool:
    """Whether the logged-in user may record the survey fields of an app
    (the rule of ``bandaaceh_pencatat_survei``); it depends on the user
    only, not on the app's SKPK."""
    user = tk.current_user
    if not user or not user.is_authenticated:
        return False
    return izin.boleh_mencatat_survei(user.name)
