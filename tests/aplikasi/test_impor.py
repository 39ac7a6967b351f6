"""Import of the survey spreadsheet (CSV or XLSX) into ``aplikasi``."""
from __future__ import annotations

import csv
import datetime
import io
import json

import openpyxl
import pytest

import ckan.plugins.toolkit as tk
from ckan.cli.cli import ckan as ckan_command
from ckan.tests import factories, helpers

from ckanext.bandaaceh import demo, skpk
from ckanext.bandaaceh.aplikasi import impor

from tests.marks import portal

pytestmark = portal("bandaaceh scheming_datasets activity")

HEADER = ["Kode", "Nama Aplikasi", "SKPK", "Unit", "Kategori", "Platform",
          "URL", "Status Survei", "Tanggal Survei", "Rekomendasi",
          "Tindak Lanjut", "Status PSE", "Nomor TDPSE", "Tanggal TDPSE",
          "Data Pribadi", "Hosting", "Tahun Operasi", "Pengembang",
          "Penanggung Jawab", "Jenis API", "Base URL API", "Dokumentasi API",
          "Terhubung Mantra", "Terhubung Open Data", "Dataset Terkait",
          "Deskripsi"]


@pytest.fixture
def orgs():
    return {
        "diskominfotik": factories.Organization(
            name="diskominfotik",
            title="Dinas Komunikasi, Informatika dan Statistik"),
        "dinkes": factories.Organization(name="dinkes",
                                         title="Dinas Kesehatan"),
    }


def _baris(**cells):
    """A complete survey row; keyword arguments replace cells (underscores
    stand for spaces in the header)."""
    row = {
        "Kode": "sipp",
        "Nama Aplikasi": "Sistem Informasi Perizinan",
        "SKPK": "diskominfotik",
        "Unit": "Bidang Aplikasi Informatika",
        "Kategori": "Layanan publik",
        "Platform": "Android, Web",
        "URL": "https://sipp.bandaacehkota.go.id",
        "Status Survei": "Terdata",
        "Tanggal Survei": "3 Juli 2017",
        "Rekomendasi": "Sediakan API untuk Mantra.",
        "Tindak Lanjut": "",
        "Status PSE": "Terdaftar",
        "Nomor TDPSE": "003456.01/DJAI.PSE/04/2017",
        "Tanggal TDPSE": "20/04/2017",
        "Data Pribadi": "Ya",
        "Hosting": "Server farm Pemerintah Kota",
        "Tahun Operasi": "2014",
        "Pengembang": "Vendor",
        "Penanggung Jawab": "Kepala Bidang Aplikasi Informatika",
        "Jenis API": "REST",
        "Base URL API": "https://sipp.bandaacehkota.go.id/api/v1",
        "Dokumentasi API": "https://sipp.bandaacehkota.go.id/docs",
        "Terhubung Mantra": "Ya",
        "Terhubung Open Data": "Tidak",
        "Dataset Terkait": "",
        "Deskripsi": "Permohonan izin usaha secara daring.",
    }
    row.update({k.replace("_", " "): v for k, v in cells.items()})
    return row


def _csv(path, rows, delimiter=",", encoding="utf-8", header=None):
    header = header or list(rows[0])
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(h, "") for h in header])
    path.write_bytes(out.getvalue().encode(encoding))
    return str(path)


def _show(name):
    return helpers.call_action("package_show", id=name)


def _activities(name):
    # the site user's activities are hidden from lists by default
    return len(helpers.call_action("package_activity_list", id=name,
                                   include_hidden_activity=True))


# Reading cells -----------------------------------------------------------

@pytest.mark.parametrize("cell, expected", [
    ("2017-07-03", "2017-07-03"),
    ("2017-07-03 00:00:00", "2017-07-03"),
    ("03/07/2017", "2017-07-03"),
    ("3-7-2017", "2017-07-03"),
    ("3 Juli 2017", "2017-07-03"),
    ("3 juli 2017", "2017-07-03"),
    ("17 Agustus 2016", "2016-08-17"),
    ("1 Des 2015", "2015-12-01"),
    ("3 July 2017", "2017-07-03"),
    (datetime.datetime(2017, 7, 3, 0, 0), "2017-07-03"),
    (datetime.date(2017, 7, 3), "2017-07-03"),
    (42919, "2017-07-03"),
    ("", ""),
    (None, ""),
])
def test_dates_are_read_in_indonesian_and_iso_forms(cell, expected):
    assert impor.parse_date(cell) == expected


