"""`ckan bandaaceh-ppid ...` commands."""
from __future__ import annotations

import functools

import click

from ckanext.bandaaceh.cli import run_loaders


@click.group("bandaaceh-ppid", short_help="PPID register commands.")
def bandaaceh_ppid():
    """PPID request and objection registers (UU 14/2008)."""


@bandaaceh_ppid.command("load-demo")
@click.pass_context
def load_demo(ctx: click.Context):
    """Load and publish the demo registers of the city's PPID (2016-2017).
    Needs the SKPK organisations (ckan bandaaceh load-skpk)."""
    from ckanext.bandaaceh_harvest.ppid import demo
    run_loaders(ctx, demo.load_demo)


@bandaaceh_ppid.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--register", "nama_register", required=True,
              type=click.Choice(["permohonan", "keberatan"]))
@click.option("--instansi", required=True,
              help="Instance code, e.g. banda-aceh.")
@click.option("--nama-instansi", required=True,
              help="Instance name in dataset titles, e.g. 'Kota Banda Aceh'.")
@click.option("--organisasi", required=True,
              help="Organisation owning the datasets, e.g. diskominfotik.")
@click.pass_context
def import_(ctx: click.Context, file: str, nama_register: str, instansi: str,
            nama_instansi: str, organisasi: str):
    """Import a register export FILE (CSV/XLSX/JSON) downloaded by hand and
    publish the instance's datasets. Bad rows are listed with their row
    numbers (exit status 1); the good rows are imported."""
    from ckanext.bandaaceh_harvest.ppid import impor

    def load():
        report = impor.RegisterReport(f"PPID {instansi}")
        impor.impor_berkas(file, nama_register, instansi, organisasi,
                           report)
        impor.terbitkan(instansi, nama_instansi, organisasi, report)
        return report

    run_loaders(ctx, functools.partial(load))
