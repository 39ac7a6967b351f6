"""Fixtures of the download statistics tests."""
from __future__ import annotations

import pytest

from ckanext.bandaaceh.unduhan import antrean


def _bersihkan() -> None:
    client = antrean.klien()
    prefix = antrean.kunci_antrean().rsplit(":", 1)[0] + ":"
    keys = list(client.scan_iter(match=prefix + "*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture
def redis_unduhan():
    """An empty download queue before and after the test."""
    _bersihkan()
    yield antrean.klien()
    _bersihkan()


@pytest.fixture
def antrean_unduhan(redis_unduhan):
    """The events queued so far, decoded."""
    import json

    def events():
        return [json.loads(e) for e in
                redis_unduhan.lrange(antrean.kunci_antrean(), 0, -1)]
    return events
