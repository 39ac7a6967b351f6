#!/usr/bin/env python
"""Benchmark of the PostgreSQL search engine.

Generates N realistic datasets (Indonesian titles, 46 SKPK organisations,
tags, 1-4 resources) in a scratch database, rebuilds the search index with
CKAN's own `search-index rebuild` path and with the parallel
`ckan bandaaceh search-rebuild`, then times a fixed mix of
`package_search` calls in-process and over HTTP (gunicorn), and prints a
table of p50/p95/p99 in milliseconds.

    .venv/bin/python scripts/bench_search.py            # 10,000 datasets
    .venv/bin/python scripts/bench_search.py -n 2000 --repeat 50

The scratch database (default `odba_bench`) is dropped and re-created.
"""
from __future__ import annotations

import argparse
import datetime
import os
import random
import signal
import statistics
import subprocess
import sys
import time
import uuid

import sqlalchemy as sa

from benchlib import free_port, percentile, recreate_database, write_ini

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)

SUBJECTS = [
    "Jumlah Penduduk", "Angka Kelahiran", "Sambungan Air Bersih",
    "Realisasi Anggaran", "Pendapatan Asli Daerah", "Jumlah Sekolah",
    "Jumlah Guru", "Kunjungan Puskesmas", "Cakupan Imunisasi",
    "Panjang Jalan", "Titik Lampu Jalan", "Volume Sampah", "Izin Usaha",
    "Harga Bahan Pokok", "Jumlah Masjid", "Zakat Terhimpun",
    "Kasus Demam Berdarah", "Kunjungan Wisatawan", "Jumlah UMKM",
    "Penerima Bantuan Sosial", "Pelanggan PDAM", "Curah Hujan",
    "Luas Ruang Terbuka Hijau", "Kendaraan Bermotor", "Retribusi Parkir",
]
PLACES = [
    "Baiturrahman", "Kuta Alam", "Meuraxa", "Syiah Kuala", "Lueng Bata",
    "Kuta Raja", "Banda Raya", "Jaya Baru", "Ulee Kareng",
]
BREAKDOWN = ["per Gampong", "per Kecamatan", "per Bulan", "per Jenis",
             "menurut Jenis Kelamin", "per Triwulan"]
TAGS = ["penduduk", "gampong", "kecamatan", "kesehatan", "pendidikan",
        "keuangan", "anggaran", "infrastruktur", "jalan", "air",
        "lingkungan", "sampah", "sosial", "ekonomi", "umkm", "pajak",
        "retribusi", "wisata", "syariat", "zakat", "transportasi",
        "pertanian", "perikanan", "bencana", "statistik"]
FORMATS = ["CSV", "CSV", "CSV", "XLSX", "JSON", "PDF"]
LICENSES = ["cc-by", "cc-by-sa", "odc-odbl", "other-open"]


def generate(n: int, seed: int) -> None:
    """Insert organisations through the API and datasets in bulk."""
    import ckan.model as model
    import ckan.plugins.toolkit as tk

    rng = random.Random(seed)
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context = {"user": site_user["name"], "ignore_auth": True}
    orgs = []
    for i in range(46):
        org = tk.get_action("organization_create")(
            dict(context), {"name": f"skpk-{i:02d}",
                            "title": f"Satuan Kerja {i:02d} Kota Banda Aceh"})
        orgs.append(org["id"])
    groups = []
    for name in ["kependudukan", "kesehatan", "pendidikan", "keuangan",
                 "infrastruktur", "sosial"]:
        groups.append(tk.get_action("group_create")(
            dict(context), {"name": name, "title": name.title()})["id"])
    tags = {}
    for name in TAGS:
        tag = model.Tag(name=name)
        model.Session.add(tag)
        tags[name] = tag
    model.Session.flush()
    start = datetime.datetime(2014, 1, 1)
    for i in range(n):
        year = rng.randint(2012, 2017)
        title = "%s %s %s Tahun %d" % (
            rng.choice(SUBJECTS), rng.choice(BREAKDOWN),
            "Kecamatan " + rng.choice(PLACES) if rng.random() < 0.4
            else "Kota Banda Aceh", year)
        created = start + datetime.timedelta(minutes=rng.randint(0, 2_000_000))
        pkg = model.Package(
            id=str(uuid.uuid4()), name=f"dataset-{i:05d}", title=title,
            notes="Data %s yang dihimpun oleh SKPK untuk tahun %d. %s" % (
                title.lower(), year, rng.choice(SUBJECTS)),
            owner_org=rng.choice(orgs), license_id=rng.choice(LICENSES),
            type="dataset", state="active", private=rng.random() < 0.05,
            metadata_created=created,
            metadata_modified=created + datetime.timedelta(
                days=rng.randint(0, 400)))
        model.Session.add(pkg)
        for tag_name in rng.sample(TAGS, rng.randint(1, 4)):
            model.Session.add(model.PackageTag(package=pkg,
                                               tag=tags[tag_name]))
        for j in range(rng.randint(1, 4)):
            fmt = rng.choice(FORMATS)
            resource = model.Resource(
                package_id=pkg.id, format=fmt,
                url=f"http://data.bandaacehkota.go.id/{pkg.name}/{j}."
                    + fmt.lower(),
                name=f"{title} bagian {j + 1}")
            resource.position = j
            model.Session.add(resource)
        if rng.random() < 0.5:
            model.Session.add(model.Member(
                group_id=rng.choice(groups), table_id=pkg.id,
                table_name="package", capacity="public", state="active"))
        if i % 1000 == 999:
            model.Session.commit()
    model.Session.commit()


