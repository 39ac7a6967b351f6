"""Import of the e-government office's survey spreadsheet (CSV or XLSX)
into ``aplikasi`` datasets.

One row is one app.  Column headers are Indonesian (see ``HEADERS``; the
schema's field names and labels are accepted too); choice cells may hold
the stored value or a label of the loaded scheming schema.  Every row goes
through ``package_create`` or ``package_patch`` as the site user, so CKAN
validates it; a bad row is reported with its spreadsheet row number and the
other rows are still imported.  Re-importing the same file changes nothing.
"""
from __future__ import annotations

import dataclasses
import os
import re
import unicodedata
from typing import Any, Optional

import ckan.model as model
import ckan.plugins.toolkit as tk

from ckanext.bandaaceh.aplikasi import DATASET_TYPE, repeating_fields
from ckanext.bandaaceh.loading import (
    LoaderError, RowError, SyncReport, data_path, site_context)
from ckanext.bandaaceh.tabel import (
    cell_text, file_sheets, is_blank, parse_date)

DEMO_FILE = data_path("aplikasi", "registri-layanan-2017.csv")

# Headers of the survey spreadsheet per field; the first one is the name
# used in the template (data/aplikasi/README.md).
HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("Kode", "Kode Aplikasi", "Slug"),
    "title": ("Nama Aplikasi", "Nama Layanan", "Nama"),
    "owner_org": ("SKPK", "SKPD", "OPD", "Organisasi"),
    "unit": ("Unit", "Unit Kerja", "Bidang"),
    "kategori": ("Kategori",),
    "platform": ("Platform",),
    "urls": ("URL", "Alamat", "Alamat URL", "Website"),
    "status_survei": ("Status Survei",),
    "tanggal_survei": ("Tanggal Survei",),
    "rekomendasi": ("Rekomendasi",),
    "tindak_lanjut": ("Tindak Lanjut",),
    "status_pse": ("Status PSE",),
    "nomor_tdpse": ("Nomor TDPSE", "No TDPSE"),
    "tanggal_tdpse": ("Tanggal TDPSE",),
    "data_pribadi": ("Data Pribadi",),
    "hosting": ("Hosting",),
    "tahun_operasi": ("Tahun Operasi", "Tahun"),
    "pengembang": ("Pengembang",),
    "penanggung_jawab": ("Penanggung Jawab", "PIC"),
    "jenis_api": ("Jenis API", "API"),
    "api_base_url": ("Base URL API", "URL API"),
    "api_dokumentasi_url": ("Dokumentasi API",),
    "terhubung_mantra": ("Terhubung Mantra",),
    "terhubung_open_data": ("Terhubung Open Data",),
    "dataset_terkait": ("Dataset Terkait",),
    "notes": ("Deskripsi", "Keterangan"),
}
# Row-number columns that spreadsheets carry; skipped without a warning.
IGNORED_HEADERS = ("No", "No Urut")

# Fields validated by one of these (or shown as dates) are date columns.
DATE_VALIDATORS = frozenset({"isodate", "bandaaceh_tanggal"})
# The header is searched in the first rows (a title may sit above it).
HEADER_SEARCH_ROWS = 10
NAME_MAX = 100  # CKAN's limit on dataset names
NAME_PATTERN = re.compile(r"^[a-z0-9_-]{2,%d}$" % NAME_MAX)
LIST_SEPARATOR = re.compile(r"[\s,;]+")
CITY_SUFFIX = " kota banda aceh"

PESAN_WAJIB = "wajib diisi"
PESAN_SKPK = ("SKPK tidak dikenal: %s. Tulis kode organisasi "
              "(mis. diskominfotik) atau namanya")
PESAN_KODE = ("Kode tidak sah: %s. Pakai 2-100 huruf kecil, angka, "
              "- atau _ (mis. e-musrenbang)")
