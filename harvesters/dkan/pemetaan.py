"""DKAN records (Project Open Data 1.1 shape) -> ODBA dataset fields.

Pure functions: no database, no HTTP. Whatever cannot be mapped becomes a
:class:`Masalah` (kind, the DKAN value, an Indonesian message); the
import stage records them on the harvest job and ``laporan`` lists them.
"""
from __future__ import annotations

import dataclasses
import functools
import html
import os
import re
import unicodedata
from typing import Any, Optional
from urllib.parse import urlsplit

from ckanext.bandaaceh.loading import read_yaml

PEMETAAN_FILE = os.path.join(os.path.dirname(__file__), "data",
                             "publisher_skpk.yaml")
_SUFFIX = re.compile(r"\s+(pemerintah\s+)?(kota\s+)?banda\s+aceh$")
_TAG_BAD = re.compile(r"[^\w .-]+", re.UNICODE)
_TAG_MAX = 100


@dataclasses.dataclass(frozen=True)
class Masalah:
    """Something of a DKAN dataset that could not be mapped."""
    jenis: str      # penerbit, tema, lisensi, frekuensi, distribusi
    nilai: str      # the DKAN value, as written there
    pesan: str      # Indonesian, shown on the job page and in the report


@dataclasses.dataclass
class Hasil:
    """A mapped DKAN dataset: CKAN fields, our extras, the SKPK code
    (None: unmapped), theme group names and link resources."""
    dataset: dict[str, Any]
    extras: dict[str, str]
    skpk: Optional[str]
    grup: list[str]
    sumber_daya: list[dict[str, str]]
    masalah: list[Masalah]


def kunci(text: Any) -> str:
    """Comparison key: case, accents, punctuation and a trailing
    "Kota Banda Aceh" do not matter."""
    text = unicodedata.normalize("NFKD", str(text or "")).casefold()
    text = re.sub(r"[^a-z0-9/]+", " ", text).strip()
    return _SUFFIX.sub("", text)


def _kunci_url(text: str) -> str:
    text = text.strip().casefold()
    if "://" in text:
        parts = urlsplit(text)
        host = parts.netloc.removeprefix("www.")
        return f"{host}{parts.path}".rstrip("/")
    return kunci(text)


@dataclasses.dataclass(frozen=True)
class Pemetaan:
    penerbit: dict[str, str]
    tema: dict[str, str]
    lisensi: dict[str, str]
    frekuensi: dict[str, str]

    @classmethod
    def dari_data(cls, data: dict[str, Any]) -> "Pemetaan":
        def balik(section: str, key=kunci) -> dict[str, str]:
            return {key(alias): target
                    for target, aliases in (data.get(section) or {}).items()
                    for alias in [target, *(aliases or [])]}
        return cls(balik("penerbit"), balik("tema"),
                   balik("lisensi", _kunci_url), balik("frekuensi"))


@functools.lru_cache(maxsize=None)
def pemetaan() -> Pemetaan:
    return Pemetaan.dari_data(read_yaml(PEMETAAN_FILE))


