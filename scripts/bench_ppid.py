#!/usr/bin/env python
"""Benchmark of the PPID register harvester.

Generates an export of N request rows (with the personal-data columns a
real PPID system exports), then times, in a scratch database: reading and
validating it (with the personal-data scrub), storing it the first time,
storing it again unchanged (a re-harvest), storing it with 1% of the rows
corrected, and the measures (`bandaaceh_ppid_kinerja`) over all rows;
then the whole harvest as it runs in the portal: the export served by a
local HTTP server, ckanext-harvest's gather and import stages (download,
read, store, publish the registers per year as CSV), once new and once
unchanged. Prints a table.

    .venv/bin/python scripts/bench_ppid.py              # 100,000 rows
    .venv/bin/python scripts/bench_ppid.py -n 20000 --repeat 3

The scratch database (default `odba_bench_ppid`) is dropped and
re-created.
"""
from __future__ import annotations

import argparse
import csv
import datetime
import io
import random
import statistics
import sys
import time

import http.server
import threading

from benchlib import (ckan, free_port, percentile, recreate_database,
                      write_ini)

SKPK = ["dinkes", "disdukcapil", "bpkk", "dpmptsp", "dpupr", "dlhk3",
        "disdikbud", "dinsos", "bappeda", "setdakota", "disbudpar",
        "diskopukmdag", "dishub", "baitulmal", "bkpp"]
TOPIK = ["Data jumlah penduduk per kecamatan", "Realisasi APBK",
         "Daftar izin mendirikan bangunan", "Data kasus demam berdarah",
         "Daftar penerima beasiswa", "Dokumen kontrak pembangunan jalan",
         "Data volume sampah terangkut", "Daftar penerima bantuan sosial",
         "Data kunjungan wisatawan", "Data harga bahan pokok"]
HEADER = ["No", "Nomor Registrasi", "Tanggal Permohonan", "Nama Pemohon",
          "NIK", "Alamat", "No. HP", "Email", "Kategori Pemohon",
          "Informasi yang Diminta", "Tujuan Penggunaan", "SKPK",
          "Keputusan", "Pasal Pengecualian", "Tanggal Jawaban",
          "Perpanjangan"]


def export(n: int, seed: int, corrected: float = 0.0) -> bytes:
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADER)
    start = datetime.date(2012, 1, 2)
    for i in range(1, n + 1):
        received = start + datetime.timedelta(days=rng.randrange(2900))
        answered = received + datetime.timedelta(days=rng.randint(1, 40))
        if rng.random() < corrected:
            answered += datetime.timedelta(days=1)
        keputusan = rng.choice(["Dikabulkan", "Dikabulkan Sebagian",
                                "Tidak Dikuasai", "Ditolak"])
        writer.writerow([
            i, f"{i:06d}/PPID/{received.year}", received.strftime("%d/%m/%Y"),
            f"Pemohon {i}", f"1171{rng.randrange(10**12):012d}",
            f"Jl. Contoh No. {i}", f"0812{rng.randrange(10**8):08d}",
            f"pemohon{i}@contoh.id", "Perorangan",
            f"{rng.choice(TOPIK)} tahun {received.year}, hubungi "
            f"0813{rng.randrange(10**8):08d}", "Penelitian",
            rng.choice(SKPK), keputusan,
            "Pasal 17 huruf b" if keputusan == "Ditolak" else "",
            answered.isoformat(), rng.choice(["Ya", "Tidak"])])
    return out.getvalue().encode("utf-8")


def _serve(body: bytes) -> tuple[http.server.HTTPServer, str]:
    class Export(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            self.send_response(200)
            self.send_header("Content-Type", "text/csv; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()),
                                             Export)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/permohonan.csv"


def _harvest(raw: bytes, count: int) -> list[tuple[str, float, int]]:
    """Time ckanext-harvest's stages over HTTP, as the consumers run them."""
    import ckan.plugins as p
    import ckan.plugins.toolkit as tk
    from ckanext.harvest.model import HarvestJob, HarvestSource
    from ckanext.harvest.tests.lib import run_harvest_job

    server, url = _serve(raw)
    site = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context = {"user": site["name"], "ignore_auth": True}
    org = tk.get_action("organization_create")(
        dict(context), {"name": "bench-ppid", "title": "PPID bench"})
    source = tk.get_action("harvest_source_create")(dict(context), {
        "name": "bench-ppid-kota", "title": "PPID bench", "url": url,
        "source_type": "bandaaceh_ppid", "owner_org": org["id"],
        "frequency": "MANUAL",
        "config": '{"instansi": "bench-http", "nama_instansi": "Bench"}'})
    timed = []
    for label in ("harvest over HTTP, new (gather + import + publish)",
                  "harvest over HTTP, unchanged"):
        job = HarvestJob(source=HarvestSource.get(source["id"]))
        job.save()
        started = time.perf_counter()
        run_harvest_job(job, p.get_plugin("bandaaceh_ppid"))
        timed.append((label, time.perf_counter() - started, count))
    server.shutdown()
    return timed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", "--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database", default="odba_bench_ppid")
    parser.add_argument("--admin-url",
                        default="postgresql://odba:odba@127.0.0.1:5432/postgres")
    parser.add_argument("--seed", type=int, default=1171)
    args = parser.parse_args()

    recreate_database(args.admin_url, args.database, "odba")
    ini = write_ini(
        f"postgresql://odba:odba@127.0.0.1:5432/{args.database}",
        extra="ckan.plugins = bandaaceh harvest bandaaceh_ppid\n"
              "ckanext.bandaaceh_harvest.fetch.allowed_addresses = 127.0.0.1")
    ckan(ini, "db", "init")
    ckan(ini, "bandaaceh", "migrate")

    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    app = make_app(load_config(ini))
    rows = []
    with app._wsgi_app.test_request_context():
        import ckan.plugins.toolkit as tk
        from ckanext.bandaaceh_harvest.ppid import register, simpan

        raw = export(args.rows, args.seed)
        started = time.perf_counter()
        hasil = register.baca(raw, "permohonan.csv", "permohonan")
        rows.append(("read + validate + scrub", time.perf_counter() - started,
                     len(hasil.baris)))
        assert not hasil.salah, hasil.salah[:3]

        for label, data in (
                ("store, first harvest", hasil.baris),
                ("store, same export again", hasil.baris),
                ("store, 1% rows corrected", register.baca(
                    export(args.rows, args.seed, 0.01), "permohonan.csv",
                    "permohonan").baris)):
            started = time.perf_counter()
            saved = simpan.simpan("permohonan", "bench", "bench", data)
            rows.append((f"{label} ({saved.baru} new, {saved.berubah} "
                         f"changed)", time.perf_counter() - started,
                         len(data)))

        timings = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            result = tk.get_action("bandaaceh_ppid_kinerja")(
                {"ignore_auth": True},
                {"per_tanggal": "2020-12-31"})
            timings.append(time.perf_counter() - started)
        groups = len(result["baris"])

        rows.extend(_harvest(raw, args.rows))

    print()
    print(f"{'step':<56}{'seconds':>9}{'rows/s':>10}")
    print("-" * 75)
    for label, seconds, count in rows:
        print(f"{label:<56}{seconds:>9.2f}{count / seconds:>10.0f}")
    print()
    print(f"bandaaceh_ppid_kinerja over {args.rows} requests "
          f"({groups} groups), {args.repeat} runs: "
          f"p50 {statistics.median(timings):.2f} s, "
          f"p95 {percentile(timings, 95):.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
