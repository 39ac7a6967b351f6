"""The SKPK scorecard against hand-computed answers: measure values of
each family, family scores, composite, rank, weights from configuration,
families whose source is absent, and the change since the previous
semester."""
from __future__ import annotations

import datetime as dt

import pytest

from ckanext.bandaaceh.kinerja import kerangka, rapor
from ckanext.bandaaceh.kinerja.kerangka import Semester
from ckanext.bandaaceh.loading import LoaderError

from tests.kinerja.conftest import BOBOT_UJI, dataset, unduhan
from tests.marks import portal

PLUGINS = "bandaaceh scheming_datasets harvest bandaaceh_berita bandaaceh_ppid"
pytestmark = portal(PLUGINS)

S1 = Semester(2017, 1)
PER = dt.date(2017, 12, 31)


def _rows(hasil):
    return {r["skpk"]: r for r in hasil["skpk"]}


def test_measure_scores_and_ranks_without_a_database():
    naik = {"bobot": 1, "arah": "naik", "target": 4}
    turun = {"bobot": 1, "arah": "turun", "target": 2}
    assert kerangka.skor_ukuran(2, naik) == 0.5
    assert kerangka.skor_ukuran(9, naik) == 1.0
    assert kerangka.skor_ukuran(1, turun) == 0.5
    assert kerangka.skor_ukuran(5, turun) == 0.0
    assert kerangka.skor_ukuran(True, {"target": 1}) == 1.0
    assert kerangka.skor_ukuran(None, naik) is None
    assert kerangka.peringkat({"a": 50.0, "b": 70.0, "c": 50.0, "d": 10.0,
                               "e": None}) == {"b": 1, "a": 2, "c": 2,
                                               "d": 4}


def test_the_hand_computed_scorecard(kota_uji, bobot_uji, ckan_config,
                                     monkeypatch):
    monkeypatch.setitem(ckan_config, kerangka.OPTION_BOBOT, bobot_uji)
    hasil = kerangka.hitung(S1, PER)
    assert [f["kunci"] for f in hasil["keluarga"]] == [
        "opendata", "kehadiran", "ppid"]
    rows = _rows(hasil)
    # the gampong is not an SKPK
    assert sorted(rows) == ["dinkes", "disdukcapil"]
    dinkes = rows["dinkes"]
    assert {k: dinkes["nilai"]["opendata"][k] for k in (
        "dataset", "sumber_csv", "unduhan")} == {
        "dataset": 2, "sumber_csv": 2, "unduhan": 30}
    assert dinkes["nilai"]["kehadiran"]["bulan_dengan_berita"] == 2
    assert dinkes["nilai"]["kehadiran"]["jumlah_berita"] == 3
    assert dinkes["nilai"]["kehadiran"]["tanpa_berita"] is False
    assert dinkes["nilai"]["ppid"]["persen_tepat_waktu"] == 50.0
    assert dinkes["nilai"]["ppid"]["keberatan"] == 1
    # opendata (2/4 + 2/2 + 2 * 30/60) / 4 = 0.625; kehadiran
    # (2/6 + 1) / 2 = 0.6667; ppid (3 * 0.5 + (1 - 1/2)) / 4 = 0.5;
    # composite (2 * 0.625 + 0.6667 + 0.5) / 4 = 0.60417
    assert dinkes["skor_keluarga"] == {"opendata": 62.5, "kehadiran": 66.67,
                                       "ppid": 50.0}
    assert dinkes["skor"] == 60.42
    dukcapil = rows["disdukcapil"]
    # one dataset of 2016 still there at the end of 2017-S1: 1/4 / 4;
    # no website: no months, "no news" scores 0; no request: PPID is
    # left out, so the composite is (2 * 0.0625 + 0) / 3
    assert dukcapil["nilai"]["opendata"]["dataset"] == 1
    assert dukcapil["nilai"]["kehadiran"]["punya_website"] is False
    assert dukcapil["skor_keluarga"] == {"opendata": 6.25,
                                         "kehadiran": 0.0, "ppid": None}
    assert dukcapil["skor"] == 4.17
    assert (dinkes["peringkat"], dukcapil["peringkat"]) == (1, 2)
    assert hasil["kota"]["skpk"] == 2
    assert hasil["kota"]["rerata_skor"] == 32.3  # (60.42 + 4.17) / 2 = 32.295
    assert hasil["kota"]["ukuran"]["opendata"]["dataset"]["jumlah"] == 3