def teks_polos(value: Any) -> str:
    """DKAN descriptions are HTML: plain text (CKAN renders Markdown),
    paragraphs kept as blank lines."""
    text = str(value or "")
    text = re.sub(r"(?i)</p\s*>", "\n\n", text)
    text = re.sub(r"(?i)<br\s*/?>|</li\s*>", "\n", text)
    text = html.unescape(re.sub(r"<[^>]+>", "", text))
    lines = [re.sub(r"[ \t\xa0]+", " ", line).strip()
             for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def tag(keyword: Any) -> str:
    """A CKAN-valid tag from a DKAN keyword ("" when nothing is left)."""
    text = _TAG_BAD.sub(" ", str(keyword or ""))
    return re.sub(r"\s+", " ", text).strip()[:_TAG_MAX].strip()


def nama_dataset(record: dict[str, Any]) -> str:
    """URL name: DKAN's own slug (landing page /dataset/<slug>) or one
    made from the title."""
    path = urlsplit(record.get("landingPage") or "").path.rstrip("/")
    slug = ""
    if "/dataset/" in path:
        slug = path.rsplit("/", 1)[-1]
    if not slug:
        slug = unicodedata.normalize("NFKD", record.get("title") or "")
    slug = re.sub(r"[^a-z0-9_-]+", "-", slug.casefold()).strip("-")
    if len(slug) < 2:
        slug = "dkan-" + kunci(record.get("identifier")).replace(" ", "-")
    return slug[:100].strip("-")


def _penerbit(record: dict[str, Any]) -> str:
    publisher = record.get("publisher")
    if isinstance(publisher, dict):
        return str(publisher.get("name") or "").strip()
    return str(publisher or "").strip()


def _format(dist: dict[str, Any], url: str) -> str:
    fmt = str(dist.get("format") or "").strip()
    if not fmt and dist.get("mediaType"):
        fmt = str(dist["mediaType"]).rsplit("/", 1)[-1]
    if not fmt:
        fmt = os.path.splitext(urlsplit(url).path)[1].lstrip(".")
    fmt = fmt.upper()
    return {"VND.MS-EXCEL": "XLS", "PLAIN": "TXT",
            "VND.OPENXMLFORMATS-OFFICEDOCUMENT.SPREADSHEETML.SHEET": "XLSX",
            }.get(fmt, fmt)


def sumber_daya(record: dict[str, Any], judul: str
                ) -> tuple[list[dict[str, str]], list[Masalah]]:
    """Link resources of the distributions; those without URL reported."""
    resources, masalah = [], []
    for i, dist in enumerate(record.get("distribution") or [], start=1):
        if not isinstance(dist, dict):
            continue
        name = str(dist.get("title") or "").strip()
        url = str(dist.get("downloadURL") or dist.get("accessURL")
                  or "").strip()
        if not url:
            masalah.append(Masalah(
                "distribusi", name or f"distribusi ke-{i}",
                f"Distribusi \"{name or i}\" tidak mempunyai downloadURL "
                "maupun accessURL; tidak dimuat."))
            continue
        resources.append({
            "name": name or f"{judul} ({i})",
            "url": url,
            "format": _format(dist, url),
            "description": teks_polos(dist.get("description")),
            "dkan_url": url,
        })
    return resources, masalah


def petakan(record: dict[str, Any], peta: Pemetaan) -> Hasil:
    """Map one DKAN record."""
    masalah: list[Masalah] = []
    judul = str(record.get("title") or "").strip()

    penerbit = _penerbit(record)
    skpk = peta.penerbit.get(kunci(penerbit)) if penerbit else None
    if skpk is None:
        masalah.append(Masalah(
            "penerbit", penerbit,
            f"Penerbit tidak dikenal: \"{penerbit}\"" if penerbit
            else "Penerbit kosong"))

    grup: list[str] = []
    for theme in record.get("theme") or []:
        target = peta.tema.get(kunci(theme))
        if target is None:
            masalah.append(Masalah("tema", str(theme),
                                   f"Tema tidak dikenal: \"{theme}\""))
        elif target not in grup:
            grup.append(target)

    license_text = str(record.get("license") or "").strip()
    license_id = peta.lisensi.get(_kunci_url(license_text)) \
        if license_text else "notspecified"
    if license_id is None:
        masalah.append(Masalah(
            "lisensi", license_text,
            f"Lisensi tidak dikenal: \"{license_text}\"; dicatat sebagai "
            "lisensi tidak disebutkan (notspecified)."))
        license_id = "notspecified"

    extras = {"sumber": "dkan",
              "dkan_identifier": str(record.get("identifier") or "")}
    if record.get("modified"):
        extras["dkan_modified"] = str(record["modified"])
    periodicity = str(record.get("accrualPeriodicity") or "").strip()
    if periodicity:
        frekuensi = peta.frekuensi.get(kunci(periodicity))
        if frekuensi is None:
            masalah.append(Masalah(
                "frekuensi", periodicity,
                f"Frekuensi pembaruan tidak dikenal: \"{periodicity}\""))
        else:
            extras["frekuensi_pembaruan"] = frekuensi

    tags = []
    for keyword in record.get("keyword") or []:
        name = tag(keyword)
        if len(name) >= 2 and name.casefold() not in {
                t.casefold() for t in tags}:
            tags.append(name)

    resources, dist_masalah = sumber_daya(record, judul)
    masalah.extend(dist_masalah)
    dataset = {
        "name": nama_dataset(record),
        "title": judul,
        "notes": teks_polos(record.get("description")),
        "license_id": license_id,
        "tags": [{"name": t} for t in tags],
        "url": str(record.get("landingPage") or ""),
    }
    return Hasil(dataset, extras, skpk, grup, resources, masalah)
