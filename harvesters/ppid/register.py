"""The two PPID registers, read from an instance's export.

An export is a CSV/XLSX file or JSON (a list of objects, or an object with
the list under ``data``/``rows``/``items``). Columns are found by their
Indonesian headers (``KOLOM``; a source may map its own headers in its
config). Every row is validated on its own: a bad row becomes a
:class:`~ckanext.bandaaceh.loading.RowError` with its row number and the reason in Bahasa Indonesia,
the good rows are kept. Columns holding personal data are never read, and
the free text kept is scrubbed (``data_pribadi``).
"""
from __future__ import annotations

import dataclasses
import datetime
import json
import re
import unicodedata
from typing import Any, Callable, Iterable, Optional

from ckanext.bandaaceh.loading import LoaderError, RowError
from ckanext.bandaaceh.tabel import cell_text, is_blank, parse_date, sheets

from ckanext.bandaaceh_harvest.ppid import data_pribadi

# Requester categories (never the person).
KATEGORI_PEMOHON = {
    "perorangan": ("perorangan", "individu", "pribadi", "perseorangan",
                   "orang perorangan", "individual"),
    "badan_hukum": ("badan hukum", "lembaga", "organisasi", "perusahaan",
                    "ormas", "lsm", "legal entity"),
    "kelompok": ("kelompok", "kelompok orang", "group", "komunitas"),
}
KEPUTUSAN = {
    "dikabulkan": ("dikabulkan", "dikabulkan seluruhnya", "diberikan",
                   "diberikan seluruhnya", "dipenuhi", "granted"),
    "dikabulkan_sebagian": ("dikabulkan sebagian", "diberikan sebagian",
                            "sebagian", "partly granted"),
    "ditolak": ("ditolak", "rejected", "dikecualikan"),
    "tidak_dikuasai": ("tidak dikuasai", "informasi tidak dikuasai",
                       "belum dikuasai", "tidak dikuasai badan publik",
                       "not held"),
}
# Objection grounds, UU 14/2008 art. 35(1) a-g.
ALASAN_KEBERATAN = {
    "a": ("a", "penolakan", "ditolak", "penolakan berdasarkan pasal 17",
          "penolakan atas permintaan informasi"),
    "b": ("b", "tidak disediakan informasi berkala",
          "informasi berkala tidak disediakan"),
    "c": ("c", "tidak ditanggapi", "permintaan tidak ditanggapi",
          "tidak ditanggapinya permintaan informasi"),
    "d": ("d", "ditanggapi tidak sebagaimana yang diminta",
          "tidak sesuai permintaan", "tidak sebagaimana diminta"),
    "e": ("e", "tidak dipenuhi", "permintaan tidak dipenuhi",
          "tidak dipenuhinya permintaan informasi"),
    "f": ("f", "biaya tidak wajar", "pengenaan biaya yang tidak wajar"),
    "g": ("g", "terlambat", "melebihi jangka waktu",
          "penyampaian informasi melebihi waktu"),
}
TANGGAPAN_ATASAN = {
    "diterima": ("diterima", "dikabulkan", "keberatan diterima",
                 "dikabulkan seluruhnya"),
    "diterima_sebagian": ("diterima sebagian", "dikabulkan sebagian"),
    "ditolak": ("ditolak", "keberatan ditolak"),
    "sengketa": ("sengketa", "ke komisi informasi", "diajukan sengketa"),
}
YA_TIDAK = {"ya": ("ya", "y", "yes", "1", "true", "ada"),
            "tidak": ("tidak", "t", "no", "0", "false", "tidak ada", "")}

PESAN_WAJIB = "%s wajib diisi"
PESAN_PILIHAN = "%s tidak dikenal: %s. Pilihan: %s"
PESAN_PASAL = ("Pasal pengecualian wajib diisi bila permohonan ditolak "
               "(mis. Pasal 17 huruf b)")
PESAN_URUTAN = "Tanggal jawaban (%s) sebelum tanggal permohonan (%s)"
PESAN_GANDA = "Nomor %s sudah dipakai baris %d"
PESAN_KOLOM = ("Kolom wajib tidak ditemukan: %s. Judul kolom yang ada: %s")
PESAN_JSON = "Ekspor JSON tidak bisa dibaca: %s"


