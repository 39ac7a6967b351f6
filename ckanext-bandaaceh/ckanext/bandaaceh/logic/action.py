"""API actions of the ODBA extension (``bandaaceh_*``)."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.bandaaceh.aplikasi import (
    DATASET_TYPE, izin, publikasi, statistik, survei)
from ckanext.bandaaceh.kesegaran.action import (  # noqa: F401
    bandaaceh_kesegaran_dataset, bandaaceh_kesegaran_skpk,
    package_create, package_update)
from ckanext.bandaaceh.kinerja.action import (  # noqa: F401
    bandaaceh_kinerja_kota, bandaaceh_kinerja_riwayat,
    bandaaceh_kinerja_skpk, bandaaceh_kinerja_snapshot, bandaaceh_pegi)
from ckanext.bandaaceh.unduhan import statistik as unduhan_statistik

__all__ = ["bandaaceh_aplikasi_statistik", "bandaaceh_aplikasi_terbitkan",
           "bandaaceh_aplikasi_catat_survei",
           "bandaaceh_unduhan_resource", "bandaaceh_unduhan_dataset",
           "bandaaceh_unduhan_skpk", "bandaaceh_unduhan_bulanan",
           "bandaaceh_unggahan_statistik",
           "bandaaceh_kinerja_kota", "bandaaceh_kinerja_skpk",
           "bandaaceh_kinerja_riwayat", "bandaaceh_kinerja_snapshot",
           "bandaaceh_pegi",
           "bandaaceh_kesegaran_dataset", "bandaaceh_kesegaran_skpk",
           "package_create", "package_update"]


@tk.side_effect_free
def bandaaceh_aplikasi_statistik(context: Context,
                                 data_dict: dict[str, Any]) -> dict[str, Any]:
    """Statistics of the app and service registry (public applications).

    Totals as the e-government office reports them (websites of SKPK,
    gampong and dayah; public and internal services), shares of services
    with an API and connected to Mantra or Open Data, PSE registration
    progress, survey progress, counts per SKPK and per year in service, and
    the projection of the application need.

    :param tahun_awal: first year of the build-rate window (optional)
    :type tahun_awal: int
    :param tahun_akhir: last year of the build-rate window (optional;
        default ``ckanext.bandaaceh.aplikasi.rate.last_year`` or last year)
    :type tahun_akhir: int
    :rtype: dictionary
    """
    tk.check_access("bandaaceh_aplikasi_statistik", context, data_dict)
    return statistik.statistik(data_dict.get("tahun_awal"),
                               data_dict.get("tahun_akhir"))


def bandaaceh_aplikasi_terbitkan(context: Context,
                                 data_dict: dict[str, Any]) -> dict[str, Any]:
    """Republish the registry as an open dataset now (sysadmins).

    Writes the registry CSV and the per-SKPK statistics CSV into the
    dataset ``registri-aplikasi``; files whose content did not change are
    left alone.

    :rtype: dictionary with the dataset ``name`` and ``changed`` (bool)
    """
    tk.check_access("bandaaceh_aplikasi_terbitkan", context, data_dict)
    return publikasi.terbitkan()


def _skpk(value: Any) -> Any:
    """The organisation named or identified by ``value`` (or None)."""
    if value in (None, ""):
        return None
    org = model.Group.get(str(value))
    if org is None or not org.is_organization or org.state != "active":
        raise tk.ValidationError({"skpk": [unduhan_statistik.PESAN_SKPK]})
    return org


@tk.side_effect_free
def bandaaceh_unduhan_resource(context: Context,
                               data_dict: dict[str, Any]) -> dict[str, Any]:
    """Downloads of one resource counted on the server (aggregated).

    :param id: resource id
    :type id: string
    :rtype: dictionary with ``jumlah`` (downloads), ``pengunjung_harian``
        (sum of the unique visitors of each day) and ``bulanan`` (per month)
    """
    resource_id = tk.get_or_bust(data_dict, "id")
    tk.check_access("bandaaceh_unduhan_resource", context, data_dict)
    resource = tk.get_action("resource_show")(
        dict(context, ignore_auth=True), {"id": resource_id})
    return unduhan_statistik.unduhan_resource(resource["id"])


@tk.side_effect_free
def bandaaceh_unduhan_dataset(context: Context,
                              data_dict: dict[str, Any]) -> dict[str, Any]:
    """Downloads of a dataset and of each of its resources.

    :param id: dataset id or name
    :type id: string
    :rtype: dictionary with ``jumlah``, ``pengunjung_harian``, ``bulanan``
        and ``resources`` (id, name, jumlah)
    """
    tk.get_or_bust(data_dict, "id")
    tk.check_access("bandaaceh_unduhan_dataset", context, data_dict)
    package = model.Package.get(data_dict["id"])
    if package is None:
        raise tk.ObjectNotFound(unduhan_statistik.PESAN_DATASET)
    return unduhan_statistik.unduhan_dataset(package)


@tk.side_effect_free
def bandaaceh_unduhan_skpk(context: Context,
                           data_dict: dict[str, Any]) -> dict[str, Any]:
    """Downloads per SKPK (organisation): every SKPK's total, or one
    SKPK's total and monthly series.

    :param id: SKPK (organisation) name or id (optional)
    :type id: string
    :rtype: dictionary
    """
    tk.check_access("bandaaceh_unduhan_skpk", context, data_dict)
    org = None
    if data_dict.get("id"):
        try:
            org = _skpk(data_dict["id"])
        except tk.ValidationError:
            raise tk.ObjectNotFound(unduhan_statistik.PESAN_SKPK)
    return unduhan_statistik.unduhan_skpk(org)


@tk.side_effect_free
def bandaaceh_unduhan_bulanan(context: Context,
                              data_dict: dict[str, Any]) -> dict[str, Any]:
    """Downloads per month (every month of the range, zeros included) for
    the city, one SKPK or one dataset.

    :param dari: first month, ``YYYY-MM`` (optional; default eleven months
        before ``sampai``)
    :type dari: string
    :param sampai: last month, ``YYYY-MM`` (optional; default this month)
    :type sampai: string
    :param skpk: SKPK (organisation) name or id (optional)
    :type skpk: string
    :param dataset: dataset name or id (optional)
    :type dataset: string
    :rtype: dictionary with ``jumlah`` and ``bulanan``
    """
    tk.check_access("bandaaceh_unduhan_bulanan", context, data_dict)
    awal, akhir = unduhan_statistik.rentang(data_dict.get("dari"),
                                            data_dict.get("sampai"))
    org = _skpk(data_dict.get("skpk"))
    package = None
    if data_dict.get("dataset"):
        package = model.Package.get(str(data_dict["dataset"]))
        if package is None or package.state != "active":
            raise tk.ValidationError(
                {"dataset": [unduhan_statistik.PESAN_DATASET]})
        tk.check_access("package_show", context, {"id": package.id})
    return unduhan_statistik.unduhan_bulanan(awal, akhir, org, package)


@tk.side_effect_free
def bandaaceh_unggahan_statistik(context: Context,
                                 data_dict: dict[str, Any]) -> dict[str, Any]:
    """CSV resources of public datasets created and updated per SKPK per
    month, uploads (``unggahan``) and links (``tautan``) apart.

    :param dari: first month, ``YYYY-MM`` (optional)
    :type dari: string
    :param sampai: last month, ``YYYY-MM`` (optional; default this month)
    :type sampai: string
    :param skpk: SKPK (organisation) name or id (optional)
    :type skpk: string
    :rtype: dictionary with ``total`` and ``baris`` (one per SKPK and month)
    """
    tk.check_access("bandaaceh_unggahan_statistik", context, data_dict)
    awal, akhir = unduhan_statistik.rentang(data_dict.get("dari"),
                                            data_dict.get("sampai"))
    return unduhan_statistik.unggahan(awal, akhir,
                                      _skpk(data_dict.get("skpk")))


def bandaaceh_aplikasi_catat_survei(context: Context,
                                    data_dict: dict[str, Any]
                                    ) -> dict[str, Any]:
    """Record the e-government office's survey of an application of any
    SKPK: only the survey fields given change (the SKPK's own fields are
    left as they are).

    :param id: the application's id or name
    :type id: string
    :param status_survei: ``disurvei``, ``terdata``, ``direkomendasikan`` or
        ``tindak_lanjut_selesai`` (optional); the survey moves one step at a
        time (a step back, to correct a mistake, is allowed), and
        ``direkomendasikan`` and later need a recommendation
    :param tanggal_survei: survey date ``YYYY-MM-DD`` (optional)
    :param rekomendasi: recommendation to the SKPK (optional)
    :returns: the updated application (as ``package_show``)
    :rtype: dictionary
    """
    tk.check_access("bandaaceh_aplikasi_catat_survei", context, data_dict)
    # the office surveys every SKPK's apps, private ones too: its right was
    # checked above
    package = tk.get_action("package_show")(
        {"user": context.get("user"), "ignore_auth": True},
        {"id": tk.get_or_bust(data_dict, "id")})
    if package.get("type") != DATASET_TYPE:
        raise tk.ValidationError(
            {"id": ["Bukan aplikasi dari registri: %s" % package["name"]]})
    changes = {k: data_dict[k] for k in izin.SURVEY_FIELDS if k in data_dict}
    if not changes:
        raise tk.ValidationError({"status_survei": [
            "Isi minimal satu kolom survei: %s"
            % ", ".join(izin.SURVEY_FIELDS)]})
    errors = survei.urutan_survei(package, changes)
    if errors:
        raise tk.ValidationError(errors)
    # The office is not a member of the SKPK: its right comes from the
    # check above, so CKAN's per-organisation check is skipped here only.
    return tk.get_action("package_patch")(
        {"user": context.get("user"), "ignore_auth": True},
        dict(changes, id=package["id"]))
