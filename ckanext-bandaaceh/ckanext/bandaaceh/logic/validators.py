"""Validators of the ODBA schemas, with messages in Bahasa Indonesia.

The ``aplikasi`` dataset type (``schemas/aplikasi.yaml``) names them by
their registered names.  Validators that need the scheming field (its
choices) are marked with ``is_a_scheming_validator`` so that scheming
calls them with ``(field, schema)`` first.
"""
from __future__ import annotations

import datetime
import json
import re
from typing import Any, Callable
from urllib.parse import urlsplit

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, FlattenDataDict, FlattenErrorDict, FlattenKey

from ckanext.bandaaceh.aplikasi import izin

__all__ = [
    "bandaaceh_url",
    "bandaaceh_daftar_url",
    "bandaaceh_pilihan",
    "bandaaceh_pilihan_ganda",
    "bandaaceh_nomor_tdpse",
    "bandaaceh_api_base_url",
    "bandaaceh_dataset_terkait",
    "bandaaceh_tahun",
    "bandaaceh_tanggal",
    "bandaaceh_pencatat_survei",
]

PESAN_URL = ("URL tidak valid: %s. Tulis alamat lengkap yang diawali "
             "http:// atau https://, mis. https://layanan.bandaacehkota.go.id")
PESAN_PILIHAN = "Pilihan tidak dikenal: %s. Pilihan yang sah: %s"
PESAN_TDPSE = ("Nomor TDPSE hanya boleh diisi bila status PSE "
               "\"terdaftar\"")
PESAN_API = ("Base URL API wajib diisi bila jenis API bukan "
             "\"tidak_ada\"")
PESAN_DATASET = "Dataset tidak ditemukan di portal ini: %s"
PESAN_DATASET_PRIVAT = ("Dataset privat tidak dapat ditautkan: %s. "
                        "Sebut hanya dataset publik")
PESAN_DATASET_JENIS = ("Bukan dataset, melainkan %s: %s. "
                       "Sebut hanya dataset, bukan aplikasi")
PESAN_TANGGAL = ("Tanggal tidak valid: %s. Tulis dengan format TTTT-BB-HH, "
                 "mis. 2017-07-31")
PESAN_SURVEI_EGOV = ("Kolom ini hanya dapat diisi atau diubah oleh Bidang "
                     "E-Government, yaitu editor atau admin organisasi %s, "
                     "dan oleh sysadmin portal")
PESAN_SURVEI_SYSADMIN = ("Kolom ini hanya dapat diisi atau diubah oleh "
                         "sysadmin portal")
PESAN_TAHUN = "Tahun tidak valid: %s. Tulis tahun empat angka antara %d dan %d"

TAHUN_PALING_AWAL = 1990
TANPA_API = "tidak_ada"
PSE_TERDAFTAR = "terdaftar"
JENIS_DATASET = "dataset"
_TANGGAL = re.compile(r"\d{4}-\d{2}-\d{2}")


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
    """Linked datasets (name or id) are public, active datasets of the
    ``dataset`` type: an app links to the open data it feeds, not to other
    apps or to data the public cannot see."""
    missing_names: list[str] = []
    private_names: list[str] = []
    other_types: dict[str, list[str]] = {}
    for name in _as_list(data.get(key)):
        if isinstance(name, str) and not name.strip():
            continue
        package = (model.Package.get(name.strip())
                   if isinstance(name, str) else None)
        if package is None or package.state != model.State.ACTIVE:
            missing_names.append(str(name))
        elif package.type != JENIS_DATASET:
            other_types.setdefault(package.type, []).append(name.strip())
        elif package.private:
            private_names.append(name.strip())
    if missing_names:
        errors[key].append(PESAN_DATASET % ", ".join(missing_names))
    for type_, names in other_types.items():
        errors[key].append(PESAN_DATASET_JENIS % (type_, ", ".join(names)))
    if private_names:
        errors[key].append(PESAN_DATASET_PRIVAT % ", ".join(private_names))


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


def bandaaceh_tanggal(value: Any) -> Any:
    """A calendar date written YYYY-MM-DD (what the HTML date input sends),
    stored in that form.  Replaces scheming's ``date`` preset, whose
    ``isodate`` answers in English."""
    if value is tk.missing or value is None:
        return value
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if not isinstance(value, str):
        raise tk.Invalid(PESAN_TANGGAL % (value,))
    text = value.strip()
    if not text:
        return None
    if not _TANGGAL.fullmatch(text):
        raise tk.Invalid(PESAN_TANGGAL % value)
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        raise tk.Invalid(PESAN_TANGGAL % value)


def _survey_value(value: Any) -> str:
    """A survey field value as compared with the stored one."""
    if _is_empty(value):
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value).replace("\r\n", "\n").strip()


def _stored_value(key: FlattenKey, data: FlattenDataDict) -> Any:
    """The value stored for this field of the dataset being updated (None
    on create).  ``package_update`` forces the ``id`` to the stored
    dataset's; on create only sysadmins may pass one."""
    package_id = data.get(key[:-1] + ("id",))
    if not isinstance(package_id, str) or not package_id:
        return None
    package = model.Package.get(package_id)
    if package is None:
        return None
    return (package.extras or {}).get(key[-1])


def _pesan_survei() -> str:
    org = izin.organisasi_egov()
    if org is not None:
        return PESAN_SURVEI_EGOV % (
            f"{org.title} ({org.name})" if org.title else org.name)
    name = (tk.config["ckanext.bandaaceh.aplikasi.egov_organization"]
            or "").strip()
    if name:
        return PESAN_SURVEI_EGOV % name
    return PESAN_SURVEI_SYSADMIN


def bandaaceh_pencatat_survei(key: FlattenKey, data: FlattenDataDict,
                              errors: FlattenErrorDict,
                              context: Context) -> None:
    """A survey field is set or changed only by whoever
    ``aplikasi.izin.boleh_mencatat_survei`` allows (and by trusted code
    calling with ``ignore_auth``).  For anyone else the stored value
    stands: sending it back is fine, leaving the field out keeps it, and a
    new or changed value is refused.  Goes first in the field's chain, so
    that a kept value reaches the later validators and the extras."""
    if context.get("ignore_auth") or izin.boleh_mencatat_survei(
            context.get("auth_user_obj") or context.get("user")):
        return
    stored = _stored_value(key, data)
    value = data.get(key, tk.missing)
    if value is tk.missing or _survey_value(value) == _survey_value(stored):
        if stored is not None:
            data[key] = stored
        return
    errors[key].append(_pesan_survei())
    raise tk.StopOnError
