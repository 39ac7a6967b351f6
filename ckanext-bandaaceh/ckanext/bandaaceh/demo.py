"""Demo content: themes (CKAN groups) and example datasets with CSV files.

Both are data: ``data/groups.yaml`` and one folder per dataset under
``data/demo/`` (``dataset.yaml`` plus its CSV files, see the README there).
Loading is idempotent: a dataset or file that already matches is left
alone, so a second run changes nothing and adds no activity.
"""
from __future__ import annotations

import dataclasses
import os
from typing import Any, Optional

import ckan.plugins.toolkit as tk

from ckanext.bandaaceh.loading import (
    LoaderError, SyncReport, data_path, extras_dict, merged_extras,
    read_yaml, site_context, sync_group, sync_upload)
from ckanext.bandaaceh.skpk import read_skpk

GROUPS_FILE = data_path("groups.yaml")
DEMO_DIR = data_path("demo")

# `frekuensi_pembaruan` values, as written in the data files.
FREKUENSI = ("harian", "mingguan", "bulanan", "triwulanan", "semesteran",
             "tahunan")


# Themes ---------------------------------------------------------------------

def read_groups(path: str = GROUPS_FILE) -> list[dict[str, Any]]:
    """CKAN group dicts for the themes listed in `path`."""
    data = read_yaml(path) or {}
    groups = []
    for i, entry in enumerate(data.get("grup") or [], start=1):
        try:
            groups.append({"name": entry["nama"], "title": entry["judul"],
                           "description": entry.get("deskripsi", "")})
        except KeyError as e:
            raise LoaderError(f"{path}: entry {i} has no {e.args[0]!r}")
    if not groups:
        raise LoaderError(f"{path} lists no groups")
    return groups


def load_groups(path: str = GROUPS_FILE) -> SyncReport:
    """Create or update one CKAN group per theme listed in `path`."""
    report = SyncReport("Groups")
    for group in read_groups(path):
        sync_group("group", group, {}, report)
    return report


# Datasets -------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Berkas:
    """One CSV file of a demo dataset, uploaded as a CKAN resource."""
    path: str
    judul: str
    deskripsi: str

    def content(self) -> bytes:
        with open(self.path, "rb") as f:
            return f.read()

    def resource_fields(self) -> dict[str, Any]:
        return {"description": self.deskripsi, "format": "CSV"}


@dataclasses.dataclass(frozen=True)
class DemoDataset:
    nama: str
    judul: str
    deskripsi: str
    skpk: str
    grup: tuple[str, ...]
    tag: tuple[str, ...]
    lisensi: str
    frekuensi_pembaruan: str
    berkas: tuple[Berkas, ...]

    def package_dict(self) -> dict[str, Any]:
        """The dataset metadata, without resources."""
        return {
            "name": self.nama,
            "title": self.judul,
            "notes": self.deskripsi.strip(),
            "owner_org": self.skpk,
            "license_id": self.lisensi,
            "groups": [{"name": g} for g in self.grup],
            "tags": [{"name": t} for t in self.tag],
        }

    def extras(self) -> dict[str, str]:
        return {"frekuensi_pembaruan": self.frekuensi_pembaruan}


def read_dataset(folder: str) -> DemoDataset:
    path = os.path.join(folder, "dataset.yaml")
    meta = read_yaml(path) or {}
    required = ("nama", "judul", "deskripsi", "skpk", "lisensi",
                "frekuensi_pembaruan", "berkas")
    missing = [k for k in required if not meta.get(k)]
    if missing:
        raise LoaderError(f"{path}: missing {', '.join(missing)}")
    if meta["nama"] != os.path.basename(folder):
        raise LoaderError(
            f"{path}: nama {meta['nama']!r} must equal the folder name")
    if meta["frekuensi_pembaruan"] not in FREKUENSI:
        raise LoaderError(
            f"{path}: frekuensi_pembaruan must be one of {', '.join(FREKUENSI)}")
    files = []
    for entry in meta["berkas"]:
        file_path = os.path.join(folder, entry["berkas"])
        if not os.path.isfile(file_path):
            raise LoaderError(f"{path}: file {entry['berkas']} not found")
        files.append(Berkas(file_path, entry["judul"],
                            entry.get("deskripsi", "")))
    return DemoDataset(
        nama=meta["nama"], judul=meta["judul"], deskripsi=meta["deskripsi"],
        skpk=meta["skpk"], grup=tuple(meta.get("grup") or ()),
        tag=tuple(meta.get("tag") or ()), lisensi=meta["lisensi"],
        frekuensi_pembaruan=meta["frekuensi_pembaruan"], berkas=tuple(files))


