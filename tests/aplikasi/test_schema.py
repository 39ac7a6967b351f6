"""The ``aplikasi`` dataset type: schema, validation, search and access."""
from __future__ import annotations

import datetime

import pytest
from bs4 import BeautifulSoup

import ckan.plugins.toolkit as tk
from ckan.tests import factories, helpers

from tests.marks import portal

pytestmark = portal()


@pytest.fixture
def skpk():
    editor = factories.User()
    org = factories.Organization(
        name="diskominfotik",
        title="Dinas Komunikasi, Informatika dan Statistik",
        users=[{"name": editor["name"], "capacity": "editor"}])
    return {"org": org, "editor": editor}


def _aplikasi(owner_org, **fields):
    data = {
        "type": "aplikasi",
        "name": "sipp",
        "title": "Sistem Informasi Perizinan",
        "notes": "Permohonan izin usaha secara daring.",
        "owner_org": owner_org,
        "unit": "Bidang Aplikasi Informatika",
        "kategori": "layanan_publik",
        "platform": ["web", "android"],
        "urls": ["https://sipp.bandaacehkota.go.id"],
        "status_survei": "terdata",
        "tanggal_survei": "2024-03-12",
        "rekomendasi": "Sediakan API untuk Mantra.",
        "tindak_lanjut": "",
        "status_pse": "terdaftar",
        "nomor_tdpse": "003456.01/DJAI.PSE/04/2023",
        "tanggal_tdpse": "2023-04-20",
        "data_pribadi": "ya",
        "hosting": "server_farm_kota",
        "tahun_operasi": "2019",
        "pengembang": "vendor",
        "penanggung_jawab": "Kepala Bidang Aplikasi Informatika",
        "jenis_api": "rest",
        "api_base_url": "https://sipp.bandaacehkota.go.id/api/v1",
        "api_dokumentasi_url": "https://sipp.bandaacehkota.go.id/docs",
        "terhubung_mantra": "ya",
        "terhubung_open_data": "tidak",
    }
    data.update(fields)
    return data


def _errors(owner_org, **fields):
    with pytest.raises(tk.ValidationError) as raised:
        helpers.call_action("package_create", **_aplikasi(owner_org, **fields))
    return raised.value.error_dict


def test_a_complete_aplikasi_is_created_and_read_back(skpk):
    dataset = factories.Dataset(name="izin-usaha-2024",
                                owner_org=skpk["org"]["id"])
    created = helpers.call_action("package_create", **_aplikasi(
        skpk["org"]["id"], terhubung_open_data="ya",
        dataset_terkait=["izin-usaha-2024"]))

    shown = helpers.call_action("package_show", id=created["id"])
    assert shown["type"] == "aplikasi"
    assert shown["organization"]["name"] == "diskominfotik"
    assert shown["kategori"] == "layanan_publik"
    assert shown["platform"] == ["web", "android"]
    assert shown["urls"] == ["https://sipp.bandaacehkota.go.id"]
    assert shown["status_pse"] == "terdaftar"
    assert shown["nomor_tdpse"] == "003456.01/DJAI.PSE/04/2023"
    assert shown["tanggal_survei"] == "2024-03-12"
    assert shown["tahun_operasi"] == "2019"
    assert shown["api_base_url"] == "https://sipp.bandaacehkota.go.id/api/v1"
    assert shown["dataset_terkait"] == [dataset["name"]]


def test_an_app_without_api_needs_no_base_url(skpk):
    created = helpers.call_action("package_create", **_aplikasi(
        skpk["org"]["id"], jenis_api="tidak_ada", api_base_url="",
        api_dokumentasi_url=""))
    assert created["jenis_api"] == "tidak_ada"


def test_the_same_app_updated_with_its_own_dict_stays_valid(skpk):
    created = helpers.call_action(
        "package_create", **_aplikasi(skpk["org"]["id"]))
    updated = helpers.call_action(
        "package_update", **dict(created, status_survei="direkomendasikan"))
    assert updated["status_survei"] == "direkomendasikan"
    assert updated["platform"] == ["web", "android"]


@pytest.mark.parametrize("field, value", [
    ("urls", ["sipp.bandaacehkota.go.id"]),
    ("urls", ["https://sipp.bandaacehkota.go.id", "ftp://sipp"]),
    ("api_dokumentasi_url", "docs di situs"),
    ("api_base_url", "http:/salah"),
])
def test_a_bad_url_is_refused_in_indonesian(skpk, field, value):
    errors = _errors(skpk["org"]["id"], **{field: value})
    assert list(errors) == [field]
    assert errors[field][0].startswith("URL tidak valid:")
    assert "http:// atau https://" in errors[field][0]


def test_an_unknown_category_is_refused_with_the_valid_choices(skpk):
    errors = _errors(skpk["org"]["id"], kategori="aplikasi_lain")
    assert errors == {"kategori": [
        "Pilihan tidak dikenal: aplikasi_lain. Pilihan yang sah: "
        "website_skpk, website_gampong, website_dayah, layanan_publik, "
        "layanan_internal"]}


