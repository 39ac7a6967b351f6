"""Refreshing the translation catalogs from the sources.

``python -m ckanext.bandaaceh.bahasa.katalog`` (``scripts/catalogs.sh``)
extracts every string ODBA's Python code and Jinja2 templates wrap in
``_()``/``ungettext()`` into the template ``i18n/ckanext-bandaaceh.pot``,
then updates each catalog from it and compiles the ``.mo`` files:

* ``en`` (and any locale but ``id``) gets every msgid of ODBA's code: new
  ones arrive empty, to be translated; translations of msgids no longer in
  the code are dropped;
* ``id`` keeps its own entries: the msgids of CKAN and of the other
  extensions it translates, and the English msgids of ODBA's code. Nothing
  is added, since ODBA's msgids are Indonesian already; an entry that was
  found in ODBA's code (its ``#:`` lines say so) and no longer is, is
  dropped.

It needs the source checkout (``harvesters/`` sits beside the extension),
not a configured CKAN.
"""
from __future__ import annotations

import os
import pathlib
import sys
from dataclasses import dataclass, field

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

DOMAIN = "ckanext-bandaaceh"
# the language ODBA's own msgids are written in
SOURCE_LOCALE = "id"

EXTENSION = pathlib.Path(__file__).resolve().parents[1]
ROOT = EXTENSION.parents[2]
I18N = EXTENSION / "i18n"
# folders of the repository whose strings the catalogs translate
SOURCES = ("ckanext-bandaaceh/ckanext/bandaaceh", "harvesters")
METHOD_MAP = [
    ("**.py", "python"),
    # CKAN's extractor: the template syntax CKAN's Jinja2 environment knows
    # ({% snippet %}, {% ckan_extends %}, trimmed {% trans %})
    ("**/templates/**.html", "ckan.lib.extract:extract_ckan"),
]


def _key(message_id: str | tuple[str, ...] | list[str]) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


def extract(root: pathlib.Path = ROOT,
            sources: tuple[str, ...] = SOURCES) -> Catalog:
    """The template: every msgid of the code under `sources`, with where
    it occurs (paths relative to `root`)."""
    missing = [folder for folder in sources if not (root / folder).is_dir()]
    if missing:
        # an installed copy has no harvesters/ beside it: extracting there
        # would empty the catalogs
        raise FileNotFoundError(
            "not a source checkout: %s missing under %s"
            % (", ".join(missing), root))
    template = Catalog(project=DOMAIN, fuzzy=False)
    for folder in sources:
        for filename, lineno, message, comments, context in extract_from_dir(
                root / folder, METHOD_MAP,
                comment_tags=("TRANSLATORS:",), strip_comment_tags=True):
            template.add(message, None, [(f"{folder}/{filename}", lineno)],
                         auto_comments=comments, context=context)
    return template


def is_translated(message: Message | None) -> bool:
    """Whether `message` has a translation a compiled catalog keeps (every
    plural form filled, not marked fuzzy)."""
    if message is None or message.fuzzy:
        return False
    strings = (message.string if isinstance(message.string, (list, tuple))
               else [message.string])
    return all(strings)


@dataclass
class Hasil:
    """What a refresh did to one catalog."""
    locale: str
    path: pathlib.Path
    untranslated: list[str] = field(default_factory=list)
    dropped: list[str] = field(default_factory=list)


def _found_in_sources(message: Message, sources: tuple[str, ...]) -> bool:
    return any(filename.startswith(tuple(f"{folder}/" for folder in sources))
               for filename, _line in message.locations)


def _refresh_source_locale(catalog: Catalog, template: Catalog,
                           sources: tuple[str, ...]) -> list[str]:
    """Update `catalog` (``id``) in place, keeping its order and comments:
    its entries of ODBA's code get their current locations; those no longer
    in the code are dropped. The other entries (CKAN's strings, written by
    hand without ``#:`` lines) are kept as they are, even when ODBA's code
    uses the same msgid."""
    dropped = []
    for message in list(catalog):
        if not message.id or not _found_in_sources(message, sources):
            continue
        current = template.get(message.id, message.context)
        if current is not None:
            message.locations = list(current.locations)
            message.auto_comments = list(current.auto_comments)
        else:
            dropped.append(_key(message.id))
            catalog.delete(message.id, message.context)
    return dropped


def _refresh_other_locale(catalog: Catalog, template: Catalog) -> list[str]:
    before = {_key(m.id) for m in catalog if m.id}
    catalog.update(template, no_fuzzy_matching=True,
                   update_creation_date=False)
    return sorted(before - {_key(m.id) for m in catalog if m.id})


def _write_atomically(path: pathlib.Path, writer, catalog: Catalog,
                      **options) -> None:
    # a running portal never reads half a catalog
    tmp = path.with_name(path.name + ".tmp")
    with tmp.open("wb") as f:
        writer(f, catalog, **options)
    os.replace(tmp, path)


def compile_catalog(po_path: pathlib.Path) -> pathlib.Path:
    """Write the ``.mo`` beside `po_path` (fuzzy entries left out)."""
    with po_path.open("rb") as f:
        catalog = read_po(f, locale=po_path.parents[1].name)
    mo_path = po_path.with_suffix(".mo")
    _write_atomically(mo_path, write_mo, catalog)
    return mo_path


def refresh(root: pathlib.Path = ROOT, i18n: pathlib.Path = I18N,
            sources: tuple[str, ...] = SOURCES) -> list[Hasil]:
    """Rewrite the template from the sources, update every catalog under
    `i18n` from it and compile them."""
    template = extract(root, sources)
    _write_atomically(i18n / f"{DOMAIN}.pot", write_po, template,
                      omit_header=False, sort_by_file=True)
    results = []
    for po_path in sorted(i18n.glob(f"*/LC_MESSAGES/{DOMAIN}.po")):
        locale = po_path.parents[1].name
        with po_path.open("rb") as f:
            catalog = read_po(f, locale=locale)
        result = Hasil(locale, po_path)
        if locale == SOURCE_LOCALE:
            result.dropped = _refresh_source_locale(catalog, template,
                                                   sources)
        else:
            result.dropped = _refresh_other_locale(catalog, template)
        result.untranslated = [_key(m.id) for m in catalog
                               if m.id and not is_translated(m)]
        _write_atomically(po_path, write_po, catalog, ignore_obsolete=True,
                          include_previous=False)
        compile_catalog(po_path)
        results.append(result)
    return results


def main() -> int:
    try:
        results = refresh()
    except FileNotFoundError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    with (I18N / f"{DOMAIN}.pot").open("rb") as f:
        count = sum(1 for m in read_po(f) if m.id)
    print(f"{(I18N / DOMAIN).relative_to(ROOT)}.pot: {count} msgids "
          f"from {', '.join(SOURCES)}")
    for result in results:
        where = result.path.relative_to(ROOT)
        print(f"{where}: {len(result.dropped)} dropped, "
              f"{len(result.untranslated)} to translate")
        for msgid in result.untranslated:
            print(f"  to translate: {msgid!r}")
        for msgid in result.dropped:
            print(f"  dropped: {msgid!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
