"""package_search and friends, answered by the PostgreSQL engine."""
from __future__ import annotations

import datetime

import pytest

import ckan.model as model
from ckan.tests import factories, helpers

pytestmark = [
    pytest.mark.ckan_config("ckan.plugins", "bandaaceh"),
    pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index"),
]

API = "/api/3/action/package_search"


def search(**params):
    return helpers.call_action("package_search", **params)


def names(result):
    return [d["name"] for d in result["results"]]


class TestFreeText:
    def test_single_word_matches_title_and_notes(self, city):
        result = search(q="penduduk")
        assert set(names(result)) == {"penduduk-gampong", "puskesmas"}

    def test_title_match_ranks_above_notes_match(self, city):
        result = search(q="penduduk")
        assert names(result)[0] == "penduduk-gampong"

    def test_two_words_must_both_match(self, city):
        assert names(search(q="penduduk gampong")) == ["penduduk-gampong"]
        assert search(q="penduduk imunisasi")["count"] == 0

    def test_three_words_allow_one_miss(self, city):
        # CKAN's default mm (2<-1): 2 of 3 words must match
        assert "imunisasi" in names(search(q="imunisasi anak kucing"))

    def test_phrase(self, city):
        assert names(search(q='"air bersih"')) == ["air-bersih"]
        assert search(q='"bersih air"')["count"] == 0

    def test_prefix(self, city):
        assert set(names(search(q="imuni*"))) == {"imunisasi"}

    def test_exclusion(self, city):
        assert names(search(q="penduduk -gampong")) == ["puskesmas"]

    def test_case_and_resource_text_are_searched(self, city):
        assert names(search(q="PDAM")) == ["air-bersih"]
        assert names(search(q="2017")) == ["penduduk-gampong"]

    def test_fielded_q(self, city):
        assert names(search(q="tags:anak")) == ["imunisasi"]
        assert names(search(q="title:puskesmas")) == ["puskesmas"]
        assert search(q="notes:cakupan")["count"] == 0

    def test_tsquery_operators_are_plain_text(self, city):
        result = search(q="penduduk & !gampong | puskesmas <-> !(*)")
        # dismax: the operators are plain text, the words are searched
        assert "puskesmas" in names(result)


class TestFilters:
    def test_fq_forms(self, city):
        assert search(fq="organization:dinkes")["count"] == 2
        assert search(fq='organization:"dinkes"')["count"] == 2
        assert search(fq="-organization:dinkes")["count"] == 2
        assert search(fq="tags:anak OR tags:air")["count"] == 2
        assert search(fq="+tags:kesehatan +res_format:CSV")["count"] == 1
        assert search(fq="res_format:(CSV OR XLSX)")["count"] == 3
        assert search(fq="extras_frekuensi:tahunan")["count"] == 1
        assert search(fq="frekuensi:tahunan")["count"] == 1
        assert search(fq="groups:sosial")["count"] == 1
        assert search(fq="dataset_type:dataset")["count"] == 4
        assert search(fq="name:imuni*")["count"] == 1
        assert search(fq="num_resources:[1 TO *]")["count"] == 3
        assert search(fq="num_resources:[2 TO 2]")["count"] == 1

    def test_dataset_types_are_kept_apart(self, city):
        factories.Dataset(name="layanan-kk", type="aplikasi",
                          title="Layanan Kartu Keluarga")
        assert names(search(fq="dataset_type:aplikasi")) == ["layanan-kk"]
        assert search(fq="+dataset_type:dataset")["count"] == 4
        assert search(fq="-dataset_type:aplikasi")["count"] == 4

    def test_fq_list(self, city):
        result = search(fq_list=["organization:dinkes", "tags:anak"])
        assert names(result) == ["imunisasi"]

    def test_date_math_ranges(self, city):
        assert search(fq="metadata_modified:[NOW-1DAY TO NOW+1DAY]")[
            "count"] == 4
        assert search(fq="metadata_modified:[* TO NOW-1YEAR]")["count"] == 0
        today = datetime.date.today().isoformat()
        assert search(fq="metadata_created:[%sT00:00:00Z TO *]" % today)[
            "count"] == 4

    def test_string_fields_are_exact(self, city):
        assert search(fq="tags:kesehat")["count"] == 0
        assert search(fq="tags:Kesehatan")["count"] == 0


