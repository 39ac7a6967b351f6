"""``ckanapi`` as a real client: the demo portal dumped over HTTP from the
live test server and loaded into a second, empty CKAN
(``tests/interop/peer.py``), files included, comes out the same."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
import requests

from ckan.tests import factories, helpers

from ckanext.bandaaceh import demo, skpk
from ckanext.bandaaceh.aplikasi import impor, publikasi

from tests.ckanapi_cli import ckanapi
from tests.marks import portal

pytestmark = portal("bandaaceh scheming_datasets")

# differ between two instances by nature: when and by whom rows were made,
# and what is computed from them
VOLATILE = {"metadata_created", "metadata_modified", "creator_user_id",
            "num_resources", "num_tags", "organization", "groups", "tags",
            "resources", "relationships_as_object",
            "relationships_as_subject"}
VOLATILE_RESOURCE = {"created", "last_modified", "metadata_modified",
                     "package_id", "url"}
VOLATILE_GROUP = {"created", "id", "image_display_url", "users",
                  "num_followers", "package_count", "packages", "extras",
                  "display_name"}


def _load_errors(log: Path) -> list:
    """The lines of a ``ckanapi load`` log that report an error (a line is
    ``[timestamp, line number, action, error, response]``)."""
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    assert entries, "ckanapi load logged nothing"
    return [entry for entry in entries if entry[3] is not None]


@pytest.fixture
def storage(ckan_config, monkeypatch, tmp_path):
    monkeypatch.setitem(ckan_config, "ckan.storage_path",
                        str(tmp_path / "storage"))


@pytest.fixture
def demo_portal(storage, live_server):
    """What ``ckan bandaaceh load-demo`` loads, through its loaders, into
    the portal served by ``live_server``.

    Loaded after the server has set ``ckan.site_url`` to its own address:
    ``package_show`` answers from the search index, whose copy of a dataset
    keeps the full download URL of each uploaded file as it was when the
    dataset was indexed (Solr does the same), so a portal indexed under
    another address would hand out links to that address.
    """
    for loader in (skpk.load_skpk, demo.load_groups, demo.load_datasets,
                   impor.load_demo, publikasi.load):
        report = loader()
        assert not getattr(report, "failed", None), report


def _dataset(package: dict, base_url: str) -> dict:
    view = {k: v for k, v in package.items() if k not in VOLATILE}
    view["organization"] = package["organization"]["name"]
    view["groups"] = sorted(g["name"] for g in package["groups"])
    view["tags"] = sorted(t["name"] for t in package["tags"])
    view["resources"] = [_resource(r, base_url)
                         for r in package["resources"]]
    return view


def _resource(resource: dict, base_url: str) -> dict:
    view = {k: v for k, v in resource.items() if k not in VOLATILE_RESOURCE}
    if resource.get("url_type") == "upload":
        # the file itself, as the instance serves it
        assert resource["url"].startswith(base_url), resource["url"]
        response = requests.get(resource["url"], timeout=30)
        assert response.status_code == 200, resource["url"]
        view["berkas"] = (resource["url"].rsplit("/", 1)[-1],
                          hashlib.sha256(response.content).hexdigest())
    else:
        view["url"] = resource["url"]
    return view


def _group(group: dict) -> dict:
    view = {k: v for k, v in group.items() if k not in VOLATILE_GROUP}
    view["extras"] = sorted((e["key"], e["value"])
                            for e in group.get("extras", []))
    return view


def _all_groups(action, list_action: str) -> list[dict]:
    """Every organisation or group, page by page: CKAN caps a page of
    ``all_fields`` at ``ckan.group_and_organization_list_all_fields_max``
    (25)."""
    found: list[dict] = []
    while True:
        page = action(list_action, all_fields=True, include_extras=True,
                      limit=25, offset=len(found))
        if not page:
            return found
        found.extend(page)


def _catalogue(action, base_url: str) -> dict:
    """Every organisation, group and dataset of an instance, comparable
    with another instance's."""
    datasets = action("package_search", q="*:*", rows=1000,
                      include_private=True)["results"]
    return {
        "organizations": {o["name"]: _group(o) for o in _all_groups(
            action, "organization_list")},
        "groups": {g["name"]: _group(g) for g in _all_groups(
            action, "group_list")},
        "datasets": {d["name"]: _dataset(
            action("package_show", id=d["id"]), base_url)
            for d in datasets},
    }


def _call_local(name: str, **data):
    return helpers.call_action(name, **data)


def test_demo_portal_round_trips_through_ckanapi(demo_portal, live_server,
                                                 peer, tmp_path):
    token = factories.APIToken(user=factories.Sysadmin()["name"])["token"]
    ours = _catalogue(_call_local, live_server)
    assert len(ours["organizations"]) >= 40
    assert len(ours["datasets"]) >= 12
    assert {d["type"] for d in ours["datasets"].values()} == {
        "dataset", "aplikasi"}
    # uploaded files are part of the round trip (the app registry's CSV)
    assert any("berkas" in r for d in ours["datasets"].values()
               for r in d["resources"])

    for thing in ("organizations", "groups", "datasets"):
        ckanapi("dump", thing, "--all", "-O", str(tmp_path / thing),
                "-r", live_server, "-a", token)
    # members are not migrated: the peer has none of our users
    for thing in ("organizations", "groups"):
        dumped = [json.loads(line) for line in
                  (tmp_path / thing).read_text().splitlines()]
        assert sorted(o["name"] for o in dumped) == sorted(ours[thing])
        (tmp_path / thing).write_text("".join(
            json.dumps({**o, "users": []}) + "\n" for o in dumped))
    # an app names the datasets it uses (`dataset_terkait`), which must
    # exist by then: load the datasets before the apps
    dumped = [json.loads(line) for line in
              (tmp_path / "datasets").read_text().splitlines()]
    assert sorted(d["name"] for d in dumped) == sorted(ours["datasets"])
    (tmp_path / "datasets").write_text("".join(
        json.dumps(d) + "\n" for d in sorted(
            dumped, key=lambda d: d["type"] != "dataset")))

    for thing in ("organizations", "groups", "datasets"):
        log = tmp_path / (thing + ".log")
        ckanapi("load", thing, "-I", str(tmp_path / thing), "-l", str(log),
                *(["--upload-resources"] if thing == "datasets" else []),
                "-r", peer.url, "-a", peer.token)
        assert _load_errors(log) == []

    theirs = _catalogue(peer.action, peer.url)
    assert theirs["organizations"] == ours["organizations"]
    assert theirs["groups"] == ours["groups"]
    assert sorted(theirs["datasets"]) == sorted(ours["datasets"])
    for name, dataset in ours["datasets"].items():
        assert theirs["datasets"][name] == dataset, name
