"""Checking an uploaded CSV file before it goes into the DataStore.

Pure functions over the file's bytes: each problem becomes a `Masalah`
whose message says in Indonesian what is wrong and where (row numbers as a
spreadsheet program shows them, header = row 1; columns numbered from 1 and
named by their header), so an SKPK officer can fix the file and upload it
again.
"""
from __future__ import annotations

import csv
import dataclasses
import io
import re
from typing import Any, Optional

from ckanext.bandaaceh.tabel import sniff_delimiter

# Reported rows per problem class: an officer fixes the pattern, not 10,000
# rows one by one; the count says how many there are.
CONTOH_MAKS = 10

_PEMISAH_NAMA = {",": "koma (,)", ";": "titik koma (;)", "\t": "tab"}
# Starts of files that are not text tables, with what they probably are.
_TANDA_BINER = (
    (b"PK\x03\x04", "berkas ZIP/XLSX (Excel)"),
    (b"\xd0\xcf\x11\xe0", "berkas Excel lama (.xls) atau Word"),
    (b"%PDF", "berkas PDF"),
    (b"\x89PNG", "gambar PNG"),
    (b"\xff\xd8\xff", "gambar JPEG"),
    (b"GIF8", "gambar GIF"),
)
_HTML = re.compile(rb"^\s*(<!doctype\s+html|<html|<head|<body|<\?xml)", re.I)
# A number with a sign (-5, +62 812...) is data; any other cell starting
# with one of these runs as a formula when the file is opened in Excel.
_RUMUS_AWAL = ("=", "+", "-", "@")
_ANGKA = re.compile(r"^[+-]\s*[\d.,]+(\s*[\d.,]+)*%?$")


@dataclasses.dataclass(frozen=True)
class Masalah:
    """One problem of a file: a stable code, the message, and where."""
    kode: str
    pesan: str
    baris: Optional[int] = None
    kolom: Optional[int] = None

    def as_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def _nama_kolom(nomor: int, judul: list[str]) -> str:
    nama = judul[nomor - 1].strip() if nomor <= len(judul) else ""
    return f'kolom {nomor} ("{nama}")' if nama else f"kolom {nomor}"


def _baris_dari_offset(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def periksa_ukuran(ukuran: int, batas: int) -> list[Masalah]:
    """The size check alone, so oversize files need not be read."""
    if ukuran > batas:
        return [Masalah("ukuran", (
            f"Berkas terlalu besar: {ukuran / 1048576:.1f} MB, batasnya "
            f"{batas / 1048576:.0f} MB. Pecah data menjadi beberapa berkas "
            "(mis. per tahun) lalu unggah satu per satu."))]
    return []


def periksa_csv(raw: bytes, batas: int) -> list[Masalah]:
    """Every problem found in the CSV file `raw` (empty list: it can be
    loaded). Checks stop at the first problem that makes the rest
    meaningless (empty, not a CSV, wrong encoding, unreadable quoting)."""
    masalah = periksa_ukuran(len(raw), batas)
    if masalah:
        return masalah
    if not raw.strip():
        return [Masalah("kosong", "Berkas kosong: tidak ada judul kolom "
                        "maupun data.")]
    for tanda, jenis in _TANDA_BINER:
        if raw.startswith(tanda):
            return [Masalah("bukan_csv", (
                f"Berkas ini bukan CSV melainkan {jenis}. Buka di program "
                "aslinya lalu simpan sebagai CSV (UTF-8)."))]
    if _HTML.match(raw[:1024]):
        return [Masalah("bukan_csv", (
            "Berkas ini halaman web (HTML/XML), bukan CSV. Mungkin yang "
            "terunduh adalah halaman login atau galat; unduh ulang data "
            "aslinya lalu simpan sebagai CSV."))]
    nul = raw.find(b"\x00", 0, 65536)
    if nul >= 0:
        return [Masalah("bukan_csv", (
            "Berkas berisi data biner (byte NUL) pada baris "
            f"{_baris_dari_offset(raw, nul)}, jadi bukan CSV teks. Simpan "
            "ulang sebagai CSV (UTF-8)."), baris=_baris_dari_offset(raw, nul))]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        baris = _baris_dari_offset(raw, e.start)
        return [Masalah("encoding", (
            f"Encoding berkas bukan UTF-8 (byte tidak dikenal di baris "
            f"{baris}). Di Excel pilih Simpan Sebagai > \"CSV UTF-8 "
            "(Comma delimited)\", lalu unggah ulang."), baris=baris)]
    return _periksa_tabel(text)


def _periksa_tabel(text: str) -> list[Masalah]:
    pemisah = sniff_delimiter(text)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""),
                               delimiter=pemisah, strict=True))
    except csv.Error as e:
        # the reader counts physical lines, which is what editors show
        return [Masalah("kutip", (
            "Tanda kutip (\") tidak tertutup atau salah tempat di sekitar "
            f"baris {_baris_csv_error(text, pemisah)}: {e}. Periksa sel "
            "yang berisi tanda kutip."),
            baris=_baris_csv_error(text, pemisah))]
    # blank lines (Excel leaves them at the end) carry no data
    numbered = [(n, r) for n, r in enumerate(rows, start=1)
                if any(c.strip() for c in r)]
    if not numbered:
        return [Masalah("kosong", "Berkas kosong: tidak ada judul kolom "
                        "maupun data.")]
    nomor_judul, judul = numbered[0]
    data = numbered[1:]
    masalah: list[Masalah] = []
    masalah += _periksa_pemisah(pemisah, judul, data)
    if masalah:
        return masalah
    masalah += _periksa_judul(nomor_judul, judul)
    if not data:
        masalah.append(Masalah("tanpa_data", (
            "Berkas hanya berisi baris judul, tanpa baris data.")))
    masalah += _periksa_baris(judul, data)
    masalah += _periksa_rumus(judul, data)
    return masalah


