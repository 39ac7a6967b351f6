"""API actions of dataset continuity (exported by ``logic/action.py``)."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.bandaaceh import kesegaran
from ckanext.bandaaceh.kesegaran import data

PESAN_SKPK = "SKPK tidak ditemukan"


@tk.side_effect_free
def bandaaceh_kesegaran_dataset(context: Context,
                                data_dict: dict[str, Any]) -> dict[str, Any]:
    """Continuity of one dataset: last data update (newest resource file,
    else the metadata), declared update frequency, due date, the dates it
    turns overdue and delinquent, and its status (``tepat_waktu``,
    ``jatuh_tempo``, ``terlambat``, ``menunggak`` or ``tidak_dinilai``).

    :param id: dataset id or name
    :type id: string
    :rtype: dictionary
    """
    tk.get_or_bust(data_dict, "id")
    tk.check_access("bandaaceh_kesegaran_dataset", context, data_dict)
    package = model.Package.get(str(data_dict["id"]))
    hasil = data.dataset(package.id) if package is not None else None
    if hasil is None:
        raise tk.ObjectNotFound("Dataset tidak ditemukan")
    return hasil


@tk.side_effect_free
def bandaaceh_kesegaran_skpk(context: Context,
                             data_dict: dict[str, Any]) -> dict[str, Any]:
    """Continuity per SKPK over public datasets: counts per status and the
    share of rated datasets on time; with ``id`` one SKPK and the
    continuity of each of its public datasets.

    :param id: SKPK (organisation) name or id (optional)
    :type id: string
    :rtype: dictionary
    """
    tk.check_access("bandaaceh_kesegaran_skpk", context, data_dict)
    if data_dict.get("id"):
        org = model.Group.get(str(data_dict["id"]))
        if org is None or not org.is_organization or org.state != "active":
            raise tk.ObjectNotFound(PESAN_SKPK)
        datasets = data.publik(org.id)
        for d in datasets:
            d.pop("owner_org", None)
        return dict(kesegaran.ringkas(datasets), skpk=org.name,
                    skpk_title=org.title, datasets=datasets)
    skpk = data.per_skpk()
    semua = {"dataset": sum(s["dataset"] for s in skpk),
             "dinilai": sum(s["dinilai"] for s in skpk),
             "jumlah": {k: sum(s["jumlah"][k] for s in skpk)
                        for k in kesegaran.LABEL}}
    tepat = semua["jumlah"][kesegaran.TEPAT_WAKTU]
    semua["persen_tepat_waktu"] = (round(100.0 * tepat / semua["dinilai"], 1)
                                   if semua["dinilai"] else None)
    return {"kota": semua, "skpk": skpk}


@tk.chained_action
def package_create(original, context: Context,
                   data_dict: dict[str, Any]) -> Any:
    """CKAN's ``package_create``; a ``dataset``'s ``frekuensi_pembaruan``
    extra must be a code of ``data/frekuensi.yaml`` (or empty)."""
    data.periksa_frekuensi(data_dict)
    return original(context, data_dict)


@tk.chained_action
def package_update(original, context: Context,
                   data_dict: dict[str, Any]) -> Any:
    """CKAN's ``package_update`` (and so ``package_patch``); a
    ``dataset``'s ``frekuensi_pembaruan`` extra must be a code of
    ``data/frekuensi.yaml`` (or empty)."""
    data.periksa_frekuensi(data_dict)
    return original(context, data_dict)
