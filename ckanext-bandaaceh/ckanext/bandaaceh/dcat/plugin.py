"""``bandaaceh_dcat``: loaded with ckanext-dcat's ``dcat`` plugin and
``scheming_datasets``, keeps the DCAT catalogue to datasets of type
``dataset`` and lets ckanext-dcat's profiles work beside scheming.

A plugin of its own because its chained actions need those plugins'
actions underneath: in ``bandaaceh`` they would break every set-up
without ``dcat``.
"""
from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.types import Context

from ckanext.bandaaceh.dcat import DATASET_TYPE


def hanya_dataset(fq: Any) -> str:
    """``fq`` narrowed to datasets of type ``dataset``."""
    only = "+dataset_type:%s" % DATASET_TYPE
    if fq and str(fq).strip():
        return "%s +(%s)" % (only, fq)
    return only


@tk.chained_action
@tk.side_effect_free
def dcat_catalog_show(original_action: Any, context: Context,
                      data_dict: dict[str, Any]) -> Any:
    return original_action(context, dict(
        data_dict, fq=hanya_dataset(data_dict.get("fq"))))


@tk.chained_action
@tk.side_effect_free
def dcat_catalog_search(original_action: Any, context: Context,
                        data_dict: dict[str, Any]) -> Any:
    return original_action(context, dict(
        data_dict, fq=hanya_dataset(data_dict.get("fq"))))


@tk.chained_action
def dcat_dataset_show(original_action: Any, context: Context,
                      data_dict: dict[str, Any]) -> Any:
    # An app of the registry answers 404 here, as it is not in the catalogue.
    package = tk.get_action("package_show")(
        dict(context), {"id": tk.get_or_bust(data_dict, "id")})
    if package.get("type") != DATASET_TYPE:
        raise tk.ObjectNotFound()
    return original_action(context, data_dict)


@tk.chained_action
@tk.side_effect_free
def scheming_dataset_schema_show(original_action: Any, context: Context,
                                 data_dict: dict[str, Any]) -> Any:
    """No schema (None) for the plain ``dataset`` type, which scheming does
    not describe here (it holds the ``aplikasi`` type only).

    ckanext-dcat's profiles treat a loaded scheming without a ``dataset``
    schema as an error and refuse to serialise anything; None is what they
    expect when datasets use CKAN's default schema.
    """
    try:
        return original_action(context, data_dict)
    except tk.ObjectNotFound:
        if data_dict.get("type") == DATASET_TYPE:
            return None
        raise


class BandaAcehDcatPlugin(p.SingletonPlugin):
    p.implements(p.IActions)

    # IActions
    def get_actions(self) -> dict[str, Any]:
        return {"dcat_catalog_show": dcat_catalog_show,
                "dcat_catalog_search": dcat_catalog_search,
                "dcat_dataset_show": dcat_dataset_show,
                "scheming_dataset_schema_show": scheming_dataset_schema_show}
