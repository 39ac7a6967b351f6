#!/usr/bin/env python
"""Benchmark of the SKPK scorecard and the executive dashboard.

In a scratch database (default `odba_bench_kinerja`, dropped and
re-created) generates five years (2022-2026) of a city: the 46 SKPK of
`data/skpk.yaml` and 90 gampong organisations, their datasets and CSV
resources, monthly downloads, a news website per SKPK with its headlines
and announcements, the app registry, the PPID registers, the demo PeGI
dataset; freezes the nine finished semesters (2022-S1 .. 2026-S1) as the
semester-end job does, the current one stays live. Then serves the portal
with gunicorn and times, per page or API action:

- cold: the first request to a freshly started worker with the live
  scorecard cache emptied (a new server for each page, so nothing of
  another page is warm); cold*: the same with the scorecard already in
  the cache, as the scheduler's refresh job keeps it;
- warm: p50/p95 of repeated requests to the same worker after warming
  (the live scorecard then comes from the Redis cache,
  ``ckanext.bandaaceh.kinerja.cache_detik``).

Targets: p95 warm <= 300 ms, cold <= 2 s. Prints a table.

    .venv/bin/python scripts/bench_kinerja.py
    .venv/bin/python scripts/bench_kinerja.py --repeat 100 --cold 5
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import uuid

from benchlib import ckan, free_port, percentile, recreate_database, write_ini

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PLUGINS = "bandaaceh scheming_datasets harvest bandaaceh_berita bandaaceh_ppid"
TAHUN = range(2022, 2027)
TARGET_WARM_MS = 300
TARGET_COLD_MS = 2000

SUBJEK = ["Jumlah Penduduk", "Realisasi Anggaran", "Jumlah Sekolah",
          "Kunjungan Puskesmas", "Panjang Jalan", "Volume Sampah",
          "Izin Usaha", "Harga Bahan Pokok", "Zakat Terhimpun",
          "Kunjungan Wisatawan", "Jumlah UMKM", "Pelanggan PDAM"]
# tags of the periodic-information categories (data/kinerja) and others
TAG = ["anggaran", "lakip", "profil", "program", "pengadaan", "ppid",
       "statistik", "kesehatan", "pendidikan", "ekonomi"]
JUDUL_BERITA = ["Rapat koordinasi", "Sosialisasi program kerja",
                "Laporan keuangan semester", "Kunjungan kerja",
                "Pelayanan publik", "Pengadaan barang dan jasa",
                "Pelatihan aparatur", "LAKIP diserahkan"]


def _organisations(rng: random.Random) -> dict[str, list[str]]:
    """The 46 SKPK through the loader, 90 gampong straight into the
    table; the demo PeGI dataset."""
    import sqlalchemy as sa

    import ckan.model as model

    from ckanext.bandaaceh import demo, skpk

    skpk.load_skpk()
    demo.load_groups()
    pegi_only = tempfile.mkdtemp(prefix="odba-bench-demo-")
    shutil.copytree(os.path.join(demo.DEMO_DIR, "indeks-pegi"),
                    os.path.join(pegi_only, "indeks-pegi"))
    demo.load_datasets(pegi_only)
    shutil.rmtree(pegi_only)
    now = dt.datetime.utcnow()
    for i in range(90):
        model.Session.execute(model.group_table.insert().values(
            id=str(uuid.uuid4()), name=f"gampong-{i:02d}",
            title=f"Gampong {i:02d}", type="organization",
            is_organization=True, approval_status="approved",
            state="active", created=now, description="", image_url="",
            extras={"jenis": "gampong"}))
    model.Session.commit()
    rows = model.Session.execute(sa.text(
        "SELECT id, coalesce(extras ->> 'jenis', '') FROM \"group\" "
        "WHERE is_organization AND state = 'active'")).all()
    return {"skpk": [r[0] for r in rows if r[1] != "gampong"],
            "gampong": [r[0] for r in rows if r[1] == "gampong"]}


def _waktu(rng: random.Random) -> dt.datetime:
    start = dt.datetime(TAHUN[0], 1, 1)
    end = dt.datetime(2026, 11, 30)
    return start + dt.timedelta(
        seconds=rng.randrange(int((end - start).total_seconds())))


def _datasets(rng: random.Random, orgs: dict[str, list[str]],
              per_skpk: int, per_gampong: int) -> int:
    import ckan.model as model

    tags = {}
    for name in TAG:
        tag = model.Tag(name=name)
        model.Session.add(tag)
        tags[name] = tag
    model.Session.flush()
    owners = ([o for o in orgs["skpk"] for _ in range(per_skpk)]
              + [o for o in orgs["gampong"] for _ in range(per_gampong)])
    packages, resources, package_tags = [], [], []
    for i, owner in enumerate(owners):
        created = _waktu(rng)
        modified = min(created + dt.timedelta(days=rng.randint(0, 500)),
                       dt.datetime(2026, 12, 1))
        package_id = str(uuid.uuid4())
        title = f"{rng.choice(SUBJEK)} Tahun {created.year}"
        packages.append(dict(
            id=package_id, name=f"data-{i:05d}", title=title,
            notes=f"Data {title.lower()}.", owner_org=owner,
            license_id="cc-by", type="dataset", state="active",
            private=rng.random() < 0.05, metadata_created=created,
            metadata_modified=modified, extras={
                "frekuensi_pembaruan": rng.choice(
                    ["bulanan", "tahunan", "semesteran"])}))
        for j in range(rng.randint(1, 3)):
            fmt = rng.choice(["CSV", "CSV", "XLSX", "PDF"])
            when = created + dt.timedelta(days=rng.randint(0, 200))
            resources.append(dict(
                id=str(uuid.uuid4()), package_id=package_id,
                url=f"https://data.bandaacehkota.go.id/{i}/{j}."
                    + fmt.lower(),
                format=fmt, name=f"{title} bagian {j + 1}", position=j,
                state="active", created=when, last_modified=when,
                url_type="", extras={}))
        for name in rng.sample(TAG, rng.randint(0, 2)):
            package_tags.append(dict(id=str(uuid.uuid4()),
                                     package_id=package_id,
                                     tag_id=tags[name].id, state="active"))
    model.Session.execute(model.package_table.insert(), packages)
    model.Session.execute(model.resource_table.insert(), resources)
    if package_tags:
        model.Session.execute(model.package_tag_table.insert(),
                              package_tags)
    model.Session.commit()
    return len(packages)


def _unduhan(rng: random.Random, orgs: dict[str, list[str]]) -> None:
    import sqlalchemy as sa

    import ckan.model as model

    rows = []
    for owner in orgs["skpk"] + orgs["gampong"]:
        for year in TAHUN:
            for month in range(1, 13):
                if (year, month) > (2026, 11):
                    continue
                n = rng.randint(0, 400)
                rows.append({"b": dt.date(year, month, 1), "o": owner,
                             "j": n, "p": n // 3})
    model.Session.execute(sa.text(
        "INSERT INTO bandaaceh_unduhan_skpk_bulanan (bulan, owner_org, "
        "jumlah, pengunjung_harian) VALUES (:b, :o, :j, :p)"), rows)
    model.Session.commit()


def _berita(rng: random.Random, orgs: dict[str, list[str]],
            per_year: int) -> int:
    """A website (harvest source) for 41 of the SKPK with headlines over
    the five years; one in five announced."""
    import ckan.model as model

    from ckanext.bandaaceh_harvest.berita.model import (item, pengumuman,
                                                        situs)
    sites = []
    for n, owner in enumerate(orgs["skpk"][:41]):
        source_id = str(uuid.uuid4())
        model.Session.execute(model.package_table.insert().values(
            id=source_id, name=f"situs-{n:02d}", title=f"Situs {n:02d}",
            owner_org=owner, type="harvest", state="active",
            private=False, metadata_created=dt.datetime(2021, 1, 1),
            metadata_modified=dt.datetime(2021, 1, 1), extras={}))
        site_id = str(uuid.uuid4())
        model.Session.execute(situs.insert().values(
            id=site_id, harvest_source_id=source_id,
            url=f"https://skpk{n:02d}.bandaacehkota.go.id",
            wpmu=rng.random() < 0.7, failures=0, needs_publish=False))
        sites.append(site_id)
    items = []
    for site_id in sites:
        active = rng.random()
        for year in TAHUN:
            for _ in range(int(per_year * active)):
                when = dt.datetime(year, 1, 1) + dt.timedelta(
                    minutes=rng.randrange(365 * 24 * 60))
                if when > dt.datetime(2026, 12, 1):
                    continue
                items.append(dict(
                    situs_id=site_id, key=str(uuid.uuid4()),
                    title=f"{rng.choice(JUDUL_BERITA)} {when:%d/%m/%Y}",
                    link="https://contoh.id/b", published_at=when,
                    date_raw=when.isoformat(), date_ok=True,
                    first_seen=when, updated=when))
    ids = model.Session.execute(item.insert().returning(item.c.id,
                                                        item.c.published_at),
                                items).all()
    announced = [dict(item_id=i, kanal="mastodon",
                      terkirim=when + dt.timedelta(hours=2), percobaan=1,
                      dicoba=when + dt.timedelta(hours=2))
                 for i, when in ids if rng.random() < 0.2]
    if announced:
        model.Session.execute(pengumuman.insert(), announced)
    model.Session.commit()
    return len(items)


def _aplikasi(rng: random.Random, orgs: dict[str, list[str]],
              n: int) -> None:
    import ckan.model as model

    rows = []
    for i in range(n):
        created = _waktu(rng)
        rows.append(dict(
            id=str(uuid.uuid4()), name=f"aplikasi-{i:04d}",
            title=f"Aplikasi {i:04d}", owner_org=rng.choice(orgs["skpk"]),
            type="aplikasi", state="active", private=False,
            metadata_created=created, metadata_modified=created,
            extras={
                "kategori": rng.choice(["layanan_publik",
                                        "layanan_internal",
                                        "website_skpk"]),
                "platform": '["web"]',
                "jenis_api": rng.choice(["rest", "soap", "tidak_ada"]),
                "terhubung_mantra": rng.choice(["ya", "tidak"]),
                "terhubung_open_data": rng.choice(["ya", "tidak"]),
                "status_pse": rng.choice(["terdaftar", "dalam_proses",
                                          "belum"]),
                "tahun_operasi": str(rng.randint(2012, 2026))}))
    model.Session.execute(model.package_table.insert(), rows)
    model.Session.commit()


def _ppid(rng: random.Random, skpk_names: list[str], per_year: int) -> int:
    from ckanext.bandaaceh_harvest.ppid import simpan

    requests, objections = [], []
    for year in TAHUN:
        for k in range(per_year):
            received = dt.date(year, 1, 2) + dt.timedelta(
                days=rng.randrange(330))
            answered = (None if rng.random() < 0.05 else
                        received + dt.timedelta(days=rng.randint(1, 25)))
            number = f"{year}/{k:05d}"
            requests.append({
                "nomor": number, "baris": len(requests) + 1,
                "tanggal_diterima": received, "tanggal_jawaban": answered,
                "skpk": rng.choice(skpk_names), "informasi": "Data",
                "perpanjangan": rng.random() < 0.1,
                "keputusan": "dikabulkan", "kategori_pemohon": "perorangan"})
            if rng.random() < 0.03:
                objections.append({
                    "nomor": f"K{number}", "baris": len(objections) + 1,
                    "nomor_permohonan": number,
                    "tanggal": received + dt.timedelta(days=30),
                    "alasan": "g"})
    simpan.simpan("permohonan", "banda-aceh", "diskominfotik", requests)
    simpan.simpan("keberatan", "banda-aceh", "diskominfotik", objections)
    return len(requests)


def generate(args) -> dict:
    import sqlalchemy as sa

    import ckan.model as model

    from ckanext.bandaaceh.kinerja import kerangka, rapor

    rng = random.Random(args.seed)
    started = time.perf_counter()
    orgs = _organisations(rng)
    names = [r[0] for r in model.Session.execute(sa.text(
        "SELECT name FROM \"group\" WHERE is_organization AND "
        "coalesce(extras ->> 'jenis', '') <> 'gampong'")).all()]
    counts = {
        "organisasi": len(orgs["skpk"]) + len(orgs["gampong"]),
        "dataset": _datasets(rng, orgs, args.datasets_per_skpk, 3)}
    _unduhan(rng, orgs)
    counts["berita"] = _berita(rng, orgs, args.news_per_year)
    _aplikasi(rng, orgs, args.apps)
    counts["permohonan"] = _ppid(rng, names, args.requests_per_year)
    generated = time.perf_counter() - started

    started = time.perf_counter()
    semester = kerangka.Semester(TAHUN[0], 1)
    current = kerangka.semester_ini()
    taken = 0
    while (semester.tahun, semester.ke) < (current.tahun, current.ke):
        rapor.ambil(semester)
        taken += 1
        semester = (kerangka.Semester(semester.tahun, 2) if semester.ke == 1
                    else kerangka.Semester(semester.tahun + 1, 1))
    snapshots = time.perf_counter() - started
    model.Session.remove()
    return {"counts": counts, "generated": generated,
            "snapshots": snapshots, "taken": taken, "skpk": names}


def start_server(ini: str) -> tuple[subprocess.Popen, str]:
    import requests

    port = free_port()
    server = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "gunicorn"),
         "--workers", "1", "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "ckanext.bandaaceh.wsgi:create_app()"],
        env=dict(os.environ, CKAN_INI=ini), cwd=ROOT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            requests.get(base + "/api/3/action/status_show", timeout=30)
            return server, base
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.2)
    server.kill()
    raise SystemExit("the server did not start")


def stop_server(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)


def flush_scorecard_cache(redis_url: str) -> None:
    """Cold means cold: no live scorecard waiting in Redis either."""
    import redis

    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter("*:bandaaceh_kinerja:*"):
        client.delete(key)


def timed_get(session, url: str) -> float:
    started = time.perf_counter()
    response = session.get(url, timeout=120)
    elapsed = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}")
    return elapsed


def main() -> int:
    import requests

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=60,
                        help="warm requests per page")
    parser.add_argument("--cold", type=int, default=2,
                        help="fresh servers per page for the cold figure")
    parser.add_argument("--datasets-per-skpk", type=int, default=40)
    parser.add_argument("--news-per-year", type=int, default=150)
    parser.add_argument("--apps", type=int, default=300)
    parser.add_argument("--requests-per-year", type=int, default=4000)
    parser.add_argument("--database", default="odba_bench_kinerja")
    parser.add_argument("--redis-db", type=int, default=9)
    parser.add_argument("--admin-url",
                        default="postgresql://odba:odba@127.0.0.1:5432/postgres")
    parser.add_argument("--seed", type=int, default=1171)
    args = parser.parse_args()

    import redis

    redis_url = f"redis://127.0.0.1:6379/{args.redis_db}"
    redis.Redis.from_url(redis_url).flushdb()
    recreate_database(args.admin_url, args.database, "odba")
    storage = tempfile.mkdtemp(prefix="odba-bench-kinerja-")
    ini = write_ini(
        f"postgresql://odba:odba@127.0.0.1:5432/{args.database}",
        redis_db=args.redis_db,
        extra=f"ckan.plugins = {PLUGINS}\nckan.storage_path = {storage}\n")
    ckan(ini, "db", "init")
    ckan(ini, "bandaaceh", "migrate")

    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    app = make_app(load_config(ini))
    with app._wsgi_app.test_request_context():
        data = generate(args)

    skpk = sorted(data["skpk"])
    previous = "2024-S1"
    pages = {
        "/dasbor": lambda i: "/dasbor",
        f"/dasbor?semester={previous} (frozen)":
            lambda i: f"/dasbor?semester={previous}",
        "Kinerja tab":
            lambda i: f"/organization/kinerja/{skpk[i % len(skpk)]}",
        "api bandaaceh_kinerja_kota":
            lambda i: "/api/3/action/bandaaceh_kinerja_kota",
        "api bandaaceh_kinerja_skpk":
            lambda i: "/api/3/action/bandaaceh_kinerja_skpk?id="
                      + skpk[i % len(skpk)],
        "api bandaaceh_kinerja_riwayat":
            lambda i: "/api/3/action/bandaaceh_kinerja_riwayat?id="
                      + skpk[i % len(skpk)],
        "api bandaaceh_pegi": lambda i: "/api/3/action/bandaaceh_pegi",
    }
    results = []
    try:
        for label, path in pages.items():
            cold, cold_cached = [], []
            for _ in range(args.cold):
                flush_scorecard_cache(redis_url)
                for into in (cold, cold_cached):
                    # the second fresh server finds the scorecard the
                    # first computed, as after the refresh job
                    server, base = start_server(ini)
                    try:
                        into.append(timed_get(requests.Session(),
                                              base + path(0)))
                    finally:
                        stop_server(server)
            server, base = start_server(ini)
            try:
                session = requests.Session()
                for i in range(5):
                    timed_get(session, base + path(i))
                warm = [timed_get(session, base + path(i))
                        for i in range(args.repeat)]
            finally:
                stop_server(server)
            results.append((label, max(cold), max(cold_cached),
                            statistics.median(warm), percentile(warm, 95)))
    finally:
        os.unlink(ini)
        shutil.rmtree(storage, ignore_errors=True)
        redis.Redis.from_url(redis_url).flushdb()

    counts = data["counts"]
    print()
    print(f"generated in {data['generated']:.1f} s: "
          f"{counts['organisasi']} organisations (46 SKPK + 90 gampong), "
          f"{counts['dataset']:,} datasets, {counts['berita']:,} headlines, "
          f"{args.apps} apps, {counts['permohonan']:,} PPID requests "
          f"({TAHUN[0]}-{TAHUN[-1]})")
    print(f"semester snapshots: {data['taken']} in {data['snapshots']:.1f} s "
          f"({data['snapshots'] / max(data['taken'], 1) * 1000:.0f} ms each)")
    print()
    header = (f"{'page (server time, ms)':<38}{'cold':>7}{'cold*':>7}"
              f"{'warm p50':>10}{'warm p95':>10}"
              f"  target (cold {TARGET_COLD_MS}, p95 {TARGET_WARM_MS})")
    print(header)
    print("-" * len(header))
    for label, cold, cold_cached, p50, p95 in results:
        ok = cold <= TARGET_COLD_MS and p95 <= TARGET_WARM_MS
        print(f"{label:<38}{cold:>7.0f}{cold_cached:>7.0f}{p50:>10.1f}"
              f"{p95:>10.1f}  {'OK' if ok else 'MISSED'}")
    print("cold: fresh worker, empty scorecard cache (worst of "
          f"{args.cold}); cold*: fresh worker, scorecard already cached "
          "(as kept by the refresh job)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