PESAN_KODE_GANDA = "Kode %s sudah dipakai baris %d berkas ini"
PESAN_BUKAN_APLIKASI = ("Nama %s sudah dipakai oleh dataset berjenis %s, "
                        "bukan aplikasi")
PESAN_TANPA_IDENTITAS = "Isi Kode, atau SKPK dan Nama Aplikasi"


class _RowRefused(Exception):
    """A row that cannot be sent to CKAN: its messages and, when the cells
    were read, the fields that could be read and those that could not."""

    def __init__(self, messages: list[str],
                 fields: Optional[dict[str, Any]] = None,
                 failed: frozenset[str] = frozenset()):
        super().__init__("; ".join(messages))
        self.messages = messages
        self.fields = fields
        self.failed = failed


@dataclasses.dataclass
class ImportReport(SyncReport):
    """A `SyncReport` plus the rows that failed and file-level warnings."""
    errors: list[RowError] = dataclasses.field(default_factory=list)
    warnings: list[str] = dataclasses.field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        rows = (len(self.created) + len(self.updated) + len(self.unchanged)
                + len(self.errors))
        text = (f"{self.kind}: {rows} rows, {len(self.created)} created, "
                f"{len(self.updated)} updated, {len(self.unchanged)} "
                f"unchanged, {len(self.errors)} with errors")
        return text + (" (dry run: nothing written)" if self.dry_run else "")


# The spreadsheet format, read from the loaded scheming schema ---------------

def _key(text: Any) -> str:
    """A header or choice as compared: case, spaces and punctuation
    ignored (``Status PSE`` = ``status_pse`` = ``status  pse``)."""
    return " ".join(re.sub(r"[\W_]+", " ", str(text).casefold()).split())


def _labels(label: Any) -> list[str]:
    if isinstance(label, dict):
        return [str(v) for v in label.values()]
    return [str(label)] if label else []


@dataclasses.dataclass(frozen=True)
class Column:
    """How one field of the schema is read from a cell."""
    field: str
    label: str
    required: bool = False
    multiple: bool = False
    date: bool = False
    # _key(value or label) -> stored value, in the schema's order
    choices: tuple[tuple[str, str], ...] = ()

    @property
    def choice_values(self) -> list[str]:
        return list(dict.fromkeys(v for _, v in self.choices))

    def choice(self, text: str) -> str:
        """The stored value of a choice cell; unknown text is passed on for
        CKAN to refuse with the list of valid choices."""
        wanted = _key(text)
        for key, value in self.choices:
            if key == wanted:
                return value
        return text


@dataclasses.dataclass(frozen=True)
class Format:
    """The columns a survey spreadsheet may have."""
    fields: dict[str, Column]
    headers: dict[str, str]  # _key(header) -> field name

    def field_of(self, header: Any) -> Optional[str]:
        return self.headers.get(_key(header))


def _is_date(field: dict[str, Any]) -> bool:
    validators = set(str(field.get("validators", "")).split())
    return (field.get("display_snippet") == "date.html"
            or bool(validators & DATE_VALIDATORS))


def read_format(dataset_type: str = DATASET_TYPE) -> Format:
    """The columns of the ``aplikasi`` scheming schema as loaded in CKAN."""
    from ckanext.scheming.helpers import scheming_get_dataset_schema

    schema = scheming_get_dataset_schema(dataset_type)
    if not schema:
        raise LoaderError(
            f"dataset type {dataset_type!r} is not loaded: enable the "
            "scheming_datasets plugin with schemas/aplikasi.yaml")
    lists = set(repeating_fields(dataset_type))
    fields: dict[str, Column] = {}
    headers: dict[str, str] = {}
    for field in schema["dataset_fields"]:
        name = field["field_name"]
        choices = []
        for choice in field.get("choices") or []:
            for text in [choice["value"], *_labels(choice.get("label"))]:
                choices.append((_key(text), choice["value"]))
        label = field.get("label")
        label_id = (label.get("id") or next(iter(label.values()))
                    if isinstance(label, dict) else str(label or name))
        fields[name] = Column(
            field=name, label=HEADERS.get(name, (label_id,))[0],
            required=bool(field.get("required")), multiple=name in lists,
            date=_is_date(field),
            choices=tuple(choices))
        # explicit headers first: they win over a clashing schema label
        for header in [*HEADERS.get(name, ()), name, *_labels(label)]:
            headers.setdefault(_key(header), name)
    return Format(fields=fields, headers=headers)


