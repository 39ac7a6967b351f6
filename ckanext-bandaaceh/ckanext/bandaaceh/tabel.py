"""Reading the spreadsheets that city offices send: CSV or XLSX.

Shared by the app-registry import and the PPID register harvester. Rows
come numbered as the spreadsheet program shows them (header = row 1), so
error messages can name the row an officer has to fix. CSV files may be
UTF-8 (with or without BOM), Windows-1252 or Latin-1, separated by ``,``,
``;`` or tabs; dates may be Excel dates, ``2017-07-03``, ``03/07/2017`` or
``3 Juli 2017``.
"""
from __future__ import annotations

import csv
import datetime
import io
import os
import re
import zipfile
from typing import Any, Iterator

from ckanext.bandaaceh.loading import LoaderError

# Numbered rows of one sheet: (row number, cells).
Rows = Iterator[tuple[int, list[Any]]]

MONTHS = {
    "januari": 1, "jan": 1, "january": 1,
    "februari": 2, "feb": 2, "pebruari": 2, "february": 2,
    "maret": 3, "mar": 3, "march": 3,
    "april": 4, "apr": 4,
    "mei": 5, "may": 5,
    "juni": 6, "jun": 6, "june": 6,
    "juli": 7, "jul": 7, "july": 7,
    "agustus": 8, "agu": 8, "agt": 8, "ags": 8, "aug": 8, "august": 8,
    "september": 9, "sep": 9, "sept": 9,
    "oktober": 10, "okt": 10, "oct": 10, "october": 10,
    "november": 11, "nov": 11, "nopember": 11,
    "desember": 12, "des": 12, "dec": 12, "december": 12,
}
# Excel day numbers taken as dates (1954-10-03 to 2119-01-08)
EXCEL_DAYS = (20000, 80000)
_DATE_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T][\d:.]*)?$")
_DATE_DMY = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
_DATE_TEXT = re.compile(r"^(\d{1,2})\s+([^\W\d_]+)\.?\s+(\d{4})$")

PESAN_TANGGAL = ("Tanggal tidak dikenali: %s. Tulis mis. 2017-07-03, "
                 "03/07/2017 atau 3 Juli 2017")
PESAN_FORMAT = "%s: format berkas tidak dikenal; pakai .csv atau .xlsx"


def decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as Excel writes it,
    else Latin-1 (which decodes any byte)."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def sniff_delimiter(text: str) -> str:
    """The delimiter most used on the first non-empty line (the header),
    where cells rarely hold commas; quoted multi-line cells further down
    would mislead `csv.Sniffer`."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def csv_sheets(raw: bytes, source: str) -> Iterator[Rows]:
    """The one sheet of a CSV file."""
    text = decode(raw)
    reader = csv.reader(io.StringIO(text, newline=""),
                        delimiter=sniff_delimiter(text))
    try:
        rows = list(enumerate(reader, start=1))
    except csv.Error as e:
        raise LoaderError(f"{source}: CSV tidak bisa dibaca ({e})")
    yield iter(rows)


def xlsx_sheets(raw: bytes, source: str) -> Iterator[Rows]:
    """The rows of every sheet of an XLSX workbook."""
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(raw), data_only=True,
                                          read_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError,
            OSError) as e:
        raise LoaderError(
            f"{source}: bukan berkas XLSX yang bisa dibaca ({e})")
    for sheet in workbook.worksheets:
        yield ((number, list(row)) for number, row in enumerate(
            sheet.iter_rows(min_row=1, values_only=True), start=1))


def sheets(raw: bytes, filename: str) -> Iterator[Rows]:
    """The sheets of a file's content, by the file name's extension."""
    extension = os.path.splitext(filename)[1].lower()
    if extension in (".xlsx", ".xlsm"):
        return xlsx_sheets(raw, filename)
    if extension in (".csv", ".txt"):
        return csv_sheets(raw, filename)
    raise LoaderError(PESAN_FORMAT % filename)


def file_sheets(path: str) -> Iterator[Rows]:
    """The sheets of the file at `path`."""
    if os.path.splitext(path)[1].lower() not in (".xlsx", ".xlsm", ".csv",
                                                 ".txt"):
        raise LoaderError(PESAN_FORMAT % path)
    with open(path, "rb") as f:
        return sheets(f.read(), path)


def is_blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def cell_text(cell: Any) -> str:
    """A cell as text: whole numbers without ``.0``, dates in ISO form,
    booleans as ``ya``/``tidak``, line ends normalised."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "ya" if cell else "tidak"
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, datetime.datetime):
        return (cell.date().isoformat() if cell.time() == datetime.time()
                else cell.isoformat(sep=" "))
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    return str(cell).replace("\r\n", "\n").replace("\r", "\n").strip()


def parse_date(cell: Any) -> str:
    """An ISO date from an Excel date cell, ``2017-07-03``, ``03/07/2017``
    (day first) or ``3 Juli 2017``; ``""`` for an empty cell. Raises
    ValueError with an Indonesian message."""
    if isinstance(cell, datetime.datetime):
        return cell.date().isoformat()
    if isinstance(cell, datetime.date):
        return cell.isoformat()
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        # a date cell without a date format holds Excel's day number; a
        # small number is rather a year or a typo than a date before 1955
        from openpyxl.utils.datetime import from_excel
        if not EXCEL_DAYS[0] <= cell <= EXCEL_DAYS[1]:
            raise ValueError(PESAN_TANGGAL % cell_text(cell))
        return from_excel(cell).date().isoformat()
    text = cell_text(cell)
    if not text:
        return ""
    try:
        if match := _DATE_ISO.match(text):
            year, month, day = map(int, match.groups())
        elif match := _DATE_DMY.match(text):
            day, month, year = map(int, match.groups())
        elif match := _DATE_TEXT.match(text):
            day, year = int(match.group(1)), int(match.group(3))
            month = MONTHS[match.group(2).casefold()]
        else:
            raise ValueError(text)
        return datetime.date(year, month, day).isoformat()
    except (KeyError, ValueError):
        raise ValueError(PESAN_TANGGAL % text)