def _key(text: Any) -> str:
    text = unicodedata.normalize("NFKD", str(text)).casefold()
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _pilihan(options: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {_key(alias): value for value, aliases in options.items()
            for alias in (value, *aliases)}


@dataclasses.dataclass(frozen=True)
class Kolom:
    """One field of a register row: its headers and how to read a cell."""
    nama: str
    label: str
    judul: tuple[str, ...]
    baca: Callable[[Any], Any]
    wajib: bool = False


def _teks(cell: Any) -> str:
    return data_pribadi.samarkan(cell_text(cell))


def _kode(cell: Any) -> str:
    # numbers and SKPK names are typed by hand too: an ID number or phone
    # put there by mistake must not be published either
    return data_pribadi.samarkan(cell_text(cell))


def _tanggal(cell: Any) -> Optional[datetime.date]:
    text = parse_date(cell)
    return datetime.date.fromisoformat(text) if text else None


def _pilih(label: str, options: dict[str, tuple[str, ...]]
           ) -> Callable[[Any], str]:
    lookup = _pilihan(options)

    def baca(cell: Any) -> str:
        text = cell_text(cell)
        if not text:
            return ""
        try:
            return lookup[_key(text)]
        except KeyError:
            raise ValueError(PESAN_PILIHAN % (label, text,
                                              ", ".join(options)))
    return baca


def _ya_tidak(label: str) -> Callable[[Any], bool]:
    pilih = _pilih(label, YA_TIDAK)
    return lambda cell: pilih(cell) == "ya"


KOLOM_PERMOHONAN = (
    Kolom("nomor", "Nomor permohonan",
          ("nomor", "no permohonan", "nomor permohonan", "nomor register",
           "no register", "no registrasi", "nomor registrasi", "no reg"),
          _kode, wajib=True),
    Kolom("tanggal_diterima", "Tanggal permohonan",
          ("tanggal", "tanggal permohonan", "tgl permohonan",
           "tanggal diterima", "tgl diterima", "tanggal masuk"),
          _tanggal, wajib=True),
    Kolom("kategori_pemohon", "Kategori pemohon",
          ("kategori pemohon", "jenis pemohon", "kategori", "pemohon"),
          _pilih("Kategori pemohon", KATEGORI_PEMOHON)),
    Kolom("informasi", "Informasi yang diminta",
          ("informasi yang diminta", "informasi yang dimohon",
           "rincian informasi", "informasi", "permintaan informasi"),
          _teks, wajib=True),
    Kolom("tujuan", "Tujuan penggunaan",
          ("tujuan", "tujuan penggunaan", "tujuan penggunaan informasi"),
          _teks),
    Kolom("cara_memperoleh", "Cara memperoleh informasi",
          ("cara memperoleh", "cara memperoleh informasi"), _teks),
    Kolom("cara_penyampaian", "Cara penyampaian",
          ("cara penyampaian", "cara mendapatkan salinan",
           "cara mendapatkan salinan informasi", "media penyampaian"),
          _teks),
    Kolom("skpk", "SKPK penanggung jawab",
          ("skpk", "opd", "skpd", "skpk penanggung jawab", "unit",
           "badan publik", "instansi", "ppid pembantu"), _kode),
    Kolom("keputusan", "Keputusan",
          ("keputusan", "status", "hasil", "tanggapan", "keputusan ppid"),
          _pilih("Keputusan", KEPUTUSAN)),
    Kolom("pasal_pengecualian", "Pasal pengecualian",
          ("pasal pengecualian", "alasan penolakan", "dasar penolakan",
           "pengecualian"), _teks),
    Kolom("tanggal_jawaban", "Tanggal jawaban tertulis",
          ("tanggal jawaban", "tanggal tanggapan", "tgl jawaban",
           "tanggal pemberitahuan tertulis", "tanggal selesai"), _tanggal),
    Kolom("perpanjangan", "Perpanjangan waktu",
          ("perpanjangan", "perpanjangan waktu", "diperpanjang"),
          _ya_tidak("Perpanjangan waktu")),
)

KOLOM_KEBERATAN = (
    Kolom("nomor", "Nomor keberatan",
          ("nomor", "no keberatan", "nomor keberatan", "nomor register",
           "no register", "nomor registrasi keberatan"), _kode, wajib=True),
    Kolom("nomor_permohonan", "Nomor permohonan",
          ("nomor permohonan", "no permohonan", "permohonan"), _kode,
          wajib=True),
    Kolom("tanggal", "Tanggal keberatan",
          ("tanggal", "tanggal keberatan", "tgl keberatan",
           "tanggal diterima"), _tanggal, wajib=True),
    Kolom("alasan", "Alasan keberatan",
          ("alasan", "alasan keberatan", "alasan pengajuan keberatan"),
          _pilih("Alasan keberatan", ALASAN_KEBERATAN), wajib=True),
    Kolom("tanggapan_atasan", "Tanggapan atasan PPID",
          ("tanggapan atasan", "keputusan atasan", "tanggapan atasan ppid",
           "putusan atasan", "keputusan"),
          _pilih("Tanggapan atasan PPID", TANGGAPAN_ATASAN)),
    Kolom("tanggal_tanggapan", "Tanggal tanggapan atasan",
          ("tanggal tanggapan", "tanggal keputusan", "tgl tanggapan",
           "tanggal tanggapan atasan"), _tanggal),
)

REGISTER = {"permohonan": KOLOM_PERMOHONAN, "keberatan": KOLOM_KEBERATAN}


@dataclasses.dataclass
class HasilBaca:
    """The good rows of one register (dicts by field) and the bad ones."""
    register: str
    baris: list[dict[str, Any]]
    salah: list[RowError]
    kolom_diabaikan: list[str]  # personal-data and unknown columns


def _rows_from_export(raw: bytes, filename: str
                      ) -> Iterable[tuple[int, list[Any]]]:
    if filename.lower().endswith(".json") or raw.lstrip()[:1] in (b"[",
                                                                  b"{"):
        return _json_rows(raw)
    return next(iter(sheets(raw, filename)), iter(()))


def _json_rows(raw: bytes) -> Iterable[tuple[int, list[Any]]]:
    """JSON objects as a header row plus value rows (row 1 = header, so
    object n is row n + 1, as in the CSV export)."""
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as e:
        raise LoaderError(PESAN_JSON % e)
    if isinstance(data, dict):
        data = next((data[k] for k in ("data", "rows", "items", "result")
                     if isinstance(data.get(k), list)), None)
    if not isinstance(data, list):
        raise LoaderError(PESAN_JSON % "tidak ada daftar baris")
    headers: list[str] = []
    for obj in data:
        if isinstance(obj, dict):
            headers.extend(k for k in obj if k not in headers)
    yield 1, list(headers)
    for number, obj in enumerate(data, start=2):
        yield number, ([obj.get(h) for h in headers]
                       if isinstance(obj, dict) else [])


def _columns(header: list[Any], spec: tuple[Kolom, ...],
             mapping: dict[str, str]) -> tuple[dict[int, Kolom], list[str]]:
    by_header: dict[str, Kolom] = {}
    for kolom in spec:
        for judul in kolom.judul:
            by_header.setdefault(_key(judul), kolom)
    by_name = {k.nama: k for k in spec}
    mapped = {_key(h): by_name[f] for h, f in mapping.items()
              if f in by_name}
    found: dict[int, Kolom] = {}
    ignored: list[str] = []
    for i, cell in enumerate(header):
        if is_blank(cell):
            continue
        text = cell_text(cell)
        kolom = mapped.get(_key(text))
        if kolom is None and data_pribadi.kolom_pribadi(text):
            ignored.append(text)  # never read, whatever it is called
            continue
        kolom = kolom or by_header.get(_key(text))
        if kolom is None or kolom in found.values():
            if _key(text) not in ("no", "no urut"):
                ignored.append(text)
            continue
        found[i] = kolom
    return found, ignored


def baca(raw: bytes, filename: str, register: str,
         mapping: Optional[dict[str, str]] = None) -> HasilBaca:
    """Read and validate one register export. Raises LoaderError when the
    file as a whole cannot be read (not a table, required columns
    missing)."""
    spec = REGISTER[register]
    rows = iter(_rows_from_export(raw, filename))
    header: list[Any] = []
    for _number, cells in rows:
        if not all(is_blank(c) for c in cells):
            header = cells
            break
    columns, ignored = _columns(header, spec, mapping or {})
    missing = [k.label for k in spec
               if k.wajib and k not in columns.values()]
    if missing:
        raise LoaderError(PESAN_KOLOM % (
            ", ".join(missing),
            ", ".join(cell_text(c) for c in header if not is_blank(c))
            or "(kosong)"))
    hasil = HasilBaca(register, [], [], ignored)
    seen: dict[str, int] = {}
    for number, cells in rows:
        if all(is_blank(c) for c in cells):
            continue
        row: dict[str, Any] = {}
        problems: list[str] = []
        for i, kolom in columns.items():
            cell = cells[i] if i < len(cells) else None
            try:
                row[kolom.nama] = kolom.baca(cell)
            except ValueError as e:
                row[kolom.nama] = None
                problems.append(f"{kolom.label}: {e}" if kolom.label
                                not in str(e) else str(e))
        for kolom in spec:
            if kolom.nama not in row:
                row[kolom.nama] = None
            elif (kolom.wajib and not row[kolom.nama]
                  and not any(p.startswith(kolom.label) for p in problems)):
                problems.append(PESAN_WAJIB % kolom.label)
        problems.extend(_aturan(register, row))
        nomor = row.get("nomor") or ""
        if nomor and nomor in seen:
            problems.append(PESAN_GANDA % (nomor, seen[nomor]))
        if problems:
            # messages quote cells (an unknown decision, a bad date) and are
            # shown on the public job page: scrub them like published text
            hasil.salah.append(RowError(
                number, nomor, data_pribadi.samarkan("; ".join(problems))))
            continue
        seen[nomor] = number
        row["baris"] = number
        hasil.baris.append(row)
    return hasil


def _aturan(register: str, row: dict[str, Any]) -> list[str]:
    """Rules across fields of one row."""
    problems = []
    if register == "permohonan":
        if row.get("keputusan") == "ditolak" and not row.get(
                "pasal_pengecualian"):
            problems.append(PESAN_PASAL)
        received, answered = row.get("tanggal_diterima"), row.get(
            "tanggal_jawaban")
        if received and answered and answered < received:
            problems.append(PESAN_URUTAN % (answered, received))
    else:
        filed, answered = row.get("tanggal"), row.get("tanggal_tanggapan")
        if filed and answered and answered < filed:
            problems.append(PESAN_URUTAN % (answered, filed))
    return problems
