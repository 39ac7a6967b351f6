"""Personal data: columns dropped by name, free text scrubbed."""
from __future__ import annotations

import pytest

from ckanext.bandaaceh_harvest.ppid.data_pribadi import (
    DISAMARKAN, kolom_pribadi, samarkan)


@pytest.mark.parametrize("header", [
    "Nama", "Nama Pemohon", "NIK", "No. KTP", "Nomor KK", "NPWP", "Alamat",
    "Alamat Pemohon", "No. HP", "Telepon", "No Telp", "E-mail", "Email",
    "Surel", "Pekerjaan", "Tempat/Tanggal Lahir", "WhatsApp",
])
def test_personal_columns_are_recognised(header):
    assert kolom_pribadi(header)


@pytest.mark.parametrize("header", [
    "Nomor Registrasi", "Tanggal Permohonan", "Informasi yang Diminta",
    "Tujuan Penggunaan", "Kategori Pemohon", "Nama SKPK", "Keputusan",
    "Cara Memperoleh Informasi", "Perpanjangan",
])
def test_other_columns_are_kept(header):
    assert not kolom_pribadi(header)


@pytest.mark.parametrize("secret, text", [
    ("1171020304050006", "NIK saya 1171020304050006 mohon dicatat"),
    ("1171 0203 0405 0006", "KTP 1171 0203 0405 0006."),
    ("0812-6677-8899", "hubungi 0812-6677-8899 ya"),
    ("+62 651 7551234", "Telp +62 651 7551234"),
    ("081360001111", "wa:081360001111"),
    ("t.ahmad@gmail.com", "kirim ke t.ahmad@gmail.com"),
    ("12.345.678.9-101.000", "NPWP 12.345.678.9-101.000"),
    ("Nyak Arief No. 12", "tinggal di Jl. T. Nyak Arief No. 12, Lamgugob"),
    ("Teuku Ahmad", "saya Bapak Teuku Ahmad meminta"),
    ("Cut Meutia", "atas nama Cut Meutia"),
    ("RT 03/RW 02", "RT 03/RW 02 Gampong Lamgugob"),
])
def test_personal_data_in_free_text_is_scrubbed(secret, text):
    scrubbed = samarkan(text)
    assert secret not in scrubbed
    assert DISAMARKAN in scrubbed


def test_ordinary_requests_are_left_alone():
    text = ("Salinan DPA Dinas Kesehatan tahun 2017 senilai Rp 1.500.000.000 "
            "dan Perda No. 12 Tahun 2017 tentang retribusi")
    assert samarkan(text) == text