class TestFacets:
    def test_counts_cover_the_whole_result_set(self, city):
        result = search(rows=1, **{"facet.field": '["tags", "res_format",'
                                                  ' "organization"]'})
        assert result["count"] == 4 and len(result["results"]) == 1
        assert result["facets"]["tags"]["kesehatan"] == 2
        assert result["facets"]["res_format"] == {"CSV": 2, "XLSX": 1,
                                                  "JSON": 1}
        org_items = result["search_facets"]["organization"]["items"]
        assert {i["display_name"] for i in org_items} == {
            "Dinas Komunikasi dan Informatika", "Dinas Kesehatan"}

    def test_limit_and_mincount(self, city):
        result = search(**{"facet.field": '["tags"]', "facet.limit": 1})
        assert result["facets"]["tags"] == {"kesehatan": 2}
        result = search(**{"facet.field": '["tags"]', "facet.mincount": 2})
        assert result["facets"]["tags"] == {"kesehatan": 2}

    def test_private_datasets_leak_nothing(self, city):
        result = search(**{"facet.field": '["tags"]'})
        assert "keuangan" not in result["facets"]["tags"]
        assert result["count"] == 4


class TestSortAndPaging:
    def test_sort_by_title_and_name(self, city):
        expected = sorted(["Jumlah Penduduk per Gampong",
                           "Sambungan Air Bersih", "Daftar Puskesmas",
                           "Cakupan Imunisasi Anak"])
        result = search(sort="title_string asc")
        assert [d["title"] for d in result["results"]] == expected
        result = search(sort="name desc")
        assert names(result) == sorted(names(result), reverse=True)

    def test_sort_by_metadata_modified(self, city):
        helpers.call_action("package_patch", id="air-bersih",
                            notes="diperbarui")
        assert names(search(sort="metadata_modified desc"))[0] == "air-bersih"
        assert names(search(sort="metadata_modified asc"))[-1] == "air-bersih"

    def test_rows_and_start(self, city):
        everything = names(search(sort="name asc"))
        page = names(search(sort="name asc", rows=2, start=1))
        assert page == everything[1:3]
        assert search(start=50)["results"] == []

    def test_fl_returns_the_fields_asked_for(self, city):
        result = search(fl="name,title", sort="name asc", rows=1)
        assert result["results"] == [{"name": "air-bersih",
                                      "title": "Sambungan Air Bersih"}]


class TestVisibility:
    def test_private_only_for_members(self, city):
        member = factories.User()
        stranger = factories.User()
        helpers.call_action("organization_member_create",
                            id=city["dinkes"]["id"], username=member["name"],
                            role="member")
        ctx = {"user": member["name"], "ignore_auth": False}
        result = helpers.call_action("package_search", context=ctx,
                                     include_private=True)
        assert "anggaran" in names(result)
        ctx = {"user": stranger["name"], "ignore_auth": False}
        result = helpers.call_action("package_search", context=ctx,
                                     include_private=True,
                                     **{"facet.field": '["tags"]'})
        assert "anggaran" not in names(result)
        assert "keuangan" not in result["facets"]["tags"]

    @pytest.mark.ckan_config("ckan.auth.allow_dataset_collaborators", True)
    def test_collaborator_sees_private_dataset(self, city):
        friend = factories.User()
        helpers.call_action("package_collaborator_create", id="anggaran",
                            user_id=friend["id"], capacity="member")
        ctx = {"user": friend["name"], "ignore_auth": False}
        result = helpers.call_action("package_search", context=ctx,
                                     include_private=True)
        assert "anggaran" in names(result)

    def test_drafts_and_deleted(self, city):
        user = factories.User()
        factories.Dataset(name="konsep", state="draft", user=user)
        helpers.call_action("package_delete", id="imunisasi")
        assert "konsep" not in names(search())
        assert "imunisasi" not in names(search())
        assert "konsep" in names(search(include_drafts=True))
        # deleted datasets are dropped from the index by default
        assert "imunisasi" not in names(search(include_deleted=True))

    @pytest.mark.ckan_config("ckan.search.remove_deleted_packages", False)
    def test_deleted_kept_when_configured(self, city):
        helpers.call_action("package_delete", id="imunisasi")
        assert "imunisasi" not in names(search())
        assert "imunisasi" in names(search(include_deleted=True))


