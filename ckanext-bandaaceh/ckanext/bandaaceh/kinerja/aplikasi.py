"""Applications: the SKPK's public apps in the registry and the shares of
them with an API, connected to Mantra or Open Data, and registered as PSE.
The registry keeps no history, so the figures are those of the day they
are taken (the semester snapshot freezes them)."""
from __future__ import annotations

from typing import Any, Optional

from ckanext.bandaaceh.aplikasi import statistik
from ckanext.bandaaceh.kinerja.kerangka import Keluarga, Periode


def _persen(part: int, whole: int) -> Optional[float]:
    return round(100.0 * part / whole, 2) if whole else None


def hitung(periode: Periode) -> dict[str, dict[str, Any]]:
    apps: dict[str, list[statistik.Aplikasi]] = {}
    for app in statistik.registered():
        apps.setdefault(app.skpk, []).append(app)
    out = {}
    for name in periode.skpk:
        own = apps.get(name, [])
        api = sum(a.punya_api for a in own)
        connected = sum(a.ya("terhubung_mantra") or
                        a.ya("terhubung_open_data") for a in own)
        pse = sum(a.fields.get("status_pse") == "terdaftar" for a in own)
        out[name] = {"aplikasi": len(own), "dengan_api": api,
                     "terhubung": connected, "pse_terdaftar": pse,
                     "persen_dengan_api": _persen(api, len(own)),
                     "persen_terhubung": _persen(connected, len(own)),
                     "persen_pse_terdaftar": _persen(pse, len(own))}
    return out


KELUARGA = Keluarga(
    kunci="aplikasi", judul="Aplikasi",
    ukuran={"aplikasi": "Aplikasi terdaftar",
            "persen_dengan_api": "Persen aplikasi dengan API",
            "persen_terhubung": "Persen terhubung Mantra/Open Data",
            "persen_pse_terdaftar": "Persen terdaftar PSE",
            "dengan_api": "Aplikasi dengan API",
            "terhubung": "Aplikasi terhubung Mantra/Open Data",
            "pse_terdaftar": "Aplikasi terdaftar PSE"},
    hitung=hitung)
