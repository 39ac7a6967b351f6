"""The portal's plugin list (written by ``scripts/portal.sh``) enables
ckanext-harvest's CKAN harvester, and CKAN starts with that list: the
``ckan`` source type is offered next to our own harvesters."""
from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CKAN = os.path.join(os.path.dirname(sys.executable), "ckan")


def _portal_plugins() -> list[str]:
    """``ckan.plugins`` as ``scripts/portal.sh`` writes it into ckan.ini."""
    # the literal list of a fresh ckan.ini (not the edits of an old one)
    found = re.findall(r'"ckan\.plugins = ([a-z0-9_ ]+)"',
                       (ROOT / "scripts" / "portal.sh").read_text())
    assert len(found) == 1, found
    return found[0].split()


def test_the_portal_enables_the_ckan_harvester():
    plugins = _portal_plugins()
    assert "ckan_harvester" in plugins
    # ckanext-harvest's harvesters need its `harvest` plugin before them
    assert plugins.index("harvest") < plugins.index("ckan_harvester")


def test_ckan_starts_with_the_portal_plugins_and_offers_ckan_sources(
        request, tmp_path):
    # the test configuration (its databases), with the portal's plugins
    ini = tmp_path / "portal-plugins.ini"
    shutil.copy(request.config.getoption("ckan_ini"), ini)
    subprocess.run(
        [CKAN, "config-tool", str(ini),
         "ckan.plugins = " + " ".join(_portal_plugins()),
         "ckan.harvest.mq.type = redis",
         "ckanext.dcat.rdf.profiles = euro_dcat_ap_3 odba"],
        check=True, capture_output=True, timeout=60)

    result = subprocess.run(
        [CKAN, "-c", str(ini), "harvester", "harvesters_info"],
        capture_output=True, text=True, timeout=120)

    assert result.returncode == 0, result.stderr[-3000:]
    # the command prints the list of harvesters as a Python literal
    harvesters = ast.literal_eval(result.stdout.strip().splitlines()[-1])
    by_name = {h["name"]: h for h in harvesters}
    assert by_name["ckan"]["title"] == "CKAN"
    assert {"bandaaceh_berita", "bandaaceh_ppid", "bandaaceh_dkan"} <= set(
        by_name)
