"""Who may write an ``aplikasi``: the owning SKPK edits its apps, and only
the e-government office (and sysadmins) records the survey fields."""
from __future__ import annotations

import bs4
import pytest

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from ckanext.bandaaceh.aplikasi import izin

from tests.marks import portal

pytestmark = portal()

PESAN_EGOV = (
    "Kolom ini hanya dapat diisi atau diubah oleh Bidang E-Government, "
    "yaitu editor atau admin organisasi Dinas Komunikasi, Informatika dan "
    "Statistik (diskominfotik), dan oleh sysadmin portal")
PESAN_SYSADMIN = "Kolom ini hanya dapat diisi atau diubah oleh sysadmin portal"
SURVEI = {
    "status_survei": "direkomendasikan",
    "tanggal_survei": "2024-03-12",
    "rekomendasi": "Sediakan API untuk Mantra.",
}
SURVEI_BARU = {
    "status_survei": "tindak_lanjut_selesai",
    "tanggal_survei": "2025-01-15",
    "rekomendasi": "Daftarkan PSE.",
}


@pytest.fixture
def orang():
    """The e-government office (with an editor, an admin and a plain
    member), two SKPK with an editor each, and a sysadmin."""
    for name in ("egov-editor", "egov-admin", "egov-member",
                 "dinkes-editor", "dpmptsp-editor"):
        factories.User(name=name)
    factories.Sysadmin(name="sysadmin")
    factories.Organization(
        name="diskominfotik",
        title="Dinas Komunikasi, Informatika dan Statistik",
        users=[{"name": "egov-editor", "capacity": "editor"},
               {"name": "egov-admin", "capacity": "admin"},
               {"name": "egov-member", "capacity": "member"}])
    factories.Organization(
        name="dinkes", title="Dinas Kesehatan",
        users=[{"name": "dinkes-editor", "capacity": "editor"}])
    factories.Organization(
        name="dpmptsp",
        users=[{"name": "dpmptsp-editor", "capacity": "editor"}])


def _as(user, action, **data):
    """Call an action as ``user`` (a name; "" is anonymous), with auth."""
    return helpers.call_action(
        action, context={"user": user, "ignore_auth": False}, **data)


def _aplikasi(**fields):
    data = {
        "type": "aplikasi",
        "name": "si-puskesmas",
        "title": "Sistem Informasi Puskesmas",
        "owner_org": "dinkes",
        "kategori": "layanan_publik",
        "platform": ["web"],
        "urls": ["https://puskesmas.bandaacehkota.go.id"],
        "jenis_api": "tidak_ada",
        "terhubung_mantra": "tidak",
        "terhubung_open_data": "tidak",
    }
    data.update(fields)
    return data


@pytest.fixture
def disurvei(orang):
    """An app of Dinas Kesehatan with a recorded survey."""
    return _as("sysadmin", "package_create", **_aplikasi(**SURVEI))


def _survei(dataset):
    return {name: dataset.get(name) for name in SURVEI}


def _errors(user, action, **data):
    with pytest.raises(tk.ValidationError) as raised:
        _as(user, action, **data)
    return raised.value.error_dict


# -- editing apps -------------------------------------------------------------

def test_an_skpk_editor_creates_and_edits_its_own_app(orang):
    created = _as("dinkes-editor", "package_create", **_aplikasi())
    assert created["organization"]["name"] == "dinkes"

    updated = _as("dinkes-editor", "package_update", **dict(
        created, title="SI Puskesmas Kota"))
    assert updated["title"] == "SI Puskesmas Kota"

    patched = _as("dinkes-editor", "package_patch", id=created["id"],
                  tindak_lanjut="API sedang dibuat.")
    assert patched["tindak_lanjut"] == "API sedang dibuat."
    assert patched["title"] == "SI Puskesmas Kota"


@pytest.mark.parametrize("action", ["package_update", "package_patch"])
def test_an_editor_of_another_skpk_cannot_edit_the_app(orang, action):
    created = _as("dinkes-editor", "package_create", **_aplikasi())
    with pytest.raises(tk.NotAuthorized):
        _as("dpmptsp-editor", action, **dict(
            created, tindak_lanjut="Diubah oleh SKPK lain."))
    assert helpers.call_action(
        "package_show", id=created["id"]).get("tindak_lanjut") is None


def test_an_anonymous_user_cannot_create_or_update_an_app(orang):
    with pytest.raises(tk.NotAuthorized):
        _as("", "package_create", **_aplikasi())

    created = _as("dinkes-editor", "package_create", **_aplikasi())
    for action in ("package_update", "package_patch"):
        with pytest.raises(tk.NotAuthorized):
            _as("", action, **dict(created, title="Diubah anonim"))


