"""Reading PPID register exports: formats, columns, validation."""
from __future__ import annotations

import datetime
import io
import json

import openpyxl
import pytest

from ckanext.bandaaceh.loading import LoaderError
from ckanext.bandaaceh_harvest.ppid import register

D = datetime.date

HEADER = ["No", "Nomor Registrasi", "Tanggal Permohonan", "Nama Pemohon",
          "NIK", "Alamat", "No. HP", "Email", "Kategori Pemohon",
          "Informasi yang Diminta", "Tujuan Penggunaan", "SKPK",
          "Keputusan", "Pasal Pengecualian", "Tanggal Jawaban",
          "Perpanjangan"]
ROWS = [
    ["1", "001/PPID/2017", "3 Juli 2017", "Teuku Ahmad", "1171020304050006",
     "Jl. Nyak Arief No. 12", "081266778899", "ahmad@contoh.id",
     "Perorangan", "Data penduduk per gampong 2016", "Penelitian skripsi",
     "disdukcapil", "Dikabulkan", "", "10/07/2017", "Tidak"],
    ["2", "002/PPID/2017", "2017-07-04", "Yayasan Aceh Sehat", "", "", "",
     "", "Badan Hukum", "Anggaran Dinas Kesehatan 2017", "Advokasi",
     "dinkes", "Ditolak", "", "2017-07-20", "Ya"],
    ["3", "003/PPID/2017", "31 Juni 2017", "X", "", "", "", "",
     "Perorangan", "Daftar sekolah", "", "disdikbud", "Diterima", "", "",
     ""],
    ["4", "", "2017-07-05", "", "", "", "", "", "Perorangan",
     "Jadwal pelayanan", "", "dpmptsp", "", "", "", ""],
    ["5", "005/PPID/2017", "5 Agustus 2017", "Cut Meutia", "", "", "", "",
     "kelompok", "Salinan kontrak, hubungi 0813-1234-5678", "", "dpupr",
     "Dikabulkan Sebagian", "", "2017-08-04", ""],
    ["6", "001/PPID/2017", "2017-08-06", "", "", "", "", "", "Perorangan",
     "Data pasar", "", "diskopukmdag", "Tidak dikuasai", "", "", ""],
]


def _csv(rows, delimiter=",", encoding="utf-8-sig") -> bytes:
    import csv
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def _check(hasil):
    assert [r["nomor"] for r in hasil.baris] == ["001/PPID/2017"]
    first = hasil.baris[0]
    assert first["tanggal_diterima"] == D(2017, 7, 3)
    assert first["tanggal_jawaban"] == D(2017, 7, 10)
    assert first["kategori_pemohon"] == "perorangan"
    assert first["keputusan"] == "dikabulkan"
    assert first["perpanjangan"] is False
    assert first["skpk"] == "disdukcapil"
    assert first["baris"] == 2
    errors = {e.row: e.message for e in hasil.salah}
    assert sorted(errors) == [3, 4, 5, 6, 7]
    assert "Pasal pengecualian wajib diisi" in errors[3]
    assert "Tanggal tidak dikenali: 31 Juni 2017" in errors[4]
    assert "Keputusan tidak dikenal: Diterima" in errors[4]
    assert "Nomor permohonan wajib diisi" in errors[5]
    assert "sebelum tanggal permohonan" in errors[6]
    assert "Nomor 001/PPID/2017 sudah dipakai baris 2" in errors[7]
    assert {"Nama Pemohon", "NIK", "Alamat", "No. HP", "Email"} <= set(
        hasil.kolom_diabaikan)


def test_a_csv_export_with_bom_commas_and_indonesian_dates():
    _check(register.baca(_csv(ROWS), "permohonan.csv", "permohonan"))


def test_semicolons_and_latin1():
    rows = [list(r) for r in ROWS]
    rows[0][10] = "Penelitian tentang pelayanan publik (Universitas Syiah Kuala)"
    rows[0][9] = "Data penduduk per gampong 2016 — rekap"
    raw = _csv(rows, ";", "utf-8").decode("utf-8").replace("—", "-").encode(
        "latin-1")
    hasil = register.baca(raw, "permohonan.csv", "permohonan")
    _check(hasil)
    assert hasil.baris[0]["informasi"] == "Data penduduk per gampong 2016 - rekap"


