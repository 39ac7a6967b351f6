"""The demo news websites load, publish and give the seed's 2017 shape."""
from __future__ import annotations

import pytest

from ckan.tests import helpers

from ckanext.bandaaceh import skpk

from tests.marks import portal

pytestmark = portal(
    "bandaaceh scheming_datasets harvest bandaaceh_berita") + [
    pytest.mark.usefixtures("clean_queues")]




def test_demo_news_reproduce_the_2017_web_presence(cli, ckan_cli):
    skpk.load_skpk()
    result = cli.invoke(ckan_cli, ["bandaaceh-berita", "load-demo"])
    assert result.exit_code == 0, result.output
    assert "Demo news websites: 46 in the data files" in result.output

    presence = helpers.call_action("bandaaceh_berita_kehadiran",
                                   semester="2017-S1")
    # "46 SKPK have a website, 30 (65%) on WordPress Multisite; without
    # news 2017 semester 1: 19.57% (9 SKPK)"
    assert presence["kota"]["unit_dengan_website"] == 46
    assert presence["kota"]["wpmu"] == 30
    assert presence["kota"]["persen_wpmu"] == 65.22
    assert presence["kota"]["tanpa_berita"] == 9
    assert presence["kota"]["persen_tanpa_berita"] == 19.57
    assert helpers.call_action("package_show", id="berita-dinkes")[
        "resources"][0]["name"] == "Daftar berita"
    assert helpers.call_action("package_show", id="berita-kota-banda-aceh")

    again = cli.invoke(ckan_cli, ["bandaaceh-berita", "load-demo"])
    assert again.exit_code == 0, again.output
    assert "0 updated, 46 unchanged" in again.output