# Reading the file --------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class Row:
    number: int
    cells: dict[str, Any]  # field name -> raw cell


@dataclasses.dataclass(frozen=True)
class Sheet:
    """The data rows of a spreadsheet, keyed by field, and the headers as
    the file writes them."""
    headers: dict[str, str]  # field name -> header in the file
    rows: list[Row]
    unknown: list[str]


def _header(fmt: Format, cells: list[Any]) -> Optional[dict[int, str]]:
    found = {i: fmt.field_of(c) for i, c in enumerate(cells)
             if not is_blank(c)}
    known = {i: f for i, f in found.items() if f}
    return known if len(known) >= 2 else None


def read_sheet(path: str, fmt: Format) -> Sheet:
    """The first sheet of `path` that has a header row naming at least two
    known columns, read into rows keyed by field name."""
    ignored = {_key(h) for h in IGNORED_HEADERS}
    for rows in file_sheets(path):
        columns = None
        header_cells: list[Any] = []
        data: list[Row] = []
        seen = 0
        for number, cells in rows:
            if all(is_blank(c) for c in cells):
                continue
            if columns is None:
                seen += 1
                columns = _header(fmt, cells)
                header_cells = cells
                if columns is None and seen >= HEADER_SEARCH_ROWS:
                    break
                continue
            data.append(Row(number, {
                field: cells[i] for i, field in columns.items()
                if i < len(cells)}))
        if columns is None:
            continue
        headers: dict[str, str] = {}
        for i, field in columns.items():
            text = str(header_cells[i]).strip()
            if field in headers:
                raise LoaderError(
                    f"{path}: kolom \"{headers[field]}\" dan \"{text}\" "
                    f"sama-sama berarti {fmt.fields[field].label}")
            headers[field] = text
        unknown = [str(c).strip() for i, c in enumerate(header_cells)
                   if i not in columns and not is_blank(c)
                   and _key(c) not in ignored]
        return Sheet(headers=headers, rows=data, unknown=unknown)
    raise LoaderError(
        f"{path}: baris judul kolom tidak ditemukan (mis. Kode, Nama "
        "Aplikasi, SKPK, Kategori)")


# Cells -> dataset fields -------------------------------------------------

def _value(column: Column, cell: Any) -> Any:
    """The dataset value of one cell; raises ValueError with an Indonesian
    message."""
    if column.date:
        return parse_date(cell)
    text = cell_text(cell)
    if not column.multiple:
        return column.choice(text) if column.choices else text
    items = [i for i in LIST_SEPARATOR.split(text) if i]
    if not column.choices:
        return list(dict.fromkeys(items))
    values = list(dict.fromkeys(column.choice(i) for i in items))
    # scheming stores choices in the schema's order
    order = column.choice_values
    return sorted(values, key=lambda v: (v not in order,
                                         order.index(v) if v in order else 0))


def slug(*parts: str) -> str:
    """A CKAN dataset name from free text: ASCII, lowercase, dashes."""
    text = unicodedata.normalize("NFKD", " ".join(parts))
    text = text.encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    return text[:NAME_MAX].rstrip("-")


@dataclasses.dataclass(frozen=True)
class Org:
    id: str
    name: str


def read_organisations() -> dict[str, Org]:
    """Active organisations by `_key` of their name and of their title."""
    query = model.Session.query(
        model.Group.id, model.Group.name, model.Group.title).filter(
        model.Group.is_organization.is_(True),
        model.Group.state == model.State.ACTIVE)
    found: dict[str, Org] = {}
    for id_, name, title in query:
        org = Org(id_, name)
        found[_key(name)] = org
        if title:
            found.setdefault(_key(title), org)
    return found


