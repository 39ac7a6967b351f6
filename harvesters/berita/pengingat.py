"""Semester reminders: each unit's admins get their web-presence figures.

In June and December (the last month of each semester) the admins of every
organisation that owns a news website -- CKAN users with capacity admin and
an email address -- receive, in Indonesian, the figures of the running
semester (``kehadiran``): news count, months with news, longest gap, and
what is missing: no news at all this semester, and stale datasets (the
organisation's datasets whose metadata has not changed for
``pengingat.stale_days`` days; a simple proxy for out-of-date data).

The schedule is a daily job (see ``jadwal.start``) that sends only in June
and December, so a scheduler that was down on the 1st still sends later in
the month. ``bandaaceh_berita_pengingat`` records each admin reached per
organisation and semester: nobody gets the same semester's reminder twice
(``paksa`` resends), and an admin the mail server refused is tried again by
the next run.
"""
from __future__ import annotations

import datetime as dt
import logging
import os
from collections import defaultdict
from typing import Any, Optional

import jinja2
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import insert

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.lib import mailer

from ckanext.bandaaceh_harvest.berita import kehadiran as kh
from ckanext.bandaaceh_harvest.berita.model import pengingat

log = logging.getLogger(__name__)


class PengingatError(Exception):
    """Reminders cannot be sent; the message is Indonesian."""

TEMPLATES = os.path.join(os.path.dirname(os.path.dirname(__file__)),
                         "templates", "berita", "emails")
REMINDER_MONTHS = (6, 12)
NAMA_SEMESTER = {1: "Januari–Juni", 2: "Juli–Desember"}
# the email lists at most this many stale datasets by name
DAFTAR_BASI_MAKS = 20


def _templates() -> jinja2.Environment:
    # Plain Jinja, not CKAN's render: jobs and CLI commands run without a
    # Flask request context.
    return jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES),
                              undefined=jinja2.StrictUndefined,
                              keep_trailing_newline=True)


def hari_ini_wib() -> dt.date:
    return (dt.datetime.utcnow() + kh.WIB).date()


def admin_organisasi(org_id: str) -> list[model.User]:
    """Active admins of the organisation that have an email address."""
    User, Member = model.User, model.Member
    return model.Session.query(User).join(
        Member, Member.table_id == User.id).filter(
        Member.group_id == org_id, Member.table_name == "user",
        Member.capacity == "admin", Member.state == model.State.ACTIVE,
        User.state == model.State.ACTIVE, User.email.is_not(None),
        User.email != "").order_by(User.name).all()


def dataset_basi(org_id: str, now: dt.datetime) -> list[dict[str, Any]]:
    """Datasets of the organisation not modified for ``stale_days``."""
    days = int(tk.config["ckanext.bandaaceh_harvest.berita.pengingat."
                         "stale_days"])
    Package = model.Package
    rows = model.Session.query(Package.name, Package.title,
                               Package.metadata_modified).filter(
        Package.owner_org == org_id, Package.type == "dataset",
        Package.state == model.State.ACTIVE,
        Package.metadata_modified < now - dt.timedelta(days=days)
    ).order_by(Package.metadata_modified, Package.name).all()
    return [{"name": r[0], "title": r[1] or r[0],
             "diubah": r[2].date().isoformat()} for r in rows]


def _sudah(org_id: str, semester: str) -> set[str]:
    return set(model.Session.execute(
        sa.select(pengingat.c.user_id).where(
            pengingat.c.organization_id == org_id,
            pengingat.c.semester == semester)).scalars())


def _catat(org_id: str, semester: str, user: model.User,
           now: dt.datetime) -> None:
    stmt = insert(pengingat).values(
        organization_id=org_id, semester=semester, user_id=user.id,
        email=user.email, terkirim=now)
    model.Session.execute(stmt.on_conflict_do_update(
        index_elements=["organization_id", "semester", "user_id"],
        set_={"email": user.email, "terkirim": now}))
    model.Session.commit()


def isi_pesan(org: model.Group, semester: kh.Semester,
              situs: list[dict[str, Any]], basi: list[dict[str, Any]]
              ) -> tuple[str, str]:
    """Subject and text body of one organisation's reminder."""
    label = f"semester {semester.ke} ({NAMA_SEMESTER[semester.ke]}) " \
            f"{semester.tahun}"
    subject = f"Pengingat {label}: berita dan data {org.title}"
    body = _templates().get_template("pengingat_semester.txt").render(
        unit=org.title, semester=label, situs=situs,
        tanpa_berita=all(s["tanpa_berita"] for s in situs),
        basi=basi[:DAFTAR_BASI_MAKS],
        basi_lainnya=max(0, len(basi) - DAFTAR_BASI_MAKS),
        stale_days=int(tk.config["ckanext.bandaaceh_harvest.berita."
                                 "pengingat.stale_days"]),
        site_title=tk.config["ckan.site_title"],
        site_url=tk.config["ckan.site_url"].rstrip("/"),
        org_name=org.name)
    return subject, body


def ingatkan(semester: Optional[kh.Semester] = None, paksa: bool = False,
             now: Optional[dt.datetime] = None) -> dict[str, Any]:
    """Email every unit's admins their figures of ``semester`` (default:
    the running one). Returns counts and the addresses reached per unit."""
    if not tk.config["smtp.server"]:
        # CKAN's mailer would silently send nothing, and the reminders
        # would be recorded as sent
        raise PengingatError("Server SMTP belum diatur (smtp.server); "
                             "pengingat tidak dikirim.")
    now = now or dt.datetime.utcnow()
    semester = semester or kh.Semester.of(hari_ini_wib())
    per_unit: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in kh.kehadiran(semester)["unit"]:
        per_unit[row["unit"]].append(row)
    report: dict[str, Any] = {"semester": str(semester), "terkirim": 0,
                              "dilewati": 0, "gagal": 0, "unit": {}}
    for name, situs in sorted(per_unit.items()):
        org = model.Group.get(name)
        if org is None or org.state != model.State.ACTIVE:
            continue
        admins = admin_organisasi(org.id)
        done = set() if paksa else _sudah(org.id, str(semester))
        todo = [u for u in admins if u.id not in done]
        report["dilewati"] += len(admins) - len(todo)
        if not todo:
            continue
        subject, body = isi_pesan(org, semester, situs,
                                  dataset_basi(org.id, now))
        reached = []
        for user in todo:
            try:
                mailer.mail_user(user, subject, body)
            except mailer.MailerException as e:
                log.warning("Reminder to %s (%s) failed: %s", user.name,
                            name, e)
                report["gagal"] += 1
                continue
            _catat(org.id, str(semester), user, now)
            reached.append(user.email)
        report["terkirim"] += len(reached)
        report["unit"][name] = reached
    log.info("Semester reminders %s: %d sent, %d already sent, %d failed",
             semester, report["terkirim"], report["dilewati"],
             report["gagal"])
    return report


def harian(today: Optional[dt.date] = None) -> Optional[dict[str, Any]]:
    """The daily job: sends the running semester's reminders in June and
    December only (those already sent are skipped). ``today`` is a date
    in WIB."""
    today = today or hari_ini_wib()
    if today.month not in REMINDER_MONTHS:
        return None
    return ingatkan(kh.Semester.of(today))
