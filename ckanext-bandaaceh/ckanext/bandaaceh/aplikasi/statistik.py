"""Statistics of the app and service registry, as the seed reports them.

Counts cover the public, active ``aplikasi`` datasets, read straight from
CKAN's tables (not the search index), so the figures do not depend on the
search engine and are exact. The projection of the application need follows
the seed's "Potensi Pengembangan TIK": need = SKPK × bidang per SKPK × seksi
per bidang × platforms, remaining = need − built, years to finish =
remaining ÷ build rate.
"""
from __future__ import annotations

import dataclasses
import datetime
import json
from collections import Counter, defaultdict
from typing import Any, Iterable, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.bandaaceh.aplikasi import DATASET_TYPE

WEBSITE = ("website_skpk", "website_gampong", "website_dayah")
LAYANAN = ("layanan_publik", "layanan_internal")
KATEGORI = WEBSITE + LAYANAN
DENGAN_API = ("rest", "soap")
STATUS_PSE = ("terdaftar", "dalam_proses", "belum")
STATUS_SURVEI = ("disurvei", "terdata", "direkomendasikan",
                 "tindak_lanjut_selesai")

PESAN_TAHUN = "%s harus berupa tahun empat angka, mis. 2016"
PESAN_JENDELA = "Tahun awal (%d) tidak boleh sesudah tahun akhir (%d)"

OPTION = "ckanext.bandaaceh.aplikasi."


@dataclasses.dataclass(frozen=True)
class Aplikasi:
    """One registered application, as the statistics see it."""
    name: str
    title: str
    skpk: str
    skpk_title: str
    fields: dict[str, Any]

    @property
    def kategori(self) -> str:
        return self.fields.get("kategori") or ""

    def ya(self, field: str) -> bool:
        return self.fields.get(field) == "ya"

    @property
    def punya_api(self) -> bool:
        return self.fields.get("jenis_api") in DENGAN_API

    @property
    def tahun_operasi(self) -> Optional[int]:
        try:
            return int(self.fields.get("tahun_operasi") or "")
        except ValueError:
            return None


def _field_value(value: str) -> Any:
    """Scheming keeps repeating fields as JSON lists inside the extras."""
    if isinstance(value, str) and value.startswith("["):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def registered() -> list[Aplikasi]:
    """Every public, active application of the registry, by SKPK and
    title."""
    Package, Group = model.Package, model.Group
    rows = (model.Session.query(Package.name, Package.title, Package.extras,
                                Group.name, Group.title)
            .outerjoin(Group, Group.id == Package.owner_org)
            .filter(Package.type == DATASET_TYPE,
                    Package.state == model.State.ACTIVE,
                    Package.private.is_(False))
            .order_by(Group.name, Package.title))
    return [Aplikasi(name, title or name, org_name or "",
                     org_title or org_name or "",
                     {k: _field_value(v) for k, v in (extras or {}).items()})
            for name, title, extras, org_name, org_title in rows]


def _persen(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 2) if whole else 0.0


def _bagian(part: int, whole: int) -> dict[str, Any]:
    return {"jumlah": part, "dari": whole, "persen": _persen(part, whole)}


@dataclasses.dataclass(frozen=True)
class Proyeksi:
    """The seed's projection of how long building every needed app takes."""
    skpk: int
    bidang_per_skpk: int
    seksi_per_bidang: int
    platform: int
    terbangun: int
    tahun_awal: int
    tahun_akhir: int
    dibangun_dalam_jendela: int

    @property
    def kebutuhan(self) -> int:
        return (self.skpk * self.bidang_per_skpk * self.seksi_per_bidang
                * self.platform)

    @property
    def sisa(self) -> int:
        return max(self.kebutuhan - self.terbangun, 0)

    @property
    def laju(self) -> float:
        """Mean applications put into service per year of the window."""
        return self.dibangun_dalam_jendela / (
            self.tahun_akhir - self.tahun_awal + 1)

    @property
    def tahun_pemenuhan(self) -> Optional[float]:
        """Years until the need is met at this rate (None: never)."""
        if self.sisa == 0:
            return 0.0
        return self.sisa / self.laju if self.laju > 0 else None

    def as_dict(self) -> dict[str, Any]:
        years = self.tahun_pemenuhan
        return {
            "skpk": self.skpk,
            "bidang_per_skpk": self.bidang_per_skpk,
            "seksi_per_bidang": self.seksi_per_bidang,
            "platform": self.platform,
            "kebutuhan": self.kebutuhan,
            "terbangun": self.terbangun,
            "sisa": self.sisa,
            "jendela_laju": {"tahun_awal": self.tahun_awal,
                             "tahun_akhir": self.tahun_akhir,
                             "dibangun": self.dibangun_dalam_jendela},
            "laju_per_tahun": round(self.laju, 2),
            "tahun_pemenuhan": None if years is None else round(years, 2),
            "tahun_pemenuhan_dibulatkan": (None if years is None
                                           else int(round(years))),
        }


def _year(value: Any, label: str) -> Optional[int]:
    if value in (None, ""):
        return None
    try:
        year = int(str(value).strip())
    except ValueError:
        raise tk.ValidationError({label: [PESAN_TAHUN % label]})
    if not 1000 <= year <= 9999:
        raise tk.ValidationError({label: [PESAN_TAHUN % label]})
    return year


