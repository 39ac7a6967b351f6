"""API actions of the news harvester's measures (``bandaaceh_berita_*``)
and their auth: web presence aggregates public websites, anyone reads."""
from __future__ import annotations

import datetime as dt
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context

from ckanext.bandaaceh_harvest.berita import kehadiran

MAX_SEMESTER = 20


def _semester(data_dict: dict[str, Any], key: str = "semester"
              ) -> kehadiran.Semester:
    value = data_dict.get(key)
    if not value:
        return kehadiran.Semester.of(dt.date.today())
    try:
        return kehadiran.Semester.parse(value)
    except ValueError as e:
        raise tk.ValidationError({key: [str(e)]})


@tk.side_effect_free
def bandaaceh_berita_kehadiran(context: Context,
                               data_dict: dict[str, Any]) -> dict[str, Any]:
    """Web presence of every unit with a harvested website in a semester
    (a unit's websites measured together): news count, months with news,
    longest gap (days), WordPress Multisite, no-news flag; the units without
    a website; and city-wide: units with and without a website, share on
    WPMU, units without news and their percentage.

    :param semester: ``YYYY-S1`` or ``YYYY-S2`` (default: the current one)
    :param jenis: only units of this kind (the organisation extra
        ``jenis``, e.g. ``dinas``, ``kecamatan``) (optional)
    :rtype: dictionary with ``semester``, ``unit``, ``unit_tanpa_website``
        and ``kota``
    """
    tk.check_access("bandaaceh_berita_kehadiran", context, data_dict)
    return kehadiran.kehadiran(_semester(data_dict),
                               data_dict.get("jenis") or None)


@tk.side_effect_free
def bandaaceh_berita_tren(context: Context,
                          data_dict: dict[str, Any]) -> list[dict[str, Any]]:
    """City-wide web presence per semester, from ``dari`` to ``sampai``
    (at most 20 semesters).

    :param dari: first semester ``YYYY-S1``/``YYYY-S2``
    :param sampai: last semester (default: the current one)
    :rtype: list of dictionaries
    """
    tk.check_access("bandaaceh_berita_tren", context, data_dict)
    last = _semester(data_dict, "sampai")
    first = _semester(dict(data_dict, dari=data_dict.get("dari")
                           or str(last)), "dari")
    semesters = []
    current = first
    while (current.tahun, current.ke) <= (last.tahun, last.ke):
        semesters.append(current)
        current = (kehadiran.Semester(current.tahun, 2) if current.ke == 1
                   else kehadiran.Semester(current.tahun + 1, 1))
        if len(semesters) > MAX_SEMESTER:
            raise tk.ValidationError({"dari": [
                f"Paling banyak {MAX_SEMESTER} semester sekaligus"]})
    if not semesters:
        raise tk.ValidationError({"dari": [
            "Semester awal sesudah semester akhir"]})
    return kehadiran.tren(semesters)


@tk.auth_allow_anonymous_access
def _public(context: Context, data_dict: dict[str, Any]) -> AuthResult:
    return {"success": True}


ACTIONS = {"bandaaceh_berita_kehadiran": bandaaceh_berita_kehadiran,
           "bandaaceh_berita_tren": bandaaceh_berita_tren}
AUTH = {name: _public for name in ACTIONS}
