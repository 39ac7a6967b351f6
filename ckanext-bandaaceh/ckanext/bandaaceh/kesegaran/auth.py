"""Auth functions of dataset continuity (exported by ``logic/auth.py``)."""
from __future__ import annotations

from typing import Any

import ckan.authz as authz
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context


@tk.auth_allow_anonymous_access
def bandaaceh_kesegaran_dataset(context: Context,
                                data_dict: dict[str, Any]) -> AuthResult:
    """Whoever may see the dataset may see its continuity."""
    return authz.is_authorized("package_show", context,
                               {"id": data_dict.get("id")})


@tk.auth_allow_anonymous_access
def bandaaceh_kesegaran_skpk(context: Context,
                             data_dict: dict[str, Any]) -> AuthResult:
    """Continuity per SKPK covers public datasets only: anyone reads."""
    return {"success": True}
