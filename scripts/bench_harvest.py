#!/usr/bin/env python
"""Benchmark of the news harvester: one cycle over many websites.

Starts N local feed servers (default 156: mixed sizes of 10, 30 and 100
items, every 10th slow, every 25th answering 500), creates one organisation
and one `bandaaceh_berita` harvest source per server (once), then times
full cycles the way the gather consumers run them, with W worker processes
standing for W gather consumers:

1. first cycle: every site new (datasets created);
2. all 304: nothing changed (conditional GET);
3. all changed: every site has new items under a new ETag.

Each cycle creates the harvest jobs, runs gather, fetch and import for every
job in the workers, closes the jobs (`harvest_jobs_run`, which reindexes
every source), then publishes the portal-wide dataset once. On a database
that already has the sources, the first cycle finds every item new too
(item identities change from run to run). Targets on a 2-core machine:
all-304 <= 10 s, all-changed <= 60 s.

    .venv/bin/python scripts/bench_harvest.py              # 8 workers
    .venv/bin/python scripts/bench_harvest.py -n 40 -w 4

Without ``-c`` it runs in a scratch database (default
`odba_bench_harvest`, dropped and re-created) with the plugins
`bandaaceh harvest bandaaceh_berita`. With ``-c INI`` it uses that INI,
which must enable those plugins and point at a scratch database with the
harvest and news migrations applied: the script adds organisations
`bench-berita-*` and their sources and datasets.
"""
from __future__ import annotations

import argparse
import http.server
import logging
import multiprocessing
import os
import sys
import threading
import time
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
SIZES = (10, 30, 100)
SLOW_DELAY = 2.0
# new item identities on every run, so a rerun measures new items again
RUN = uuid.uuid4().hex[:8]


class Site:
    """The feed of one simulated website; ``version`` bumps add items."""

    def __init__(self, number: int):
        self.number = number
        self.size = SIZES[number % len(SIZES)]
        self.slow = number % 10 == 0
        self.failing = number % 25 == 7
        self.version = 1

    @property
    def etag(self) -> str:
        return f'"v{self.version}"'

    def body(self) -> bytes:
        # every version keeps the older items and adds five new ones
        count = self.size + 5 * (self.version - 1)
        items = "".join(
            f"<item><title>Berita {j} situs {self.number} &amp; kota"
            f"</title><link>https://situs{self.number}.example.id/{j}/</link>"
            f"<guid isPermaLink=\"false\">"
            f"bench-{RUN}-{self.number}-{j}</guid>"
            f"<pubDate>Mon, 0{1 + j % 9} Apr 2024 08:00:00 +0700</pubDate>"
            f"</item>" for j in range(count))
        return (f'<?xml version="1.0" encoding="UTF-8"?><rss version="2.0">'
                f"<channel><title>Situs {self.number}</title>"
                f"<generator>https://wordpress.org/?v=6.4</generator>"
                f"{items}</channel></rss>").encode("utf-8")


def serve(site: Site) -> http.server.ThreadingHTTPServer:
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            if site.slow:
                time.sleep(SLOW_DELAY)
            if site.failing:
                self.send_response(500)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if self.headers.get("If-None-Match") == site.etag:
                self.send_response(304)
                self.send_header("ETag", site.etag)
                self.end_headers()
                return
            body = site.body()
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("ETag", site.etag)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def ensure_sources(sites, servers) -> list[str]:
    """One organisation and harvest source per site; source ids."""
    import json

    import ckan.plugins.toolkit as tk
    from ckanext.bandaaceh.loading import site_context

    ids = []
    for site, server in zip(sites, servers):
        name = f"bench-berita-{site.number:03d}"
        # the number keeps URLs unique whatever ports a run gets
        url = "http://127.0.0.1:%d/feed/%d" % (server.server_address[1],
                                               site.number)
        try:
            tk.get_action("organization_show")(site_context(), {"id": name})
        except tk.ObjectNotFound:
            tk.get_action("organization_create")(site_context(), {
                "name": name, "title": f"Situs Uji {site.number}"})
        data = {"name": name + "-sumber", "title": f"Situs Uji {site.number}",
                "url": url, "source_type": "bandaaceh_berita",
                "owner_org": name, "frequency": "MANUAL",
                "config": json.dumps({"mode": "feed"})}
        try:
            source = tk.get_action("harvest_source_show")(
                site_context(), {"id": data["name"]})
            if source["url"] != url:
                source = tk.get_action("harvest_source_update")(
                    site_context(), dict(data, id=source["id"]))
        except tk.ObjectNotFound:
            source = tk.get_action("harvest_source_create")(site_context(),
                                                            data)
        ids.append(source["id"])
    return ids


_app = None


def _worker_init():
    import ckan.model as model
    # forked: never share the parent's database connections
    model.Session.remove()
    model.meta.engine.dispose()
    _app._wsgi_app.test_request_context().push()


