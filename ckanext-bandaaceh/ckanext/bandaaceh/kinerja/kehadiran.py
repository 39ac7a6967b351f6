"""Web presence: the news harvester's per-unit figures of the semester
(news count, months with news, no news at all), whether the SKPK has a
website and whether it runs on the city's WordPress Multisite. An SKPK with
no harvested website scores as having no news."""
from __future__ import annotations

from typing import Any

import ckan.plugins as p

from ckanext.bandaaceh.kinerja.kerangka import Keluarga, Periode


def tersedia() -> bool:
    return p.plugin_loaded("bandaaceh_berita")


def hitung(periode: Periode) -> dict[str, dict[str, Any]]:
    from ckanext.bandaaceh_harvest.berita import kehadiran

    out: dict[str, dict[str, Any]] = {}
    for unit in kehadiran.kehadiran(periode.semester)["unit"]:
        row = out.setdefault(unit["unit"], {
            "punya_website": True, "wpmu": False, "jumlah_berita": 0,
            "bulan_dengan_berita": 0, "tanpa_berita": True,
            "jeda_terpanjang_hari": None})
        # an SKPK with several websites: the best of them
        row["wpmu"] = row["wpmu"] or unit["wpmu"]
        row["jumlah_berita"] += unit["jumlah_berita"]
        row["bulan_dengan_berita"] = max(row["bulan_dengan_berita"],
                                         unit["bulan_dengan_berita"])
        row["tanpa_berita"] = row["tanpa_berita"] and unit["tanpa_berita"]
        gap = unit["jeda_terpanjang_hari"]
        row["jeda_terpanjang_hari"] = gap if row[
            "jeda_terpanjang_hari"] is None else min(
                gap, row["jeda_terpanjang_hari"])
    for name in periode.skpk:
        out.setdefault(name, {"punya_website": False, "wpmu": False,
                              "jumlah_berita": 0, "bulan_dengan_berita": 0,
                              "tanpa_berita": True,
                              "jeda_terpanjang_hari": None})
    return out


KELUARGA = Keluarga(
    kunci="kehadiran", judul="Kehadiran web",
    ukuran={"punya_website": "Memiliki website",
            "wpmu": "Website di WordPress Multisite kota",
            "jumlah_berita": "Jumlah berita",
            "bulan_dengan_berita": "Bulan dengan berita",
            "tanpa_berita": "Tanpa berita sepanjang semester",
            "jeda_terpanjang_hari": "Jeda terpanjang tanpa berita (hari)"},
    hitung=hitung, tersedia=tersedia)
