"""Snapshots: a frozen semester does not change when data or weights are
edited later; taking it again is explicit; the semester-end job; the
published CSV."""
from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.bandaaceh.kinerja import kerangka, publikasi, rapor
from ckanext.bandaaceh.kinerja.kerangka import Semester

from tests.marks import portal

pytestmark = portal(
    "bandaaceh scheming_datasets harvest bandaaceh_berita bandaaceh_ppid")

S1 = Semester(2017, 1)


@pytest.fixture
def bobot(bobot_uji, ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, kerangka.OPTION_BOBOT, bobot_uji)
    return bobot_uji


def _skor(hasil, name):
    return next(r for r in hasil["skpk"] if r["skpk"] == name)["skor"]


def test_history_does_not_change_when_data_is_edited_later(kota_uji, bobot,
                                                           tmp_path,
                                                           ckan_config,
                                                           monkeypatch):
    rapor.ambil(S1, dt.date(2017, 12, 31))
    frozen = rapor.potret(S1)
    assert _skor(frozen, "dinkes") == 60.42
    # later: one of dinkes' datasets is deleted, downloads of S1 are
    # corrected upwards and the weights change
    # (the one with a CSV: dinkes' website is a harvest source, which
    # ckanext-harvest deletes differently)
    ds = next(d for d in helpers.call_action(
        "package_search", fq="organization:dinkes",
        include_private=True)["results"] if d["resources"])
    helpers.call_action("package_delete", id=ds["id"])
    model.Session.execute(sa.text(
        "UPDATE bandaaceh_unduhan_skpk_bulanan SET jumlah = 600"))
    model.Session.commit()
    live = kerangka.hitung(S1, dt.date(2017, 12, 31))
    assert _skor(live, "dinkes") != 60.42
    other = tmp_path / "lain.yaml"
    other.write_text(open(bobot).read().replace("target: 60", "target: 6"))
    monkeypatch.setitem(ckan_config, kerangka.OPTION_BOBOT, str(other))
    again = rapor.potret(S1)
    assert again == frozen
    served = rapor.rapor(S1)
    assert served["sumber"] == "potret"
    assert _skor(served, "dinkes") == 60.42
    assert rapor.riwayat("dinkes")[0]["skor"] == 60.42
    # taking it again is an explicit act, and then it follows the data
    rapor.ambil(S1, dt.date(2017, 12, 31))
    assert _skor(rapor.potret(S1), "dinkes") != 60.42


def test_a_running_semester_cannot_be_frozen(kota_uji, bobot):
    with pytest.raises(tk.ValidationError, match="belum selesai"):
        rapor.ambil(S1, dt.date(2017, 6, 30))
    assert rapor.potret(S1) is None


def test_the_semester_end_job_freezes_and_publishes(kota_uji, bobot,
                                                    ckan_config,
                                                    monkeypatch):
    from ckan.lib import jobs

    from ckanext.bandaaceh.kinerja import jadwal

    monkeypatch.setitem(ckan_config,
                        "ckanext.bandaaceh.aplikasi.egov_organization",
                        "dinkes")
    queue = jobs.get_queue()
    queue.empty()
    try:
        tk.enqueue_job(jadwal.semester_lalu, [dt.date(2017, 7, 3)])
        (queued,) = queue.jobs
        assert queued.perform() == "2017-S1"
    finally:
        queue.empty()
    assert _skor(rapor.potret(S1), "dinkes") == 60.42
    package = helpers.call_action("package_show", id="rapor-kinerja-skpk")
    assert [r["name"] for r in package["resources"]] == [
        "Rapor kinerja SKPK 2017-S1"]


def test_the_published_csv_holds_the_frozen_rows(kota_uji, bobot):
    rapor.ambil(S1, dt.date(2017, 12, 31))
    rows, columns = publikasi.baris(rapor.potret(S1))
    assert columns[:8] == ["semester", "peringkat", "skpk", "nama_skpk",
                           "skor", "skor_opendata", "skor_kehadiran",
                           "skor_ppid"]
    assert "opendata_unduhan" in columns
    assert rows[0]["skpk"] == "dinkes" and rows[0]["skor"] == 60.42
    assert rows[0]["kehadiran_tanpa_berita"] == "tidak"
    with pytest.raises(tk.ValidationError, match="E-Government"):
        publikasi.terbitkan(S1)


def test_the_snapshot_action_is_for_sysadmins(kota_uji, bobot, app):
    user = factories.User()
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action("bandaaceh_kinerja_snapshot",
                            context={"user": user["name"],
                                     "ignore_auth": False},
                            semester="2017-S1")
    sysadmin = factories.Sysadmin()
    result = helpers.call_action("bandaaceh_kinerja_snapshot",
                                 context={"user": sysadmin["name"]},
                                 semester="2017-S1")
    assert result["semester"] == "2017-S1" and result["skpk"] == 2
    assert result["diterbitkan"] is False
    with pytest.raises(tk.ValidationError, match="Semester tidak dikenal"):
        helpers.call_action("bandaaceh_kinerja_snapshot",
                            context={"user": sysadmin["name"]},
                            semester="2017-S3")


def test_the_cli_takes_the_last_semester(kota_uji, bobot, cli, ckan_config):
    from ckanext.bandaaceh.cli import bandaaceh

    result = cli.invoke(bandaaceh, ["kinerja", "snapshot", "--semester",
                                    "2017-S1"])
    assert result.exit_code == 0, result.output
    assert "2017-S1" in result.output
    assert _skor(rapor.potret(S1), "dinkes") is not None
    result = cli.invoke(bandaaceh, ["kinerja", "snapshot", "--semester",
                                    "2017-13"])
    assert result.exit_code != 0
    assert "Semester tidak dikenal" in result.output
