"""`ckan bandaaceh-dkan ...` commands."""
from __future__ import annotations

import click


@click.group("bandaaceh-dkan", short_help="Migrasi dari portal DKAN.")
def bandaaceh_dkan():
    """Harvesting the old DKAN portal."""


@bandaaceh_dkan.command("laporan")
@click.argument("source")
@click.option("--output", "-o", type=click.File("w", encoding="utf-8"),
              default="-", help="CSV file (default: standard output).")
def laporan_command(source: str, output):
    """Mapping report of the DKAN harvest SOURCE (id, name or URL) as CSV:
    unknown publishers, themes, licenses and frequencies, distributions
    without URL."""
    from ckanext.bandaaceh_harvest.dkan import laporan
    try:
        rows = laporan.baris(laporan.sumber(source))
    except (LookupError, ValueError) as e:
        raise click.ClickException(str(e))
    output.write(laporan.csv_text(rows))