def test_an_unknown_platform_is_refused(skpk):
    errors = _errors(skpk["org"]["id"], platform=["web", "blackberry"])
    assert errors["platform"][0].startswith(
        "Pilihan tidak dikenal: blackberry.")


def test_the_category_is_required(skpk):
    errors = _errors(skpk["org"]["id"], kategori="")
    assert list(errors) == ["kategori"]


@pytest.mark.parametrize("status", ["belum", "dalam_proses", ""])
def test_a_tdpse_number_needs_the_registered_status(skpk, status):
    errors = _errors(skpk["org"]["id"], status_pse=status)
    assert errors == {"nomor_tdpse": [
        "Nomor TDPSE hanya boleh diisi bila status PSE \"terdaftar\""]}


@pytest.mark.parametrize("api", ["rest", "soap"])
def test_an_api_needs_its_base_url(skpk, api):
    errors = _errors(skpk["org"]["id"], jenis_api=api, api_base_url="")
    assert errors == {"api_base_url": [
        "Base URL API wajib diisi bila jenis API bukan \"tidak_ada\""]}


def test_linked_datasets_must_exist_in_the_portal(skpk):
    factories.Dataset(name="izin-usaha-2024")
    errors = _errors(skpk["org"]["id"], dataset_terkait=[
        "izin-usaha-2024", "tidak-ada-1", "tidak-ada-2"])
    assert errors == {"dataset_terkait": [
        "Dataset tidak ditemukan di portal ini: tidak-ada-1, tidak-ada-2"]}


def test_a_deleted_dataset_cannot_be_linked(skpk):
    dataset = factories.Dataset(name="izin-lama")
    helpers.call_action("package_delete", id=dataset["id"])
    errors = _errors(skpk["org"]["id"], dataset_terkait=["izin-lama"])
    assert errors == {"dataset_terkait": [
        "Dataset tidak ditemukan di portal ini: izin-lama"]}


def test_a_bad_year_is_refused(skpk):
    errors = _errors(skpk["org"]["id"], tahun_operasi="dua ribu")
    assert errors["tahun_operasi"][0].startswith(
        "Tahun tidak valid: dua ribu.")


def test_api_search_finds_apps_by_type_and_dataset_search_does_not(skpk):
    factories.Dataset(name="izin-usaha-2024", title="Izin usaha 2024")
    helpers.call_action("package_create", **_aplikasi(skpk["org"]["id"]))

    apps = helpers.call_action("package_search", fq="dataset_type:aplikasi")
    assert [d["name"] for d in apps["results"]] == ["sipp"]
    assert apps["results"][0]["kategori"] == "layanan_publik"

    datasets = helpers.call_action("package_search",
                                   fq="dataset_type:dataset")
    assert [d["name"] for d in datasets["results"]] == ["izin-usaha-2024"]


def test_dataset_page_lists_no_app_and_aplikasi_page_lists_it(app, skpk):
    factories.Dataset(name="izin-usaha-2024", title="Izin usaha 2024")
    helpers.call_action("package_create", **_aplikasi(skpk["org"]["id"]))

    datasets_page = app.get("/dataset").body
    assert "/dataset/izin-usaha-2024" in datasets_page
    assert "Sistem Informasi Perizinan" not in datasets_page

    apps_page = app.get("/aplikasi").body
    assert "/aplikasi/sipp" in apps_page
    assert "Izin usaha 2024" not in apps_page

    read_page = app.get("/aplikasi/sipp").body
    assert "Sistem Informasi Perizinan" in read_page
    assert "003456.01/DJAI.PSE/04/2023" in read_page


def test_the_app_page_links_its_addresses_and_linked_datasets(app, skpk):
    factories.Dataset(name="izin-usaha-2024", title="Izin usaha 2024",
                      owner_org=skpk["org"]["id"])
    helpers.call_action("package_create", **_aplikasi(
        skpk["org"]["id"], terhubung_open_data="ya",
        dataset_terkait=["izin-usaha-2024"]))
    page = BeautifulSoup(app.get("/aplikasi/sipp").body, "html.parser")
    hrefs = {a["href"] for a in page.select("a[href]")}
    assert "https://sipp.bandaacehkota.go.id" in hrefs
    assert "/dataset/izin-usaha-2024" in hrefs


def test_facets_on_category_and_platform(skpk):
    org = skpk["org"]["id"]
    helpers.call_action("package_create", **_aplikasi(org))
    helpers.call_action("package_create", **_aplikasi(
        org, name="web-dinkes", title="Website Dinas Kesehatan",
        kategori="website_skpk", platform=["web"], jenis_api="tidak_ada",
        api_base_url=""))
    helpers.call_action("package_create", **_aplikasi(
        org, name="gampong-lampulo", title="Website Gampong Lampulo",
        kategori="website_gampong", platform=["web"], jenis_api="tidak_ada",
        api_base_url=""))

    result = helpers.call_action("package_search", **{
        "fq": "dataset_type:aplikasi",
        "facet.field": '["kategori", "platform"]',
    })
    facets = result["facets"]
    assert facets["kategori"] == {
        "layanan_publik": 1, "website_skpk": 1, "website_gampong": 1}
    assert facets["platform"] == {"web": 3, "android": 1}

    publik = helpers.call_action("package_search",
                                 fq="dataset_type:aplikasi platform:android")
    assert [d["name"] for d in publik["results"]] == ["sipp"]


