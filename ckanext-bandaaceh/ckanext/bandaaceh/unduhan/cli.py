"""`ckan bandaaceh unduhan ...` commands (attached to the `bandaaceh` group
when the plugin module imports this one)."""
from __future__ import annotations

import click

from ckanext.bandaaceh.cli import bandaaceh


@bandaaceh.group("unduhan", short_help="Download statistics.")
def unduhan():
    """Download statistics (counted on the server)."""


@unduhan.command("agregasi")
@click.option("--antrekan", is_flag=True,
              help="Queue the aggregation as a background job instead.")
def agregasi(antrekan: bool):
    """Move the queued download events from Redis into PostgreSQL. Safe to
    run at any time and in parallel; run it from cron (e.g. every 5
    minutes)."""
    from ckanext.bandaaceh.unduhan import agregasi as agg, jobs
    if antrekan:
        job = jobs.antrekan_agregasi()
        click.echo("queued job %s" % job.id)
        return
    r = agg.agregasi()
    click.echo("%d batch(es), %d event(s), %d download(s) recorded, "
               "%d batch(es) already done" % (r.batch, r.peristiwa,
                                               r.tercatat, r.dilewati))