@pytest.mark.parametrize("cell", [
    "31/02/2017", "3 Juliii 2017", "2017/07/03", "kemarin", "13/13/2017",
    2017, 2017.0])
def test_a_bad_date_is_refused_in_indonesian(cell):
    with pytest.raises(ValueError) as raised:
        impor.parse_date(cell)
    assert str(raised.value).startswith("Tanggal tidak dikenali: ")


def test_slug_follows_ckan_name_rules():
    assert impor.slug("diskominfotik", "e-Office (Naskah Dinas)") == (
        "diskominfotik-e-office-naskah-dinas")
    assert impor.slug("dsi", "Fatwa & Tausiyah Ulèë Lheuë") == (
        "dsi-fatwa-tausiyah-ulee-lheue")
    long = impor.slug("kec-kuta-alam", "Layanan " * 30)
    assert len(long) <= 100 and not long.endswith("-")
    assert impor.NAME_PATTERN.match(long)


# CSV ---------------------------------------------------------------------

def test_a_csv_row_becomes_an_aplikasi_with_every_field(orgs, tmp_path):
    factories.Dataset(name="izin-usaha-2017")
    path = _csv(tmp_path / "survei.csv", [_baris(
        URL="https://sipp.bandaacehkota.go.id\n"
            "https://play.google.com/store/apps/details?id=id.sipp",
        Dataset_Terkait="izin-usaha-2017",
        Terhubung_Open_Data="Ya")])

    report = impor.import_file(path)

    assert report.created == ["sipp"] and not report.errors
    app = _show("sipp")
    assert app["type"] == "aplikasi"
    assert app["title"] == "Sistem Informasi Perizinan"
    assert app["organization"]["name"] == "diskominfotik"
    assert app["unit"] == "Bidang Aplikasi Informatika"
    assert app["kategori"] == "layanan_publik"
    assert app["platform"] == ["web", "android"]
    assert app["urls"] == [
        "https://sipp.bandaacehkota.go.id",
        "https://play.google.com/store/apps/details?id=id.sipp"]
    assert app["status_survei"] == "terdata"
    assert app["tanggal_survei"] == "2017-07-03"
    assert app["rekomendasi"] == "Sediakan API untuk Mantra."
    assert app["status_pse"] == "terdaftar"
    assert app["nomor_tdpse"] == "003456.01/DJAI.PSE/04/2017"
    assert app["tanggal_tdpse"] == "2017-04-20"
    assert app["data_pribadi"] == "ya"
    assert app["hosting"] == "server_farm_kota"
    assert app["tahun_operasi"] == "2014"
    assert app["pengembang"] == "vendor"
    assert app["jenis_api"] == "rest"
    assert app["api_base_url"] == "https://sipp.bandaacehkota.go.id/api/v1"
    assert app["terhubung_mantra"] == "ya"
    assert app["terhubung_open_data"] == "ya"
    assert app["dataset_terkait"] == ["izin-usaha-2017"]
    assert app["notes"] == "Permohonan izin usaha secara daring."
    assert "1 created" in report.summary()


@pytest.mark.parametrize("kategori, hosting, pse", [
    ("layanan_publik", "server_farm_kota", "terdaftar"),
    ("Layanan publik", "Server farm Pemerintah Kota", "Terdaftar"),
    ("PUBLIC SERVICE", "City server farm", "registered"),
    ("layanan publik", "server-farm-kota", " terdaftar "),
])
def test_choices_may_be_values_or_labels_in_any_case(
        orgs, tmp_path, kategori, hosting, pse):
    path = _csv(tmp_path / "survei.csv", [_baris(
        Kategori=kategori, Hosting=hosting, Status_PSE=pse,
        Data_Pribadi="no", Pengembang="Internal (swakelola)",
        Platform="WEB; iOS", Jenis_API="Tidak ada API", Base_URL_API="")])

    report = impor.import_file(path)

    assert not report.errors, report.errors
    app = _show("sipp")
    assert app["kategori"] == "layanan_publik"
    assert app["hosting"] == "server_farm_kota"
    assert app["status_pse"] == "terdaftar"
    assert app["data_pribadi"] == "tidak"
    assert app["pengembang"] == "internal"
    assert app["platform"] == ["web", "ios"]
    assert app["jenis_api"] == "tidak_ada"


