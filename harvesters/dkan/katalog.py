"""Reading a DKAN catalogue through the shared fetcher.

Two ways, as DKAN 7 serves both: ``data.json`` (Project Open Data 1.1) and
the CKAN-compatible API (``package_list`` + ``package_show``, whose
``result`` DKAN wraps in a one-element list). Either gives records in the
POD shape that ``pemetaan`` maps. Errors are :class:`KatalogError` with
Indonesian messages.
"""
from __future__ import annotations

import dataclasses
import json
from typing import Any
from urllib.parse import quote, urljoin

from ckanext.bandaaceh_harvest.fetcher import FetchError, get_fetcher


class KatalogError(Exception):
    """The catalogue as a whole cannot be read."""


@dataclasses.dataclass
class Katalog:
    records: list[dict[str, Any]]
    salah: list[str]    # records skipped, with the reason


def _json(body: bytes, url: str) -> Any:
    try:
        return json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as e:
        raise KatalogError(f"Jawaban {url} bukan JSON yang sah ({e}).")


def _ambil_json(url: str) -> Any:
    try:
        return _json(get_fetcher().fetch(url).body, url)
    except FetchError as e:
        raise KatalogError(str(e))


def data_json_url(base: str) -> str:
    return base if base.rstrip("/").endswith(".json") else urljoin(
        base.rstrip("/") + "/", "data.json")


def _periksa(records: list[Any], salah: list[str]) -> list[dict[str, Any]]:
    good, seen = [], set()
    for i, record in enumerate(records, start=1):
        if not isinstance(record, dict) or not record.get("identifier") \
                or not str(record.get("title") or "").strip():
            salah.append(f"Dataset ke-{i} tanpa identifier atau judul; "
                         "dilewati.")
            continue
        identifier = str(record["identifier"])
        if identifier in seen:
            salah.append(f"Identifier {identifier} muncul dua kali; yang "
                         "kedua dilewati.")
            continue
        seen.add(identifier)
        good.append(dict(record, identifier=identifier))
    return good


def baca_data_json(base: str) -> Katalog:
    url = data_json_url(base)
    data = _ambil_json(url)
    if not isinstance(data, dict) or not isinstance(data.get("dataset"),
                                                    list):
        raise KatalogError(f"{url} bukan katalog Project Open Data: tidak "
                           "ada daftar \"dataset\".")
    salah: list[str] = []
    return Katalog(_periksa(data["dataset"], salah), salah)


def _hasil_api(data: Any, url: str) -> Any:
    if not isinstance(data, dict) or not data.get("success") \
            or "result" not in data:
        raise KatalogError(f"Jawaban API {url} tidak berhasil atau tidak "
                           "berisi \"result\".")
    return data["result"]


def dari_package_show(package: dict[str, Any]) -> dict[str, Any]:
    """A DKAN ``package_show`` result in the POD shape. DKAN's groups are
    its publishers; its topics (when exported) are the themes."""
    extras = {e.get("key"): e.get("value")
              for e in package.get("extras") or [] if isinstance(e, dict)}
    groups = package.get("groups") or []
    publisher = groups[0].get("title") if groups else extras.get("publisher")
    topics = package.get("topics") or extras.get("theme") or []
    if isinstance(topics, str):
        topics = [t.strip() for t in topics.split(",") if t.strip()]
    return {
        "identifier": package.get("id"),
        "title": package.get("title"),
        "description": package.get("notes"),
        "keyword": [t.get("name") for t in package.get("tags") or []],
        "modified": package.get("metadata_modified"),
        "publisher": {"name": publisher or ""},
        "theme": [t.get("title") if isinstance(t, dict) else t
                  for t in topics],
        "license": package.get("license_id") or package.get(
            "license_title") or "",
        "accrualPeriodicity": extras.get("frequency")
        or package.get("frequency") or "",
        "landingPage": package.get("url") or "",
        "distribution": [
            {"title": r.get("name"), "downloadURL": r.get("url"),
             "format": r.get("format"), "mediaType": r.get("mimetype"),
             "description": r.get("description")}
            for r in package.get("resources") or []],
    }


def baca_api(base: str) -> Katalog:
    api = base.rstrip("/") + "/api/3/action/"
    names = _hasil_api(_ambil_json(api + "package_list"), api)
    if not isinstance(names, list):
        raise KatalogError("package_list tidak berisi daftar nama.")
    records, salah = [], []
    for name in names:
        url = f"{api}package_show?id={quote(str(name))}"
        try:
            result = _hasil_api(_ambil_json(url), url)
        except KatalogError as e:
            salah.append(f"Dataset {name}: {e}")
            continue
        if isinstance(result, list):   # DKAN 7 wraps the package
            result = result[0] if result else None
        if not isinstance(result, dict):
            salah.append(f"Dataset {name}: package_show kosong.")
            continue
        records.append(dari_package_show(result))
    return Katalog(_periksa(records, salah), salah)
