"""`ckan bandaaceh ...` commands."""
from __future__ import annotations

import textwrap

import click

from ckanext.bandaaceh import demo, skpk
from ckanext.bandaaceh.loading import LoaderError, SyncReport

# the CLI blanket registers what `__all__` names (else every function)
__all__ = ["bandaaceh"]


@click.group(short_help="Open Data Banda Aceh commands.")
def bandaaceh():
    """Open Data Banda Aceh (ODBA) commands."""


def _run(ctx: click.Context, *loaders) -> None:
    """Run loaders inside a request context (user and dataset dictization
    look at the current user) and print what each one did."""
    # Imported here: ckan.logic needs a configured CKAN.
    import ckan.logic as logic

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
                        ", ".join(names), width=79,
                        initial_indent=f"  {verb}: ",
                        subsequent_indent=" " * (len(verb) + 4)))


@bandaaceh.command("load-skpk")
@click.pass_context
def load_skpk(ctx: click.Context):
    """Create or update one organisation per SKPK (data/skpk.yaml)."""
    _run(ctx, skpk.load_skpk)


@bandaaceh.command("load-demo")
@click.pass_context
def load_demo(ctx: click.Context):
    """Load SKPK organisations, theme groups and the demo datasets with
    their CSV files (data/demo/). Safe to run again: unchanged objects are
    left alone."""
    _run(ctx, skpk.load_skpk, demo.load_groups, demo.load_datasets)


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

