"""The announcer against a real local HTTP server playing both channels
(a Mastodon-compatible API and a webhook)."""
from __future__ import annotations

import datetime as dt
import json
import uuid
from urllib.parse import parse_qs

import pytest
import sqlalchemy as sa

import ckan.model as model
from ckan.tests import factories

from ckanext.bandaaceh_harvest.berita import pengumuman
from ckanext.bandaaceh_harvest.berita.model import item, situs

from tests.httpserver import Route
from tests.marks import portal

pytestmark = [
    *portal("bandaaceh scheming_datasets harvest bandaaceh_berita"),
    pytest.mark.ckan_config(
        "ckanext.bandaaceh_harvest.fetch.allowed_addresses", "127.0.0.1"),
    pytest.mark.usefixtures("fresh_fetcher"),
]

PREFIX = "ckanext.bandaaceh_harvest.berita.pengumuman."
NOW = dt.datetime(2026, 12, 3, 12, 0)
STATUSES = "/api/v1/statuses"
WEBHOOK = "/kait/berita"


@pytest.fixture
def kanal(feed_server, ckan_config):
    """Both channels on, answering as Mastodon and a webhook do."""
    feed_server.routes[STATUSES] = Route(b'{"id": "1"}', 200,
                                         "application/json")
    feed_server.routes[WEBHOOK] = Route(b"", 204, "text/plain")
    ckan_config[PREFIX + "mastodon_url"] = feed_server.base + "/"
    ckan_config[PREFIX + "mastodon_token"] = "token-mastodon"
    ckan_config[PREFIX + "webhook_url"] = feed_server.url(WEBHOOK)
    ckan_config[PREFIX + "webhook_token"] = "token-kait"
    return feed_server


@pytest.fixture
def dinkes():
    return factories.Organization(name="dinkes", title="Dinas Kesehatan")


def _site(org):
    source = factories.Dataset(owner_org=org["id"])
    situs_id = str(uuid.uuid4())
    model.Session.execute(situs.insert().values(
        id=situs_id, harvest_source_id=source["id"],
        url=f"https://{org['name']}.bandaacehkota.go.id", failures=0,
        needs_publish=False))
    model.Session.commit()
    return situs_id


def _headline(situs_id, title, age_days, date_ok=True):
    published = NOW - dt.timedelta(days=age_days)
    key = str(uuid.uuid4())
    model.Session.execute(item.insert().values(
        situs_id=situs_id, key=key, title=title,
        link=f"https://dinkes.bandaacehkota.go.id/{key}",
        published_at=published, date_raw=str(published), date_ok=date_ok,
        first_seen=NOW, updated=NOW))
    model.Session.commit()
    return model.Session.execute(
        sa.select(item).where(item.c.key == key)).mappings().one()


def _posted(server, path):
    return [(headers, body) for p, headers, body, status in server.posts
            if p == path and status < 400]


def _statuses(server):
    return [parse_qs(body.decode("utf-8"))["status"][0]
            for _h, body in _posted(server, STATUSES)]


def _webhook_titles(server):
    return [json.loads(body)["judul"] for _h, body in _posted(server, WEBHOOK)]


def test_one_headline_per_slot_oldest_first_never_twice(kanal, dinkes):
    site = _site(dinkes)
    second = _headline(site, "Vaksinasi & imunisasi <anak>", 2)
    first = _headline(site, "Posyandu Gampong Lampaseh", 3)
    third = _headline(site, "Donor darah", 1)
    _headline(site, "Berita lama", 8)          # older than max_age_days
    _headline(site, "Tanggal rusak", 0, date_ok=False)

    result = pengumuman.umumkan(NOW)
    assert result["kanal"]["mastodon"]["item_id"] == first["id"]
    assert result["kanal"]["webhook"]["item_id"] == first["id"]

    (headers, body), = _posted(kanal, STATUSES)
    assert headers["Authorization"] == "Bearer token-mastodon"
    assert headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert headers["Idempotency-Key"] == pengumuman.idempotency_key(first)
    assert parse_qs(body.decode("utf-8")) == {
        "status": [f"Posyandu Gampong Lampaseh\n{first['link']}"]}

    (headers, body), = _posted(kanal, WEBHOOK)
    assert headers["Authorization"] == "Bearer token-kait"
    assert headers["Idempotency-Key"] == pengumuman.idempotency_key(first)
    assert json.loads(body) == {
        "judul": "Posyandu Gampong Lampaseh", "tautan": first["link"],
        "unit": "Dinas Kesehatan", "diterbitkan": "2026-11-30T12:00:00Z"}

    for _slot in range(4):
        pengumuman.umumkan(NOW)
    titles = ["Posyandu Gampong Lampaseh", "Vaksinasi & imunisasi <anak>",
              "Donor darah"]
    assert _webhook_titles(kanal) == titles
    assert _statuses(kanal) == [
        f"{t}\n{row['link']}" for t, row in zip(titles,
                                                (first, second, third))]
    assert len({h["Idempotency-Key"]
                for h, _b in _posted(kanal, STATUSES)}) == 3
    assert pengumuman.umumkan(NOW)["kanal"] == {"mastodon": None,
                                                "webhook": None}


