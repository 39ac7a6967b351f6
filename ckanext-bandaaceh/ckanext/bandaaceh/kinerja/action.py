"""API actions of the scorecard, the executive dashboard and PeGI
(registered through ``logic/action.py``)."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.bandaaceh.kinerja import pegi, publikasi, rapor
from ckanext.bandaaceh.loading import LoaderError


def _nama_skpk(value: Any) -> str:
    org = model.Group.get(str(value)) if value not in (None, "") else None
    if org is None or not org.is_organization or org.state != "active":
        raise tk.ObjectNotFound(rapor.PESAN_SKPK % (value or ""))
    return org.name


def _data_salah(e: LoaderError) -> tk.ValidationError:
    """A wrong weights or categories file: the caller sees why."""
    return tk.ValidationError({"konfigurasi": [str(e)]})


@tk.side_effect_free
def bandaaceh_kinerja_kota(context: Context,
                           data_dict: dict[str, Any]) -> dict[str, Any]:
    """The scorecard of every SKPK for a semester, ranked, with the city's
    figures and each SKPK's change since the previous semester. A
    semester with a snapshot is answered from it (``sumber``:
    ``potret``), others live (``langsung``; computed at most
    ``ckanext.bandaaceh.kinerja.cache_detik`` seconds ago).

    :param semester: ``YYYY-S1`` or ``YYYY-S2`` (optional; default the
        current semester)
    :type semester: string
    :rtype: dictionary with ``semester``, ``sumber``, ``keluarga``,
        ``kota`` and ``skpk`` (one row per SKPK)
    """
    tk.check_access("bandaaceh_kinerja_kota", context, data_dict)
    smt = rapor.semester(data_dict.get("semester"))
    try:
        return rapor.rapor(smt)
    except LoaderError as e:
        raise _data_salah(e)


@tk.side_effect_free
def bandaaceh_kinerja_skpk(context: Context,
                           data_dict: dict[str, Any]) -> dict[str, Any]:
    """One SKPK's scorecard for a semester: measure values per family,
    family scores, composite score, rank and the change since the
    previous semester.

    :param id: SKPK (organisation) name or id
    :type id: string
    :param semester: ``YYYY-S1`` or ``YYYY-S2`` (optional; default the
        current semester)
    :type semester: string
    :rtype: dictionary
    """
    tk.check_access("bandaaceh_kinerja_skpk", context, data_dict)
    name = _nama_skpk(data_dict.get("id"))
    smt = rapor.semester(data_dict.get("semester"))
    try:
        return rapor.rapor_skpk(name, smt)
    except LoaderError as e:
        raise _data_salah(e)


@tk.side_effect_free
def bandaaceh_kinerja_riwayat(context: Context,
                              data_dict: dict[str, Any]) -> dict[str, Any]:
    """The semesters whose scorecard was frozen, oldest first: the city's
    figures, or one SKPK's score, rank and family scores.

    :param id: SKPK (organisation) name or id (optional; default the city)
    :type id: string
    :rtype: dictionary with ``skpk`` (or null) and ``riwayat``
    """
    tk.check_access("bandaaceh_kinerja_riwayat", context, data_dict)
    name = (_nama_skpk(data_dict["id"]) if data_dict.get("id") not in
            (None, "") else None)
    return {"skpk": name, "riwayat": rapor.riwayat(name)}


def bandaaceh_kinerja_snapshot(context: Context,
                               data_dict: dict[str, Any]) -> dict[str, Any]:
    """Freeze a finished semester's scorecard now (sysadmins), replacing
    any earlier snapshot of it, and publish it in the scorecard dataset
    when the e-government organisation exists.

    :param semester: ``YYYY-S1`` or ``YYYY-S2`` (a semester that has
        ended)
    :type semester: string
    :rtype: dictionary with ``semester``, ``skpk`` (how many),
        ``keluarga`` and ``diterbitkan``
    """
    tk.check_access("bandaaceh_kinerja_snapshot", context, data_dict)
    smt = rapor.semester(tk.get_or_bust(data_dict, "semester"))
    try:
        result = rapor.ambil(smt)
    except LoaderError as e:
        raise _data_salah(e)
    try:
        publikasi.terbitkan(smt)
        result["diterbitkan"] = True
    except tk.ValidationError:
        result["diterbitkan"] = False
    return result


@tk.side_effect_free
def bandaaceh_pegi(context: Context,
                   data_dict: dict[str, Any]) -> dict[str, Any]:
    """The city's PeGI history from its open dataset: each year's five
    dimensions, the mean (two decimals, rounded half up) and its category
    (``ckanext.bandaaceh.pegi.kategori``), and the rows left out.

    :param dataset: the PeGI dataset (optional; default
        ``ckanext.bandaaceh.pegi.dataset``)
    :type dataset: string
    :rtype: dictionary with ``dataset``, ``resource``, ``riwayat`` and
        ``masalah``
    """
    tk.check_access("bandaaceh_pegi", context, data_dict)
    name = data_dict.get("dataset") or None
    if name is not None:
        tk.check_access("package_show", context, {"id": name})
    try:
        return pegi.dari_dataset(name)
    except ValueError as e:
        raise tk.ValidationError({"kategori": [str(e)]})
    except OSError:
        # the resource's file is missing from storage
        raise tk.ObjectNotFound(
            f"Berkas CSV nilai PeGI dataset {name or ''} tidak dapat "
            "dibaca".replace("  ", " "))