def test_an_xlsx_export(tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in ROWS:
        sheet.append(row)
    sheet["C2"] = datetime.datetime(2017, 7, 3)  # a real date cell
    out = io.BytesIO()
    workbook.save(out)
    _check(register.baca(out.getvalue(), "permohonan.xlsx", "permohonan"))


def test_a_json_endpoint():
    objects = [dict(zip(HEADER, row)) for row in ROWS]
    raw = json.dumps({"data": objects}).encode()
    _check(register.baca(raw, "permohonan", "permohonan"))


def test_personal_data_is_never_read():
    hasil = register.baca(_csv(ROWS), "permohonan.csv", "permohonan")
    text = repr(hasil.baris)
    for secret in ("Teuku Ahmad", "1171020304050006", "Nyak Arief",
                   "081266778899", "ahmad@contoh.id"):
        assert secret not in text


def test_free_text_is_scrubbed_in_good_rows():
    rows = [list(ROWS[4])]
    rows[0][14] = "2017-08-10"
    hasil = register.baca(_csv(rows), "permohonan.csv", "permohonan")
    assert hasil.salah == []
    assert "0813-1234-5678" not in hasil.baris[0]["informasi"]
    assert "[disamarkan]" in hasil.baris[0]["informasi"]


def test_row_errors_never_quote_personal_data():
    # row errors are shown on the harvest job page: cells they quote are
    # scrubbed like published text
    rows = [["1", "009/PPID/2017", "lahir 1171020304050006", "", "", "", "",
             "", "Perorangan", "Data pasar", "", "hub. 081266778899",
             "tanya ahmad@contoh.id", "", "", ""]]
    hasil = register.baca(_csv(rows), "permohonan.csv", "permohonan")
    assert hasil.baris == []
    message = hasil.salah[0].message
    assert "Tanggal tidak dikenali" in message
    assert "Keputusan tidak dikenal" in message
    for secret in ("1171020304050006", "ahmad@contoh.id", "081266778899"):
        assert secret not in message and secret not in repr(hasil.salah)


def test_a_source_maps_its_own_headers():
    raw = ("Reg;Tgl Masuk;Permintaan\n"
           "A-1;01/08/2017;Data banjir\n").encode()
    with pytest.raises(LoaderError) as raised:
        register.baca(raw, "x.csv", "permohonan")
    assert "Kolom wajib tidak ditemukan" in str(raised.value)
    hasil = register.baca(raw, "x.csv", "permohonan", mapping={
        "Reg": "nomor", "Tgl Masuk": "tanggal_diterima",
        "Permintaan": "informasi"})
    assert hasil.baris[0]["nomor"] == "A-1"
    assert hasil.baris[0]["tanggal_diterima"] == D(2017, 8, 1)


def test_the_objection_register():
    raw = ("Nomor Keberatan,Nomor Permohonan,Tanggal Keberatan,"
           "Alasan Keberatan,Tanggapan Atasan,Tanggal Tanggapan\n"
           "K-1,002/PPID/2017,25 Juli 2017,a,Ditolak,2017-08-20\n"
           "K-2,001/PPID/2017,2017-07-30,biaya tidak wajar,,\n"
           "K-3,001/PPID/2017,2017-07-30,Alasan lain,,\n").encode()
    hasil = register.baca(raw, "keberatan.csv", "keberatan")
    assert [(r["nomor"], r["alasan"], r["tanggapan_atasan"])
            for r in hasil.baris] == [("K-1", "a", "ditolak"),
                                      ("K-2", "f", "")]
    assert hasil.salah[0].row == 4
    assert "Alasan keberatan tidak dikenal" in hasil.salah[0].message


@pytest.mark.parametrize("raw, name", [
    (b"<html><body>Maaf</body></html>", "x.html"),
    (b"{not json", "x.json"),
    (b"", "x.csv"),
])
def test_an_unreadable_export_is_an_error_with_a_reason(raw, name):
    with pytest.raises(LoaderError):
        register.baca(raw, name, "permohonan")
