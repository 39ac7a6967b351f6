"""Server-side download statistics (unduhan) and upload statistics.

The request path (``pencatat``) only pushes one compact event per counted
download to a Redis list; ``agregasi`` moves the events into PostgreSQL
(``bandaaceh_unduhan_*``); ``statistik`` answers the API actions.
"""
from __future__ import annotations

from typing import Any

from ckanext.bandaaceh.unduhan import pencatat, statistik


def pasang(app: Any) -> Any:
    """Install the download counter and the template global on the Flask
    app (called from ``IMiddleware.make_middleware``)."""
    pencatat.pasang(app)
    app.add_template_global(statistik.jumlah_unduhan,
                            "bandaaceh_jumlah_unduhan")
    return app
