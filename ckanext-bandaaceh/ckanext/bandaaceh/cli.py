"""`ckan bandaaceh ...` commands."""
from __future__ import annotations

import functools
import textwrap

import click

from ckanext.bandaaceh import demo, skpk
from ckanext.bandaaceh.aplikasi import impor, publikasi
from ckanext.bandaaceh.loading import LoaderError, SyncReport

# the CLI blanket registers what `__all__` names (else every function)
__all__ = ["bandaaceh"]


@click.group(short_help="Open Data Banda Aceh commands.")
def bandaaceh():
    """Open Data Banda Aceh (ODBA) commands."""


def run_loaders(ctx: click.Context, *loaders) -> None:
    """Run loaders inside a request context (user and dataset dictization
    look at the current user) and print what each one did.  Exits with
    status 1 after all loaders ran when a report lists failed rows."""
    # Imported here: ckan.logic needs a configured CKAN.
    import ckan.logic as logic

    failed = False
    with ctx.meta["flask_app"].test_request_context():
        for loader in loaders:
            try:
                report: SyncReport = loader()
            except LoaderError as e:
                raise click.ClickException(f"Bad data file: {e}")
            except logic.ValidationError as e:
                raise click.ClickException(
                    f"CKAN refused the data: {e.error_summary}")
            click.secho(report.summary(),
                        fg="green" if report.changed else None)
            for verb, names in (("created", report.created),
                                 ("updated", report.updated)):
                if names:
                    click.echo(textwrap.fill(
                        ", ".join(names), width=79, break_on_hyphens=False,
                        initial_indent=f"  {verb}: ",
                        subsequent_indent=" " * (len(verb) + 4)))
            for warning in getattr(report, "warnings", ()):
                click.secho(f"  {warning}", fg="yellow")
            for error in getattr(report, "errors", ()):
                click.secho(f"  {error}", fg="red", err=True)
                failed = True
    if failed:
        ctx.exit(1)


@bandaaceh.command("jadwal")
def jadwal():
    """Run the extension's scheduler (RQ's cron; blocks): the scorecard's
    semester-end snapshot and cache refresh, the monthly statistics
    publication. `ckan jobs worker` runs the jobs it queues."""
    from ckanext.bandaaceh import jadwal as penjadwal

    penjadwal.start()


@bandaaceh.command("load-skpk")
@click.pass_context
def load_skpk(ctx: click.Context):
    """Create or update one organisation per SKPK (data/skpk.yaml)."""
    run_loaders(ctx, skpk.load_skpk)


@bandaaceh.command("load-demo")
@click.pass_context
def load_demo(ctx: click.Context):
    """Load SKPK organisations, theme groups, the demo datasets with
    their CSV files (data/demo/), the generated demo catalogue and its
    download history (data/demo_katalog.yaml: the seed's 46 SKPK, 177
    datasets, 245 CSV files, 320 CSV downloads a month) and the demo app
    registry (data/aplikasi/). Safe to run again: unchanged objects are
    left alone."""
    run_loaders(ctx, skpk.load_skpk, demo.load_groups, demo.load_datasets,
                demo.load_katalog, demo.load_unduhan, impor.load_demo,
                publikasi.load)


@bandaaceh.command("import-aplikasi")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--dry-run", is_flag=True,
              help="Validate every row through CKAN without writing.")
@click.pass_context
def import_aplikasi(ctx: click.Context, file: str, dry_run: bool):
    """Import the app registry survey spreadsheet FILE (.csv or .xlsx) into
    `aplikasi` datasets. Rows that fail are listed with their row number
    and the exit status is 1; the other rows are imported."""
    run_loaders(ctx, functools.partial(impor.import_file, file, dry_run=dry_run))


@bandaaceh.command("publish-aplikasi")
@click.pass_context
def publish_aplikasi(ctx: click.Context):
    """Write the app registry and its statistics into the open dataset
    `registri-aplikasi` now (a background job does it after every change).
    """
    run_loaders(ctx, publikasi.load)


@bandaaceh.command("migrate")
def migrate():
    """Apply the database migrations of every loaded ODBA plugin (the
    harvesters' too, which `ckan db upgrade -p` cannot find)."""
    import ckan.plugins.toolkit as tk

    from ckanext.bandaaceh import migrasi

    done = migrasi.upgrade_loaded(tk.config["sqlalchemy.url"])
    click.secho("Migrations applied: %s" % (", ".join(done) or "none"),
                fg="green")


@bandaaceh.command("search-rebuild")
@click.option("-p", "--processes", type=int, default=None,
              help="Worker processes (default: one per CPU).")
@click.option("--clear", is_flag=True,
              help="Empty the index first (searches see gaps meanwhile).")
def search_rebuild(processes, clear):
    """Re-index every dataset in parallel, through CKAN's indexing."""
    import multiprocessing
    import time

    from ckanext.bandaaceh.search import rebuild

    started = time.perf_counter()
    done = rebuild.rebuild(processes or multiprocessing.cpu_count(), clear)
    click.secho("Indexed %d datasets in %.1f s"
                % (done, time.perf_counter() - started), fg="green")