def _find_org(text: str, orgs: dict[str, Org]) -> Optional[Org]:
    key = _key(text)
    if key in orgs:
        return orgs[key]
    # "Dinas Kesehatan Kota Banda Aceh" names the organisation "Dinas
    # Kesehatan"
    if key.endswith(CITY_SUFFIX):
        return orgs.get(key[:-len(CITY_SUFFIX)])
    return None


def package_fields(row: Row, fmt: Format,
                   orgs: dict[str, Org]) -> dict[str, Any]:
    """The dataset fields a row sets (only its columns), with ``name``.
    Raises `_RowRefused` listing every problem of the row."""
    problems: list[str] = []
    failed: set[str] = set()
    fields: dict[str, Any] = {}
    org: Optional[Org] = None
    for field, cell in row.cells.items():
        column = fmt.fields[field]
        if field == "name":
            continue
        if field == "owner_org":
            text = cell_text(cell)
            org = _find_org(text, orgs) if text else None
            if org is not None:
                fields["owner_org"] = org.id
            else:
                failed.add(field)
                problems.append(PESAN_SKPK % text if text
                                else f"{column.label} {PESAN_WAJIB}")
            continue
        try:
            fields[field] = _value(column, cell)
        except ValueError as e:
            failed.add(field)
            problems.append(f"{column.label}: {e}")
            continue
        if column.required and fields[field] in ("", []):
            failed.add(field)
            problems.append(f"{column.label} {PESAN_WAJIB}")

    # identity: the Kode cell, else the SKPK code and the title
    name = cell_text(row.cells.get("name")).lower()
    if name and not NAME_PATTERN.match(name):
        problems.append(PESAN_KODE % name)
    elif name:
        fields["name"] = name
    elif org is not None and fields.get("title"):
        fields["name"] = slug(org.name, fields["title"])
    elif not problems:
        problems.append(PESAN_TANPA_IDENTITAS)
    if problems:
        raise _RowRefused(problems, fields, frozenset(failed))
    return fields


# Comparing and writing ---------------------------------------------------

def _empty(value: Any) -> bool:
    return value is None or value == "" or value == []


def changes(wanted: dict[str, Any],
            existing: dict[str, Any]) -> dict[str, Any]:
    """The fields of `wanted` that differ from the stored dataset."""
    changed = {}
    for key, value in wanted.items():
        current = existing.get(key)
        if _empty(value) and _empty(current):
            continue
        if value != current:
            changed[key] = value
    if existing.get("state") != model.State.ACTIVE:
        changed["state"] = model.State.ACTIVE
    return changed


def _existing(name: str) -> Optional[dict[str, Any]]:
    try:
        return tk.get_action("package_show")(site_context(), {"id": name})
    except tk.ObjectNotFound:
        return None


def _validate_only(data_dict: dict[str, Any],
                   existing: Optional[dict[str, Any]]) -> None:
    """What package_create / package_patch would refuse, without writing:
    the same plugin validation, skipping the save."""
    import ckan.lib.plugins as lib_plugins

    plugin = lib_plugins.lookup_package_plugin(DATASET_TYPE)
    context = dict(site_context(), model=model, session=model.Session)
    if existing is None:
        action, schema = "package_create", plugin.create_package_schema()
        data = dict(data_dict, type=DATASET_TYPE)
    else:
        action, schema = "package_update", plugin.update_package_schema()
        context["package"] = model.Package.get(existing["id"])
        data = dict(existing, **data_dict)
    _, errors = lib_plugins.plugin_validate(
        plugin, context, data, schema, action)
    if errors:
        raise tk.ValidationError(errors)