def test_the_shipped_weights_and_every_family(kota_uji):
    hasil = kerangka.hitung(S1, PER)
    assert [f["kunci"] for f in hasil["keluarga"]] == [
        "opendata", "kehadiran", "berkala", "diseminasi", "aplikasi",
        "ppid"]
    dinkes = _rows(hasil)["dinkes"]
    assert dinkes["nilai"]["diseminasi"] == {"berita_diumumkan": 3,
                                             "pengunjung_unduhan": 12}
    assert dinkes["nilai"]["kehadiran"]["wpmu"] is True
    assert dinkes["nilai"]["berkala"]["kategori_terpenuhi"] == 0
    assert 0 < dinkes["skor"] <= 100


def test_weights_come_from_configuration(kota_uji, bobot_uji, tmp_path,
                                         ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, kerangka.OPTION_BOBOT, bobot_uji)
    before = _rows(kerangka.hitung(S1, PER))["dinkes"]["skor"]
    only_ppid = tmp_path / "ppid.yaml"
    only_ppid.write_text(BOBOT_UJI.replace(
        "  opendata:\n    bobot: 2", "  opendata:\n    bobot: 0").replace(
        "  kehadiran:\n    bobot: 1", "  kehadiran:\n    bobot: 0"))
    monkeypatch.setitem(ckan_config, kerangka.OPTION_BOBOT, str(only_ppid))
    rows = _rows(kerangka.hitung(S1, PER))
    assert before == 60.42
    assert rows["dinkes"]["skor"] == 50.0
    # no PPID family score and the others weigh nothing: no score, no rank
    assert rows["disdukcapil"]["skor"] is None
    assert rows["disdukcapil"]["peringkat"] is None


def test_a_family_whose_source_is_absent_contributes_nothing(
        kota_uji, bobot_uji, ckan_config, monkeypatch, tmp_path):
    import ckan.plugins as p

    monkeypatch.setitem(ckan_config, kerangka.OPTION_BOBOT, bobot_uji)
    p.unload("bandaaceh_ppid")
    try:
        hasil = kerangka.hitung(S1, PER)
    finally:
        p.load("bandaaceh_ppid")
    assert [f["kunci"] for f in hasil["keluarga"]] == ["opendata",
                                                       "kehadiran"]
    # (2 * 0.625 + 0.6667) / 3
    assert _rows(hasil)["dinkes"]["skor"] == 63.89
    # a family planned in the weights file but not built is left out too
    planned = tmp_path / "rencana.yaml"
    planned.write_text(BOBOT_UJI.replace(
        "keluarga:\n", "keluarga:\n  kesinambungan_contoh:\n    bobot: 5\n"
        "    ukuran:\n      tepat_waktu: {bobot: 1, target: 100}\n", 1))
    monkeypatch.setitem(ckan_config, kerangka.OPTION_BOBOT, str(planned))
    assert _rows(kerangka.hitung(S1, PER))["dinkes"]["skor"] == 60.42


@pytest.mark.parametrize("text, message", [
    ("keluarga: {}", "tidak ada `keluarga`"),
    ("keluarga:\n  opendata: {bobot: 1}", "tidak memiliki `ukuran`"),
    ("keluarga:\n  opendata:\n    bobot: x\n    ukuran:\n"
     "      dataset: {bobot: 1, target: 1}", "bobot harus angka"),
    ("keluarga:\n  opendata:\n    bobot: 1\n    ukuran:\n"
     "      dataset: {bobot: 1, target: 0}", "target harus lebih dari 0"),
    ("keluarga:\n  opendata:\n    bobot: 1\n    ukuran:\n"
     "      dataset: {bobot: 1, target: 1, arah: atas}", "naik atau turun"),
])
def test_a_bad_weights_file_is_reported_in_indonesian(tmp_path, text,
                                                      message):
    path = tmp_path / "bobot.yaml"
    path.write_text(text)
    with pytest.raises(LoaderError, match=message):
        kerangka.baca_bobot(str(path))


def test_change_since_the_previous_semester(kota_uji, bobot_uji,
                                            ckan_config, monkeypatch):
    monkeypatch.setitem(ckan_config, kerangka.OPTION_BOBOT, bobot_uji)
    # 2016-S2: disdukcapil's dataset and 60 downloads by dinkes only
    unduhan(kota_uji["dinkes"], dt.date(2016, 9, 1), 60, 20)
    hasil = rapor.rapor(S1, PER)
    assert hasil["semester_sebelumnya"] == "2016-S2"
    rows = _rows(hasil)
    # 2016-S2 dinkes: opendata (0 + 0 + 2 * 1) / 4 = 0.5, kehadiran 0, no
    # PPID: (2 * 0.5 + 0) / 3 = 33.33; disdukcapil (2 * 0.0625) / 3 = 4.17
    assert rows["dinkes"]["skor_sebelumnya"] == 33.33
    assert rows["dinkes"]["perubahan_skor"] == 27.09
    assert rows["disdukcapil"]["perubahan_skor"] == 0.0
    assert rows["dinkes"]["perubahan_peringkat"] == 0


