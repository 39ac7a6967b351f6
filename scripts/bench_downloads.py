#!/usr/bin/env python
"""Benchmark of the server-side download counting.

In a scratch database (default `odba_bench_unduhan`, dropped and re-created)
and a scratch Redis database, serves the portal twice with gunicorn (4
workers each): once with counting off, once with it on. Then:

1. latency of downloading an uploaded CSV, requests alternating between the
   two servers, p50/p95 (counting must add at most 5 ms at p95);
2. 10,000 downloads from 32 concurrent clients, aggregated: exactly 10,000;
3. aggregation of 2,000,000 events over 200 resources (target <= 60 s).

    .venv/bin/python scripts/bench_downloads.py
    .venv/bin/python scripts/bench_downloads.py --samples 500 --events 200000
"""
from __future__ import annotations

import argparse
import concurrent.futures
import io
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time

import sqlalchemy as sa

import benchlib
from benchlib import free_port, percentile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
BIN = os.path.dirname(sys.executable)
CSV = ("gampong,kecamatan,jiwa\n"
       + "".join("Gampong %d,Kuta Alam,%d\n" % (i, 1000 + i)
                 for i in range(100)))


def write_ini(db_url: str, redis_url: str, storage: str,
              counting: bool) -> str:
    return benchlib.write_ini(db_url, redis_url=redis_url, extra=(
        f"ckan.storage_path = {storage}\n"
        "ckan.plugins = bandaaceh\n"
        "ckanext.bandaaceh.unduhan.enabled = "
        f"{'true' if counting else 'false'}"))


def recreate_database(admin_url: str, name: str, owner: str) -> None:
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" '
                             "WITH (FORCE)"))
        conn.execute(sa.text(f'CREATE DATABASE "{name}" OWNER "{owner}"'))
    engine.dispose()


def create_data(n_datasets: int, per_dataset: int) -> dict:
    """One org with an uploaded CSV (latency, exactness) and datasets with
    link resources for the generated events."""
    from werkzeug.datastructures import FileStorage

    import ckan.plugins.toolkit as tk
    site_user = tk.get_action("get_site_user")({"ignore_auth": True}, {})
    context = {"user": site_user["name"]}

    def act(action, **data):
        return tk.get_action(action)(dict(context), data)
    orgs = [act("organization_create", name=f"skpk-{i:02d}")
            for i in range(5)]
    dataset = act("package_create", name="unduhan-bench",
                  owner_org=orgs[0]["id"])
    uploads = [act("resource_create", package_id=dataset["id"],
                   url=f"data-{i}.csv", format="CSV", name=f"data-{i}",
                   upload=FileStorage(io.BytesIO(CSV.encode()),
                                      f"data-{i}.csv"))
               for i in range(2)]
    resource_ids = []
    for i in range(n_datasets):
        pkg = act("package_create", name=f"bench-{i:03d}",
                  owner_org=orgs[i % len(orgs)]["id"],
                  resources=[{"url": f"https://data.example.id/{i}/{j}.csv",
                              "format": "CSV"} for j in range(per_dataset)])
        resource_ids += [r["id"] for r in pkg["resources"]]
    return {"dataset": dataset, "latency": uploads[0],
            "exact": uploads[1], "resources": resource_ids}


def start_server(ini: str, workers: int) -> tuple[subprocess.Popen, int]:
    port = free_port()
    server = subprocess.Popen(
        [os.path.join(BIN, "gunicorn"), "--workers", str(workers),
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
         "ckanext.bandaaceh.wsgi:create_app()"],
        env=dict(os.environ, CKAN_INI=ini), cwd=ROOT)
    return server, port


def wait_ready(url: str) -> None:
    import requests
    deadline = time.time() + 90
    while time.time() < deadline:
        try:
            requests.get(url, timeout=30)
            return
        except (requests.ConnectionError, requests.Timeout):
            time.sleep(0.3)
    raise SystemExit("server did not start: " + url)


def download_path(resource: dict) -> str:
    return (f"/dataset/{resource['package_id']}/resource/"
            f"{resource['id']}/download/data.csv")


def measure_latency(ports: dict[str, int], path: str,
                    samples: int, workers: int) -> dict[str, list[float]]:
    """Alternate the servers request by request so both see the same
    machine load."""
    import requests
    sessions = {label: requests.Session() for label in ports}
    timings: dict[str, list[float]] = {label: [] for label in ports}
    for label, port in ports.items():  # warm every worker
        for _ in range(workers * 5):
            sessions[label].get(f"http://127.0.0.1:{port}{path}").content
    for i in range(samples):
        for label, port in ports.items():
            started = time.perf_counter()
            response = sessions[label].get(f"http://127.0.0.1:{port}{path}")
            body = response.content
            timings[label].append((time.perf_counter() - started) * 1000)
            if response.status_code != 200 or body.decode() != CSV:
                raise SystemExit(f"bad download from {label}: "
                                 f"{response.status_code}")
    return timings