def test_without_a_code_the_name_comes_from_skpk_and_title(orgs, tmp_path):
    rows = [_baris(Kode="", Nama_Aplikasi="e-Office", Jenis_API="SOAP",
                   SKPK="Dinas Kesehatan Kota Banda Aceh")]
    path = _csv(tmp_path / "survei.csv", rows)

    first = impor.import_file(path)
    second = impor.import_file(path)

    assert first.created == ["dinkes-e-office"]
    assert second.unchanged == ["dinkes-e-office"] and not second.created
    assert _show("dinkes-e-office")["organization"]["name"] == "dinkes"


def test_bad_rows_are_reported_by_row_number_and_good_rows_imported(
        orgs, tmp_path):
    rows = [
        _baris(Kode="baik-1"),                                   # row 2
        _baris(Kode="skpk-salah", SKPK="dinas-antah-berantah"),  # row 3
        _baris(Kode="pilihan-salah", Kategori="Aplikasi lain"),  # row 4
        _baris(Kode="url-salah", URL="sipp.bandaacehkota.go.id"),  # row 5
        _baris(Kode="tdpse-salah", Status_PSE="Belum terdaftar"),  # row 6
        _baris(Kode="tanggal-salah", Tanggal_Survei="31/02/2017"),  # row 7
        _baris(Kode="Kode Salah!"),                              # row 8
        _baris(Kode="tanpa-nama", Nama_Aplikasi=""),             # row 9
        _baris(Kode="baik-2", SKPK="Dinas Kesehatan"),           # row 10
        _baris(Kode="baik-1"),                                   # row 11
    ]
    path = _csv(tmp_path / "survei.csv", rows)

    report = impor.import_file(path)

    assert report.created == ["baik-1", "baik-2"]
    errors = {e.row: e for e in report.errors}
    assert sorted(errors) == [3, 4, 5, 6, 7, 8, 9, 11]
    assert errors[3].message == (
        "SKPK tidak dikenal: dinas-antah-berantah. Tulis kode organisasi "
        "(mis. diskominfotik) atau namanya")
    assert errors[4].message.startswith(
        "Kategori: Pilihan tidak dikenal: Aplikasi lain. Pilihan yang sah: "
        "website_skpk,")
    assert errors[5].message.startswith(
        "URL: URL tidak valid: sipp.bandaacehkota.go.id.")
    assert errors[6].message == ("Nomor TDPSE: Nomor TDPSE hanya boleh diisi "
                                 "bila status PSE \"terdaftar\"")
    assert errors[7].message.startswith(
        "Tanggal Survei: Tanggal tidak dikenali: 31/02/2017.")
    assert errors[8].message.startswith("Kode tidak sah: kode salah!.")
    assert errors[9].message == "Nama Aplikasi wajib diisi"
    assert errors[11].message == "Kode baik-1 sudah dipakai baris 2 berkas ini"
    assert str(errors[6]) == (
        "baris 6 (tdpse-salah): Nomor TDPSE: Nomor TDPSE hanya boleh diisi "
        "bila status PSE \"terdaftar\"")
    for name in ("skpk-salah", "pilihan-salah", "url-salah", "tdpse-salah",
                 "tanggal-salah", "tanpa-nama"):
        with pytest.raises(tk.ObjectNotFound):
            _show(name)
    assert "8 with errors" in report.summary()


def test_every_problem_of_a_row_is_listed_at_once(orgs, tmp_path):
    path = _csv(tmp_path / "survei.csv", [_baris(
        SKPK="dinas-x", Tanggal_Survei="kemarin", Kategori="Aplikasi lain",
        URL="https://sipp.bandaacehkota.go.id ftp://sipp")])

    report = impor.import_file(path)

    [error] = report.errors
    messages = error.message.split("; ")
    columns = [m.split(":")[0] for m in messages]
    # the importer's own checks, then CKAN's validation of the other cells
    assert columns[:2] == ["SKPK tidak dikenal", "Tanggal Survei"]
    assert sorted(columns[2:]) == ["Kategori", "URL"]
    assert messages[columns.index("URL")] == ("URL: URL tidak valid: ftp://sipp. Tulis alamat "
                           "lengkap yang diawali http:// atau https://, "
                           "mis. https://layanan.bandaacehkota.go.id")


