"""PeGI (Pemeringkatan E-Government Indonesia): the city's yearly scores.

Five dimensions on a 1-4 scale. The mean is rounded to two decimals (half
up) and the category is that of the rounded mean, as the city reports it:
2015's 2.598 is 2.60, "Baik". Category thresholds are configurable
(``ckanext.bandaaceh.pegi.kategori``); the scores themselves live in an
open dataset of the portal (``ckanext.bandaaceh.pegi.dataset``).
"""
from __future__ import annotations

import csv
import decimal
import io
import re
from typing import Any, Optional

import ckan.plugins.toolkit as tk

DIMENSI = ("kebijakan", "kelembagaan", "infrastruktur", "aplikasi",
           "perencanaan")
SKALA = (decimal.Decimal(1), decimal.Decimal(4))
_PAIR = re.compile(r"\s*([^:]+?)\s*:\s*(\d+(?:\.\d+)?)")
PESAN_NILAI = "Tahun %s: nilai %s %r bukan angka antara 1 dan 4"
PESAN_TAHUN = "Baris %d: tahun %r bukan tahun empat angka, mis. 2015"
PESAN_KATEGORI = ("ckanext.bandaaceh.pegi.kategori tidak sah: %s. Tulis "
                  "mis. \"Sangat Baik:3.60 Baik:2.60 Kurang:1.60 "
                  "Sangat Kurang:1.00\"")


def kategori_batas(text: Optional[str] = None
                   ) -> list[tuple[str, decimal.Decimal]]:
    """Categories and their lower bounds, highest first, from
    ``Name:bound`` pairs separated by spaces (names may hold spaces)."""
    text = text if text is not None else tk.config.get(
        "ckanext.bandaaceh.pegi.kategori")
    pairs = _PAIR.findall(text or "")
    if not pairs or _PAIR.sub("", text).strip():
        raise ValueError(PESAN_KATEGORI % text)
    try:
        return sorted(((name.strip(), decimal.Decimal(bound))
                       for name, bound in pairs),
                      key=lambda p: p[1], reverse=True)
    except decimal.InvalidOperation:
        raise ValueError(PESAN_KATEGORI % text)


def rerata(nilai: dict[str, Any]) -> decimal.Decimal:
    """Mean of the five dimensions, rounded half up to two decimals."""
    total = sum(decimal.Decimal(str(nilai[d])) for d in DIMENSI)
    return (total / len(DIMENSI)).quantize(decimal.Decimal("0.01"),
                                           rounding=decimal.ROUND_HALF_UP)


def kategori(mean: decimal.Decimal,
             batas: list[tuple[str, decimal.Decimal]]) -> str:
    for name, bound in batas:
        if mean >= bound:
            return name
    return batas[-1][0]


def baca_csv(text: str) -> tuple[list[dict[str, Any]], list[str]]:
    """Rows (year and dimensions) of a PeGI CSV, and the problems of the
    rows left out."""
    rows, problems = [], []
    for number, row in enumerate(csv.DictReader(io.StringIO(text)),
                                 start=2):
        row = {(k or "").strip().lower(): (v or "").strip()
               for k, v in row.items() if isinstance(v, (str, type(None)))}
        year = row.get("tahun", "")
        if not re.fullmatch(r"\d{4}", year):
            problems.append(PESAN_TAHUN % (number, year))
            continue
        values = {}
        for dim in DIMENSI:
            try:
                value = decimal.Decimal(row.get(dim, ""))
            except decimal.InvalidOperation:
                value = None
            if value is None or not SKALA[0] <= value <= SKALA[1]:
                problems.append(PESAN_NILAI % (year, dim, row.get(dim)))
                break
            values[dim] = value
        else:
            rows.append(dict(values, tahun=int(year),
                             rerata_terbit=row.get("rerata") or None,
                             kategori_terbit=row.get("kategori") or None))
    return rows, problems


def _sama_angka(published: Optional[str], mean: decimal.Decimal) -> bool:
    """Whether a published mean ("2.6", "2.60", "2,60") is `mean`; an
    absent one agrees, an unreadable one does not."""
    if published is None:
        return True
    try:
        return decimal.Decimal(published.replace(",", ".")) == mean
    except decimal.InvalidOperation:
        return False


def riwayat(rows: list[dict[str, Any]],
            batas: Optional[list[tuple[str, decimal.Decimal]]] = None
            ) -> list[dict[str, Any]]:
    """Each year's mean and category, oldest first; whether they agree
    with the figures published in the dataset."""
    batas = batas or kategori_batas()
    out = []
    for row in sorted(rows, key=lambda r: r["tahun"]):
        mean = rerata(row)
        name = kategori(mean, batas)
        out.append({
            "tahun": row["tahun"],
            **{d: float(row[d]) for d in DIMENSI},
            "rerata": float(mean),
            "kategori": name,
            "sesuai_terbitan": (
                _sama_angka(row.get("rerata_terbit"), mean)
                and row.get("kategori_terbit") in (None, name)),
        })
    return out


def dari_dataset(name: Optional[str] = None) -> dict[str, Any]:
    """The PeGI history from the portal's PeGI dataset: the first uploaded
    CSV resource of it with the dimension columns."""
    from ckan.lib.uploader import get_resource_uploader

    name = name or tk.config.get("ckanext.bandaaceh.pegi.dataset")
    dataset = tk.get_action("package_show")({}, {"id": name})
    for resource in dataset["resources"]:
        if resource.get("url_type") != "upload" or (
                resource.get("format") or "").upper() != "CSV":
            continue
        path = get_resource_uploader(resource).get_path(resource["id"])
        with open(path, encoding="utf-8-sig") as f:
            text = f.read()
        header = text.splitlines()[0].lower() if text else ""
        if all(d in header for d in DIMENSI):
            rows, problems = baca_csv(text)
            return {"dataset": dataset["name"], "resource": resource["id"],
                    "riwayat": riwayat(rows), "masalah": problems}
    raise tk.ObjectNotFound(
        f"Dataset {name} tidak memiliki berkas CSV nilai PeGI")
