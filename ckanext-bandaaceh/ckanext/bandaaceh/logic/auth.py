"""Auth functions of the ``bandaaceh_*`` actions."""
from __future__ import annotations

from typing import Any

import ckan.authz as authz
import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context

from ckanext.bandaaceh.aplikasi import izin
from ckanext.bandaaceh.kesegaran.auth import (  # noqa: F401
    bandaaceh_kesegaran_dataset, bandaaceh_kesegaran_skpk)
from ckanext.bandaaceh.kinerja.auth import (  # noqa: F401
    bandaaceh_kinerja_kota, bandaaceh_kinerja_riwayat,
    bandaaceh_kinerja_skpk, bandaaceh_kinerja_snapshot, bandaaceh_pegi)

__all__ = ["bandaaceh_aplikasi_statistik", "bandaaceh_aplikasi_terbitkan",
           "bandaaceh_aplikasi_catat_survei",
           "bandaaceh_unduhan_resource", "bandaaceh_unduhan_dataset",
           "bandaaceh_unduhan_skpk", "bandaaceh_unduhan_bulanan",
           "bandaaceh_unggahan_statistik",
           "bandaaceh_kinerja_kota", "bandaaceh_kinerja_skpk",
           "bandaaceh_kinerja_riwayat", "bandaaceh_kinerja_snapshot",
           "bandaaceh_pegi",
           "bandaaceh_kesegaran_dataset", "bandaaceh_kesegaran_skpk"]


@tk.auth_allow_anonymous_access
def bandaaceh_aplikasi_statistik(context: Context,
                                 data_dict: dict[str, Any]) -> AuthResult:
    """Registry statistics aggregate public applications: anyone reads."""
    return {"success": True}


def bandaaceh_aplikasi_terbitkan(context: Context,
                                 data_dict: dict[str, Any]) -> AuthResult:
    """Only sysadmins republish the registry dataset on demand (a job does
    it after every change)."""
    return {"success": False,
            "msg": tk._("Only system administrators may republish the "
                        "application registry")}


@tk.auth_allow_anonymous_access
def bandaaceh_unduhan_resource(context: Context,
                               data_dict: dict[str, Any]) -> AuthResult:
    """Whoever may see the resource may see its downloads."""
    return authz.is_authorized("resource_show", context,
                               {"id": data_dict.get("id")})


@tk.auth_allow_anonymous_access
def bandaaceh_unduhan_dataset(context: Context,
                              data_dict: dict[str, Any]) -> AuthResult:
    """Whoever may see the dataset may see its downloads."""
    return authz.is_authorized("package_show", context,
                               {"id": data_dict.get("id")})


@tk.auth_allow_anonymous_access
def bandaaceh_unduhan_skpk(context: Context,
                           data_dict: dict[str, Any]) -> AuthResult:
    """Totals per SKPK are public figures."""
    return {"success": True}


@tk.auth_allow_anonymous_access
def bandaaceh_unduhan_bulanan(context: Context,
                              data_dict: dict[str, Any]) -> AuthResult:
    """Monthly totals are public figures (a dataset's series is checked
    against ``package_show`` by the action)."""
    return {"success": True}


@tk.auth_allow_anonymous_access
def bandaaceh_unggahan_statistik(context: Context,
                                 data_dict: dict[str, Any]) -> AuthResult:
    """Counts of CSV resources of public datasets: anyone reads."""
    return {"success": True}


def bandaaceh_aplikasi_catat_survei(context: Context,
                                    data_dict: dict[str, Any]) -> AuthResult:
    """The e-government office (and sysadmins) record surveys of every
    SKPK's applications."""
    if izin.boleh_mencatat_survei(context.get("user")):
        return {"success": True}
    return {"success": False,
            "msg": "Hanya Bidang E-Government dan sysadmin yang dapat "
                   "mencatat hasil survei aplikasi"}