def test_a_name_taken_by_a_dataset_is_not_overwritten(orgs, tmp_path):
    factories.Dataset(name="sipp", title="Dataset perizinan")
    report = impor.import_file(_csv(tmp_path / "survei.csv", [_baris()]))

    assert [(e.row, e.message) for e in report.errors] == [
        (2, "Nama sipp sudah dipakai oleh dataset berjenis dataset, "
            "bukan aplikasi")]
    assert _show("sipp")["title"] == "Dataset perizinan"


def test_importing_the_same_file_again_changes_nothing(orgs, tmp_path):
    rows = [_baris(Kode="sipp"),
            _baris(Kode="simpus", Nama_Aplikasi="SIM Puskesmas",
                   SKPK="dinkes", Platform="Web")]
    path = _csv(tmp_path / "survei.csv", rows)
    impor.import_file(path)
    before = {n: (_show(n)["metadata_modified"], _activities(n))
              for n in ("sipp", "simpus")}

    report = impor.import_file(path)

    assert report.unchanged == ["sipp", "simpus"]
    assert not report.created and not report.updated and not report.errors
    assert {n: (_show(n)["metadata_modified"], _activities(n))
            for n in ("sipp", "simpus")} == before
    assert before["sipp"][1] == 1


def test_a_changed_row_updates_only_that_app(orgs, tmp_path):
    rows = [_baris(Kode="sipp"),
            _baris(Kode="simpus", Nama_Aplikasi="SIM Puskesmas",
                   SKPK="dinkes"),
            _baris(Kode="e-office", Nama_Aplikasi="e-Office")]
    path = tmp_path / "survei.csv"
    impor.import_file(_csv(path, rows))
    before = {r["Kode"]: _show(r["Kode"]) for r in rows}

    rows[1] = dict(rows[1], **{"Status Survei": "Tindak lanjut selesai",
                               "Tindak Lanjut": "API sudah tersedia.",
                               "Platform": "Web"})
    report = impor.import_file(_csv(path, rows))

    assert report.updated == ["simpus"]
    assert report.unchanged == ["sipp", "e-office"]
    simpus = _show("simpus")
    assert simpus["status_survei"] == "tindak_lanjut_selesai"
    assert simpus["tindak_lanjut"] == "API sudah tersedia."
    assert simpus["platform"] == ["web"]
    assert simpus["metadata_modified"] != before["simpus"]["metadata_modified"]
    assert _activities("simpus") == 2
    for name in ("sipp", "e-office"):
        assert _show(name)["metadata_modified"] == (
            before[name]["metadata_modified"])
        assert _activities(name) == 1


def test_columns_left_out_are_kept_and_empty_cells_clear(orgs, tmp_path):
    impor.import_file(_csv(tmp_path / "lengkap.csv", [_baris()]))

    report = impor.import_file(_csv(
        tmp_path / "sebagian.csv",
        [{"Kode": "sipp", "Rekomendasi": "", "Tahun Operasi": "2015"}]))

    assert report.updated == ["sipp"], report.errors
    app = _show("sipp")
    assert app["tahun_operasi"] == "2015"
    assert not app.get("rekomendasi")
    assert app["status_pse"] == "terdaftar"
    assert app["urls"] == ["https://sipp.bandaacehkota.go.id"]


def test_unknown_columns_are_a_single_warning(orgs, tmp_path):
    rows = [dict(_baris(Kode=f"app-{i}"), **{"No": str(i),
                                             "Catatan Surveyor": "cek"})
            for i in range(3)]
    report = impor.import_file(_csv(tmp_path / "survei.csv", rows))

    assert report.warnings == [
        "Kolom tidak dikenal, diabaikan: Catatan Surveyor"]
    assert len(report.created) == 3