def _run_job(job_id: str) -> tuple[int, float]:
    import ckan.model as model
    import ckan.plugins as p
    from ckanext.harvest import queue
    from ckanext.harvest.model import HarvestJob, HarvestObject

    started = time.monotonic()
    harvester = p.get_plugin("bandaaceh_berita")
    job = HarvestJob.get(job_id)
    job.status = "Running"
    job.save()
    ids = queue.gather_stage(harvester, job) or []
    for obj_id in ids:
        queue.fetch_and_import_stages(harvester, HarvestObject.get(obj_id))
    model.Session.remove()
    return len(ids), time.monotonic() - started


def cycle(source_ids, workers: int) -> dict:
    import ckan.model as model
    import ckan.plugins.toolkit as tk
    import sqlalchemy as sa
    from ckanext.bandaaceh.loading import site_context
    from ckanext.bandaaceh_harvest.berita import publikasi
    from ckanext.bandaaceh_harvest.berita.model import item

    def count_items():
        return model.Session.execute(
            sa.select(sa.func.count()).select_from(item)).scalar_one()

    before = count_items()
    started = time.monotonic()
    job_ids = [tk.get_action("harvest_job_create")(
        site_context(), {"source_id": sid, "run": False})["id"]
        for sid in source_ids]
    created = time.monotonic()
    model.Session.remove()
    model.meta.engine.dispose()
    with multiprocessing.get_context("fork").Pool(
            workers, initializer=_worker_init) as pool:
        results = list(pool.imap_unordered(_run_job, job_ids))
    harvested = time.monotonic()
    tk.get_action("harvest_jobs_run")(site_context(), {})
    closed = time.monotonic()
    publikasi.publish_portal()
    finished = time.monotonic()
    stored = count_items() - before
    return {"total": finished - started, "harvest": harvested - started,
            "create": created - started,
            "close": closed - harvested, "portal": finished - closed,
            "objects": sum(r[0] for r in results), "stored": stored,
            "slowest": max(r[1] for r in results)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-c", "--ckan-ini")
    parser.add_argument("-n", "--sites", type=int, default=156)
    # as many as the portal's gather consumers (scripts/portal.sh)
    parser.add_argument("-w", "--workers", type=int, default=8)
    parser.add_argument("--database", default="odba_bench_harvest")
    parser.add_argument("--admin-url",
                        default="postgresql://odba:odba@127.0.0.1:5432/"
                                "postgres")
    args = parser.parse_args()
    if not args.ckan_ini:
        from benchlib import ckan, recreate_database, write_ini
        recreate_database(args.admin_url, args.database, "odba")
        args.ckan_ini = write_ini(
            f"postgresql://odba:odba@127.0.0.1:5432/{args.database}",
            extra="ckan.plugins = bandaaceh harvest bandaaceh_berita\n"
                  "ckanext.bandaaceh_harvest.fetch.allowed_addresses = "
                  "127.0.0.1")
        ckan(args.ckan_ini, "db", "init")
        ckan(args.ckan_ini, "bandaaceh", "migrate")

    sys.path.insert(0, ROOT)
    from ckan.cli import load_config
    from ckan.config.middleware import make_app
    import ckan.plugins.toolkit as tk

    global _app
    _app = make_app(load_config(args.ckan_ini))
    # every new resource asks for views the INI may not enable
    logging.getLogger("ckan.lib.datapreview").setLevel(logging.ERROR)
    _app._wsgi_app.test_request_context().push()
    tk.config["ckanext.bandaaceh_harvest.fetch.allowed_addresses"] = (
        "127.0.0.1")

    sites = [Site(n) for n in range(args.sites)]
    servers = [serve(site) for site in sites]
    source_ids = ensure_sources(sites, servers)
    slow = sum(s.slow for s in sites)
    failing = sum(s.failing for s in sites)
    print(f"{len(sites)} sites ({slow} slow by {SLOW_DELAY:g} s, {failing} "
          f"answering 500), {args.workers} workers")

    rows = []
    rows.append(("first cycle (all new)", cycle(source_ids, args.workers)))
    rows.append(("all 304", cycle(source_ids, args.workers)))
    for site in sites:
        site.version += 1
    rows.append(("all changed", cycle(source_ids, args.workers)))

    print(f"{'cycle':22} {'total s':>8} {'harvest s':>10} {'(jobs s)':>9} "
          f"{'close s':>8} "
          f"{'portal s':>9} {'objects':>8} {'items':>7} {'items/s':>8}")
    for label, r in rows:
        rate = r["stored"] / r["harvest"] if r["harvest"] else 0
        print(f"{label:22} {r['total']:8.1f} {r['harvest']:10.1f} "
              f"{r['create']:9.1f} "
              f"{r['close']:8.1f} {r['portal']:9.1f} {r['objects']:8d} "
              f"{r['stored']:7d} {rate:8.0f}")
    print("harvest: jobs created (jobs s), gathered, fetched and imported; "
          "close: "
          "harvest_jobs_run; portal: berita-kota-banda-aceh republished")
    ok_304 = rows[1][1]["total"] <= 10
    ok_changed = rows[2][1]["total"] <= 60
    print(f"targets: all-304 <= 10 s {'met' if ok_304 else 'MISSED'}, "
          f"all-changed <= 60 s {'met' if ok_changed else 'MISSED'}")
    for server in servers:
        server.shutdown()
    return 0 if ok_304 and ok_changed else 1


if __name__ == "__main__":
    sys.exit(main())
