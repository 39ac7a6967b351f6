"""`ckan bandaaceh statistik ...` commands (attached to the `bandaaceh`
group when the plugin module imports this one)."""
from __future__ import annotations

import click

from ckanext.bandaaceh.cli import bandaaceh

@bandaaceh.group("statistik", short_help="Portal statistics.")
def statistik():
    """The portal statistics and their monthly publication."""


@statistik.command("terbitkan")
@click.option("--paksa", is_flag=True,
              help="Publish again even if this month is published.")
@click.pass_context
def terbitkan(ctx: click.Context, paksa: bool):
    """Publish the portal statistics as an open dataset now."""
    import ckan.plugins.toolkit as tk

    from ckanext.bandaaceh.statistik import publikasi

    if not paksa and publikasi.sudah_terbit(publikasi.bulan_terbit()):
        click.echo("%s: already published" % publikasi.bulan_terbit())
        return
    with ctx.meta["flask_app"].test_request_context():
        try:
            result = publikasi.terbitkan()
        except tk.ValidationError as e:
            raise click.ClickException(e.error_summary)
    click.secho("%s published in %s (%s)" % (
        result["bulan"], result["name"],
        "changed" if result["changed"] else "unchanged"), fg="green")
