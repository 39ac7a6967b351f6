"""Demo news: one news harvest source per SKPK website (data/skpk.yaml)
and two years of headlines (2016-2017), stored and published the way a
harvest stores and publishes them, so the web-presence pages have data.

The shapes follow the seed's 2017 report: 46 SKPK websites, 30 of them on
WordPress Multisite (65%), 9 without news in the first semester of 2017
(19.57%). Headlines are generated from a fixed seed, so every load gives
the same ones and a second load changes nothing.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.bandaaceh.loading import SyncReport, site_context
from ckanext.bandaaceh.skpk import read_skpk
from ckanext.bandaaceh_harvest.berita import publikasi, simpan
from ckanext.bandaaceh_harvest.berita.urai import Item

SEED = 1171
WPMU = 30            # websites on the city's WordPress Multisite
SENYAP_2017_S1 = 9   # websites without news in 2017 S1
KEGIATAN = [
    "Rapat Koordinasi", "Sosialisasi Program", "Monitoring dan Evaluasi",
    "Apel Pagi", "Bimbingan Teknis", "Penyerahan Bantuan", "Kunjungan Kerja",
    "Peringatan Hari Jadi", "Pelatihan Aparatur", "Gotong Royong",
    "Penandatanganan Kerja Sama", "Peluncuran Layanan Daring",
]
TEMPAT = ["Gampong Lampulo", "Gampong Peuniti", "Gampong Lamdingin",
          "Balai Kota", "Taman Bustanussalatin", "Gampong Ateuk Pahlawan",
          "Kecamatan Kuta Alam", "Gampong Lambaro Skep", "Pendopo Wali Kota",
          "Gampong Ulee Lheue", "Masjid Raya Baiturrahman"]
AWAL, AKHIR = dt.date(2016, 1, 1), dt.date(2017, 11, 30)


def _items(kode: str, judul: str, rng: random.Random, senyap_2017_s1: bool
           ) -> list[Item]:
    items = []
    day = AWAL
    while day <= AKHIR:
        day += dt.timedelta(days=rng.randint(3, 30))
        if senyap_2017_s1 and dt.date(2017, 1, 1) <= day <= dt.date(2017, 6,
                                                                     30):
            continue
        if day > AKHIR:
            break
        title = (f"{rng.choice(KEGIATAN)} {judul} di "
                 f"{rng.choice(TEMPAT)}")
        slug = hashlib.sha1(f"{kode}{day}{title}".encode()).hexdigest()[:10]
        when = dt.datetime.combine(day, dt.time(rng.randint(1, 9)))
        items.append(Item(
            key=f"guid:{kode}-{slug}", title=title,
            link=f"https://{kode}.bandaacehkota.go.id/berita/{slug}",
            published_at=when, date_raw=when.isoformat() + "Z",
            date_ok=True))
    return items


def _source(unit: Any) -> dict[str, Any]:
    name = f"situs-{unit.kode}"
    try:
        return tk.get_action("harvest_source_show")(site_context(),
                                                    {"id": name})
    except tk.ObjectNotFound:
        org = model.Group.get(unit.kode)
        return tk.get_action("harvest_source_create")(site_context(), {
            "name": name, "title": f"Situs {unit.nama}", "url": unit.website,
            "source_type": "bandaaceh_berita", "owner_org": org.id,
            "frequency": "MANUAL", "config": json.dumps({"mode": "auto"})})


def load_demo() -> SyncReport:
    report = SyncReport("Demo news websites")
    rng = random.Random(SEED)
    units = [u for u in read_skpk() if u.website]
    silent = set(rng.sample(range(len(units)), SENYAP_2017_S1))
    for i, unit in enumerate(units):
        source = _source(unit)
        row = simpan.ensure_situs(source["id"], unit.website)
        new, updated = simpan.store_items(
            row["id"], _items(unit.kode, unit.nama, rng, i in silent))
        wpmu = i < WPMU
        if row["wpmu"] != wpmu or not row["wordpress"]:
            simpan.update_situs(row["id"], wpmu=wpmu, wordpress=True,
                                generator="WordPress 4.8")
        row = simpan.get_situs(source["id"])
        package, changed = publikasi.publish_situs(
            row, model.Group.get(unit.kode))
        if not row["dataset_id"]:
            simpan.update_situs(row["id"], dataset_id=package["id"])
        if new or updated or changed:
            report.updated.append(package["name"])
        else:
            report.unchanged.append(package["name"])
    publikasi.publish_portal()
    return report