def test_headers_ignore_case_spacing_and_accept_schema_names(orgs, tmp_path):
    row = {"kode": "sipp", " NAMA  APLIKASI ": "Sistem Informasi Perizinan",
           "skpk": "diskominfotik", "kategori": "layanan_publik",
           "Status pendaftaran PSE": "belum", "api_base_url": "",
           "Jenis_API": "tidak ada api"}
    report = impor.import_file(_csv(tmp_path / "survei.csv", [row]))

    assert report.created == ["sipp"] and not report.warnings, report.errors
    assert _show("sipp")["status_pse"] == "belum"

    row["status_pse"] = "belum"
    with pytest.raises(impor.LoaderError) as raised:
        impor.import_file(_csv(tmp_path / "ganda.csv", [row]))
    assert "sama-sama berarti Status PSE" in str(raised.value)


def test_csv_with_bom_and_semicolons(orgs, tmp_path):
    path = tmp_path / "survei.csv"
    _csv(path, [_baris(Deskripsi="Layanan Ulèë Kareng; izin usaha")],
         delimiter=";")
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())

    report = impor.import_file(str(path))

    assert report.created == ["sipp"], report.errors
    assert _show("sipp")["notes"] == "Layanan Ulèë Kareng; izin usaha"


def test_latin1_csv(orgs, tmp_path):
    path = _csv(tmp_path / "survei.csv",
                [_baris(Deskripsi="Layanan Ulèë Kareng, café")],
                delimiter=";", encoding="latin-1")

    report = impor.import_file(path)

    assert report.created == ["sipp"], report.errors
    assert _show("sipp")["notes"] == "Layanan Ulèë Kareng, café"


# XLSX --------------------------------------------------------------------

