"""The PPID register harvester's stages.

One harvest source per PPID instance (the city's and its partners').
Gather reads the instance's exports through the shared fetcher, stores the
good rows and reports every bad row on the harvest job with its row number;
when anything changed (or a register dataset is missing) one harvest
object is created, and import publishes the instance's datasets.
"""
from __future__ import annotations

import dataclasses
import datetime
import json
import logging
import os
import re
from typing import Any, Optional
from urllib.parse import urlsplit

from ckanext.harvest.model import (
    HarvestGatherError, HarvestObject, HarvestObjectError)

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.bandaaceh.loading import LoaderError
from ckanext.bandaaceh_harvest import objek
from ckanext.bandaaceh_harvest.fetcher import FetchError, get_fetcher
from ckanext.bandaaceh_harvest.ppid import publikasi, register, simpan

log = logging.getLogger(__name__)

CONFIG_DECLARATION = os.path.join(os.path.dirname(__file__),
                                  "config_declaration.yaml")
HARVESTER_INFO = {
    "name": "bandaaceh_ppid",
    "title": "Register PPID (permohonan dan keberatan informasi publik)",
    "description": ("Ekspor register permohonan dan keberatan informasi "
                    "publik dari sistem PPID (CSV, XLSX atau JSON), "
                    "diterbitkan tanpa data pribadi sebagai dataset per "
                    "tahun."),
    "form_config_interface": "Text",
}
# Bad rows listed one by one on the job page; beyond, a count.
MAX_BARIS_DILAPORKAN = 200
_SLUG = re.compile(r"^[a-z0-9-]{2,40}$")
_EXTENSIONS = {
    "application/json": ".json",
    "text/csv": ".csv",
    "text/plain": ".csv",
    "application/vnd.ms-excel": ".csv",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet":
        ".xlsx",
}


@dataclasses.dataclass(frozen=True)
class Konfigurasi:
    instansi: str
    nama_instansi: str
    url: dict[str, str]            # register -> export URL
    kolom: dict[str, dict[str, str]]  # register -> {header: field}


def baca_konfigurasi(raw: Optional[str], source_url: str) -> Konfigurasi:
    """The source config; ValueError with an Indonesian message."""
    try:
        data = json.loads(raw) if raw and raw.strip() else {}
    except ValueError as e:
        raise ValueError(f"Konfigurasi bukan JSON yang sah: {e}")
    if not isinstance(data, dict):
        raise ValueError("Konfigurasi harus berupa objek JSON")
    instansi = data.get("instansi") or ""
    if not _SLUG.match(instansi):
        raise ValueError("\"instansi\" wajib: kode pendek huruf kecil, "
                         "angka dan tanda -, mis. banda-aceh")
    urls = {"permohonan": data.get("permohonan_url") or source_url}
    if data.get("keberatan_url"):
        urls["keberatan"] = data["keberatan_url"]
    for name, url in urls.items():
        if urlsplit(url or "").scheme not in ("http", "https"):
            raise ValueError(f"URL ekspor {name} tidak sah: {url!r}")
    kolom = data.get("kolom") or {}
    if not isinstance(kolom, dict) or any(
            r not in register.REGISTER or not isinstance(m, dict)
            for r, m in kolom.items()):
        raise ValueError("\"kolom\" berbentuk {\"permohonan\": {\"Judul "
                         "kolom\": \"nama_field\"}, \"keberatan\": {...}}")
    return Konfigurasi(instansi, data.get("nama_instansi") or instansi,
                       urls, kolom)


def validate_config(raw: Optional[str]) -> str:
    config = baca_konfigurasi(raw, "https://contoh.invalid/")
    return raw if raw else json.dumps({"instansi": config.instansi})


def _filename(url: str, content_type: str) -> str:
    name = os.path.basename(urlsplit(url).path) or "ekspor"
    if os.path.splitext(name)[1].lower() in (".csv", ".xlsx", ".json",
                                             ".txt"):
        return name
    return name + _EXTENSIONS.get(content_type, ".csv")


