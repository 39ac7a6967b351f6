"""The frame of the SKPK scorecard: measure families, weights, scores.

A measure family (``Keluarga``) is one module of this package holding a
``KELUARGA``: a few measures, whether its data source is installed here, and
a function giving every SKPK's values for a semester. The weights file
(``ckanext.bandaaceh.kinerja.bobot``, shape of ``data/kinerja/bobot.yaml``)
names the families that count: family ``x`` is the module
``ckanext.bandaaceh.kinerja.x``. A family whose module is missing or whose
source is not installed (its plugin not loaded) contributes nothing, and the
others' weights are shared out again.

Scores: each measure 0-1 against its target (``naik``: value / target,
capped at 1; ``turun``: 1 - value / target, floored at 0; yes/no as 1/0),
a family score the weighted mean of its measures with a value, the
composite the weighted mean (0-100, two decimals) of the family scores an
SKPK has. Ranks are competition ranks (1, 2, 2, 4).
"""
from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import decimal
import functools
import importlib
import logging
import os
from typing import Any, Callable, Optional

import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.bandaaceh.loading import LoaderError, data_path, read_yaml
from ckanext.bandaaceh_harvest.berita.kehadiran import Semester

log = logging.getLogger(__name__)

OPTION_BOBOT = "ckanext.bandaaceh.kinerja.bobot"
ARAH = ("naik", "turun")
WIB = dt.timedelta(hours=7)
PESAN_BOBOT = "Berkas bobot kinerja %s tidak sah: %s"

__all__ = ["Semester", "Periode", "Keluarga", "baca_bobot", "terpasang",
           "hitung", "skor_ukuran", "peringkat"]


def semester_sebelumnya(semester: Semester) -> Semester:
    return (Semester(semester.tahun, 1) if semester.ke == 2
            else Semester(semester.tahun - 1, 2))


def semester_ini(today: Optional[dt.date] = None) -> Semester:
    return Semester.of(today or (dt.datetime.utcnow() + WIB).date())


@dataclasses.dataclass
class Periode:
    """What every family is asked about: one semester, the SKPK scored
    (name -> (id, title)), the day the figures are taken and the settings
    of the weights file. Queries two families share (downloads) are run
    once through ``bersama``."""
    semester: Semester
    skpk: dict[str, tuple[str, str]]
    per_tanggal: dt.date
    pengaturan: dict[str, Any]
    _memo: dict[str, Any] = dataclasses.field(default_factory=dict)

    @property
    def mulai_utc(self) -> dt.datetime:
        """First instant of the semester in WIB, as CKAN's naive UTC."""
        return dt.datetime.combine(self.semester.awal, dt.time()) - WIB

    @property
    def akhir_utc(self) -> dt.datetime:
        """First instant after the semester (WIB), as naive UTC."""
        return dt.datetime.combine(self.semester.akhir + dt.timedelta(
            days=1), dt.time()) - WIB

    def id_ke_nama(self) -> dict[str, str]:
        return {org_id: name for name, (org_id, _t) in self.skpk.items()}

    def bersama(self, key: str, compute: Callable[[], Any]) -> Any:
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]


@dataclasses.dataclass(frozen=True)
class Keluarga:
    """One family of measures. ``ukuran`` maps measure keys to their
    Indonesian labels (the scored ones must be among them); ``hitung``
    returns SKPK name -> measure values (None: no value this semester)."""
    kunci: str
    judul: str
    ukuran: dict[str, str]
    hitung: Callable[[Periode], dict[str, dict[str, Any]]]
    tersedia: Callable[[], bool] = lambda: True


def baca_bobot(path: Optional[str] = None) -> dict[str, Any]:
    """The weights file, checked; LoaderError (Indonesian) when wrong.
    Read again only when the file changes (every request asks)."""
    path = path or tk.config.get(OPTION_BOBOT) or data_path(
        "kinerja", "bobot.yaml")
    try:
        info = os.stat(path)
        stamp: Optional[tuple[int, int]] = (info.st_mtime_ns, info.st_size)
    except OSError:
        stamp = None  # read_yaml says what is missing
    return copy.deepcopy(_bobot_berkas(path, stamp))


