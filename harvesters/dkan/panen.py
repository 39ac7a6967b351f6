"""The DKAN harvester's stages.

One harvest source per DKAN portal. Gather reads the whole catalogue
(``data.json`` or the CKAN-compatible API, see ``katalog``) and creates one
harvest object per DKAN dataset (guid = DKAN identifier, content = the
record), plus one deletion object per dataset harvested before that the
catalogue no longer lists. Deletions only happen after a complete read:
a catalogue that fails, is empty or has unreadable records deletes
nothing. Deleted datasets are soft-deleted (CKAN's trash) and come back if
they reappear upstream.

Import maps the record (``pemetaan``), records what could not be mapped
as object errors of the job and writes the dataset only when it changed
(``simpan``).
"""
from __future__ import annotations

import dataclasses
import json
import logging
import os
from typing import Any, Optional
from urllib.parse import urlsplit

from ckanext.harvest.model import (
    HarvestGatherError, HarvestObject, HarvestObjectError)

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.bandaaceh.loading import sync_upload
from ckanext.bandaaceh_harvest import objek
from ckanext.bandaaceh_harvest.dkan import katalog, pemetaan, simpan
from ckanext.bandaaceh_harvest.fetcher import FetchError, get_fetcher

log = logging.getLogger(__name__)

CONFIG_DECLARATION = os.path.join(os.path.dirname(__file__),
                                  "config_declaration.yaml")
HARVESTER_INFO = {
    "name": "bandaaceh_dkan",
    "title": "Portal DKAN (migrasi portal data 2016)",
    "description": ("Dataset portal DKAN dibaca dari data.json (Project "
                    "Open Data 1.1) atau API CKAN-nya; penerbit dipetakan "
                    "ke SKPK, tema ke grup, disertai laporan pemetaan."),
    "form_config_interface": "Text",
}
CARA = ("data.json", "api")


@dataclasses.dataclass(frozen=True)
class Konfigurasi:
    cara: str = "data.json"
    unggah_ulang: bool = False
    organisasi_cadangan: str = ""   # empty: the site-wide option


def baca_konfigurasi(raw: Optional[str]) -> Konfigurasi:
    """The source config; ValueError with an Indonesian message."""
    try:
        data = json.loads(raw) if raw and raw.strip() else {}
    except ValueError as e:
        raise ValueError(f"Konfigurasi bukan JSON yang sah: {e}")
    if not isinstance(data, dict):
        raise ValueError("Konfigurasi harus berupa objek JSON")
    unknown = set(data) - {f.name for f in dataclasses.fields(Konfigurasi)}
    if unknown:
        raise ValueError(f"Kunci tidak dikenal: {', '.join(sorted(unknown))}")
    config = Konfigurasi(**data)
    if config.cara not in CARA:
        raise ValueError(f"\"cara\" harus salah satu dari: {', '.join(CARA)}")
    if not isinstance(config.unggah_ulang, bool):
        raise ValueError("\"unggah_ulang\" harus true atau false")
    return config


def validate_config(raw: Optional[str]) -> str:
    baca_konfigurasi(raw)
    return raw or ""


def _current(source_id: str) -> dict[str, HarvestObject]:
    objects = model.Session.query(HarvestObject).filter(
        HarvestObject.harvest_source_id == source_id,
        HarvestObject.current == True).all()  # noqa: E712
    return {o.guid: o for o in objects}


def gather(job) -> list[str]:
    source = job.source
    try:
        config = baca_konfigurasi(source.config)
        baca = katalog.baca_api if config.cara == "api" \
            else katalog.baca_data_json
        hasil = baca(source.url)
    except (ValueError, katalog.KatalogError) as e:
        HarvestGatherError(message=f"Katalog DKAN tidak terbaca: {e}",
                           job=job).save()
        return []
    for pesan in hasil.salah:
        HarvestGatherError(message=pesan, job=job).save()

    ids = []
    for record in hasil.records:
        obj = HarvestObject(guid=record["identifier"], job=job,
                            content=json.dumps({"record": record}))
        obj.save()
        ids.append(obj.id)
    gone = set(_current(source.id)) - {r["identifier"]
                                       for r in hasil.records}
    if gone and (hasil.salah or not hasil.records):
        HarvestGatherError(message=(
            f"{len(gone)} dataset tidak ada lagi di katalog, tetapi katalog "
            "tidak terbaca utuh; tidak ada yang dihapus."), job=job).save()
    elif gone:
        for guid in sorted(gone):
            obj = HarvestObject(guid=guid, job=job,
                                content=json.dumps({"hapus": True}))
            obj.save()
            ids.append(obj.id)
    return ids


def _object_error(obj, message: str) -> None:
    HarvestObjectError(message=message, object=obj, stage="Import").save()


def _organisasi(code: Optional[str]) -> Optional[model.Group]:
    group = model.Group.get(code) if code else None
    if group is None or not group.is_organization or group.state != "active":
        return None
    return group