def _baris_csv_error(text: str, pemisah: str) -> int:
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=pemisah,
                        strict=True)
    try:
        for _ in reader:
            pass
    except csv.Error:
        return reader.line_num
    return reader.line_num


def _periksa_pemisah(pemisah: str, judul: list[str],
                     data: list[tuple[int, list[str]]]) -> list[Masalah]:
    """One-column files whose rows hold another separator: the header and
    the data were written with different separators (or none could be
    found), and every row would load as a single cell."""
    if len(judul) > 1 or not data:
        return []
    for lain in (",", ";", "\t"):
        if lain == pemisah:
            continue
        cocok = [n for n, r in data if len(r) == 1 and lain in r[0]]
        if len(cocok) * 2 >= len(data):
            return [Masalah("pemisah", (
                "Pemisah kolom tidak konsisten: baris judul tidak memuat "
                f"pemisah yang dikenali, sedangkan baris {cocok[0]} dan "
                f"seterusnya memakai {_PEMISAH_NAMA[lain]}. Pakai satu "
                "pemisah (koma atau titik koma) di seluruh berkas, "
                "termasuk baris judul."), baris=cocok[0])]
    return []


def _periksa_judul(nomor: int, judul: list[str]) -> list[Masalah]:
    masalah = []
    dilihat: dict[str, int] = {}
    for k, nama in enumerate(judul, start=1):
        kunci = nama.strip().lower()
        if not kunci:
            masalah.append(Masalah("judul_kosong", (
                f"Judul kolom {k} kosong (baris {nomor}). Beri setiap kolom "
                "nama yang jelas."), baris=nomor, kolom=k))
        elif kunci in dilihat:
            masalah.append(Masalah("judul_ganda", (
                f'Judul kolom "{nama.strip()}" dipakai dua kali: kolom '
                f"{dilihat[kunci]} dan kolom {k} (baris {nomor}). Setiap "
                "kolom harus bernama unik."), baris=nomor, kolom=k))
        else:
            dilihat[kunci] = k
    return masalah


def _periksa_baris(judul: list[str],
                   data: list[tuple[int, list[str]]]) -> list[Masalah]:
    salah = [(n, len(r)) for n, r in data if len(r) != len(judul)]
    masalah = []
    for n, jumlah in salah[:CONTOH_MAKS]:
        arah = "lebih" if jumlah > len(judul) else "kurang"
        masalah.append(Masalah("baris_tidak_rata", (
            f"Baris {n} berisi {jumlah} kolom, padahal judul berisi "
            f"{len(judul)} kolom ({arah} dari judul). Periksa pemisah "
            "atau tanda kutip di baris itu."), baris=n))
    if len(salah) > CONTOH_MAKS:
        masalah.append(Masalah("baris_tidak_rata", (
            f"... dan {len(salah) - CONTOH_MAKS} baris lain yang jumlah "
            "kolomnya tidak sama dengan judul.")))
    return masalah


def adalah_rumus(sel: str) -> bool:
    """True for a cell a spreadsheet program would run as a formula."""
    isi = sel.lstrip(" ")
    if not isi.startswith(_RUMUS_AWAL):
        return False
    return not _ANGKA.match(isi)


def _periksa_rumus(judul: list[str],
                   data: list[tuple[int, list[str]]]) -> list[Masalah]:
    temuan = [(n, k) for n, r in data for k, sel in enumerate(r, start=1)
              if adalah_rumus(sel)]
    masalah = []
    for n, k in temuan[:CONTOH_MAKS]:
        masalah.append(Masalah("rumus", (
            f"Sel di baris {n}, {_nama_kolom(k, judul)} diawali "
            f"\"{data_sel(data, n, k)[:1]}\" sehingga akan dijalankan "
            "sebagai rumus oleh Excel (bisa disalahgunakan). Tulis isinya "
            "sebagai teks biasa, mis. hapus tanda di depannya."),
            baris=n, kolom=k))
    if len(temuan) > CONTOH_MAKS:
        masalah.append(Masalah("rumus", (
            f"... dan {len(temuan) - CONTOH_MAKS} sel lain yang diawali "
            "=, +, - atau @.")))
    return masalah


def data_sel(data: list[tuple[int, list[str]]], baris: int,
             kolom: int) -> str:
    for n, r in data:
        if n == baris:
            return r[kolom - 1].lstrip(" ")
    return ""