def read_datasets(demo_dir: str = DEMO_DIR) -> list[DemoDataset]:
    """All demo datasets, checked against the SKPK and theme lists."""
    if not os.path.isdir(demo_dir):
        raise LoaderError(f"demo folder not found: {demo_dir}")
    datasets = [read_dataset(os.path.join(demo_dir, name))
                for name in sorted(os.listdir(demo_dir))
                if os.path.isfile(os.path.join(demo_dir, name, "dataset.yaml"))]
    skpk = {unit.kode for unit in read_skpk()}
    groups = {g["name"] for g in read_groups()}
    for ds in datasets:
        if ds.skpk not in skpk:
            raise LoaderError(
                f"{ds.nama}: skpk {ds.skpk!r} is not in data/skpk.yaml")
        unknown = set(ds.grup) - groups
        if unknown:
            raise LoaderError(f"{ds.nama}: unknown grup "
                              f"{', '.join(sorted(unknown))} (data/groups.yaml)")
    return datasets


def _metadata_changes(ds: DemoDataset,
                      existing: dict[str, Any]) -> dict[str, Any]:
    wanted = ds.package_dict()
    changes: dict[str, Any] = {}
    for key in ("title", "notes", "license_id"):
        if (existing.get(key) or "") != wanted[key]:
            changes[key] = wanted[key]
    if (existing.get("organization") or {}).get("name") != ds.skpk:
        changes["owner_org"] = ds.skpk
    if {g["name"] for g in existing.get("groups", [])} != set(ds.grup):
        changes["groups"] = wanted["groups"]
    if {t["name"] for t in existing.get("tags", [])} != set(ds.tag):
        changes["tags"] = wanted["tags"]
    current_extras = extras_dict(existing)
    if any(current_extras.get(k) != v for k, v in ds.extras().items()):
        changes["extras"] = merged_extras(existing, ds.extras())
    if existing.get("state") != "active":
        changes["state"] = "active"
    return changes


def _sync_resources(ds: DemoDataset, package: dict[str, Any]) -> bool:
    """Upload missing or edited files; True when anything changed.
    Resources are matched by name; resources added by hand stay."""
    changed = False
    for berkas in ds.berkas:
        changed |= sync_upload(package, berkas.judul, berkas.content(),
                               os.path.basename(berkas.path),
                               berkas.resource_fields())
    return changed


def sync_dataset(ds: DemoDataset, report: SyncReport) -> dict[str, Any]:
    """Create or update one demo dataset and its uploaded files."""
    try:
        existing = tk.get_action("package_show")(site_context(),
                                                 {"id": ds.nama})
    except tk.ObjectNotFound:
        data = dict(ds.package_dict(), extras=[
            {"key": k, "value": v} for k, v in ds.extras().items()])
        package = tk.get_action("package_create")(site_context(), data)
        _sync_resources(ds, package)
        report.created.append(ds.nama)
        return package

    changes = _metadata_changes(ds, existing)
    if changes:
        existing = tk.get_action("package_patch")(
            site_context(), dict(changes, id=existing["id"]))
    if _sync_resources(ds, existing) or changes:
        report.updated.append(ds.nama)
    else:
        report.unchanged.append(ds.nama)
    return existing


def load_datasets(demo_dir: str = DEMO_DIR) -> SyncReport:
    """Create or update every demo dataset found in `demo_dir`."""
    report = SyncReport("Demo datasets")
    for ds in read_datasets(demo_dir):
        sync_dataset(ds, report)
    return report


# The demo catalogue ---------------------------------------------------------

KATALOG_FILE = data_path("demo_katalog.yaml")
CATATAN_CONTOH = ("*Data contoh untuk demonstrasi portal ODBA: angka disusun "
                  "untuk peragaan dan bukan statistik resmi Pemerintah Kota "
                  "Banda Aceh.*")


@dataclasses.dataclass(frozen=True)
class BerkasContoh:
    """A generated CSV file of a catalogue dataset (example rows)."""
    path: str          # the file name it is uploaded as
    judul: str
    deskripsi: str
    isi: bytes

    def content(self) -> bytes:
        return self.isi

    def resource_fields(self) -> dict[str, Any]:
        return {"description": self.deskripsi, "format": "CSV"}


def _isi_contoh(kolom: list[str], *kunci: Any) -> bytes:
    """Five example rows: a label column, then numbers drawn from a hash of
    `kunci`, so a file is the same on every load."""
    import hashlib

    lines = [",".join(kolom)]
    for i in range(1, 6):
        digest = hashlib.sha256(repr((kunci, i)).encode()).digest()
        numbers = [str(int.from_bytes(digest[4 * j:4 * j + 4], "big")
                       % 900 + 100) for j in range(len(kolom) - 1)]
        lines.append(",".join([f"{kolom[0].replace('_', ' ')} {i}"]
                              + numbers))
    return ("\n".join(lines) + "\n").encode("utf-8")


