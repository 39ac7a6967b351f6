"""The developer page, in Indonesian and English."""
from __future__ import annotations

import bs4
import pytest

from ckanext.bandaaceh import pengembang

from tests.dcat.conftest import katalog_marks

pytestmark = katalog_marks()


def _page(app, url):
    response = app.get(url)
    assert response.status_code == 200
    return bs4.BeautifulSoup(response.body, "html.parser")


@pytest.mark.parametrize("url, bahasa, judul", [
    ("/id/pengembang", "id", "Panduan Pengembang"),
    ("/en/pengembang", "en", "Developer guide"),
    ("/pengembang?lang=id", "id", "Panduan Pengembang"),
    ("/pengembang?lang=en", "en", "Developer guide"),
])
def test_the_page_in_both_languages(app, url, bahasa, judul):
    page = _page(app, url)
    article = page.find("article", id="pengembang-" + bahasa)
    assert article is not None and article["lang"] == bahasa
    assert article.h1.get_text(strip=True) == judul
    text = article.get_text(" ")
    for must in ("package_search", "facet.field", "datastore_search",
                 "Authorization", "curl", "ckanapi", "/data.json"):
        assert must in text, must
    # every described action is listed, with its method
    rows = {tr.code.get_text(): tr.find_all("td")[1].get_text()
            for tr in article.find("table", id="daftar-aksi").tbody("tr")}
    assert rows == {a["name"]: a["method"] for a in pengembang.aksi()}
    assert len(rows) >= 8


@pytest.mark.ckan_config("ckan.locale_default", "id")
def test_the_default_locale_picks_the_language(app):
    page = _page(app, "/pengembang")
    assert page.find("article", id="pengembang-id") is not None


@pytest.mark.ckan_config("ckanext.bandaaceh.api.rate_limit", "30")
@pytest.mark.ckan_config("ckan.search.rows_max", "500")
def test_the_limits_come_from_the_config(app):
    text = " ".join(_page(app, "/id/pengembang").find(id="batas").find_next(
        "ul").get_text(" ").split())
    assert "30 permintaan per menit" in text
    assert "paling banyak 500 dataset" in text