def test_an_xlsx_sheet_with_date_cells_and_a_title_row(orgs, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Registri Aplikasi SKPK Kota Banda Aceh 2017"])
    sheet.append([])
    sheet.append(HEADER)
    good = _baris(Kode="e-kinerja", Nama_Aplikasi="e-Kinerja",
                  Kategori="Layanan internal/administrasi",
                  URL="https://ekinerja.bandaacehkota.go.id "
                      "https://bkpp.bandaacehkota.go.id/ekinerja")
    good.update({"Tanggal Survei": datetime.datetime(2017, 7, 3),
                 "Tanggal TDPSE": datetime.date(2017, 4, 20),
                 "Tahun Operasi": 2015, "Data Pribadi": True,
                 "Terhubung Open Data": False})
    bad = _baris(Kode="salah", SKPK="tidak-ada")
    sheet.append([good[h] for h in HEADER])    # row 4
    sheet.append([None] * len(HEADER))         # row 5, empty
    sheet.append([bad[h] for h in HEADER])     # row 6
    path = tmp_path / "survei.xlsx"
    workbook.save(path)

    report = impor.import_file(str(path))

    assert report.created == ["e-kinerja"]
    assert [e.row for e in report.errors] == [6]
    app = _show("e-kinerja")
    assert app["kategori"] == "layanan_internal"
    assert app["tanggal_survei"] == "2017-07-03"
    assert app["tanggal_tdpse"] == "2017-04-20"
    assert app["tahun_operasi"] == "2015"
    assert app["data_pribadi"] == "ya"
    assert app["terhubung_open_data"] == "tidak"
    assert app["urls"] == ["https://ekinerja.bandaacehkota.go.id",
                           "https://bkpp.bandaacehkota.go.id/ekinerja"]

    again = impor.import_file(str(path))
    assert again.unchanged == ["e-kinerja"] and not again.updated


def test_a_file_without_a_header_row_is_refused(orgs, tmp_path):
    path = tmp_path / "survei.csv"
    path.write_text("satu,dua\n1,2\n")
    with pytest.raises(impor.LoaderError) as raised:
        impor.import_file(str(path))
    assert "baris judul kolom tidak ditemukan" in str(raised.value)


# Dry run and command line ------------------------------------------------

def test_a_dry_run_validates_through_ckan_and_writes_nothing(orgs, tmp_path):
    impor.import_file(_csv(tmp_path / "awal.csv", [_baris(Kode="ada")]))
    rows = [_baris(Kode="ada", Status_Survei="Direkomendasikan"),
            _baris(Kode="baru"),
            _baris(Kode="api-salah", Jenis_API="SOAP", Base_URL_API="")]
    path = _csv(tmp_path / "survei.csv", rows)

    report = impor.import_file(path, dry_run=True)

    assert report.updated == ["ada"] and report.created == ["baru"]
    assert [(e.row, e.message) for e in report.errors] == [
        (4, "Base URL API: Base URL API wajib diisi bila jenis API bukan "
            "\"tidak_ada\"")]
    assert "dry run" in report.summary()
    assert _show("ada")["status_survei"] == "terdata"
    with pytest.raises(tk.ObjectNotFound):
        _show("baru")


def test_cli_imports_good_rows_lists_bad_ones_and_exits_1(
        cli, orgs, tmp_path):
    path = _csv(tmp_path / "survei.csv",
                [_baris(Kode="sipp"), _baris(Kode="x", SKPK="tidak-ada")])

    result = cli.invoke(ckan_command, ["bandaaceh", "import-aplikasi", path])

    assert result.exit_code == 1, result.output
    assert "2 rows, 1 created, 0 updated, 0 unchanged, 1 with errors" in (
        result.output)
    assert "baris 3 (x): SKPK tidak dikenal: tidak-ada." in result.output
    assert _show("sipp")["name"] == "sipp"

    result = cli.invoke(ckan_command, ["bandaaceh", "import-aplikasi",
                                       _csv(tmp_path / "baik.csv",
                                            [_baris(Kode="sipp")])])
    assert result.exit_code == 0, result.output
    assert "1 rows, 0 created, 0 updated, 1 unchanged" in result.output


# The demo registry -------------------------------------------------------

@pytest.fixture
def storage(ckan_config, monkeypatch, tmp_path):
    monkeypatch.setitem(ckan_config, "ckan.storage_path", str(tmp_path))
    return tmp_path


def _facets(fq, field):
    result = helpers.call_action("package_search", **{
        "fq": f"dataset_type:aplikasi {fq}".strip(), "rows": 0,
        "facet.field": json.dumps([field]), "facet.limit": -1})
    return result["facets"][field]


def test_the_demo_registry_reproduces_the_2017_statistics(storage):
    skpk.load_skpk()
    demo.load_groups()
    demo.load_datasets()

    report = impor.load_demo()

    assert not report.errors, [str(e) for e in report.errors]
    assert not report.warnings
    assert len(report.created) == 165
    assert _facets("", "kategori") == {
        "website_skpk": 46, "website_gampong": 20,
        "layanan_publik": 80, "layanan_internal": 19}
    assert _facets("kategori:layanan_publik", "tahun_operasi") == {
        "2013": 20, "2014": 20, "2015": 20, "2016": 20}
    internal_years = _facets("kategori:layanan_internal", "tahun_operasi")
    assert min(internal_years) == "2010" and max(internal_years) == "2017"

    # one website per SKPK, gampong websites owned by their kecamatan
    owners = _facets("kategori:website_skpk", "organization")
    assert set(owners) == {unit.kode for unit in skpk.read_skpk()}
    assert set(owners.values()) == {1}
    gampong = _facets("kategori:website_gampong", "organization")
    assert all(name.startswith("kec-") for name in gampong)

    linked = helpers.call_action(
        "package_search", fq="dataset_type:aplikasi terhubung_open_data:ya",
        rows=1000)["results"]
    demo_names = {ds.nama for ds in demo.read_datasets()}
    assert linked and all(a["dataset_terkait"] for a in linked)
    assert all(set(a["dataset_terkait"]) <= demo_names for a in linked)

    # the statistics action shows the seed's figures, as the portal's
    # ckan.ini configures it (the registry is the July 2017 snapshot)
    with_window = helpers.call_action("bandaaceh_aplikasi_statistik",
                                      tahun_akhir=2016)
    assert with_window["website"]["total"] == 66
    assert with_window["layanan"]["total"] == 99
    projection = with_window["proyeksi"]
    assert (projection["kebutuhan"], projection["terbangun"],
            projection["sisa"]) == (1104, 80, 1024)
    assert projection["laju_per_tahun"] == 20
    assert round(projection["tahun_pemenuhan"]) == 51

    assert impor.load_demo().unchanged == report.created