def _messages(error_dict: dict[str, Any], fmt: Format,
              headers: dict[str, str]) -> list[str]:
    """CKAN's validation errors, each prefixed with its column."""
    out = []
    for field, errors in error_dict.items():
        if field in headers:
            label = headers[field]
        elif field in fmt.fields:
            label = fmt.fields[field].label
        else:
            label = field
        texts = errors if isinstance(errors, list) else [errors]
        out.extend(f"{label}: {t}" for t in texts)
    return out


def _more_problems(refused: _RowRefused, fmt: Format,
                   headers: dict[str, str]) -> list[str]:
    """What CKAN says about the cells of a refused row that could be read,
    so that the row's problems are all listed at once."""
    fields = refused.fields or {}
    if "name" not in fields:
        return []
    existing = _existing(fields["name"])
    if existing is not None and existing.get("type") != DATASET_TYPE:
        return []
    try:
        _validate_only(fields, existing)
    except tk.ValidationError as e:
        errors = {k: v for k, v in e.error_dict.items()
                  if k not in refused.failed}
        return _messages(errors, fmt, headers)
    return []


def import_rows(sheet: Sheet, fmt: Format, kind: str,
                dry_run: bool = False) -> ImportReport:
    """Create or update one ``aplikasi`` dataset per row of `sheet`."""
    report = ImportReport(kind, dry_run=dry_run)
    if sheet.unknown:
        report.warnings.append(
            "Kolom tidak dikenal, diabaikan: " + ", ".join(sheet.unknown))
    orgs = read_organisations()
    first_row: dict[str, int] = {}
    for row in sheet.rows:
        name = cell_text(row.cells.get("name")).lower()
        try:
            wanted = package_fields(row, fmt, orgs)
            name = wanted["name"]
            if name in first_row:
                raise _RowRefused([PESAN_KODE_GANDA % (name,
                                                        first_row[name])])
            first_row[name] = row.number
            _sync(wanted, fmt, report, dry_run)
        except _RowRefused as e:
            messages = e.messages + _more_problems(e, fmt, sheet.headers)
            report.errors.append(RowError(row.number, name,
                                          "; ".join(messages)))
        except tk.ValidationError as e:
            report.errors.append(RowError(row.number, name, "; ".join(
                _messages(e.error_dict, fmt, sheet.headers))))
    return report


def _sync(wanted: dict[str, Any], fmt: Format, report: ImportReport,
          dry_run: bool) -> None:
    name = wanted["name"]
    existing = _existing(name)
    if existing is None:
        missing = [k.label for k in fmt.fields.values()
                   if k.required and _empty(wanted.get(k.field))]
        if "owner_org" not in wanted:
            missing.insert(0, fmt.fields["owner_org"].label)
        if missing:
            raise _RowRefused([f"{label} {PESAN_WAJIB}" for label in missing])
        data = dict(wanted, type=DATASET_TYPE)
        if dry_run:
            _validate_only(data, None)
        else:
            tk.get_action("package_create")(site_context(), data)
        report.created.append(name)
        return
    if existing.get("type") != DATASET_TYPE:
        raise _RowRefused([PESAN_BUKAN_APLIKASI % (name, existing["type"])])
    changed = changes(wanted, existing)
    if not changed:
        report.unchanged.append(name)
        return
    if dry_run:
        _validate_only(changed, existing)
    else:
        tk.get_action("package_patch")(site_context(),
                                       dict(changed, id=existing["id"]))
    report.updated.append(name)


def import_file(path: str, dry_run: bool = False) -> ImportReport:
    """Import the survey spreadsheet at `path` (.csv or .xlsx)."""
    fmt = read_format()
    sheet = read_sheet(path, fmt)
    return import_rows(sheet, fmt, f"Aplikasi ({os.path.basename(path)})",
                       dry_run=dry_run)


def load_demo(path: str = DEMO_FILE) -> ImportReport:
    """Import the demo registry (the city's 2017 app statistics)."""
    return import_file(path)