def test_a_failed_post_is_retried_and_the_other_channel_goes_on(
        kanal, dinkes):
    site = _site(dinkes)
    first = _headline(site, "Pertama", 3)
    second = _headline(site, "Kedua", 2)
    kanal.routes[STATUSES].status = 500

    result = pengumuman.umumkan(NOW)
    assert "HTTP 500" in result["kanal"]["mastodon"]["gagal"]
    assert result["kanal"]["webhook"]["item_id"] == first["id"]
    row = model.Session.execute(sa.select(pengumuman.pengumuman).where(
        pengumuman.pengumuman.c.kanal == "mastodon")).mappings().one()
    assert (row["item_id"], row["terkirim"], row["percobaan"]) == (
        first["id"], None, 1)
    assert "galat HTTP 500" in row["galat"]

    kanal.routes[STATUSES].status = 200
    result = pengumuman.umumkan(NOW)
    # Mastodon gets the headline it missed, with the same key as the
    # failed attempt; the webhook went on to the next one
    assert result["kanal"]["mastodon"]["item_id"] == first["id"]
    assert result["kanal"]["webhook"]["item_id"] == second["id"]
    attempts = [(h["Idempotency-Key"], status)
                for p, h, _b, status in kanal.posts if p == STATUSES]
    key = pengumuman.idempotency_key(first)
    assert attempts == [(key, 500), (key, 200)]
    row = model.Session.execute(sa.select(pengumuman.pengumuman).where(
        pengumuman.pengumuman.c.kanal == "mastodon")).mappings().one()
    assert row["terkirim"] == NOW and row["galat"] is None
    assert row["percobaan"] == 2

    pengumuman.umumkan(NOW)
    pengumuman.umumkan(NOW)
    assert _statuses(kanal) == [f"Pertama\n{first['link']}",
                                f"Kedua\n{second['link']}"]
    assert _webhook_titles(kanal) == ["Pertama", "Kedua"]


def test_a_headline_the_channel_refuses_does_not_hold_up_the_next(
        kanal, dinkes):
    site = _site(dinkes)
    bad = _headline(site, "Ditolak server", 3)
    good = _headline(site, "Sesudahnya", 2)
    kanal.routes[STATUSES].status = 422     # e.g. Mastodon: text invalid

    assert pengumuman.umumkan(NOW)["kanal"]["mastodon"]["item_id"] == \
        bad["id"]
    kanal.routes[STATUSES].status = 200
    result = pengumuman.umumkan(NOW)
    assert result["kanal"]["mastodon"]["item_id"] == good["id"]
    assert _statuses(kanal) == [f"Sesudahnya\n{good['link']}"]
    row = model.Session.execute(sa.select(pengumuman.pengumuman).where(
        pengumuman.pengumuman.c.kanal == "mastodon",
        pengumuman.pengumuman.c.item_id == bad["id"])).mappings().one()
    assert row["terkirim"] is None and "HTTP 422" in row["galat"]


def test_a_refused_token_is_retried_and_repeated_failures_give_up(
        kanal, dinkes):
    site = _site(dinkes)
    first = _headline(site, "Pertama", 3)
    second = _headline(site, "Kedua", 2)
    # a wrong token is the channel's fault, not the headline's
    kanal.routes[STATUSES].status = 401
    for _slot in range(pengumuman.BATAS_PERCOBAAN):
        result = pengumuman.umumkan(NOW)
        assert result["kanal"]["mastodon"]["item_id"] == first["id"]
    # after BATAS_PERCOBAAN failures the headline is no longer offered
    result = pengumuman.umumkan(NOW)
    assert result["kanal"]["mastodon"]["item_id"] == second["id"]
    attempts = [h["Idempotency-Key"] for p, h, _b, _s in kanal.posts
                if p == STATUSES]
    assert attempts.count(pengumuman.idempotency_key(first)) == \
        pengumuman.BATAS_PERCOBAAN