@functools.lru_cache(maxsize=16)
def _bobot_berkas(path: str, stamp: Optional[tuple[int, int]]
                  ) -> dict[str, Any]:
    data = read_yaml(path)
    if not isinstance(data, dict) or not isinstance(
            data.get("keluarga"), dict) or not data["keluarga"]:
        raise LoaderError(PESAN_BOBOT % (path, "tidak ada `keluarga`"))
    for key, family in data["keluarga"].items():
        if not isinstance(family, dict) or not isinstance(
                family.get("ukuran"), dict) or not family["ukuran"]:
            raise LoaderError(PESAN_BOBOT % (
                path, f"keluarga {key} tidak memiliki `ukuran`"))
        _angka(path, f"keluarga {key}: bobot", family.get("bobot"))
        for name, rule in family["ukuran"].items():
            where = f"keluarga {key}, ukuran {name}"
            if not isinstance(rule, dict):
                raise LoaderError(PESAN_BOBOT % (path, f"{where} kosong"))
            _angka(path, where + ": bobot", rule.get("bobot"))
            if _angka(path, where + ": target", rule.get("target")) <= 0:
                raise LoaderError(PESAN_BOBOT % (
                    path, f"{where}: target harus lebih dari 0"))
            if rule.get("arah", "naik") not in ARAH:
                raise LoaderError(PESAN_BOBOT % (
                    path, f"{where}: arah harus naik atau turun"))
    data.setdefault("jenis_bukan_skpk", [])
    return data


def _angka(path: str, where: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) \
            or value < 0:
        raise LoaderError(PESAN_BOBOT % (
            path, f"{where} harus angka 0 atau lebih (tertulis {value!r})"))
    return float(value)


def muat_keluarga(kunci: str) -> Optional[Keluarga]:
    """The family module's ``KELUARGA``; None when there is no such
    module (a family planned in the weights file but not built here)."""
    try:
        module = importlib.import_module(f"ckanext.bandaaceh.kinerja.{kunci}")
    except ModuleNotFoundError as e:
        if e.name and e.name.startswith("ckanext.bandaaceh"):
            log.info("measure family %s not installed (%s)", kunci, e)
            return None
        raise
    return getattr(module, "KELUARGA", None)


def terpasang(bobot: dict[str, Any]) -> list[Keluarga]:
    """The families of the weights file whose data source is here."""
    out = []
    for kunci in bobot["keluarga"]:
        family = muat_keluarga(kunci)
        if family is not None and family.tersedia():
            out.append(family)
    return out


def daftar_skpk(bobot: dict[str, Any]) -> dict[str, tuple[str, str]]:
    """Active organisations that are SKPK (not of a kind the weights file
    leaves out), by name."""
    excluded = set(bobot.get("jenis_bukan_skpk") or ())
    rows = model.Session.execute(sa.text(
        "SELECT g.id, g.name, g.title, coalesce(g.extras ->> 'jenis', '') "
        "AS jenis FROM \"group\" g WHERE g.is_organization AND "
        "g.state = 'active' ORDER BY g.name")).all()
    return {r.name: (r.id, r.title or r.name) for r in rows
            if r.jenis not in excluded}


def skor_ukuran(value: Any, rule: dict[str, Any]) -> Optional[float]:
    """One measure's score 0-1 (None: no value)."""
    if value is None:
        return None
    value = float(value)
    share = value / float(rule["target"])
    if rule.get("arah", "naik") == "turun":
        return max(1.0 - share, 0.0)
    return min(share, 1.0)


def _rerata_berbobot(pairs: list[tuple[float, Optional[float]]]
                     ) -> Optional[float]:
    counted = [(w, s) for w, s in pairs if s is not None and w > 0]
    total = sum(w for w, _ in counted)
    if not total:
        return None
    return sum(w * s for w, s in counted) / total


def _dua_desimal(value: Optional[float]) -> Optional[float]:
    if value is None:
        return None
    return float(decimal.Decimal(repr(value)).quantize(
        decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_UP))


