"""``ckan bandaaceh-berita ...`` commands of the news harvester."""
from __future__ import annotations

import click

from ckanext.bandaaceh.cli import run_loaders

from ckanext.bandaaceh_harvest.berita import jadwal

# the CLI blanket registers what `__all__` names
__all__ = ["berita"]


@click.group("bandaaceh-berita", short_help="Pemanen berita situs web")
def berita():
    """News harvester commands."""


@berita.command("jadwal")
def jadwal_command():
    """Run the scheduler: a news cycle every interval (blocks)."""
    jadwal.start()


@berita.command("siklus")
def siklus_command():
    """Run one news cycle now (the cron alternative to `jadwal`)."""
    result = jadwal.siklus()
    if result["dilewati"]:
        click.echo("Siklus sebelumnya masih berjalan; dilewati.")
    else:
        click.echo(f"{result['dibuat']} pekerjaan panen dibuat.")


@berita.command("load-demo")
@click.pass_context
def load_demo_command(ctx: click.Context):
    """Load the demo news websites and their headlines (2016-2017) and
    publish them. Needs the SKPK organisations (ckan bandaaceh load-skpk).
    """
    from ckanext.bandaaceh_harvest.berita import demo
    run_loaders(ctx, demo.load_demo)


@berita.command("umumkan")
def umumkan_command():
    """Run one announcement slot now: post the oldest unannounced headline
    to each configured channel."""
    from ckanext.bandaaceh_harvest.berita import pengumuman
    result = pengumuman.umumkan()
    if result["dilewati"]:
        click.echo("Pengumuman sebelumnya masih berjalan; dilewati.")
        return
    if not result["kanal"]:
        click.echo("Tidak ada kanal pengumuman yang diatur.")
    for kanal, hasil in result["kanal"].items():
        if hasil is None:
            click.echo(f"{kanal}: tidak ada berita baru untuk diumumkan.")
        elif hasil.get("terkirim"):
            click.echo(f"{kanal}: terkirim: {hasil['judul']}")
        else:
            click.echo(f"{kanal}: gagal ({hasil['gagal']}): "
                       f"{hasil['judul']}", err=True)


@berita.command("ingatkan")
@click.option("--semester", default=None,
              help="Semester, mis. 2017-S1 (bawaan: semester berjalan).")
@click.option("--paksa", is_flag=True,
              help="Kirim lagi walaupun pengingat semester ini sudah "
                   "terkirim.")
def ingatkan_command(semester, paksa):
    """Email each unit's admins their semester figures now."""
    from ckanext.bandaaceh_harvest.berita import kehadiran, pengingat
    try:
        chosen = kehadiran.Semester.parse(semester) if semester else None
        report = pengingat.ingatkan(chosen, paksa=paksa)
    except (ValueError, pengingat.PengingatError) as e:
        raise click.ClickException(str(e))
    click.echo(f"Semester {report['semester']}: {report['terkirim']} "
               f"surel terkirim, {report['dilewati']} sudah pernah "
               f"dikirim, {report['gagal']} gagal.")
    if report["gagal"]:
        raise SystemExit(1)