def concurrent_downloads(port: int, path: str, n: int,
                         clients: int) -> tuple[int, float]:
    import requests
    url = f"http://127.0.0.1:{port}{path}"
    local = __import__("threading").local()

    def one(_):
        session = getattr(local, "session", None)
        if session is None:
            session = local.session = requests.Session()
        return session.get(url, timeout=60).status_code
    started = time.perf_counter()
    with concurrent.futures.ThreadPoolExecutor(max_workers=clients) as pool:
        statuses = list(pool.map(one, range(n)))
    return statuses.count(200), time.perf_counter() - started


def push_events(client, key: str, resource_ids: list[str], n: int,
                seed: int) -> None:
    rng = random.Random(seed)
    now = int(time.time())
    pipe = client.pipeline(transaction=False)
    for i in range(n):
        pipe.rpush(key, json.dumps(
            [now - rng.randrange(30 * 86400), rng.choice(resource_ids),
             "link", "%032x" % rng.randrange(50_000)],
            separators=(",", ":")))
        if i % 10_000 == 9_999:
            pipe.execute()
    pipe.execute()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--samples", type=int, default=2000,
                        help="latency samples per server")
    parser.add_argument("--downloads", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--events", type=int, default=2_000_000)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--database", default="odba_bench_unduhan")
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/11")
    parser.add_argument("--admin-url",
                        default="postgresql://odba:odba@127.0.0.1:5432/postgres")
    args = parser.parse_args()

    recreate_database(args.admin_url, args.database, "odba")
    storage = tempfile.mkdtemp(prefix="odba-bench-storage-")
    db_url = f"postgresql://odba:odba@127.0.0.1:5432/{args.database}"
    ini_on = write_ini(db_url, args.redis_url, storage, True)
    ini_off = write_ini(db_url, args.redis_url, storage, False)
    subprocess.run([os.path.join(BIN, "ckan"), "-c", ini_on, "db", "upgrade"],
                   check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)

    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    app = make_app(load_config(ini_on))
    rows = []
    with app._wsgi_app.test_request_context():
        import ckan.model as model
        from ckanext.bandaaceh.unduhan import agregasi, antrean, statistik
        client = antrean.klien(timeout_ms=60_000)
        client.flushdb()
        data = create_data(n_datasets=20, per_dataset=10)
        model.Session.remove()

        servers = {}
        try:
            for label, ini in (("tanpa pencatatan", ini_off),
                               ("dengan pencatatan", ini_on)):
                servers[label] = start_server(ini, args.workers)
            ports = {label: port for label, (_, port) in servers.items()}
            for port in ports.values():
                wait_ready(f"http://127.0.0.1:{port}/api/3/action/status_show")
            latency = measure_latency(ports, download_path(data["latency"]),
                                      args.samples, args.workers)
            p95 = {k: percentile(v, 95) for k, v in latency.items()}
            for label, values in latency.items():
                rows.append((f"latency {label} (ms)",
                             f"p50 {percentile(values, 50):.2f}  "
                             f"p95 {percentile(values, 95):.2f}"))
            added = p95["dengan pencatatan"] - p95["tanpa pencatatan"]
            rows.append(("counting adds at p95 (target <= 5 ms)",
                         f"{added:.2f} ms  "
                         f"{'OK' if added <= 5 else 'MISSED'}"))

            ok, seconds = concurrent_downloads(
                ports["dengan pencatatan"], download_path(data["exact"]),
                args.downloads, args.clients)
        finally:
            for server, _ in servers.values():
                server.send_signal(signal.SIGTERM)
                server.wait(timeout=30)

        result = agregasi.agregasi()
        counted = statistik.unduhan_resource(data["exact"]["id"])["jumlah"]
        latency_counted = statistik.unduhan_resource(
            data["latency"]["id"])["jumlah"]
        rows.append((f"{args.downloads:,} downloads, {args.clients} clients",
                     f"{ok:,} answered 200 in {seconds:.1f} s "
                     f"({ok / seconds:.0f}/s)"))
        rows.append(("counted after aggregation (must equal)",
                     f"{counted:,}  "
                     f"{'OK' if counted == ok == args.downloads else 'MISSED'}"))
        rows.append(("latency run: counted / served with counting",
                     f"{latency_counted:,} / "
                     f"{args.samples + args.workers * 5:,}"))
        model.Session.remove()

        push_events(client, antrean.kunci_antrean(), data["resources"],
                    args.events, seed=1171)
        started = time.perf_counter()
        result = agregasi.agregasi()
        seconds = time.perf_counter() - started
        rows.append((f"aggregation of {args.events:,} events "
                     "(target <= 60 s)",
                     f"{seconds:.1f} s, {result.tercatat:,} recorded  "
                     f"{'OK' if seconds <= 60 and result.tercatat == args.events else 'MISSED'}"))
        client.flushdb()

    width = max(len(label) for label, _ in rows)
    print()
    print(f"{'measure':<{width}}  result")
    print(f"{'-' * width}  {'-' * 40}")
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    os.unlink(ini_on)
    os.unlink(ini_off)
    return 0


if __name__ == "__main__":
    sys.exit(main())