def test_periodic_information_categories_from_data(
        kota_uji, tmp_path, ckan_config, monkeypatch):
    from tests.kinerja.conftest import berita, situs

    path = tmp_path / "berkala.yaml"
    path.write_text(
        "kategori:\n"
        "  keuangan: {nama: Keuangan, tag: [anggaran]}\n"
        "  kinerja: {nama: Kinerja, kata_berita: [lakip]}\n"
        "  profil: {nama: Profil, tag: [profil], kata_berita: [profil]}\n")
    monkeypatch.setitem(ckan_config, "ckanext.bandaaceh.kinerja.berkala",
                        str(path))
    t = dt.datetime
    dataset(kota_uji["disdukcapil"], t(2017, 4, 1, 5),
            tags=[{"name": "anggaran"}])
    # 2016: not in the semester
    dataset(kota_uji["disdukcapil"], t(2016, 4, 1, 5),
            tags=[{"name": "profil"}])
    site = situs(kota_uji["disdukcapil"])
    berita(site, t(2017, 5, 2, 5), judul="LAKIP Disdukcapil 2016 terbit")
    values = _rows(kerangka.hitung(S1, PER))["disdukcapil"]["nilai"][
        "berkala"]
    assert values["kategori_berkala"] == ["keuangan", "kinerja"]
    assert values["persen_berkala"] == 66.67
    path.write_text("kategori:\n  keuangan: {nama: Keuangan}\n")
    with pytest.raises(LoaderError, match="tidak menyebut tag"):
        kerangka.hitung(S1, PER)


def test_share_of_datasets_updated_on_time(kota_uji):
    """Continuity (kesegaran's thresholds) as the datasets stood at the end
    of each semester."""
    t = dt.datetime
    dukcapil = kota_uji["disdukcapil"]

    def freq(code):
        return [{"key": "frekuensi_pembaruan", "value": code}]
    # 5 January 2017, half-yearly: 176 days old on 30 June: on time
    dataset(dukcapil, t(2017, 1, 5, 5), csv=1, extras=freq("semesteran"))
    # 1 December 2016, monthly: 211 days old on 30 June: delinquent; on
    # 31 December 2016 30 days old: due, not on time either
    dataset(dukcapil, t(2016, 12, 1, 5), csv=1, extras=freq("bulanan"))
    # created after 2017-S1: not part of it
    dataset(dukcapil, t(2017, 8, 1, 5), csv=1, extras=freq("tahunan"))
    s1 = _rows(kerangka.hitung(S1, PER))
    assert s1["disdukcapil"]["nilai"]["opendata"]["persen_tepat_waktu"] \
        == 50.0
    # dinkes declared no frequency: nothing rated, no value (left out of
    # the score rather than counted as late)
    assert s1["dinkes"]["nilai"]["opendata"]["persen_tepat_waktu"] is None
    s2 = _rows(kerangka.hitung(Semester(2016, 2), PER))
    assert s2["disdukcapil"]["nilai"]["opendata"]["persen_tepat_waktu"] \
        == 0.0
    # 2017-S2 while it runs (rated on 10 August): the yearly one is on
    # time, the half-yearly one (217 days) overdue, the monthly delinquent
    running = _rows(kerangka.hitung(Semester(2017, 2), dt.date(2017, 8, 10)))
    assert running["disdukcapil"]["nilai"]["opendata"][
        "persen_tepat_waktu"] == 33.3


def test_a_bad_thresholds_file_is_reported_in_indonesian(
        kota_uji, tmp_path, ckan_config, monkeypatch):
    path = tmp_path / "ambang.yaml"
    path.write_text("ambang:\n  bulanan: {jatuh_tempo: 30}\n")
    monkeypatch.setitem(ckan_config, "ckanext.bandaaceh.kesegaran.ambang",
                        str(path))
    with pytest.raises(LoaderError, match="ambang kesegaran dataset tidak "
                                          "sah"):
        kerangka.hitung(S1, PER)
