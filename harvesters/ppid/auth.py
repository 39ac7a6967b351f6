"""Auth of the PPID actions: the measures are aggregates of registers that
hold no personal data, so anyone reads them."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context


@tk.auth_allow_anonymous_access
def bandaaceh_ppid_kinerja(context: Context,
                           data_dict: dict[str, Any]) -> AuthResult:
    return {"success": True}


@tk.auth_allow_anonymous_access
def bandaaceh_ppid_permintaan(context: Context,
                              data_dict: dict[str, Any]) -> AuthResult:
    return {"success": True}


AUTH = {"bandaaceh_ppid_kinerja": bandaaceh_ppid_kinerja,
        "bandaaceh_ppid_permintaan": bandaaceh_ppid_permintaan}