def test_an_anonymous_user_reads_a_public_app(orang):
    created = _as("dinkes-editor", "package_create", **_aplikasi())
    shown = _as("", "package_show", id=created["name"])
    assert shown["title"] == "Sistem Informasi Puskesmas"
    assert shown["type"] == "aplikasi"


# -- survey fields ------------------------------------------------------------

@pytest.mark.parametrize("field", sorted(SURVEI))
def test_an_skpk_editor_cannot_set_a_survey_field(orang, field):
    errors = _errors("dinkes-editor", "package_create",
                     **_aplikasi(**{field: SURVEI[field]}))
    assert errors == {field: [PESAN_EGOV]}


@pytest.mark.parametrize("action", ["package_update", "package_patch"])
@pytest.mark.parametrize("field", sorted(SURVEI))
def test_an_skpk_editor_cannot_change_a_survey_field(disurvei, field,
                                                     action):
    errors = _errors("dinkes-editor", action, **dict(
        disurvei, **{field: SURVEI_BARU[field]}))
    assert errors == {field: [PESAN_EGOV]}
    assert _survei(helpers.call_action(
        "package_show", id=disurvei["id"])) == SURVEI


def test_an_skpk_editor_cannot_clear_a_survey_field(disurvei):
    errors = _errors("dinkes-editor", "package_update",
                     **dict(disurvei, status_survei="", rekomendasi=""))
    assert errors == {"status_survei": [PESAN_EGOV],
                      "rekomendasi": [PESAN_EGOV]}


def test_an_update_without_the_survey_fields_keeps_them(disurvei):
    without = {k: v for k, v in disurvei.items() if k not in SURVEI}
    updated = _as("dinkes-editor", "package_update", **dict(
        without, tindak_lanjut="API sudah tersedia."))
    assert updated["tindak_lanjut"] == "API sudah tersedia."
    assert _survei(updated) == SURVEI
    assert _survei(helpers.call_action(
        "package_show", id=disurvei["id"])) == SURVEI


def test_an_skpk_editor_adds_a_resource_to_a_surveyed_app(disurvei):
    _as("dinkes-editor", "resource_create", package_id=disurvei["id"],
        url="https://puskesmas.bandaacehkota.go.id/manual.pdf",
        name="Manual pengguna")
    shown = helpers.call_action("package_show", id=disurvei["id"])
    assert [r["name"] for r in shown["resources"]] == ["Manual pengguna"]
    assert _survei(shown) == SURVEI


def test_sending_the_stored_survey_back_is_fine(disurvei):
    updated = _as("dinkes-editor", "package_update",
                  **dict(disurvei, title="SI Puskesmas Kota"))
    assert updated["title"] == "SI Puskesmas Kota"
    assert _survei(updated) == SURVEI


@pytest.mark.parametrize("user, org", [
    ("egov-editor", "diskominfotik"),
    ("egov-admin", "diskominfotik"),
    ("sysadmin", "dinkes"),
])
def test_the_egov_office_and_sysadmins_record_the_survey(orang, user, org):
    created = _as(user, "package_create", **_aplikasi(owner_org=org))
    first = _as(user, "package_patch", id=created["id"], **SURVEI)
    assert _survei(first) == SURVEI
    changed = _as(user, "package_update", **dict(first, **SURVEI_BARU))
    assert _survei(changed) == SURVEI_BARU


def test_the_egov_office_records_the_survey_of_any_skpk_app(disurvei):
    # the office edits no other field of an SKPK's app...
    with pytest.raises(tk.NotAuthorized):
        _as("egov-editor", "package_patch", id=disurvei["id"],
            **SURVEI_BARU)
    # ...but records the survey through its own action
    recorded = _as("egov-editor", "bandaaceh_aplikasi_catat_survei",
                   id=disurvei["name"], **SURVEI_BARU)
    assert _survei(recorded) == SURVEI_BARU
    assert recorded["title"] == disurvei["title"]
    assert recorded["kategori"] == disurvei["kategori"]
    only_status = _as("egov-admin", "bandaaceh_aplikasi_catat_survei",
                      id=disurvei["id"], status_survei="terdata")
    assert only_status["status_survei"] == "terdata"
    assert only_status["rekomendasi"] == SURVEI_BARU["rekomendasi"]


@pytest.mark.parametrize("user", ["dinkes-editor", "egov-member", ""])
def test_others_may_not_use_the_survey_action(disurvei, user):
    with pytest.raises(tk.NotAuthorized):
        _as(user, "bandaaceh_aplikasi_catat_survei", id=disurvei["id"],
            status_survei="terdata")


