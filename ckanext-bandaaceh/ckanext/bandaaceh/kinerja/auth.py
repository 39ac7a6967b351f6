"""Auth functions of the scorecard and dashboard actions (registered
through ``logic/auth.py``): who may see them is
``ckanext.bandaaceh.dasbor.visibility`` (``public``, ``login`` or
``sysadmin``); snapshots are taken by sysadmins only. Sysadmins pass before
any auth function runs."""
from __future__ import annotations

from typing import Any

import ckan.authz as authz
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context

OPTION = "ckanext.bandaaceh.dasbor.visibility"
PILIHAN = ("public", "login", "sysadmin")


def boleh_lihat(context: Context) -> AuthResult:
    visibility = tk.config.get(OPTION)
    if visibility == "public":
        return {"success": True}
    if visibility == "login" and not authz.auth_is_anon_user(context):
        return {"success": True}
    return {"success": False,
            "msg": tk._("Dasbor kinerja hanya dapat dilihat pengguna yang "
                        "berwenang")}


@tk.auth_allow_anonymous_access
def bandaaceh_kinerja_kota(context: Context,
                           data_dict: dict[str, Any]) -> AuthResult:
    """The dashboard's visibility."""
    return boleh_lihat(context)


@tk.auth_allow_anonymous_access
def bandaaceh_kinerja_skpk(context: Context,
                           data_dict: dict[str, Any]) -> AuthResult:
    """The dashboard's visibility."""
    return boleh_lihat(context)


@tk.auth_allow_anonymous_access
def bandaaceh_kinerja_riwayat(context: Context,
                              data_dict: dict[str, Any]) -> AuthResult:
    """The dashboard's visibility."""
    return boleh_lihat(context)


@tk.auth_allow_anonymous_access
def bandaaceh_pegi(context: Context,
                   data_dict: dict[str, Any]) -> AuthResult:
    """The dashboard's visibility (the PeGI dataset itself is open)."""
    return boleh_lihat(context)


def bandaaceh_kinerja_snapshot(context: Context,
                               data_dict: dict[str, Any]) -> AuthResult:
    """Only sysadmins freeze a semester on demand."""
    return {"success": False,
            "msg": tk._("Hanya administrator sistem yang dapat mengambil "
                        "potret rapor kinerja")}
