"""The main pages in a real browser: what CKAN's JavaScript writes too.

The dataset form's URL preview, the upload field and the page modules take
their strings from ``/api/i18n/id``, built from the catalogs (CKAN's and
ours) by ``ckan translation js`` (``ckan run`` does it at start-up).
"""
from __future__ import annotations

import pytest

from ckan.lib import i18n

from tests.i18n import deteksi
from tests.i18n.test_bahasa import portal_data, pytestmark  # noqa: F401

# pages whose JavaScript adds text of its own (slug preview, upload field)
PAGES = ("formulir dataset baru", "formulir sumber daya baru",
         "formulir dataset tahap 2", "sunting sumber daya", "halaman dataset",
         "halaman sumber daya", "pencarian dataset", "dasbor dataset")


@pytest.fixture
def js_catalogs(ckan_config, tmp_path, monkeypatch):
    """The JavaScript catalogs built for this test's plugins, as
    ``ckan translation js`` builds them (into ``ckan.storage_path``)."""
    monkeypatch.setitem(ckan_config, "ckan.storage_path", str(tmp_path))
    i18n.build_js_translations()
    return tmp_path / "i18n" / "js"


def _visible_after_scripts(page, url, token):
    if token:
        page.context.set_extra_http_headers({"Authorization": token})
    response = page.goto(url)
    assert response is not None and response.status == 200, url
    page.wait_for_load_state("networkidle")
    return page.content()


def test_javascript_strings_are_in_indonesian(js_catalogs, live_server,
                                              portal_data, browser_page,
                                              screenshot):
    pages, user_data = portal_data
    assert (js_catalogs / "id.js").exists()
    left = {}
    for name in PAGES:
        url, token = pages[name]
        html = _visible_after_scripts(browser_page, live_server + url, token)
        found = deteksi.english_on_page(html, user_data)
        if found:
            screenshot(browser_page, name.replace(" ", "-"))
            left["%s (%s)" % (name, url)] = [str(t) for t in found]
    assert not left, left


def test_javascript_wrote_its_text(js_catalogs, live_server, portal_data,
                                   browser_page):
    """The check above reads what the scripts wrote: the URL preview of the
    dataset form exists only once CKAN's JavaScript ran."""
    pages, _ = portal_data
    url, token = pages["formulir dataset baru"]
    _visible_after_scripts(browser_page, live_server + url, token)
    preview = browser_page.locator(".slug-preview")
    assert preview.count() == 1
    assert "Sunting" in preview.inner_text()
