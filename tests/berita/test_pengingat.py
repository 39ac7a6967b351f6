"""Semester reminders through CKAN's mailer to a real local SMTP server
(aiosmtpd)."""
from __future__ import annotations

import datetime as dt
import email
import email.policy
import socket
import uuid

import pytest
from aiosmtpd.controller import Controller

import ckan.model as model
from ckan.tests import factories

from ckanext.bandaaceh_harvest.berita import kehadiran, pengingat
from ckanext.bandaaceh_harvest.berita.model import item, situs

from tests.marks import portal

pytestmark = [
    *portal("bandaaceh scheming_datasets harvest bandaaceh_berita"),
    pytest.mark.ckan_config("smtp.mail_from", "odba@bandaacehkota.go.id"),
    pytest.mark.ckan_config("ckan.site_title", "Open Data Banda Aceh"),
    pytest.mark.ckan_config("ckan.site_url",
                            "https://data.bandaacehkota.go.id"),
]

S1_2017 = kehadiran.Semester(2017, 1)


class Kotak:
    """aiosmtpd handler keeping every message; refuses the addresses in
    ``tolak`` once each."""

    def __init__(self):
        self.pesan: list[email.message.EmailMessage] = []
        self.tolak: set[str] = set()

    async def handle_RCPT(self, server, session, envelope, address,
                          rcpt_options):
        if address in self.tolak:
            self.tolak.discard(address)
            return "550 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content,
                                           policy=email.policy.default)
        message["X-Envelope-To"] = ",".join(envelope.rcpt_tos)
        self.pesan.append(message)
        return "250 Message accepted for delivery"

    def penerima(self):
        return sorted(m["X-Envelope-To"] for m in self.pesan)


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(ckan_config):
    kotak = Kotak()
    controller = Controller(kotak, hostname="127.0.0.1", port=_free_port())
    controller.start()
    ckan_config["smtp.server"] = f"127.0.0.1:{controller.port}"
    ckan_config["smtp.starttls"] = False
    try:
        yield kotak
    finally:
        controller.stop()


def _user(name, mail):
    user = factories.User(name=name, email=mail or f"{name}@hapus.id")
    if not mail:
        obj = model.User.get(user["id"])
        obj.email = None
        model.Session.commit()
    return user


def _org(name, title, members):
    # created by a sysadmin without email, who is then no member
    creator = _user(f"pembuat-{name}", None)
    model.User.get(creator["id"]).sysadmin = True
    model.Session.commit()
    return factories.Organization(
        name=name, title=title, users=members,
        context={"user": creator["name"]})


def _site(org):
    source = factories.Dataset(owner_org=org["id"])
    situs_id = str(uuid.uuid4())
    model.Session.execute(situs.insert().values(
        id=situs_id, harvest_source_id=source["id"],
        url=f"https://{org['name']}.bandaacehkota.go.id", failures=0,
        needs_publish=False))
    model.Session.commit()
    return situs_id


def _news(situs_id, *published):
    for when in published:
        model.Session.execute(item.insert().values(
            situs_id=situs_id, key=str(uuid.uuid4()), title="Berita",
            link="https://contoh.id/b", published_at=when,
            date_raw=str(when), date_ok=True, first_seen=when,
            updated=when))
    model.Session.commit()


@pytest.fixture
def units():
    """Dinas Kesehatan: news in 2017 S1, two admins with email, one
    without, an editor. Dinas Pendidikan: no news, one stale dataset."""
    for name, mail in [("ani", "ani@dinkes.id"), ("budi", "budi@dinkes.id"),
                       ("cut", None), ("dedi", "dedi@dinkes.id"),
                       ("evi", "evi@disdik.id"), ("fajar", "fajar@lain.id")]:
        _user(name, mail)
    dinkes = _org("dinkes", "Dinas Kesehatan", [
        {"name": "ani", "capacity": "admin"},
        {"name": "budi", "capacity": "admin"},
        {"name": "cut", "capacity": "admin"},
        {"name": "dedi", "capacity": "editor"}])
    disdik = _org("disdik", "Dinas Pendidikan", [
        {"name": "evi", "capacity": "admin"}])
    # an organisation without a news website gets no reminder
    _org("bappeda", "Bappeda", [{"name": "fajar", "capacity": "admin"}])
    _news(_site(dinkes), dt.datetime(2017, 1, 10, 3),
          dt.datetime(2017, 1, 20, 3), dt.datetime(2017, 3, 5, 3))
    _site(disdik)
    stale = factories.Dataset(owner_org=disdik["id"],
                              title="Jumlah Sekolah Dasar")
    factories.Dataset(owner_org=disdik["id"], title="Data Guru Terbaru")
    model.Session.query(model.Package).filter_by(id=stale["id"]).update(
        {"metadata_modified": dt.datetime(2016, 12, 1)})
    model.Session.commit()
    return dinkes, disdik


def _by_recipient(kotak):
    return {m["X-Envelope-To"]: m for m in kotak.pesan}