def test_the_survey_action_checks_its_input(disurvei):
    errors = _errors("egov-editor", "bandaaceh_aplikasi_catat_survei",
                     id=disurvei["id"], status_survei="selesai")
    assert "Pilihan tidak dikenal" in errors["status_survei"][0]
    errors = _errors("egov-editor", "bandaaceh_aplikasi_catat_survei",
                     id=disurvei["id"])
    assert "minimal satu kolom survei" in errors["status_survei"][0]


def test_the_survey_moves_one_step_at_a_time(orang):
    created = _as("dinkes-editor", "package_create", **_aplikasi())
    errors = _errors("egov-editor", "bandaaceh_aplikasi_catat_survei",
                     id=created["id"], status_survei="terdata")
    assert errors["status_survei"] == [
        "Status survei tidak boleh melompat dari belum disurvei ke terdata: "
        "catat dulu tahap disurvei."]
    for status in ("disurvei", "terdata"):
        _as("egov-editor", "bandaaceh_aplikasi_catat_survei",
            id=created["id"], status_survei=status)
    errors = _errors("egov-editor", "bandaaceh_aplikasi_catat_survei",
                     id=created["id"], status_survei="tindak_lanjut_selesai")
    assert "catat dulu tahap direkomendasikan" in errors["status_survei"][0]
    # a recommendation is needed from that step on
    errors = _errors("egov-editor", "bandaaceh_aplikasi_catat_survei",
                     id=created["id"], status_survei="direkomendasikan")
    assert errors == {"rekomendasi": [
        "Isi rekomendasi kepada SKPK sebelum status survei menjadi "
        "direkomendasikan."]}
    assert helpers.call_action(
        "package_show", id=created["id"])["status_survei"] == "terdata"
    done = _as("egov-editor", "bandaaceh_aplikasi_catat_survei",
               id=created["id"], status_survei="direkomendasikan",
               rekomendasi="Sediakan API untuk Mantra.")
    assert done["status_survei"] == "direkomendasikan"
    # a step back corrects a mistake
    back = _as("egov-editor", "bandaaceh_aplikasi_catat_survei",
               id=created["id"], status_survei="disurvei")
    assert back["status_survei"] == "disurvei"


def test_the_egov_office_records_the_survey_of_a_private_app(orang):
    created = _as("dinkes-editor", "package_create",
                  **_aplikasi(private=True))
    with pytest.raises(tk.NotAuthorized):
        _as("egov-editor", "package_show", id=created["id"])
    recorded = _as("egov-editor", "bandaaceh_aplikasi_catat_survei",
                   id=created["id"], status_survei="disurvei",
                   tanggal_survei="2024-03-12")
    assert recorded["status_survei"] == "disurvei"
    assert recorded["private"] is True


def test_the_survey_form_on_the_app_page(app, disurvei):
    token = factories.APIToken(user="egov-editor")["token"]
    page = app.get("/aplikasi/" + disurvei["name"],
                   headers={"Authorization": token})
    assert 'id="catat-survei"' in page.body
    skpk = factories.APIToken(user="dinkes-editor")["token"]
    page = app.get("/aplikasi/" + disurvei["name"],
                   headers={"Authorization": skpk})
    assert 'id="catat-survei"' not in page.body

    response = app.post("/aplikasi/%s/survei" % disurvei["name"],
                        data=dict(SURVEI_BARU),
                        headers={"Authorization": token},
                        follow_redirects=False)
    assert response.status_code == 302
    shown = helpers.call_action("package_show", id=disurvei["id"])
    assert _survei(shown) == SURVEI_BARU

    refused = app.post("/aplikasi/%s/survei" % disurvei["name"],
                       data={"status_survei": "terdata"},
                       headers={"Authorization": skpk}, status=403)
    assert refused.status_code == 403


def test_who_may_record_the_survey(orang):
    assert izin.boleh_mencatat_survei("egov-editor")
    assert izin.boleh_mencatat_survei("egov-admin")
    assert izin.boleh_mencatat_survei("sysadmin")
    assert not izin.boleh_mencatat_survei("egov-member")
    assert not izin.boleh_mencatat_survei("dinkes-editor")
    assert not izin.boleh_mencatat_survei("")
    assert not izin.boleh_mencatat_survei(None)
    assert not izin.boleh_mencatat_survei(model.AnonymousUser())
    assert izin.boleh_mencatat_survei(model.User.get("egov-admin"))


