"""The scorecard as the portal shows it: a semester's frozen snapshot when
one was taken, else the live figures; with every SKPK's change since the
previous semester, and the history of the semesters taken.

Snapshots are written by ``ambil()``: at the end of each semester by a
background job (``job``, queued daily by the scheduler of ``jadwal``; it
does nothing once the semester is taken), and on demand by sysadmins
(action ``bandaaceh_kinerja_snapshot``, ``ckan bandaaceh kinerja
snapshot``). Taking a semester again replaces it; editing data never
does.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from typing import Any, Optional

import sqlalchemy as sa
from redis.exceptions import RedisError

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.bandaaceh.kinerja import kerangka
from ckanext.bandaaceh.kinerja.kerangka import Semester
from ckanext.bandaaceh.model import kinerja as tabel

log = logging.getLogger(__name__)

PESAN_SEMESTER = "Semester tidak dikenal: %s. Tulis mis. 2017-S1 atau 2017-S2"
PESAN_SKPK = "SKPK tidak ditemukan: %s"
PESAN_BELUM_SELESAI = ("Semester %s belum selesai; potret hanya dapat "
                       "diambil untuk semester yang sudah berakhir")
TAHUN_TERAKHIR = 2999
OPTION_CACHE = "ckanext.bandaaceh.kinerja.cache_detik"


def semester(value: Any = None) -> Semester:
    """The semester asked for (``2017-S1``); the current one by default.
    ValidationError in Indonesian when unreadable."""
    if value in (None, ""):
        return kerangka.semester_ini()
    try:
        smt = Semester.parse(str(value))
    except ValueError:
        smt = None
    # dates past year 9998 cannot be computed (the day after the semester)
    if smt is None or smt.tahun > TAHUN_TERAKHIR:
        raise tk.ValidationError({"semester": [PESAN_SEMESTER % value]})
    return smt


def ambil(smt: Semester, per_tanggal: Optional[dt.date] = None,
          boleh_berjalan: bool = False) -> dict[str, Any]:
    """Compute and freeze a semester's scorecard (replacing any earlier
    snapshot of it)."""
    today = per_tanggal or (dt.datetime.utcnow() + kerangka.WIB).date()
    if not boleh_berjalan and smt.akhir >= today:
        raise tk.ValidationError({"semester": [PESAN_BELUM_SELESAI % smt]})
    hasil = kerangka.hitung(smt, per_tanggal)
    key = str(smt)
    session = model.Session
    session.execute(tabel.semester.delete().where(
        tabel.semester.c.semester == key))
    session.execute(tabel.semester.insert().values(
        semester=key, diambil=dt.datetime.now(dt.timezone.utc),
        keluarga=hasil["keluarga"], bobot=hasil["bobot"],
        kota=hasil["kota"]))
    if hasil["skpk"]:
        session.execute(tabel.skpk.insert(), [
            {"semester": key, "skpk": r["skpk"], "nama_skpk": r["nama_skpk"],
             "skor": r["skor"], "peringkat": r["peringkat"],
             "skor_keluarga": r["skor_keluarga"], "nilai": r["nilai"]}
            for r in hasil["skpk"]])
    session.commit()
    log.info("Scorecard snapshot of %s taken (%d SKPK)", key,
             len(hasil["skpk"]))
    return {"semester": key, "skpk": len(hasil["skpk"]),
            "keluarga": [f["kunci"] for f in hasil["keluarga"]]}


def potret(smt: Semester) -> Optional[dict[str, Any]]:
    """The frozen scorecard of a semester, in the shape of
    ``kerangka.hitung``; None when none was taken."""
    head = model.Session.execute(sa.select(tabel.semester).where(
        tabel.semester.c.semester == str(smt))).mappings().first()
    if head is None:
        return None
    rows = model.Session.execute(
        sa.select(tabel.skpk).where(tabel.skpk.c.semester == str(smt))
        .order_by(tabel.skpk.c.peringkat.asc().nulls_last(),
                  tabel.skpk.c.skpk)).mappings().all()
    return {"semester": str(smt), "keluarga": head["keluarga"],
            "bobot": head["bobot"], "kota": head["kota"],
            "diambil": head["diambil"].isoformat(),
            "skpk": [{"skpk": r["skpk"], "nama_skpk": r["nama_skpk"],
                      "skor": None if r["skor"] is None else float(r["skor"]),
                      "peringkat": r["peringkat"],
                      "skor_keluarga": r["skor_keluarga"],
                      "nilai": r["nilai"]} for r in rows]}


def _kunci_cache(smt: Semester, per_tanggal: dt.date,
                 bobot: dict[str, Any]) -> str:
    """The cache key of a live scorecard: the semester, the day, and what
    shapes the figures (weights, the periodic-information file, the
    families installed)."""
    from ckanext.bandaaceh.kinerja import berkala

    shape = json.dumps([
        bobot, tk.config.get(berkala.OPTION) or "",
        [f.kunci for f in kerangka.terpasang(bobot)]], sort_keys=True,
        default=str)
    digest = hashlib.sha256(shape.encode("utf-8")).hexdigest()[:16]
    return (f"{tk.config['ckan.site_id']}:bandaaceh_kinerja:langsung:"
            f"{smt}:{per_tanggal.isoformat()}:{digest}")


def langsung(smt: Semester, per_tanggal: Optional[dt.date] = None
             ) -> dict[str, Any]:
    """The live scorecard (``kerangka.hitung``), kept in Redis for
    ``ckanext.bandaaceh.kinerja.cache_detik`` seconds: it reads every
    register of the city, and the dashboard, the Kinerja tabs and the API
    ask for it on every request. A Redis that is away only costs time."""
    ttl = tk.config[OPTION_CACHE]
    if not ttl:
        return kerangka.hitung(smt, per_tanggal)
    from ckan.lib.redis import connect_to_redis

    bobot = kerangka.baca_bobot()
    day = per_tanggal or (dt.datetime.utcnow() + kerangka.WIB).date()
    key = _kunci_cache(smt, day, bobot)
    try:
        redis = connect_to_redis()
        cached = redis.get(key)
    except RedisError:
        log.warning("Scorecard cache unavailable", exc_info=True)
        redis = cached = None
    if cached is not None:
        return json.loads(cached)
    hasil = kerangka.hitung(smt, day, bobot)
    if redis is not None:
        _simpan(redis, key, hasil, ttl)
    return hasil


def _simpan(redis: Any, key: str, hasil: dict[str, Any], ttl: int) -> None:
    try:
        redis.setex(key, ttl, json.dumps(hasil))
    except RedisError:
        log.warning("Scorecard cache unavailable", exc_info=True)


def segarkan(today: Optional[dt.date] = None) -> list[str]:
    """Background job (every ``cache_detik`` seconds, ``jadwal``): compute
    the live scorecards requests ask for (the running semester, and the
    last one until it is frozen) into the cache, so no request waits for
    them. Kept twice as long as a request would keep them, so the entry
    never lapses between two runs. The semesters refreshed."""
    from ckan.lib.redis import connect_to_redis

    ttl = tk.config[OPTION_CACHE]
    if not ttl:
        return []
    day = today or (dt.datetime.utcnow() + kerangka.WIB).date()
    bobot = kerangka.baca_bobot()
    now = kerangka.semester_ini(day)
    done = []
    for smt in (now, kerangka.semester_sebelumnya(now)):
        if potret(smt) is not None:
            continue
        _simpan(connect_to_redis(), _kunci_cache(smt, day, bobot),
                kerangka.hitung(smt, day, bobot), 2 * ttl)
        done.append(str(smt))
    return done


def _baca(smt: Semester, per_tanggal: Optional[dt.date]) -> dict[str, Any]:
    frozen = potret(smt)
    if frozen is not None:
        return dict(frozen, sumber="potret")
    return dict(langsung(smt, per_tanggal), sumber="langsung",
                diambil=None)


def rapor(smt: Semester, per_tanggal: Optional[dt.date] = None
          ) -> dict[str, Any]:
    """Every SKPK's scorecard of the semester with the change of score and
    rank since the previous semester (positive: better)."""
    now = _baca(smt, per_tanggal)
    before = _baca(kerangka.semester_sebelumnya(smt), per_tanggal)
    earlier = {r["skpk"]: r for r in before["skpk"]}
    for row in now["skpk"]:
        prev = earlier.get(row["skpk"])
        row["skor_sebelumnya"] = prev["skor"] if prev else None
        row["perubahan_skor"] = (
            round(row["skor"] - prev["skor"], 2)
            if prev and prev["skor"] is not None
            and row["skor"] is not None else None)
        row["perubahan_peringkat"] = (
            prev["peringkat"] - row["peringkat"]
            if prev and prev["peringkat"] and row["peringkat"] else None)
    now["semester_sebelumnya"] = before["semester"]
    now["kota_sebelumnya"] = before["kota"]
    return now


def rapor_skpk(name: str, smt: Semester,
               per_tanggal: Optional[dt.date] = None) -> dict[str, Any]:
    """One SKPK's scorecard (ObjectNotFound when it is not scored)."""
    all_ = rapor(smt, per_tanggal)
    row = next((r for r in all_["skpk"] if r["skpk"] == name), None)
    if row is None:
        raise tk.ObjectNotFound(PESAN_SKPK % name)
    return dict(row, semester=all_["semester"], sumber=all_["sumber"],
                diambil=all_["diambil"], keluarga=all_["keluarga"],
                semester_sebelumnya=all_["semester_sebelumnya"],
                jumlah_skpk=len(all_["skpk"]))