def test_admins_with_email_get_their_figures_in_indonesian(smtp, units):
    report = pengingat.ingatkan(S1_2017)

    assert smtp.penerima() == ["ani@dinkes.id", "budi@dinkes.id",
                               "evi@disdik.id"]
    assert report["terkirim"] == 3 and report["gagal"] == 0
    mails = _by_recipient(smtp)
    ani = mails["ani@dinkes.id"]
    assert ani["Subject"] == ("Pengingat semester 1 (Januari–Juni) 2017: "
                              "berita dan data Dinas Kesehatan")
    assert "odba@bandaacehkota.go.id" in ani["From"]
    body = ani.get_content()
    assert "Yth. admin Dinas Kesehatan" in body
    assert "Situs: https://dinkes.bandaacehkota.go.id" in body
    assert "Jumlah berita: 3" in body
    assert "Bulan dengan berita: 2 dari 6" in body
    # 6 March to 30 June 2017: 26 + 30 + 31 + 30 days
    assert "Jeda terpanjang tanpa berita: 117 hari" in body
    assert "belum menerbitkan berita" not in body
    assert "Tidak ada: berita terbit" in body

    evi = mails["evi@disdik.id"].get_content()
    assert "Jumlah berita: 0" in evi
    assert "Jeda terpanjang tanpa berita: 181 hari" in evi
    assert ("Situs web unit Anda belum menerbitkan berita pada semester 1 "
            "(Januari–Juni) 2017") in evi
    assert "1 dataset belum diperbarui lebih dari 183 hari" in evi
    assert "Jumlah Sekolah Dasar (terakhir diubah 2016-12-01)" in evi
    assert "Data Guru Terbaru" not in evi
    assert "https://data.bandaacehkota.go.id/organization/disdik" in evi


def test_never_twice_for_the_same_semester_unless_forced(smtp, units):
    pengingat.ingatkan(S1_2017)
    again = pengingat.ingatkan(S1_2017)
    assert len(smtp.pesan) == 3
    assert (again["terkirim"], again["dilewati"]) == (0, 3)
    # another semester is another reminder
    pengingat.ingatkan(kehadiran.Semester(2017, 2))
    assert len(smtp.pesan) == 6
    forced = pengingat.ingatkan(S1_2017, paksa=True)
    assert forced["terkirim"] == 3 and len(smtp.pesan) == 9


def test_a_refused_recipient_is_tried_again_alone(smtp, units):
    smtp.tolak.add("budi@dinkes.id")
    report = pengingat.ingatkan(S1_2017)
    assert (report["terkirim"], report["gagal"]) == (2, 1)
    assert smtp.penerima() == ["ani@dinkes.id", "evi@disdik.id"]
    report = pengingat.ingatkan(S1_2017)
    assert (report["terkirim"], report["dilewati"]) == (1, 2)
    assert smtp.penerima() == ["ani@dinkes.id", "budi@dinkes.id",
                               "evi@disdik.id"]


def test_the_daily_job_sends_in_june_and_december_only(smtp, units):
    assert pengingat.harian(dt.date(2017, 5, 31)) is None
    assert pengingat.harian(dt.date(2017, 7, 1)) is None
    assert smtp.pesan == []
    assert pengingat.harian(dt.date(2017, 6, 1))["semester"] == "2017-S1"
    assert pengingat.harian(dt.date(2017, 6, 2))["terkirim"] == 0
    assert pengingat.harian(dt.date(2017, 12, 1))["semester"] == "2017-S2"
    assert len(smtp.pesan) == 6
    assert "semester 2 (Juli–Desember) 2017" in smtp.pesan[-1]["Subject"]


def test_today_is_taken_in_wib(monkeypatch):
    class Clock(dt.datetime):
        @classmethod
        def utcnow(cls):
            # 30 June 2017 20:00 UTC is 1 July 03:00 WIB
            return dt.datetime(2017, 6, 30, 20)
    monkeypatch.setattr(pengingat.dt, "datetime", Clock)
    assert pengingat.hari_ini_wib() == dt.date(2017, 7, 1)


def test_without_smtp_server_nothing_is_recorded(units, ckan_config):
    ckan_config["smtp.server"] = ""
    with pytest.raises(pengingat.PengingatError, match="SMTP"):
        pengingat.ingatkan(S1_2017)




def test_the_command(cli, ckan_cli, smtp, units):
    result = cli.invoke(ckan_cli, ["bandaaceh-berita", "ingatkan",
                                   "--semester", "2017-S1"])
    assert result.exit_code == 0, result.output
    assert ("Semester 2017-S1: 3 surel terkirim, 0 sudah pernah dikirim, "
            "0 gagal.") in result.output
    result = cli.invoke(ckan_cli, ["bandaaceh-berita", "ingatkan",
                                   "--semester", "2017-S1"])
    assert "0 surel terkirim, 3 sudah pernah dikirim" in result.output
    result = cli.invoke(ckan_cli, ["bandaaceh-berita", "ingatkan",
                                   "--semester", "2017-S1", "--paksa"])
    assert "3 surel terkirim" in result.output
    assert len(smtp.pesan) == 6
    result = cli.invoke(ckan_cli, ["bandaaceh-berita", "ingatkan",
                                   "--semester", "2017-S3"])
    assert result.exit_code != 0
    assert "Semester tidak dikenal" in result.output
