"""Background jobs of the download statistics."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk

from ckanext.bandaaceh.unduhan import agregasi


def agregasi_unduhan() -> dict[str, Any]:
    """RQ job: move the queued download events into PostgreSQL."""
    return agregasi.agregasi().as_dict()


def antrekan_agregasi() -> Any:
    return tk.enqueue_job(agregasi_unduhan, title="bandaaceh: agregasi unduhan")