def query_mix(org_name: str) -> dict[str, dict]:
    facets = '["organization", "groups", "tags", "res_format", "license_id"]'
    return {
        "free text": {"q": "penduduk gampong"},
        "free text + 5 facets": {"q": "jumlah sekolah", "facet.field": facets},
        "all + 5 facets": {"facet.field": facets},
        "fq organization": {"fq": f"organization:{org_name}"},
        "fq tag": {"fq": "tags:kesehatan"},
        "fq format": {"fq": "res_format:XLSX"},
        "sort title": {"sort": "title_string asc"},
        "deep page": {"start": 5000, "rows": 20},
    }


def time_in_process(mix: dict, repeat: int) -> dict[str, list[float]]:
    import ckan.plugins.toolkit as tk
    timings = {}
    for label, params in mix.items():
        samples = []
        for _ in range(repeat):
            context = {"ignore_auth": False, "user": "",
                       "auth_user_obj": None}
            started = time.perf_counter()
            tk.get_action("package_search")(context, dict(params))
            samples.append((time.perf_counter() - started) * 1000)
        timings[label] = samples
    return timings


def time_over_http(ini: str, mix: dict, repeat: int,
                   workers: int) -> dict[str, list[float]]:
    import requests
    port = free_port()
    env = dict(os.environ, CKAN_INI=ini)
    server = subprocess.Popen(
        [os.path.join(os.path.dirname(sys.executable), "gunicorn"),
         "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
         "--log-level", "warning", "ckanext.bandaaceh.wsgi:create_app()"],
        env=env, cwd=ROOT)
    url = f"http://127.0.0.1:{port}/api/3/action/package_search"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                requests.get(url, timeout=5)
                break
            except requests.ConnectionError:
                time.sleep(0.3)
        session = requests.Session()
        for _ in range(workers * 3):  # warm every worker
            session.get(url, timeout=30)
        timings = {}
        for label, params in mix.items():
            samples = []
            for _ in range(repeat):
                started = time.perf_counter()
                response = session.get(url, params=params, timeout=30)
                samples.append((time.perf_counter() - started) * 1000)
                response.raise_for_status()
            timings[label] = samples
        return timings
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", "--datasets", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=100)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database", default="odba_bench")
    parser.add_argument("--admin-url",
                        default="postgresql://odba:odba@127.0.0.1:5432/postgres")
    parser.add_argument("--seed", type=int, default=1171)
    parser.add_argument("--skip-http", action="store_true")
    args = parser.parse_args()

    recreate_database(args.admin_url, args.database, "odba")
    ini = write_ini(
        f"postgresql://odba:odba@127.0.0.1:5432/{args.database}")
    started = time.perf_counter()
    subprocess.run([os.path.join(os.path.dirname(sys.executable), "ckan"),
                    "-c", ini, "db", "upgrade"], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    app = make_app(load_config(ini))
    with app._wsgi_app.test_request_context():
        import ckan.lib.search as search
        import ckan.model as model
        generate(args.datasets, args.seed)
        generated = time.perf_counter() - started

        started = time.perf_counter()
        search.rebuild(quiet=True, defer_commit=True, clear=True)
        search.commit()
        rebuild = time.perf_counter() - started
        indexed = model.Session.execute(sa.text(
            "SELECT count(*) FROM bandaaceh_search_document")).scalar()

        model.Session.remove()
        started = time.perf_counter()
        subprocess.run(
            [os.path.join(os.path.dirname(sys.executable), "ckan"), "-c",
             ini, "bandaaceh", "search-rebuild"], check=True,
            stdout=subprocess.DEVNULL)
        rebuild_parallel = time.perf_counter() - started
        reindexed = model.Session.execute(sa.text(
            "SELECT count(*) FROM bandaaceh_search_document "
            "WHERE indexed_at > now() - make_interval(secs => :s)"),
            {"s": rebuild_parallel + 1}).scalar()

        mix = query_mix("skpk-07")
        time_in_process(mix, 5)  # warm caches
        in_process = time_in_process(mix, args.repeat)
    http = {} if args.skip_http else time_over_http(
        ini, mix, args.repeat, args.workers)
    os.unlink(ini)

    print()
    print(f"datasets generated: {args.datasets} in {generated:.1f} s; "
          f"documents indexed: {indexed}")
    print(f"index rebuild (ckan search-index rebuild path): {rebuild:.1f} s "
          f"({indexed / rebuild:.0f} datasets/s)")
    print(f"index rebuild, {os.cpu_count()} processes (`ckan bandaaceh "
          f"search-rebuild`): {rebuild_parallel:.1f} s "
          f"({reindexed} documents re-indexed)")
    print()
    header = f"{'query':<24}{'where':<12}{'p50 ms':>8}{'p95 ms':>8}" \
             f"{'p99 ms':>8}"
    print(header)
    print("-" * len(header))
    for where, timings in (("in-process", in_process), ("http", http)):
        for label, samples in timings.items():
            print(f"{label:<24}{where:<12}"
                  f"{statistics.median(samples):>8.1f}"
                  f"{percentile(samples, 95):>8.1f}"
                  f"{percentile(samples, 99):>8.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