def _error(job, message: str) -> None:
    HarvestGatherError(message=message, job=job).save()


def _organisasi(source_id: str) -> Optional[model.Group]:
    package = model.Package.get(source_id)
    if package is None or not package.owner_org:
        return None
    return model.Group.get(package.owner_org)


def _published(config: Konfigurasi,
               today: Optional[datetime.date] = None) -> bool:
    """Whether every register year stored has its dataset, current as of
    `today`: a year with unanswered requests shows their deadline status
    (not yet due, overdue), which moves with the calendar, so its file is
    checked again on the first harvest of every day."""
    today = today or datetime.date.today()
    for name in config.url:
        years: dict[int, bool] = {}
        for row in simpan.baris(name, config.instansi):
            if name == "permohonan":
                year = row["tanggal_diterima"].year
                years[year] = (years.get(year, False)
                               or row.get("tanggal_jawaban") is None)
            else:
                years.setdefault(row["tanggal"].year, False)
        for year, unanswered in years.items():
            package = model.Package.get(
                publikasi.nama_dataset(name, config.instansi, year))
            if package is None or package.state != model.State.ACTIVE:
                return False
            if unanswered and not _checked_on(package, today):
                return False
    return True


def _checked_on(package: model.Package, today: datetime.date) -> bool:
    """Whether the dataset's deadline statuses were computed `today`."""
    return (package.extras or {}).get(publikasi.STATUS_PER) == \
        today.isoformat()


def gather(job) -> list[str]:
    source = job.source
    try:
        config = baca_konfigurasi(source.config, source.url)
    except ValueError as e:
        _error(job, f"Konfigurasi sumber tidak sah: {e}")
        return []
    org = _organisasi(source.id)
    if org is None:
        _error(job, "Sumber panen belum dimiliki organisasi")
        return []
    summary: dict[str, Any] = {}
    for name, url in config.url.items():
        label = publikasi.JUDUL[name]
        try:
            result = get_fetcher().fetch(url, max_bytes=int(
                tk.config["ckanext.bandaaceh_harvest.ppid.max_bytes"]))
            hasil = register.baca(
                result.body, _filename(result.url, result.content_type),
                name, config.kolom.get(name))
        except (FetchError, LoaderError) as e:
            _error(job, f"{label}: {e}")
            continue
        for salah in hasil.salah[:MAX_BARIS_DILAPORKAN]:
            _error(job, f"{label}, {salah}")
        if len(hasil.salah) > MAX_BARIS_DILAPORKAN:
            _error(job, f"{label}: {len(hasil.salah) - MAX_BARIS_DILAPORKAN}"
                        " baris salah lainnya tidak ditampilkan")
        saved = simpan.simpan(name, config.instansi, org.name, hasil.baris)
        summary[name] = {"baru": saved.baru, "berubah": saved.berubah,
                         "tetap": saved.tetap, "salah": len(hasil.salah)}
    changed = any(s["baru"] or s["berubah"] for s in summary.values())
    if not changed and _published(config):
        return []
    obj = HarvestObject(guid=f"ppid:{config.instansi}", job=job,
                        content=json.dumps(summary))
    obj.save()
    return [obj.id]


def import_object(obj) -> Any:
    """Publish the registers of the object's instance."""
    source = obj.source
    try:
        config = baca_konfigurasi(source.config, source.url)
        org = _organisasi(source.id)
        if org is None:
            raise ValueError("Sumber panen belum dimiliki organisasi")
        changed = publikasi.terbitkan(config.instansi, config.nama_instansi,
                                      org.id)
    except Exception as e:
        model.Session.rollback()
        log.exception("Publishing PPID registers of %s failed", source.url)
        message = getattr(e, "error_summary", None) or str(e)
        HarvestObjectError(message=f"Penerbitan gagal: {message}",
                           object=obj, stage="Import").save()
        return False
    # one object stands for all the instance's datasets (a register per
    # year): it links to none of them
    objek.jadikan_terkini(obj, None)
    return True if changed else "unchanged"