def test_old_headlines_are_not_announced(kanal, dinkes, ckan_config):
    site = _site(dinkes)
    _headline(site, "Delapan hari lalu", 8)
    assert pengumuman.umumkan(NOW)["kanal"] == {"mastodon": None,
                                                "webhook": None}
    assert kanal.posts == []
    ckan_config[PREFIX + "max_age_days"] = "10"
    assert pengumuman.umumkan(NOW)["kanal"]["webhook"]["judul"] == (
        "Delapan hari lalu")


def test_channels_without_url_or_token_are_off(kanal, dinkes, ckan_config):
    _headline(_site(dinkes), "Berita", 1)
    ckan_config[PREFIX + "mastodon_token"] = ""
    result = pengumuman.umumkan(NOW)
    assert list(result["kanal"]) == ["webhook"]
    ckan_config[PREFIX + "webhook_url"] = ""
    assert pengumuman.umumkan(NOW)["kanal"] == {}
    assert [p for p, *_rest in kanal.posts] == [WEBHOOK]


def test_a_slot_still_running_makes_the_next_one_skip(kanal, dinkes):
    _headline(_site(dinkes), "Berita", 1)
    lock = pengumuman.connect_to_redis().lock(pengumuman._lock_key(),
                                              timeout=30)
    assert lock.acquire(blocking=False)
    try:
        assert pengumuman.umumkan(NOW)["dilewati"] is True
    finally:
        lock.release()
    assert kanal.posts == []


def test_long_titles_fit_a_mastodon_status():
    row = {"title": "Judul " * 200, "link": "https://contoh.id/" + "a" * 40}
    text = pengumuman.teks_status(row)
    assert len(text) <= pengumuman.STATUS_MAX
    assert text.endswith("…\n" + row["link"])




def test_the_command_runs_one_slot(cli, ckan_cli, kanal, dinkes):
    # a headline of yesterday: the command uses the real clock
    site = _site(dinkes)
    published = dt.datetime.utcnow() - dt.timedelta(days=1)
    model.Session.execute(item.insert().values(
        situs_id=site, key="k", title="Rapat koordinasi",
        link="https://dinkes.bandaacehkota.go.id/rapat",
        published_at=published, date_raw="", date_ok=True,
        first_seen=published, updated=published))
    model.Session.commit()
    kanal.routes[WEBHOOK].status = 500

    result = cli.invoke(ckan_cli, ["bandaaceh-berita", "umumkan"])
    assert result.exit_code == 0, result.output
    assert "mastodon: terkirim: Rapat koordinasi" in result.output
    assert "webhook: gagal" in result.output
    assert len(_statuses(kanal)) == 1


def test_the_scheduler_queues_the_announcer_and_the_reminders(monkeypatch):
    from rq.cron import CronScheduler

    from ckanext.bandaaceh_harvest.berita import jadwal
    started = []
    monkeypatch.setattr(CronScheduler, "start",
                        lambda self: started.append(self))
    jadwal.start()
    jobs = {j.func_name: j for j in started[0].get_jobs()}
    assert jobs["ckanext.bandaaceh_harvest.berita.pengumuman.umumkan"
                ].interval == 360
    assert jobs["ckanext.bandaaceh_harvest.berita.pengingat.harian"
                ].cron == "0 2 * * *"
    assert jobs["ckanext.bandaaceh_harvest.berita.jadwal.siklus"
                ].interval == 300


def test_posts_go_through_the_fetchers_address_and_redirect_checks(
        feed_server, ckan_config):
    from ckanext.bandaaceh_harvest import fetcher
    feed_server.routes["/pindah"] = Route(
        b"", 302, headers={"Location": feed_server.url("/tujuan")})
    with pytest.raises(fetcher.HTTPStatusError, match="tidak diikuti"):
        fetcher.get_fetcher().post(feed_server.url("/pindah"),
                                   json={"a": 1})
    assert feed_server.paths() == ["/pindah"]
    ckan_config["ckanext.bandaaceh_harvest.fetch.allowed_addresses"] = ""
    with pytest.raises(fetcher.AddressRefused):
        fetcher.get_fetcher().post(feed_server.url("/pindah"),
                                   data={"status": "x"})
    assert feed_server.paths() == ["/pindah"]
