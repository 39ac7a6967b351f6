"""Uploaded CSV files: checked by a job, loaded by xloader through the jobs
worker, refused with Indonesian messages on the resource page, and a fixed
re-upload loads cleanly."""
from __future__ import annotations

import json

import pytest
import requests

from ckan.tests import helpers

from ckanext.bandaaceh import unggahan

from tests.unggahan.conftest import datastore_rows, kerjakan, marks

pytestmark = marks()

BAIK = ("kecamatan,bulan,kasus\r\nBaiturrahman,2024-01,12\r\n"
        "Kuta Alam,2024-01,9\r\nMeuraxa,2024-01,4\r\n").encode()
TIDAK_RATA = ("kecamatan,bulan,kasus\r\nBaiturrahman,2024-01,12\r\n"
              "Kuta Alam,2024-01\r\nMeuraxa,2024-01,4\r\n").encode()


def _hasil(resource):
    return json.loads(resource[unggahan.FIELD])


def test_a_good_upload_is_checked_then_loaded_into_the_datastore(pipeline):
    res = pipeline.unggah("dbd-2024.csv", BAIK)
    assert res.status_code == 200, res.text
    rid = res.json()["result"]["id"]
    # xloader refused the resource until the check passed
    assert datastore_rows(rid) is None
    kerjakan()
    resource = pipeline.resource(rid)
    assert _hasil(resource)["status"] == "lolos"
    rows = datastore_rows(rid)
    assert [(r["kecamatan"], str(r["kasus"])) for r in rows] == [
        ("Baiturrahman", "12"), ("Kuta Alam", "9"), ("Meuraxa", "4")]
    assert resource["datastore_active"] is True
    # the DataTables preview
    views = helpers.call_action("resource_view_list", id=rid)
    assert "datatables_view" in [v["view_type"] for v in views]
    # anonymous API users query it
    answer = requests.get(
        pipeline.url + "/api/3/action/datastore_search",
        params={"resource_id": rid, "q": "Meuraxa"}, timeout=30).json()
    assert [r["kecamatan"] for r in answer["result"]["records"]] == [
        "Meuraxa"]
    # datastore_search_sql stays off
    sql = requests.get(
        pipeline.url + "/api/3/action/datastore_search_sql",
        params={"sql": 'SELECT 1'}, timeout=30)
    assert sql.status_code in (400, 403, 404)


def test_a_bad_upload_is_not_loaded_and_its_page_says_why(pipeline):
    rid = pipeline.unggah("dbd-2024.csv", TIDAK_RATA).json()["result"]["id"]
    kerjakan()
    hasil = _hasil(pipeline.resource(rid))
    assert hasil["status"] == "gagal"
    assert [(m["kode"], m["baris"]) for m in hasil["masalah"]] == [
        ("baris_tidak_rata", 3)]
    assert datastore_rows(rid) is None
    page = requests.get("%s/dataset/%s/resource/%s" % (
        pipeline.url, pipeline.dataset["name"], rid), timeout=30)
    assert page.status_code == 200
    assert 'id="validasi-unggahan" data-status="gagal"' in page.text
    assert ("Baris 3 berisi 2 kolom, padahal judul berisi 3 kolom"
            in page.text)
    # the stored check is shown by its section, not as a raw field (CKAN
    # lists other fields as "key with spaces", values HTML-escaped)
    assert "validasi_unggahan" not in page.text
    assert "validasi unggahan" not in page.text.lower()
    assert "&#34;masalah&#34;" not in page.text
    assert "datastore sumber" not in page.text.lower()


def test_a_fixed_re_upload_loads_and_a_broken_one_leaves_no_table(pipeline):
    rid = pipeline.unggah("dbd.csv", TIDAK_RATA).json()["result"]["id"]
    kerjakan()
    assert _hasil(pipeline.resource(rid))["status"] == "gagal"

    fixed = pipeline.unggah("dbd.csv", BAIK, resource_id=rid)
    assert fixed.status_code == 200, fixed.text
    kerjakan()
    assert _hasil(pipeline.resource(rid))["status"] == "lolos"
    assert len(datastore_rows(rid)) == 3
    page = requests.get("%s/dataset/%s/resource/%s" % (
        pipeline.url, pipeline.dataset["name"], rid), timeout=30)
    assert 'data-status="lolos"' in page.text

    # a broken replacement: the table of the earlier file goes too
    pipeline.unggah("dbd.csv", b"", resource_id=rid)
    kerjakan()
    hasil = _hasil(pipeline.resource(rid))
    assert [m["kode"] for m in hasil["masalah"]] == ["kosong"]
    assert datastore_rows(rid) is None
    assert pipeline.resource(rid)["datastore_active"] is False


@pytest.mark.parametrize("isi, kode, potongan", [
    ("nama;jumlah\r\nKopi Ulee Kareng;3\r\n".encode("cp1252") + b"\xe9\r\n",
     "encoding", "Encoding berkas bukan UTF-8"),
    (b"", "kosong", "Berkas kosong"),
    (b"PK\x03\x04" + b"\x00" * 64, "bukan_csv", "bukan CSV melainkan"),
    ("nama,nama,jumlah\r\na,b,1\r\n".encode(), "judul_ganda",
     'Judul kolom "nama" dipakai dua kali'),
    ("nama,jumlah\r\n=HYPERLINK(\"http://x\"),1\r\n".encode(), "rumus",
     "akan dijalankan sebagai rumus"),
    (b"nama\r\nsatu;dua\r\ntiga;empat\r\n", "pemisah",
     "Pemisah kolom tidak konsisten"),
    (b"nama,jumlah\r\n" + b"Baiturrahman,1234567890\r\n" * 60000, "ukuran",
     "Berkas terlalu besar"),
])
def test_each_bad_file_gets_its_message(pipeline, isi, kode, potongan):
    res = pipeline.unggah("data.csv", isi)
    assert res.status_code == 200, res.text
    rid = res.json()["result"]["id"]
    kerjakan()
    hasil = _hasil(pipeline.resource(rid))
    assert hasil["status"] == "gagal"
    assert kode in [m["kode"] for m in hasil["masalah"]]
    assert any(potongan in m["pesan"] for m in hasil["masalah"])
    assert datastore_rows(rid) is None


def test_nobody_but_the_check_can_claim_a_file_passed(pipeline):
    rid = pipeline.unggah("dbd.csv", TIDAK_RATA).json()["result"]["id"]
    kerjakan()
    resource = pipeline.resource(rid)
    palsu = json.dumps(dict(_hasil(resource), status="lolos", masalah=[]))
    res = requests.post(
        pipeline.url + "/api/3/action/resource_patch",
        json={"id": rid, unggahan.FIELD: palsu, "description": "baru"},
        headers={"Authorization": pipeline.token}, timeout=30)
    assert res.status_code == 200, res.text
    resource = pipeline.resource(rid)
    assert resource["description"] == "baru"
    assert _hasil(resource)["status"] == "gagal"
    # an edit of the metadata alone keeps the outcome and loads nothing
    kerjakan()
    assert datastore_rows(rid) is None
    assert _hasil(pipeline.resource(rid))["status"] == "gagal"