class TestIndexUpdates:
    def test_update_is_searchable_at_once(self, city):
        helpers.call_action("package_patch", id="anggaran", private=False,
                            title="Realisasi Anggaran Kesehatan")
        assert names(search(q="realisasi")) == ["anggaran"]

    def test_organisation_rename_reindexes_its_datasets(self, city):
        helpers.call_action("organization_patch", id="dinkes",
                            name="dinas-kesehatan")
        assert search(fq="organization:dinas-kesehatan")["count"] == 2
        assert search(fq="organization:dinkes")["count"] == 0

    def test_group_membership_is_indexed(self, city):
        helpers.call_action("member_create", id="ekonomi",
                            object="air-bersih", object_type="package",
                            capacity="public")
        assert names(search(fq="groups:ekonomi")) == ["air-bersih"]
        helpers.call_action("member_delete", id="ekonomi",
                            object="air-bersih", object_type="package")
        assert search(fq="groups:ekonomi")["count"] == 0

    def test_purge_removes_document(self, city):
        helpers.call_action("dataset_purge", id="puskesmas")
        assert "puskesmas" not in names(search())

    def test_counts_in_organization_and_group_lists(self, city):
        orgs = helpers.call_action("organization_list", all_fields=True)
        counts = {o["name"]: o["package_count"] for o in orgs}
        # as in stock CKAN, organisation counts include private datasets
        assert counts == {"diskominfotik": 2, "dinkes": 3}
        groups = helpers.call_action("group_list", all_fields=True)
        assert {g["name"]: g["package_count"] for g in groups} == {
            "sosial": 1, "ekonomi": 0}


class TestBadQueries:
    """User mistakes get CKAN's search errors, never a 500."""

    @pytest.mark.parametrize("params", [
        {"q": "tags:(kesehatan"},
        {"fq": "organization:dinkes)"},
        {"q": "title:\"unterminated"},
        {"q": "x" * 10000},
        {"q": "penduduk\x00"},
        {"fq": "metadata_modified:[kemarin TO *]"},
        {"start": 10 ** 9},
        {"q": "--included"},
    ])
    def test_api_answers_409(self, app, city, params):
        response = app.get(API, query_string=params, status=409)
        body = response.json
        assert body["success"] is False
        assert body["error"]["__type"] in ("Search Error",
                                           "Validation Error")

    @pytest.mark.parametrize("sort", ["title", "bogus-field sideways",
                                      "name asc; DROP TABLE package"])
    def test_bad_sort_is_a_search_query_error(self, app, city, sort):
        response = app.get(API, query_string={"sort": sort}, status=400)
        assert response.json["error"]["__type"] == "Search Query Error"

    def test_injection_attempts_are_plain_values(self, app, city):
        for value in ["'; DROP TABLE package; --",
                      "dinkes') OR ('1'='1", "x\\' OR 1=1 --"]:
            app.get(API, query_string={"q": value}, status=200)
            app.get(API, query_string={"fq": "organization:\"%s\"" % value},
                    status=200)
        assert model.Session.query(model.Package).count() == 5

    def test_web_search_page_shows_error_not_500(self, app, city):
        response = app.get("/dataset/?q=tags:(kesehatan", status=200)
        assert "search-error" in response.body


class TestPages:
    def test_dataset_page_lists_and_facets(self, app, city):
        body = app.get("/dataset/?tags=kesehatan").body
        assert "2 datasets found" in body
        assert "Daftar Puskesmas" in body and "Realisasi" not in body
        assert "Dinas Kesehatan" in body  # organisation facet

    def test_organization_page_counts(self, app, city):
        # anonymous: the private dataset of dinkes is neither listed nor counted
        body = app.get("/organization/dinkes").body
        assert "2 datasets found" in body and "Realisasi" not in body

    def test_home_page(self, app, city):
        body = app.get("/", status=200).body
        assert "Dinas Kesehatan" in body  # organisations are listed

