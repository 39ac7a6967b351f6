"""An SKPK editor uploads a CSV file through the web form; the jobs worker
checks and loads it; the resource page says the outcome in Indonesian."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from ckan.tests import factories, helpers

from tests.unggahan.conftest import (  # noqa: F401  (fixtures)
    antrean_kosong, datastore_rows, kerjakan, marks,
    pipeline)

pytestmark = marks() + [
    pytest.mark.ckan_config("ckan.locale_default", "id"),
]

PASSWORD = "RahasiaKota1171!"


def test_an_upload_through_the_form_is_checked_and_loaded(
        pipeline, browser_page, screenshot, tmp_path):
    user = factories.User(name="operator-dinkes", password=PASSWORD)
    helpers.call_action("organization_member_create", id="dinkes",
                        username=user["name"], role="editor")
    page = browser_page
    page.goto(pipeline.url + "/user/login")
    page.fill("#field-login", user["name"])
    page.fill("#field-password", PASSWORD)
    page.locator("#field-password").press("Enter")
    page.wait_for_url("**/dashboard/**")

    bad = tmp_path / "dbd-salah.csv"
    bad.write_text("kecamatan,kasus\nMeuraxa,4\nKuta Alam\n",
                   encoding="utf-8")
    page.goto("%s/dataset/%s/resource/new" % (pipeline.url,
                                              pipeline.dataset["name"]))
    page.set_input_files("#field-resource-upload", str(bad))
    page.fill("#field-name", "Kasus DBD per kecamatan")
    page.fill("#field-format", "CSV")
    page.locator('button[name="save"]').last.click()
    page.wait_for_load_state()
    resource = pipeline_resource(pipeline)
    assert resource["url_type"] == "upload"

    kerjakan()
    page.goto("%s/dataset/%s/resource/%s" % (
        pipeline.url, pipeline.dataset["name"], resource["id"]))
    alert = page.locator("#validasi-unggahan")
    expect(alert).to_have_attribute("data-status", "gagal")
    expect(alert).to_contain_text(
        "Baris 3 berisi 1 kolom, padahal judul berisi 2 kolom")
    screenshot(page, "gagal")
    assert datastore_rows(resource["id"]) is None

    good = tmp_path / "dbd.csv"
    good.write_text("kecamatan,kasus\nMeuraxa,4\nKuta Alam,9\n",
                    encoding="utf-8")
    page.goto("%s/dataset/%s/resource/%s/edit" % (
        pipeline.url, pipeline.dataset["name"], resource["id"]))
    page.set_input_files("#field-resource-upload", str(good))
    page.locator('button[name="save"]').last.click()
    page.wait_for_load_state()
    kerjakan()
    page.goto("%s/dataset/%s/resource/%s" % (
        pipeline.url, pipeline.dataset["name"], resource["id"]))
    expect(page.locator("#validasi-unggahan")).to_have_attribute(
        "data-status", "lolos")
    screenshot(page, "lolos")
    assert [r["kecamatan"] for r in datastore_rows(resource["id"])] == [
        "Meuraxa", "Kuta Alam"]


def pipeline_resource(pipeline):
    dataset = helpers.call_action("package_show", id=pipeline.dataset["id"])
    assert len(dataset["resources"]) == 1, dataset["resources"]
    return dataset["resources"][0]