def read_katalog(path: str = KATALOG_FILE, demo_dir: str = DEMO_DIR,
                 hand: Optional[list[DemoDataset]] = None
                 ) -> list[DemoDataset]:
    """The generated catalogue datasets: with the hand-written ones of
    `demo_dir` (or `hand`, when already read) they make the `target`
    counts of `path`, every SKPK with at least one dataset."""
    data = read_yaml(path) or {}
    try:
        target = data["target"]
        kinds = data["jenis"]
    except KeyError as e:
        raise LoaderError(f"{path}: missing {e.args[0]!r}")
    units = read_skpk()
    hand = read_datasets(demo_dir) if hand is None else hand
    datasets = target["dataset"] - len(hand)
    files = target["sumber_csv"] - sum(len(d.berkas) for d in hand)
    uncovered = {u.kode for u in units} - {d.skpk for d in hand}
    slots = [(kind, unit) for kind in kinds for unit in units]
    if not (len(uncovered) <= datasets <= len(slots)
            and datasets <= files
            <= sum(len(kind["tahun"]) for kind, _ in slots[:datasets])):
        raise LoaderError(
            f"{path}: the targets ({target['dataset']} datasets, "
            f"{target['sumber_csv']} files) cannot be met with "
            f"{len(hand)} hand-written datasets and these kinds")
    # kinds in order over every SKPK: the first pass covers them all
    chosen = slots[:datasets]
    years = [1] * datasets
    extra = files - datasets
    depth = 1
    while extra:
        for i, (kind, _unit) in enumerate(chosen):
            if extra and len(kind["tahun"]) > depth:
                years[i] += 1
                extra -= 1
        depth += 1
    out = []
    for (kind, unit), count in zip(chosen, years):
        name = f"{kind['kode']}-{unit.kode}"
        out.append(DemoDataset(
            nama=name, judul=f"{kind['judul']} {unit.nama}",
            deskripsi=f"{kind['deskripsi']} {unit.nama} Kota Banda Aceh."
                      f"\n\n{CATATAN_CONTOH}",
            skpk=unit.kode, grup=tuple(kind.get("grup") or ()),
            tag=tuple(kind.get("tag") or ()), lisensi="cc-by",
            frekuensi_pembaruan=kind["frekuensi_pembaruan"],
            berkas=tuple(
                BerkasContoh(f"{name}-{year}.csv",
                             f"{kind['judul']} {year}",
                             f"{kind['judul']} tahun {year}.",
                             _isi_contoh(kind["kolom"], name, year))
                for year in kind["tahun"][:count])))
    return out


def load_katalog(path: str = KATALOG_FILE,
                 demo_dir: str = DEMO_DIR) -> SyncReport:
    """Create or update the generated catalogue datasets."""
    report = SyncReport("Demo catalogue")
    for ds in read_katalog(path, demo_dir):
        sync_dataset(ds, report)
    return report


def load_unduhan(path: str = KATALOG_FILE,
                 today: Any = None) -> SyncReport:
    """Demo download history: each of the twelve months up to the current
    one gets CSV downloads of the demo datasets until it has
    ``unduhan_csv_per_bulan``, pushed through the real queue (Redis) and
    aggregated as the portal's job does. Months that already have them get
    none, so a second run adds nothing."""
    import datetime
    import json

    import ckan.model as model

    from ckanext.bandaaceh import statistik
    from ckanext.bandaaceh.unduhan import agregasi, antrean, pencatat
    from ckanext.bandaaceh.unduhan import statistik as unduhan_statistik

    report = SyncReport("Demo downloads (months)")
    per_month = (read_yaml(path) or {})["target"]["unduhan_csv_per_bulan"]
    today = today or antrean.hari_ini()
    awal, akhir = unduhan_statistik.rentang(today=today)
    hand = read_datasets()
    names = [d.nama for d in hand + read_katalog(path, hand=hand)]
    packages = [model.Package.get(name) for name in names]
    resources = [r.id for package in packages if package is not None
                 for r in package.resources
                 if (r.format or "").lower() == "csv"]
    if not resources:
        return report
    client = antrean.klien(timeout_ms=5000)
    salt = antrean.garam(client, today)
    zone = antrean.zona()
    pushed = 0
    for row in statistik.bulanan(awal, akhir):
        missing = per_month - row["unduhan_csv"]
        if missing <= 0:
            report.unchanged.append(row["bulan"])
            continue
        first = datetime.date.fromisoformat(row["bulan"] + "-01")
        days = ((today - first).days + 1 if row["bulan"] == akhir.strftime(
            "%Y-%m") else 28)
        events = []
        for n in range(missing):
            day = first + datetime.timedelta(days=n % days)
            moment = datetime.datetime.combine(
                day, datetime.time(8 + n % 10), tzinfo=zone)
            events.append(json.dumps(
                [int(moment.timestamp()), resources[(pushed + n) %
                                                    len(resources)],
                 "upload", pencatat.hash_pengunjung(salt, f"demo-{n % 97}")],
                separators=(",", ":")))
        client.rpush(antrean.kunci_antrean(), *events)
        pushed += missing
        report.created.append(row["bulan"])
    if pushed:
        agregasi.agregasi()
    return report