def skor_skpk(nilai: dict[str, dict[str, Any]], bobot: dict[str, Any]
              ) -> tuple[dict[str, Optional[float]], Optional[float]]:
    """Family scores (0-100) and the composite of one SKPK, from its
    values per family."""
    families: dict[str, Optional[float]] = {}
    pairs = []
    for kunci, values in nilai.items():
        spec = bobot["keluarga"][kunci]
        score = _rerata_berbobot([
            (float(rule["bobot"]), skor_ukuran(values.get(name), rule))
            for name, rule in spec["ukuran"].items()])
        families[kunci] = _dua_desimal(None if score is None
                                       else 100 * score)
        pairs.append((float(spec["bobot"]), score))
    composite = _rerata_berbobot(pairs)
    return families, _dua_desimal(None if composite is None
                                  else 100 * composite)


def peringkat(scores: dict[str, Optional[float]]) -> dict[str, int]:
    """Competition ranks, highest score first; SKPK without a score get
    no rank."""
    ordered = sorted((s for s in scores.values() if s is not None),
                     reverse=True)
    first = {}
    for i, score in enumerate(ordered, start=1):
        first.setdefault(score, i)
    return {name: first[s] for name, s in scores.items() if s is not None}


def hitung(semester: Semester, per_tanggal: Optional[dt.date] = None,
           bobot: Optional[dict[str, Any]] = None) -> dict[str, Any]:
    """The live scorecard of every SKPK for one semester."""
    bobot = bobot or baca_bobot()
    families = terpasang(bobot)
    periode = Periode(semester, daftar_skpk(bobot),
                      per_tanggal or (dt.datetime.utcnow() + WIB).date(),
                      {k: v for k, v in bobot.items() if k != "keluarga"})
    values_by_family = {f.kunci: f.hitung(periode) for f in families}
    rows = []
    for name, (org_id, title) in periode.skpk.items():
        nilai = {f.kunci: _lengkap(f, values_by_family[f.kunci].get(name))
                 for f in families}
        family_scores, composite = skor_skpk(nilai, bobot)
        rows.append({"skpk": name, "nama_skpk": title, "skor": composite,
                     "skor_keluarga": family_scores, "nilai": nilai})
    ranks = peringkat({r["skpk"]: r["skor"] for r in rows})
    for row in rows:
        row["peringkat"] = ranks.get(row["skpk"])
    rows.sort(key=lambda r: (r["peringkat"] is None, r["peringkat"] or 0,
                             r["skpk"]))
    return {"semester": str(semester),
            "keluarga": [keterangan(f, bobot) for f in families],
            "bobot": bobot["keluarga"], "skpk": rows,
            "kota": kota(rows, families)}


def _lengkap(family: Keluarga, values: Optional[dict[str, Any]]
             ) -> dict[str, Any]:
    """Every measure of the family, zero when the SKPK had none of it."""
    values = values or {}
    return {k: values.get(k, 0) for k in family.ukuran} | {
        k: v for k, v in values.items() if k not in family.ukuran}


def keterangan(family: Keluarga, bobot: dict[str, Any]) -> dict[str, Any]:
    spec = bobot["keluarga"][family.kunci]
    return {"kunci": family.kunci, "judul": family.judul,
            "bobot": spec["bobot"],
            "ukuran": [{"kunci": k, "judul": label,
                        **spec["ukuran"].get(k, {"bobot": 0})}
                       for k, label in family.ukuran.items()]}


def kota(rows: list[dict[str, Any]], families: list[Keluarga]
         ) -> dict[str, Any]:
    """City-wide figures: the SKPK count, the mean composite, and for each
    measure its sum over the SKPK (yes/no measures: how many said yes) and
    its mean."""
    scores = [r["skor"] for r in rows if r["skor"] is not None]
    out: dict[str, Any] = {
        "skpk": len(rows),
        "rerata_skor": _dua_desimal(sum(scores) / len(scores))
        if scores else None,
        "ukuran": {}}
    for family in families:
        measures = {}
        for key in family.ukuran:
            values = [r["nilai"][family.kunci].get(key) for r in rows]
            values = [float(v) for v in values
                      if isinstance(v, (int, float))]
            measures[key] = {
                "jumlah": _dua_desimal(sum(values)),
                "rerata": _dua_desimal(sum(values) / len(values))
                if values else None,
                "skpk_dengan_nilai": len(values)}
        out["ukuran"][family.kunci] = measures
    return out
