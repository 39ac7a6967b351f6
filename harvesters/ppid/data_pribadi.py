"""Personal data of requesters never leaves the harvester.

Two layers: columns that name a person's data are dropped by name
(``KOLOM_PRIBADI``), and the free text kept (information requested,
purpose, reasons) is scrubbed of what still identifies someone: NIK and
other long ID numbers, NPWP, phone numbers, e-mail addresses, street
addresses, and names introduced by a title (Bapak, Ibu, Sdr., ...).
"""
from __future__ import annotations

import re
import unicodedata

# Header words of columns holding personal data (after normalising: lower
# case, letters and digits only). A header containing one of them is dropped.
KOLOM_PRIBADI = (
    "nama", "name", "pemohon", "nik", "ktp", "kk", "npwp", "identitas",
    "alamat", "address", "telepon", "telp", "tlp", "hp", "handphone",
    "ponsel", "phone", "wa", "whatsapp", "email", "surel", "mail",
    "ttl", "tempatlahir", "tanggallahir", "lahir", "pekerjaan",
    "kuasa", "tandatangan", "foto",
)
# Headers that contain a word above but are not personal.
KOLOM_BUKAN_PRIBADI = (
    "namaskpk", "namainstansi", "namabadanpublik", "namaopd",
    "namainformasi", "kategoripemohon", "jenispemohon",
)

DISAMARKAN = "[disamarkan]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# NPWP 99.999.999.9-999.999 (also without separators: 15 digits)
_NPWP = re.compile(r"\b\d{2}\.\d{3}\.\d{3}\.\d-\d{3}\.\d{3}\b")
# Indonesian phone numbers: +62 / 62 / 0 then 8-13 digits, with spaces,
# dots or dashes between groups
_TELEPON = re.compile(
    r"(?<![\w])(?:\+?62|0)[\s.-]?\(?\d{2,4}\)?(?:[\s.-]?\d{2,5}){2,4}(?![\w])")
# NIK (16 digits) and any other run of 9 or more digits (KK, passport,
# account numbers), with optional separators
# (amounts of money, "Rp 1.500.000.000", are kept)
_NOMOR = re.compile(
    r"(?<![\w.,])(?<!Rp)(?<!Rp )(?<!Rp\. )\d(?:[\s.-]?\d){8,}(?![\w])")
# Street addresses: "Jl./Jln./Jalan <name> [No. 12]" up to a comma,
# semicolon, bracket or line end (at most 60 characters: rather too much
# than too little)
_ALAMAT = re.compile(
    r"\b(?:jl|jln|jalan|lorong|lr|gg|gang|dusun|komplek|kompleks|perumahan)"
    r"\b\.?\s+[^,;()\n]{1,60}", re.IGNORECASE)
_RT_RW = re.compile(r"\bRT\.?\s*\d+\s*/\s*RW\.?\s*\d+\b", re.IGNORECASE)
# Names after a title or form of address: up to four capitalised words
_NAMA = re.compile(
    r"\b(?i:bapak|bpk|pak|ibu|bu|saudara|saudari|sdr|sdri|sdra|tuan|nyonya|"
    r"ny|nona|a\.n|an|atas nama|teungku|tgk|cut|teuku|t)\b\.?\s+"
    r"(?:[A-Z][\w'’-]*\.?)(?:\s+[A-Z][\w'’-]*\.?){0,3}")


def _key(header: str) -> str:
    text = unicodedata.normalize("NFKD", str(header)).casefold()
    return "".join(c for c in text if c.isalnum())


def kolom_pribadi(header: str) -> bool:
    """Whether a column (by its header) holds personal data."""
    key = _key(header)
    if not key or key in KOLOM_BUKAN_PRIBADI:
        return False
    words = re.findall(r"[a-z0-9]+", unicodedata.normalize(
        "NFKD", str(header)).casefold())
    return any(word in KOLOM_PRIBADI for word in words) or any(
        key.startswith(w) and len(w) >= 4 for w in KOLOM_PRIBADI)


def samarkan(text: str) -> str:
    """`text` with personal data replaced by ``[disamarkan]``."""
    if not text:
        return text
    for pattern in (_EMAIL, _NPWP, _TELEPON, _NOMOR, _RT_RW, _ALAMAT,
                    _NAMA):
        text = pattern.sub(DISAMARKAN, text)
    return text