def test_an_editor_of_another_skpk_cannot_update_the_app(skpk):
    created = helpers.call_action(
        "package_create", **_aplikasi(skpk["org"]["id"]))
    stranger = factories.User()
    factories.Organization(
        name="dinkes", users=[{"name": stranger["name"], "capacity": "editor"}])

    with pytest.raises(tk.NotAuthorized):
        helpers.call_action(
            "package_patch",
            context={"user": stranger["name"], "ignore_auth": False},
            id=created["id"], status_survei="tindak_lanjut_selesai")

    owner = helpers.call_action(
        "package_patch",
        context={"user": skpk["editor"]["name"], "ignore_auth": False},
        id=created["id"], tindak_lanjut="API sudah tersedia.")
    assert owner["tindak_lanjut"] == "API sudah tersedia."


def test_an_anonymous_user_cannot_create_an_app(skpk):
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action(
            "package_create", context={"user": "", "ignore_auth": False},
            **_aplikasi(skpk["org"]["id"]))


def test_the_form_is_labelled_in_english_and_indonesian(app, skpk):
    token = factories.APIToken(user=skpk["editor"]["name"])["token"]
    headers = {"Authorization": token}

    english = app.get("/aplikasi/new", headers=headers).body
    assert "Category" in english
    assert "PSE registration status" in english
    assert 'value="layanan_publik"' in english

    indonesian = app.get("/id/aplikasi/new", headers=headers).body
    assert "Kategori" in indonesian
    assert "Status pendaftaran PSE" in indonesian
    assert "Terhubung ke Mantra" in indonesian


def test_only_public_datasets_of_the_dataset_type_can_be_linked(skpk):
    org = skpk["org"]["id"]
    factories.Dataset(name="izin-usaha-2024", owner_org=org)
    factories.Dataset(name="data-internal", owner_org=org, private=True)
    helpers.call_action("package_create", **_aplikasi(org, name="sipp-lama"))
    errors = _errors(org, dataset_terkait=[
        "izin-usaha-2024", "sipp-lama", "data-internal", "tidak-ada"])
    assert errors == {"dataset_terkait": [
        "Dataset tidak ditemukan di portal ini: tidak-ada",
        "Bukan dataset, melainkan aplikasi: sipp-lama. "
        "Sebut hanya dataset, bukan aplikasi",
        "Dataset privat tidak dapat ditautkan: data-internal. "
        "Sebut hanya dataset publik",
    ]}


def test_a_dataset_made_private_can_no_longer_be_linked_on_update(skpk):
    org = skpk["org"]["id"]
    dataset = factories.Dataset(name="izin-usaha-2024", owner_org=org)
    created = helpers.call_action("package_create", **_aplikasi(
        org, dataset_terkait=["izin-usaha-2024"]))
    helpers.call_action("package_patch", id=dataset["id"], private=True)
    # (an update that changes nothing is not validated again)
    with pytest.raises(tk.ValidationError) as raised:
        helpers.call_action("package_update", **dict(created, title="SIPP"))
    assert raised.value.error_dict == {"dataset_terkait": [
        "Dataset privat tidak dapat ditautkan: izin-usaha-2024. "
        "Sebut hanya dataset publik"]}


@pytest.mark.parametrize("field", ["tanggal_survei", "tanggal_tdpse"])
@pytest.mark.parametrize("value", [
    "12-03-2024", "2024/03/12", "2024-3-12", "2024-02-30", "kemarin",
    "2024-03-12T10:00:00",
])
def test_a_bad_date_is_refused_in_indonesian(skpk, field, value):
    errors = _errors(skpk["org"]["id"], **{field: value})
    assert errors == {field: [
        f"Tanggal tidak valid: {value}. Tulis dengan format TTTT-BB-HH, "
        "mis. 2017-07-31"]}


@pytest.mark.parametrize("value", [
    "2023-04-20", " 2023-04-20 ", datetime.date(2023, 4, 20),
    datetime.datetime(2023, 4, 20, 9, 30),
])
def test_a_date_is_stored_as_yyyy_mm_dd(skpk, value):
    created = helpers.call_action("package_create", **_aplikasi(
        skpk["org"]["id"], tanggal_tdpse=value))
    assert created["tanggal_tdpse"] == "2023-04-20"


def test_an_empty_date_is_not_stored(skpk):
    created = helpers.call_action("package_create", **_aplikasi(
        skpk["org"]["id"], tanggal_survei="", tanggal_tdpse=""))
    assert not created.get("tanggal_survei")
    assert not created.get("tanggal_tdpse")
