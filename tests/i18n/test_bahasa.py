"""The portal in Bahasa Indonesia: no English left on an `id` page.

Each main page (home, dataset search and page, resource page, organisation
pages, the dataset and resource forms, login, registration, the dashboard)
is rendered with the default locale ``id`` and the portal's plugins, as an
anonymous visitor or as an SKPK officer, and its visible text is checked by
``tests/i18n/deteksi.py``; ``test_peramban.py`` does the same in Chromium
for what CKAN's JavaScript writes.

ODBA's own msgids are Indonesian; the `id` catalog translates CKAN's strings
that CKAN's own `id` catalog lacks, the `en` catalog gives ODBA's strings
their English (``ckanext.bandaaceh.bahasa``). The catalog tests check both
against the code, as ``scripts/catalogs.sh`` extracts it.
"""
from __future__ import annotations

import pathlib
import re

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po, write_po
from babel.support import Translations

import ckan.plugins.toolkit as tk
from ckan.lib import i18n
from ckan.tests import factories

from ckanext.bandaaceh.bahasa import katalog

from tests.i18n import deteksi
from tests.marks import portal

PLUGINS = ("bandaaceh scheming_datasets activity datastore datatables_view "
           "image_view dcat bandaaceh_dcat structured_data harvest "
           "bandaaceh_berita bandaaceh_ppid bandaaceh_dkan")

I18N = (pathlib.Path(__file__).parents[2]
        / "ckanext-bandaaceh/ckanext/bandaaceh/i18n")
LOCALES = ("id", "en")
PLURAL_FORMS = {"id": "nplurals=1; plural=0;",
                "en": "nplurals=2; plural=(n != 1);"}

pytestmark = portal(PLUGINS) + [
    pytest.mark.ckan_config("ckan.locale_default", "id"),
    pytest.mark.ckan_config("ckan.locales_offered", "id en"),
]


@pytest.fixture
def portal_data():
    """An SKPK with one dataset and its CSV resource, and an officer who
    edits for the SKPK. Returns the pages to check and the user data
    (titles, names) a page may show as written."""
    petugas = factories.User(name="petugas-diskominfotik",
                             fullname="Cut Nyak Dhien",
                             email="petugas@bandaaceh.go.id",
                             about="Petugas data terbuka SKPK")
    skpk = factories.Organization(
        name="diskominfotik",
        title="Dinas Komunikasi, Informatika dan Statistik",
        description="Pengelola data terbuka Kota Banda Aceh",
        users=[{"name": petugas["name"], "capacity": "editor"}])
    dataset = factories.Dataset(
        name="penduduk-gampong", title="Jumlah Penduduk per Gampong",
        notes="Penduduk 90 gampong di sembilan kecamatan",
        owner_org=skpk["id"], license_id="cc-by",
        tags=[{"name": "kependudukan"}], user=petugas,
        resources=[{"url": "https://data.bandaaceh.go.id/penduduk.csv",
                    "format": "CSV", "name": "Penduduk 2017",
                    "description": "Rekap penduduk per gampong"}])
    resource = dataset["resources"][0]
    # a dataset whose form stopped after its first stage: the resource form
    # of the second stage (Previous / Finish) and its draft state
    draf = factories.Dataset(name="draf-anggaran", title="Anggaran Gampong",
                             notes="Anggaran pendapatan dan belanja gampong",
                             owner_org=skpk["id"], state="draft",
                             user=petugas)
    token = factories.APIToken(user=petugas["name"])["token"]
    pages = {
        "beranda": ("/", None),
        "pencarian dataset": ("/dataset/", None),
        "halaman dataset": ("/dataset/penduduk-gampong", None),
        "halaman sumber daya": (
            "/dataset/penduduk-gampong/resource/%s" % resource["id"], None),
        "daftar organisasi": ("/organization/", None),
        "halaman organisasi": ("/organization/diskominfotik", None),
        "pencarian dengan hasil": ("/dataset/?q=penduduk", None),
        "pencarian dengan saringan": (
            "/dataset/?tags=kependudukan&res_format=CSV&license_id=cc-by",
            None),
        "aktivitas dataset": ("/dataset/activity/penduduk-gampong", None),
        "tentang organisasi": ("/organization/about/diskominfotik", None),
        "pencarian tanpa hasil": ("/dataset/?q=tidakadahasilnya", None),
        "masuk": ("/user/login", None),
        "daftar akun": ("/user/register", None),
        "lupa kata sandi": ("/user/reset", None),
        "dasbor": ("/dashboard/", token),
        "dasbor dataset": ("/dashboard/datasets", token),
        "profil pengguna": ("/user/petugas-diskominfotik", token),
        "formulir dataset baru": ("/dataset/new", token),
        "formulir sumber daya baru": (
            "/dataset/penduduk-gampong/resource/new", token),
        "formulir dataset tahap 2": (
            "/dataset/draf-anggaran/resource/new", token),
        "sunting dataset": ("/dataset/edit/penduduk-gampong", token),
        "sunting sumber daya": (
            "/dataset/penduduk-gampong/resource/%s/edit" % resource["id"],
            token),
        # what an officer sees on the public pages (Manage, views help)
        "halaman dataset (petugas)": ("/dataset/penduduk-gampong", token),
        "halaman sumber daya (petugas)": (
            "/dataset/penduduk-gampong/resource/%s" % resource["id"], token),
        "halaman organisasi (petugas)": ("/organization/diskominfotik",
                                         token),
        "dasbor organisasi": ("/dashboard/organizations", token),
        "pengaturan profil": ("/user/edit/petugas-diskominfotik", token),
        "token API": ("/user/petugas-diskominfotik/api-tokens", token),
        "dasbor grup": ("/dashboard/groups", token),
    }
    # the site's own title is configuration, written as the city chose
    user_data = [tk.config["ckan.site_title"], petugas["about"],
                 petugas["name"], petugas["fullname"], petugas["email"],
                 skpk["title"], skpk["description"], dataset["title"],
                 dataset["notes"], "kependudukan", resource["name"],
                 draf["title"], draf["notes"], dataset["license_id"],
                 resource["description"], resource["url"]]
    return pages, user_data


