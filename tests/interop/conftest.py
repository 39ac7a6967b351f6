"""Fixtures of the interoperability tests: a second, real CKAN
(``tests/interop/peer.py``) next to the portal under test."""
from __future__ import annotations

import pytest

from tests.interop.peer import Peer


@pytest.fixture(scope="session")
def peer_ckan(tmp_path_factory):
    """The peer CKAN, migrated and served once for the test session."""
    from ckan.common import config

    peer = Peer(tmp_path_factory.mktemp("peer"), config["sqlalchemy.url"],
                config["ckan.redis.url"])
    peer.create()
    peer.start()
    try:
        yield peer
    finally:
        peer.stop()
        # run-test's job creation also queues the job for consumers that
        # never run here
        peer.cli("harvester", "purge-queues")


@pytest.fixture
def peer(peer_ckan):
    """The peer CKAN, empty but for its sysadmin."""
    peer_ckan.empty()
    return peer_ckan