def test_loaders_record_the_survey(orang):
    # The CLI importer runs as the site user (a sysadmin); code that
    # passes ignore_auth has done its own checks.
    site_user = helpers.call_action("get_site_user")["name"]
    created = _as(site_user, "package_create", **_aplikasi(**SURVEI))
    assert _survei(created) == SURVEI

    trusted = helpers.call_action(
        "package_create", context={"user": "dinkes-editor",
                                   "ignore_auth": True},
        **_aplikasi(name="dimuat", **SURVEI))
    assert _survei(trusted) == SURVEI


@pytest.mark.ckan_config("ckanext.bandaaceh.aplikasi.egov_organization", "")
def test_with_the_option_empty_only_sysadmins_record_the_survey(orang):
    created = _as("egov-editor", "package_create",
                  **_aplikasi(owner_org="diskominfotik"))
    errors = _errors("egov-editor", "package_patch", id=created["id"],
                     status_survei="terdata")
    assert errors == {"status_survei": [PESAN_SYSADMIN]}
    assert not izin.boleh_mencatat_survei("egov-editor")

    patched = _as("sysadmin", "package_patch", id=created["id"], **SURVEI)
    assert _survei(patched) == SURVEI


@pytest.mark.ckan_config("ckanext.bandaaceh.aplikasi.egov_organization",
                         "dinkes")
def test_the_option_names_the_egov_organization(orang):
    assert izin.boleh_mencatat_survei("dinkes-editor")
    assert not izin.boleh_mencatat_survei("egov-editor")
    created = _as("dinkes-editor", "package_create", **_aplikasi(**SURVEI))
    assert _survei(created) == SURVEI


# -- the form -----------------------------------------------------------------

def _form(app, user, url):
    token = factories.APIToken(user=user)["token"]
    page = app.get(url, headers={"Authorization": token})
    return bs4.BeautifulSoup(page.body, "html.parser")


def test_the_form_shows_the_survey_read_only_to_the_skpk(app, disurvei):
    form = _form(app, "dinkes-editor", "/id/aplikasi/edit/si-puskesmas")
    status = form.find(id="field-status_survei")
    tanggal = form.find(id="field-tanggal_survei")
    rekomendasi = form.find(id="field-rekomendasi")
    for control in (status, tanggal, rekomendasi):
        assert control.has_attr("disabled"), control
    assert status.find("option", selected=True)["value"] == "direkomendasikan"
    assert tanggal["value"] == "2024-03-12"
    assert rekomendasi.text.strip() == "Sediakan API untuk Mantra."
    assert form.text.count("Diisi oleh Bidang E-Government") == 3
    assert not form.find(id="field-tindak_lanjut").has_attr("disabled")
    assert not form.find(id="field-title").has_attr("disabled")


@pytest.mark.parametrize("user, org", [
    ("egov-editor", "diskominfotik"),
    ("sysadmin", "dinkes"),
])
def test_the_form_shows_the_survey_as_inputs_to_the_egov_office(
        app, orang, user, org):
    _as("sysadmin", "package_create", **_aplikasi(
        name="app-survei", owner_org=org, **SURVEI))
    form = _form(app, user, "/id/aplikasi/edit/app-survei")
    for name in SURVEI:
        assert not form.find(id=f"field-{name}").has_attr("disabled")
    assert "Diisi oleh Bidang E-Government" not in form.text


def test_the_new_app_form_shows_the_survey_read_only(app, orang):
    form = _form(app, "dinkes-editor", "/id/aplikasi/new")
    assert form.find(id="field-status_survei").has_attr("disabled")


def test_an_skpk_form_post_keeps_the_survey(app, disurvei):
    token = factories.APIToken(user="dinkes-editor")["token"]
    # What the browser posts: disabled fields are left out.
    response = app.post("/aplikasi/edit/si-puskesmas", headers={
        "Authorization": token}, data={
        "name": "si-puskesmas",
        "title": "SI Puskesmas Kota",
        "owner_org": disurvei["owner_org"],
        "kategori": "layanan_publik",
        "platform": "web",
        "urls": "https://puskesmas.bandaacehkota.go.id",
        "tindak_lanjut": "API sudah tersedia.",
        "jenis_api": "tidak_ada",
        "terhubung_mantra": "tidak",
        "terhubung_open_data": "tidak",
        "save": "",
    }, follow_redirects=False)
    assert response.status_code == 302, response.body
    shown = helpers.call_action("package_show", id=disurvei["id"])
    assert shown["title"] == "SI Puskesmas Kota"
    assert shown["tindak_lanjut"] == "API sudah tersedia."
    assert _survei(shown) == SURVEI