def cadangan(config: Konfigurasi) -> str:
    return config.organisasi_cadangan or tk.config[
        "ckanext.bandaaceh_harvest.dkan.fallback_organization"]


def petakan(record: dict[str, Any], config: Konfigurasi
            ) -> tuple[pemetaan.Hasil, Optional[model.Group]]:
    """The mapping of a record against the portal as it is now: SKPK and
    groups that do not exist here are reported like unmapped ones; an
    unmapped publisher goes to the fallback organisation."""
    hasil = pemetaan.petakan(record, pemetaan.pemetaan())
    fallback = cadangan(config)
    org = _organisasi(hasil.skpk)
    if hasil.skpk and org is None:
        hasil.masalah.append(pemetaan.Masalah(
            "penerbit", hasil.skpk,
            f"Organisasi SKPK \"{hasil.skpk}\" belum ada di portal"))
    if org is None:
        org = _organisasi(fallback)
        for m in hasil.masalah:
            if m.jenis == "penerbit":
                hasil.masalah[hasil.masalah.index(m)] = dataclasses.replace(
                    m, pesan=f"{m.pesan}; dataset dimasukkan ke organisasi "
                             f"{fallback}.")
    grup = []
    for name in hasil.grup:
        group = model.Group.get(name)
        if group is None or group.is_organization or group.state != "active":
            hasil.masalah.append(pemetaan.Masalah(
                "tema", name, f"Grup tema \"{name}\" belum ada di portal"))
        else:
            grup.append(name)
    hasil.grup = grup
    return hasil, org


def _package_of(obj) -> Optional[str]:
    """The dataset of the object's DKAN dataset from earlier harvests,
    also when it was deleted (it comes back under its old name)."""
    earlier = model.Session.query(HarvestObject).filter(
        HarvestObject.guid == obj.guid,
        HarvestObject.harvest_source_id == obj.harvest_source_id,
        HarvestObject.package_id != None,  # noqa: E711
        HarvestObject.id != obj.id,
    ).order_by(HarvestObject.gathered.desc()).first()
    return earlier.package_id if earlier else None


def _free_name(name: str, identifier: str) -> str:
    if model.Package.get(name) is None:
        return name
    return f"{name[:90]}-{identifier[:8].lower()}"


def _unggah(package: dict[str, Any], resources: list[dict[str, str]],
            obj) -> bool:
    """Copy small DKAN files into the portal; the others stay links."""
    cap = tk.config["ckanext.bandaaceh_harvest.dkan.max_upload_bytes"]
    changed = False
    for resource in resources:
        try:
            result = get_fetcher().fetch(resource["url"])
        except FetchError as e:
            _object_error(obj, f"Berkas \"{resource['name']}\" tidak dapat "
                               f"diunggah ulang, tetap tautan: {e}")
            continue
        if len(result.body) > cap:
            _object_error(obj, f"Berkas \"{resource['name']}\" lebih dari "
                               f"{cap} bait, tetap tautan.")
            continue
        filename = os.path.basename(urlsplit(result.url).path) or "berkas"
        fields = {k: resource[k] for k in ("format", "description",
                                           "dkan_url")}
        changed |= sync_upload(package, resource["name"], result.body,
                               filename, fields)
        package = tk.get_action("package_show")(
            {"ignore_auth": True}, {"id": package["id"]})
    return changed


def import_object(obj) -> Any:
    """Create, update or delete the dataset of ``obj``."""
    content = json.loads(obj.content or "{}")
    ref = _package_of(obj)
    try:
        if content.get("hapus"):
            changed = simpan.hapus(ref) if ref else False
            objek.jadikan_terkini(obj, ref, current=False)
            return True if changed else "unchanged"
        config = baca_konfigurasi(obj.source.config)
        hasil, org = petakan(content["record"], config)
        for masalah in hasil.masalah:
            _object_error(obj, masalah.pesan)
        if org is None:
            raise ValueError(f"Organisasi cadangan \"{cadangan(config)}\" "
                             "tidak ada")
        wanted = dict(hasil.dataset, owner_org=org.id)
        mine = model.Package.get(ref) if ref else None
        if mine is None:
            ref = None
            wanted["name"] = _free_name(wanted["name"], obj.guid)
        else:
            other = model.Package.get(wanted["name"])
            if other is not None and other.id != mine.id:
                wanted["name"] = mine.name  # the new slug is taken
        # re-uploads start as links; sync_upload then turns them into files
        package, changed = simpan.sinkronkan(
            wanted, hasil.extras, hasil.grup, hasil.sumber_daya, ref)
        if config.unggah_ulang:
            changed |= _unggah(package, hasil.sumber_daya, obj)
    except Exception as e:
        model.Session.rollback()
        log.exception("Importing DKAN dataset %s failed", obj.guid)
        message = getattr(e, "error_summary", None) or str(e)
        _object_error(obj, f"Dataset tidak dapat dimuat: {message}")
        return False
    objek.jadikan_terkini(obj, package["id"], current=True)
    return True if changed else "unchanged"
