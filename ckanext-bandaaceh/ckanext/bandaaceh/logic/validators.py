"""Validators of the ODBA schemas, with messages in Bahasa Indonesia.

The ``aplikasi`` dataset type (``schemas/aplikasi.yaml``) names them by
their registered names.  Validators that need the scheming field (its
choices) are marked with ``is_a_scheming_validator`` so that scheming
calls them with ``(field, schema)`` first.
"""
from __future__ import annotations

import datetime
import json
from typing import Any, Callable
from urllib.parse import urlsplit

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey

__all__ = [
    "bandaaceh_url",
    "bandaaceh_daftar_url",
    "bandaaceh_pilihan",
    "bandaaceh_pilihan_ganda",
    "bandaaceh_nomor_tdpse",
    "bandaaceh_api_base_url",
    "bandaaceh_dataset_terkait",
    "bandaaceh_tahun",
]

PESAN_URL = ("URL tidak valid: %s. Tulis alamat lengkap yang diawali "
             "http:// atau https://, mis. https://layanan.bandaacehkota.go.id")
PESAN_PILIHAN = "Pilihan tidak dikenal: %s. Pilihan yang sah: %s"
PESAN_TDPSE = ("Nomor TDPSE hanya boleh diisi bila status PSE "
               "\"terdaftar\"")
PESAN_API = ("Base URL API wajib diisi bila jenis API bukan "
             "\"tidak_ada\"")
PESAN_DATASET = "Dataset tidak ditemukan di portal ini: %s"
PESAN_TAHUN = "Tahun tidak valid: %s. Tulis tahun empat angka antara %d dan %d"

TAHUN_PALING_AWAL = 1990
TANPA_API = "tidak_ada"
PSE_TERDAFTAR = "terdaftar"


def _scheming(factory: Callable[..., Any]) -> Callable[..., Any]:
    factory.is_a_scheming_validator = True  # type: ignore[attr-defined]
    return factory


def _is_empty(value: Any) -> bool:
    return value is tk.missing or value is None or value == "" or value == []


def _as_list(value: Any) -> list[Any]:
    """A repeating field as sent by the form (one string), the API (a list)
    or read back from storage (a JSON list)."""
    if _is_empty(value):
        return []
    if isinstance(value, str):
        if value.startswith("["):
            try:
                loaded = json.loads(value)
            except ValueError:
                return [value]
            if isinstance(loaded, list):
                return loaded
        return [value]
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _sibling(key: FlattenKey, data: FlattenDataDict, name: str) -> Any:
    """Another field of the same dataset (same nesting level)."""
    value = data.get(key[:-1] + (name,), tk.missing)
    return "" if value is tk.missing or value is None else value


def _valid_url(value: str) -> bool:
    parts = urlsplit(value)
    return (parts.scheme in ("http", "https") and bool(parts.hostname)
            and " " not in value)


def bandaaceh_url(value: Any) -> Any:
    """An absolute http(s) URL."""
    if _is_empty(value):
        return value
    if not isinstance(value, str) or not _valid_url(value.strip()):
        raise tk.Invalid(PESAN_URL % value)
    return value.strip()


def bandaaceh_daftar_url(key: FlattenKey, data: FlattenDataDict,
                         errors: FlattenErrorDict, context: Context) -> None:
    """Every URL of a repeating URL field is an absolute http(s) URL."""
    for value in _as_list(data.get(key)):
        if isinstance(value, str) and not value.strip():
            continue
        if not isinstance(value, str) or not _valid_url(value.strip()):
            errors[key].append(PESAN_URL % value)


def _choices(field: dict[str, Any]) -> list[str]:
    return [c["value"] for c in field.get("choices", [])]


@_scheming
def bandaaceh_pilihan(field: dict[str, Any], schema: dict[str, Any]):
    """One of the field's choices (or nothing)."""
    choices = _choices(field)

    def validator(value: Any) -> Any:
        if _is_empty(value):
            return value
        if value not in choices:
            raise tk.Invalid(PESAN_PILIHAN % (value, ", ".join(choices)))
        return value

    return validator


@_scheming
def bandaaceh_pilihan_ganda(field: dict[str, Any], schema: dict[str, Any]):
    """Zero or more of the field's choices.  Runs before scheming's
    ``scheming_multiple_choice``, which stores the list and stays silent
    once an error is recorded."""
    choices = _choices(field)

    def validator(key: FlattenKey, data: FlattenDataDict,
                  errors: FlattenErrorDict, context: Context) -> None:
        unknown = [v for v in _as_list(data.get(key)) if v not in choices]
        if unknown:
            errors[key].append(PESAN_PILIHAN % (
                ", ".join(map(str, unknown)), ", ".join(choices)))

    return validator


def bandaaceh_nomor_tdpse(key: FlattenKey, data: FlattenDataDict,
                          errors: FlattenErrorDict, context: Context) -> None:
    """A TDPSE number exists only once the system is registered."""
    if _is_empty(data.get(key)):
        return
    if _sibling(key, data, "status_pse") != PSE_TERDAFTAR:
        errors[key].append(PESAN_TDPSE)


def bandaaceh_api_base_url(key: FlattenKey, data: FlattenDataDict,
                           errors: FlattenErrorDict,
                           context: Context) -> None:
    """An application that declares an API says where it is."""
    api = _sibling(key, data, "jenis_api")
    if api and api != TANPA_API and _is_empty(data.get(key)):
        errors[key].append(PESAN_API)
        raise tk.StopOnError


def bandaaceh_dataset_terkait(key: FlattenKey, data: FlattenDataDict,
                              errors: FlattenErrorDict,
                              context: Context) -> None:
    """Linked datasets are active datasets of this portal (name or id)."""
    missing_names = []
    for name in _as_list(data.get(key)):
        if isinstance(name, str) and not name.strip():
            continue
        package = (model.Package.get(name.strip())
                   if isinstance(name, str) else None)
        if package is None or package.state != model.State.ACTIVE:
            missing_names.append(str(name))
    if missing_names:
        errors[key].append(PESAN_DATASET % ", ".join(missing_names))


def bandaaceh_tahun(value: Any) -> Any:
    """A four-digit year, not before digital services began and not later
    than next year."""
    if _is_empty(value):
        return value
    last = datetime.date.today().year + 1
    try:
        year = int(str(value).strip())
    except ValueError:
        raise tk.Invalid(PESAN_TAHUN % (value, TAHUN_PALING_AWAL, last))
    if not TAHUN_PALING_AWAL <= year <= last:
        raise tk.Invalid(PESAN_TAHUN % (value, TAHUN_PALING_AWAL, last))
    return str(year)