def _get(app, url, token):
    headers = {"Authorization": token} if token else {}
    return app.get(url, headers=headers, status=200).body


def _report(left: dict[str, list[str]], checked: int) -> str:
    return "English left on %d of %d pages:\n%s" % (
        len(left), checked, "\n".join(
            "%s:\n  %s" % (page, "\n  ".join(texts))
            for page, texts in left.items()))


def _english_left(app, pages, user_data) -> dict[str, list[str]]:
    left = {}
    for page, (url, token) in pages.items():
        found = deteksi.english_on_page(_get(app, url, token), user_data)
        if found:
            left["%s (%s)" % (page, url)] = [str(t) for t in found]
    return left


def test_main_pages_have_no_english_left(app, portal_data):
    pages, user_data = portal_data
    left = _english_left(app, pages, user_data)
    assert not left, _report(left, len(pages))


def test_failed_login_and_search_error_are_in_indonesian(app, portal_data):
    """The messages of a user's mistake: a wrong password, a query the
    search engine refuses."""
    _, user_data = portal_data
    body = app.post("/user/login", data={"login": "petugas-diskominfotik",
                                         "password": "bukan-sandinya"}).body
    assert "Gagal masuk. Nama pengguna atau kata sandi salah." in body
    assert not deteksi.english_on_page(body, user_data)

    too_long = "penduduk " * (
        tk.config["ckanext.bandaaceh.search.max_query_length"] // 9 + 1)
    body = app.get("/dataset/", params={"q": too_long}, status=200).body
    assert "Terjadi kesalahan saat mencari." in body
    assert "<h1>Pencarian gagal</h1>" in body
    assert "Periksa kata pencarian Anda (jangan terlalu panjang" in body
    assert not deteksi.english_on_page(body, user_data + [too_long.strip()])


def test_form_mistakes_are_explained_in_indonesian(app, portal_data):
    """CKAN's validators answer the dataset form, the second stage of it,
    the registration and the password reset in English where CKAN's `id`
    catalog is silent."""
    pages, user_data = portal_data
    officer = {"Authorization": pages["dasbor"][1]}
    mistakes = {
        "dataset dengan nama salah": app.post(
            "/dataset/new", headers=officer, data={
                "title": "Data Baru", "name": "Bukan Nama!", "notes": "",
                "owner_org": "", "save": "continue"}),
        "tahap 2 tanpa data": app.post(
            "/dataset/draf-anggaran/resource/new", headers=officer, data={
                "id": "", "url": "", "name": "", "save": "go-metadata"}),
        "daftar akun salah": app.post("/user/register", data={
            "name": "a", "fullname": "", "email": "bukan-email",
            "password1": "rahasia-1", "password2": "rahasia-2"}),
        "lupa kata sandi": app.post("/user/reset",
                                    data={"user": "tidak-ada-orangnya"}),
    }
    expected = {
        "dataset dengan nama salah": "Hanya boleh berisi huruf kecil",
        "tahap 2 tanpa data": "Dataset ini belum punya data",
        "daftar akun salah": "Alamat email bukan-email tidak benar",
        "lupa kata sandi": "Tautan pengaturan ulang kata sandi",
    }
    mistakes["alamat yang salah"] = app.get("/dataset/tidak-ada-datanya",
                                            status=404)
    expected["alamat yang salah"] = "Dataset tidak ditemukan"
    for page, response in mistakes.items():
        assert response.status_code in (200, 404), page
        assert expected[page] in response.body, page
    body = mistakes["daftar akun salah"].body
    assert "Ada isian yang perlu diperbaiki:" in body
    assert "Kata sandi: Kedua kata sandi yang Anda isi tidak sama" in body
    left = {page: [str(t) for t in deteksi.english_on_page(
                response.body, user_data + ["Bukan Nama!", "Data Baru"])]
            for page, response in mistakes.items()}
    assert not any(left.values()), left


def test_plural_strings_use_the_indonesian_form(app, portal_data):
    """Indonesian has one plural form; CKAN's `id` catalog and ours say
    so, and ours is merged last (``bandaaceh`` first in ckan.plugins)."""
    body = app.get("/organization/").body
    assert "2 anggota" in body          # {num} Member / {num} Members
    factories.Dataset(owner_org=factories.Organization()["id"])
    body = app.get("/dataset/").body
    assert "2 dataset ditemukan" in body


def test_resource_fields_are_labelled_in_the_users_language(app,
                                                           portal_data):
    """CKAN lists a resource's remaining fields by their raw names; ours
    are labelled, with their capitals kept (the template capitalises)."""
    pages, _ = portal_data
    url, _ = pages["halaman sumber daya"]
    body = app.get(url).body
    assert ">ID dataset<" in body and ">Tersimpan di DataStore<" in body
    assert "Package id" not in body and ">Tidak<" in body
    body = app.get("/en" + url).body
    assert ">Dataset ID<" in body and ">In the DataStore<" in body
    assert ">ID dataset<" not in body and ">No<" in body


def test_the_same_pages_in_english_are_caught(app, portal_data):
    """The detector is not blind: with the visitor's choice of English
    (/en/...) every page is reported."""
    pages, user_data = portal_data
    for page, (url, token) in pages.items():
        found = deteksi.english_on_page(_get(app, "/en" + url, token),
                                        user_data)
        assert len(found) >= 3, (page, found)


@pytest.fixture
def without_odba_catalog(monkeypatch, tmp_path):
    """The portal as CKAN's `id` catalog alone leaves it (requested before
    ``app``, which reads the plugin's catalog directory)."""
    from ckanext.bandaaceh.plugin import BandaAcehPlugin
    monkeypatch.setattr(BandaAcehPlugin, "i18n_directory",
                        lambda self: str(tmp_path))


def test_without_our_catalog_english_is_left(without_odba_catalog, app,
                                             portal_data):
    """CKAN's own `id` catalog covers about a fifth of its strings: without
    ours, English is reported on every main page."""
    pages, user_data = portal_data
    left = _english_left(app, pages, user_data)
    assert set(left) == {"%s (%s)" % (page, url)
                         for page, (url, _) in pages.items()}


# --- the detector on its own -------------------------------------------------

def test_detector_reads_text_and_visible_attributes_only():
    html = """<html><head><title>Beranda</title>
      <script>var label = "Search now";</script><style>.a{}</style></head>
      <body><p>Cari data</p><input placeholder="Search datasets">
      <button type="submit" value="search">Cari</button>
      <input type="submit" value="Save changes">
      <img alt="Logo of the city"><textarea>User wrote this</textarea>
      <!-- a comment in English --><p>Lisensi: Creative Commons Attribution,
      lihat https://opendefinition.org/licenses/ dan Open Data Banda Aceh</p>
      <p>Dataset Joe Bloggs</p><p>4b9be2a9-fd7f-445b-9aa5-4ea41dcd53d4</p>
      <p>Unduh 2a Form</p></body></html>"""
    found = {t.teks: t.kata for t in deteksi.english_on_page(
        html, user_data=["Joe Bloggs"])}
    assert found == {"Search datasets": ("Search", "datasets"),
                     "Save changes": ("Save", "changes"),
                     "Logo of the city": ("of", "the", "city"),
                     "Unduh 2a Form": ("Form",)}


def test_word_lists_are_consistent():
    words = deteksi.english_words()
    assert len(words) > 500
    # loanwords Indonesian writes as they are must not count as English
    assert not words & {"data", "dataset", "format", "status", "tag",
                        "email", "admin", "api", "url", "csv"}
    for phrase in deteksi.allowed_phrases():
        assert phrase == phrase.strip() and phrase


# --- the catalogs ------------------------------------------------------------

REFRESH = "scripts/catalogs.sh"


def _catalog(locale: str) -> Catalog:
    with (I18N / locale / "LC_MESSAGES/ckanext-bandaaceh.po").open("rb") as po:
        return read_po(po, locale=locale)


def _text(value) -> str:
    return "".join(value) if isinstance(value, (list, tuple)) else value


def _singular(value) -> str:
    return value if isinstance(value, str) else value[0]


def _placeholders(text: str) -> set[str]:
    return set(re.findall(r"%\(\w+\)[sd]|\{\w*\}|</?\w+", text))


@pytest.fixture(scope="module")
def ours() -> Catalog:
    """Every msgid of ODBA's code, as the refresh command extracts it."""
    template = katalog.extract()
    assert len(template) > 50, "few _() found: the extraction is broken"
    return template


@pytest.mark.parametrize("locale", LOCALES)
def test_catalog_keeps_placeholders_and_markup(locale):
    """A translation may drop a placeholder ({name} in a facet's title),
    never invent one (the page would fail to render), and keeps the
    msgid's HTML elements."""
    catalog = _catalog(locale)
    assert catalog.plural_forms == PLURAL_FORMS[locale]
    for message in catalog:
        if not message.id:
            continue
        msgid, msgstr = _text(message.id), _text(message.string)
        assert katalog.is_translated(message), "untranslated: %r" % msgid
        mine, theirs = _placeholders(msgstr), _placeholders(msgid)
        assert {p for p in mine if not p.startswith("<")} <= theirs, msgid
        assert ({p for p in mine if p.startswith("<")}
                == {p for p in theirs if p.startswith("<")}), msgid


@pytest.mark.parametrize("locale", LOCALES)
def test_compiled_catalog_is_current(locale):
    """The .mo CKAN reads (built at install, not in git) holds what the
    .po says."""
    po_path = I18N / locale / "LC_MESSAGES/ckanext-bandaaceh.po"
    mo = po_path.with_suffix(".mo")
    assert mo.exists(), "%s missing: run %s" % (mo, REFRESH)
    with mo.open("rb") as compiled:
        built = read_mo(compiled)

    def entries(catalog):
        # an untranslated entry is left out of the .mo
        return {_text(m.id): _text(m.string) for m in catalog
                if m.id and katalog.is_translated(m)}
    assert entries(_catalog(locale)) == entries(built), (
        "%s is older than the .po: run %s" % (mo, REFRESH))


def test_no_english_msgid_of_our_code_reaches_an_id_page(ours):
    """ODBA's msgids are written in Indonesian; one in English needs an
    `id` translation."""
    indonesian = _catalog("id")
    english = {_text(m.id): [str(t) for t in deteksi.english_in(
                   [_text(m.id)])]
               for m in ours
               if m.id and not katalog.is_translated(indonesian.get(m.id))}
    english = {msgid: found for msgid, found in english.items() if found}
    assert not english, (
        "English msgids shown untranslated on `id` pages: write them in "
        "Indonesian, or translate them in i18n/id/LC_MESSAGES/"
        "ckanext-bandaaceh.po: %s" % english)


def test_every_msgid_of_our_code_is_translated(ours):
    """Every string our Python code and templates wrap in _() has its
    English for `en` visitors."""
    english = _catalog("en")
    missing = sorted(_text(m.id) for m in ours if m.id
                     and not katalog.is_translated(english.get(m.id)))
    assert not missing, (
        "%d msgids of ODBA's code lack a translation: run %s, then "
        "translate the new entries of i18n/en/LC_MESSAGES/"
        "ckanext-bandaaceh.po: %s" % (len(missing), REFRESH, missing))


def test_our_msgids_leave_ckans_strings_alone(ours):
    """All catalogs of a locale merge into one: an Indonesian msgid of
    ours that CKAN's `id` catalog translates would be changed on `id`
    pages, and an `en` entry for one of CKAN's English msgids would change
    CKAN's text for `en` visitors."""
    ckan_id = Translations.load(i18n.get_ckan_i18n_dir(), ["id"], "ckan")
    indonesian = _catalog("id")
    changed_by_ckan = {
        _text(m.id): ckan_id.gettext(_text(m.id)) for m in ours
        if m.id and isinstance(m.id, str)
        and not katalog.is_translated(indonesian.get(m.id))
        and ckan_id.gettext(m.id) != m.id}
    assert not changed_by_ckan, changed_by_ckan
    with (pathlib.Path(i18n.get_ckan_i18n_dir()) / "ckan.pot").open(
            "rb") as pot:
        ckan_msgids = {_text(m.id) for m in read_po(pot) if m.id}
    changed = {_text(m.id): _text(m.string) for m in _catalog("en")
               if _text(m.id) in ckan_msgids and m.string != m.id}
    assert not changed, changed


# --- the refresh command -----------------------------------------------------

def _write_po(path: pathlib.Path, locale: str, entries) -> None:
    catalog = Catalog(locale=locale)
    for msgid, msgstr, locations in entries:
        catalog.add(msgid, msgstr, locations)
    path.parent.mkdir(parents=True)
    with path.open("wb") as f:
        write_po(f, catalog)


def test_refresh_adds_new_msgids_and_drops_removed_ones(tmp_path):
    """What scripts/catalogs.sh does to the catalogs, on a small tree of
    its own: `en` gets every msgid of the code (new ones empty), `id` keeps
    its CKAN entries and gets nothing new; entries of the code no longer
    found are dropped; both are compiled."""
    src = tmp_path / "src"
    (src / "templates").mkdir(parents=True)
    (src / "modul.py").write_text(
        "import ckan.plugins.toolkit as tk\n"
        "tk._('Tetap')\n"
        "tk._('Baru')\n"
        "tk._('Log in')\n", encoding="utf-8")
    (src / "templates/halaman.html").write_text(
        "{% ckan_extends %}\n{% block x %}{{ _('Halo dunia') }}"
        "{% trans n=2 %}{{ n }} berkas{% pluralize %}{{ n }} berkas"
        "{% endtrans %}{% endblock %}\n", encoding="utf-8")
    i18n_dir = tmp_path / "i18n"
    en_po = i18n_dir / "en/LC_MESSAGES/ckanext-bandaaceh.po"
    id_po = i18n_dir / "id/LC_MESSAGES/ckanext-bandaaceh.po"
    _write_po(en_po, "en", [("Tetap", "Kept", [("src/modul.py", 9)]),
                            ("Lama", "Old", [("src/modul.py", 3)])])
    _write_po(id_po, "id", [("Log in", "Masuk", []),
                            ("Old English", "Inggris lama",
                             [("src/lama.py", 3)])])

    results = {r.locale: r for r in katalog.refresh(tmp_path, i18n_dir,
                                                    ("src",))}

    assert sorted(results["en"].untranslated) == [
        "%(n)s berkas", "Baru", "Halo dunia", "Log in"]
    assert results["en"].dropped == ["Lama"]
    assert results["id"].dropped == ["Old English"]
    assert results["id"].untranslated == []
    with en_po.open("rb") as en, id_po.open("rb") as id_:
        english, indonesian = read_po(en), read_po(id_)
    assert english.get("Tetap").string == "Kept"
    assert english.get("Tetap").locations == [("src/modul.py", 2)]
    assert english.get("Lama") is None and english.get("Baru").string == ""
    assert {_text(m.id) for m in indonesian if m.id} == {"Log in"}
    # a CKAN msgid ODBA's code uses too stays CKAN's (no locations), so it
    # is not dropped when the code stops using it
    assert indonesian.get("Log in").string == "Masuk"
    assert indonesian.get("Log in").locations == []
    with en_po.with_suffix(".mo").open("rb") as mo:
        assert read_mo(mo).get("Tetap").string == "Kept"
    with id_po.with_suffix(".mo").open("rb") as mo:
        assert read_mo(mo).get("Log in").string == "Masuk"
    with (i18n_dir / "ckanext-bandaaceh.pot").open("rb") as pot:
        assert {_singular(m.id) for m in read_po(pot) if m.id} == {
            "Tetap", "Baru", "Log in", "Halo dunia", "%(n)s berkas"}


def test_refresh_refuses_a_tree_without_the_sources(tmp_path):
    """Run from an installed copy (no harvesters/ beside it), extraction
    would find nothing and empty the `en` catalog: it stops instead."""
    i18n_dir = tmp_path / "i18n"
    en_po = i18n_dir / "en/LC_MESSAGES/ckanext-bandaaceh.po"
    _write_po(en_po, "en", [("Tetap", "Kept", [("src/modul.py", 2)])])
    before = en_po.read_bytes()
    with pytest.raises(FileNotFoundError, match="src"):
        katalog.refresh(tmp_path, i18n_dir, ("src",))
    assert en_po.read_bytes() == before


def test_refresh_command_is_documented():
    """The README names the one command that refreshes the catalogs."""
    root = pathlib.Path(__file__).parents[2]
    assert (root / REFRESH).stat().st_mode & 0o111
    assert REFRESH in (root / "README.md").read_text(encoding="utf-8")