def rate_window(tahun_awal: Any = None, tahun_akhir: Any = None,
                today: Optional[datetime.date] = None) -> tuple[int, int]:
    """The years whose mean is the build rate: as asked, else the configured
    number of years ending at the configured last year (default: the last
    complete calendar year)."""
    last = (_year(tahun_akhir, "tahun_akhir")
            or _year(tk.config.get(OPTION + "rate.last_year"), OPTION
                     + "rate.last_year")
            or (today or datetime.date.today()).year - 1)
    first = _year(tahun_awal, "tahun_awal")
    if first is None:
        first = last - max(tk.config.get(OPTION + "rate.years"), 1) + 1
    if first > last:
        raise tk.ValidationError({"tahun_awal": [PESAN_JENDELA % (first,
                                                                  last)]})
    return first, last


def built_categories() -> list[str]:
    return tk.config.get(OPTION + "built_categories").split()


def proyeksi(apps: Iterable[Aplikasi], tahun_awal: Any = None,
             tahun_akhir: Any = None) -> Proyeksi:
    """The projection from the configured need and the registry."""
    counted = [a for a in apps if a.kategori in built_categories()]
    first, last = rate_window(tahun_awal, tahun_akhir)
    in_window = sum(1 for a in counted
                    if a.tahun_operasi is not None
                    and first <= a.tahun_operasi <= last)
    return Proyeksi(
        skpk=tk.config.get(OPTION + "need.skpk"),
        bidang_per_skpk=tk.config.get(OPTION + "need.bidang_per_skpk"),
        seksi_per_bidang=tk.config.get(OPTION + "need.seksi_per_bidang"),
        platform=tk.config.get(OPTION + "need.platforms"),
        terbangun=len(counted), tahun_awal=first, tahun_akhir=last,
        dibangun_dalam_jendela=in_window)


def _per_skpk(apps: list[Aplikasi]) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for app in apps:
        row = rows.setdefault(app.skpk, dict(
            {"skpk": app.skpk, "nama_skpk": app.skpk_title},
            **{k: 0 for k in KATEGORI},
            jumlah=0, dengan_api=0, terhubung_mantra=0,
            terhubung_open_data=0, pse_terdaftar=0))
        if app.kategori in KATEGORI:
            row[app.kategori] += 1
        row["jumlah"] += 1
        row["dengan_api"] += app.punya_api
        row["terhubung_mantra"] += app.ya("terhubung_mantra")
        row["terhubung_open_data"] += app.ya("terhubung_open_data")
        row["pse_terdaftar"] += app.fields.get("status_pse") == "terdaftar"
    return sorted(rows.values(), key=lambda r: (-r["jumlah"], r["skpk"]))


def _per_tahun(apps: list[Aplikasi]) -> list[dict[str, Any]]:
    by_year: dict[int, Counter] = defaultdict(Counter)
    for app in apps:
        if app.tahun_operasi is not None:
            by_year[app.tahun_operasi][app.kategori] += 1
    rows, cumulative = [], 0
    for year in sorted(by_year):
        total = sum(by_year[year].values())
        cumulative += total
        rows.append(dict({"tahun": year}, **{k: by_year[year][k]
                                             for k in KATEGORI},
                         jumlah=total, kumulatif=cumulative))
    return rows


def statistik(tahun_awal: Any = None,
              tahun_akhir: Any = None) -> dict[str, Any]:
    """Every figure of the registry statistics page and API action."""
    apps = registered()
    per_kategori = Counter(a.kategori for a in apps)
    layanan = [a for a in apps if a.kategori in LAYANAN]
    pse = Counter(a.fields.get("status_pse") or "" for a in apps)
    survei = Counter(a.fields.get("status_survei") or "" for a in apps)
    return {
        "jumlah_aplikasi": len(apps),
        "website": dict({k: per_kategori[k] for k in WEBSITE},
                        total=sum(per_kategori[k] for k in WEBSITE)),
        "layanan": dict({k: per_kategori[k] for k in LAYANAN},
                        total=len(layanan)),
        "interoperabilitas": {
            "dengan_api": _bagian(sum(a.punya_api for a in layanan),
                                  len(layanan)),
            "terhubung_mantra": _bagian(
                sum(a.ya("terhubung_mantra") for a in layanan), len(layanan)),
            "terhubung_open_data": _bagian(
                sum(a.ya("terhubung_open_data") for a in layanan),
                len(layanan)),
        },
        "pse": dict({k: pse[k] for k in STATUS_PSE},
                    tidak_diisi=pse[""],
                    persen_terdaftar=_persen(pse["terdaftar"], len(apps))),
        "survei": dict({k: survei[k] for k in STATUS_SURVEI},
                       belum_disurvei=survei[""]),
        "per_skpk": _per_skpk(apps),
        "per_tahun": _per_tahun(apps),
        "proyeksi": proyeksi(apps, tahun_awal, tahun_akhir).as_dict(),
    }


PER_SKPK_COLUMNS = ("skpk", "nama_skpk") + KATEGORI + (
    "jumlah", "dengan_api", "terhubung_mantra", "terhubung_open_data",
    "pse_terdaftar")


def per_skpk_rows(stats: dict[str, Any]) -> list[dict[str, Any]]:
    """The per-SKPK table with a closing city-wide total row."""
    rows = list(stats["per_skpk"])
    total: dict[str, Any] = {"skpk": "", "nama_skpk": "Total Kota Banda Aceh"}
    for column in PER_SKPK_COLUMNS[2:]:
        total[column] = sum(r[column] for r in rows)
    return rows + [total]