def riwayat(skpk: Optional[str] = None) -> list[dict[str, Any]]:
    """The semesters taken, oldest first: the city's figures, or one
    SKPK's score, rank and family scores."""
    if skpk is None:
        rows = model.Session.execute(
            sa.select(tabel.semester.c.semester, tabel.semester.c.kota)
            .order_by(tabel.semester.c.semester)).all()
        return [{"semester": s, "skpk": kota["skpk"],
                 "rerata_skor": kota["rerata_skor"], "ukuran": kota["ukuran"]}
                for s, kota in rows]
    rows = model.Session.execute(
        sa.select(tabel.skpk.c.semester, tabel.skpk.c.skor,
                  tabel.skpk.c.peringkat, tabel.skpk.c.skor_keluarga)
        .where(tabel.skpk.c.skpk == skpk)
        .order_by(tabel.skpk.c.semester)).all()
    return [{"semester": s, "skor": None if v is None else float(v),
             "peringkat": rank, "skor_keluarga": families}
            for s, v, rank, families in rows]


def job(semester_text: str) -> None:
    """Background job: freeze a finished semester and publish it (a
    missing e-government organisation is logged, not raised: the snapshot
    is what must not be lost)."""
    from ckanext.bandaaceh.kinerja import publikasi

    smt = Semester.parse(semester_text)
    ambil(smt)
    try:
        publikasi.terbitkan(smt)
    except tk.ValidationError as e:
        log.error("Scorecard %s not published: %s", smt, e.error_summary)
