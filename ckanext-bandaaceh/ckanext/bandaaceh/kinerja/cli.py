"""`ckan bandaaceh kinerja ...` commands (attached to the `bandaaceh` group
when the plugin module imports this one)."""
from __future__ import annotations

from typing import Optional

import click

from ckanext.bandaaceh.cli import bandaaceh


@bandaaceh.group("kinerja", short_help="SKPK scorecard.")
def kinerja():
    """The SKPK scorecard (rapor kinerja) and its semester snapshots."""


@kinerja.command("snapshot")
@click.option("--semester", "semester_text", default=None,
              help="Semester to freeze, e.g. 2017-S1 (default: the last "
                   "finished semester, skipped when already taken).")
@click.option("--ulang", is_flag=True,
              help="Take the default semester again even if it was taken.")
def snapshot(semester_text: Optional[str], ulang: bool):
    """Freeze a finished semester's scorecard and publish it as CSV.
    Without --semester it does nothing once the last semester is taken
    (the `jadwal` scheduler does the same every day)."""
    import ckan.plugins.toolkit as tk

    from ckanext.bandaaceh.kinerja import kerangka, publikasi, rapor
    from ckanext.bandaaceh.loading import LoaderError

    try:
        if semester_text:
            smt = rapor.semester(semester_text)
        else:
            smt = kerangka.semester_sebelumnya(kerangka.semester_ini())
            if rapor.potret(smt) is not None and not ulang:
                click.echo(f"{smt}: already taken")
                return
        result = rapor.ambil(smt)
    except tk.ValidationError as e:
        raise click.ClickException(
            "; ".join(m for ms in e.error_dict.values() for m in ms))
    except LoaderError as e:
        raise click.ClickException(str(e))
    click.secho(f"{result['semester']}: {result['skpk']} SKPK, families "
                f"{', '.join(result['keluarga'])}", fg="green")
    try:
        published = publikasi.terbitkan(smt)
        click.echo(f"published in {published['name']}")
    except tk.ValidationError as e:
        click.secho("not published: " + "; ".join(
            m for ms in e.error_dict.values() for m in ms), fg="yellow")
