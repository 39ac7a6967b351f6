"""Every RDF endpoint of the DCAT catalogue, in every format ckanext-dcat
advertises, parses with rdflib as the media type it is served with; the
paged catalogue and its ``modified_since`` filter, read the way a harvester
reads them; mistakes in the query answer 409 or 404, never 500."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF

from ckan.tests import factories
from ckanext.dcat.utils import CONTENT_TYPES

from tests.dcat.conftest import katalog_marks

pytestmark = katalog_marks()

DCT = Namespace("http://purl.org/dc/terms/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
HYDRA = Namespace("http://www.w3.org/ns/hydra/core#")


def _served_graph(app, url: str) -> Graph:
    """The graph at `url`, parsed as the media type the portal names."""
    response = app.get(url)
    assert response.status_code == 200, (url, response.body[:500])
    media_type = response.headers["Content-Type"].split(";")[0].strip()
    graph = Graph()
    graph.parse(data=response.body, format=media_type)
    return graph


def _titles(graph: Graph) -> set[str]:
    return {str(t) for s in graph.subjects(RDF.type, DCAT.Dataset)
            for t in graph.objects(s, DCT.title)}


def test_every_advertised_format_is_tested():
    # a format added to ckanext-dcat is served at once: it must parse too
    assert set(CONTENT_TYPES) >= {"rdf", "xml", "ttl", "n3", "jsonld"}


@pytest.mark.parametrize("ext", sorted(CONTENT_TYPES))
def test_the_catalogue_in_every_format(app, dataset, aplikasi, ext):
    response = app.get("/catalog.%s" % ext)
    assert response.headers["Content-Type"].startswith(CONTENT_TYPES[ext])
    graph = _served_graph(app, "/catalog.%s" % ext)
    assert len(list(graph.subjects(RDF.type, DCAT.Catalog))) == 1
    assert _titles(graph) == {"Daftar Puskesmas"}


@pytest.mark.parametrize("ext", sorted(CONTENT_TYPES))
@pytest.mark.parametrize("key", ["name", "id"])
def test_a_dataset_in_every_format_by_name_or_id(app, dataset, ext, key):
    graph = _served_graph(app, "/dataset/%s.%s" % (dataset[key], ext))
    refs = list(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(refs) == 1
    assert graph.value(refs[0], DCT.title) == Literal("Daftar Puskesmas")
    assert len(list(graph.objects(refs[0], DCAT.distribution))) == 1


@pytest.mark.ckan_config("ckanext.dcat.datasets_per_page", "1")
def test_the_paged_catalogue_is_followed_to_its_end(app, skpk, dataset,
                                                    aplikasi):
    factories.Dataset(name="sampah", title="Volume Sampah",
                      owner_org=skpk["id"])
    url, seen, pages = "/catalog.ttl", [], 0
    while url:
        graph = _served_graph(app, url)
        pages += 1
        paging = list(graph.subjects(RDF.type, HYDRA.PagedCollection))
        assert len(paging) == 1
        # the app of the registry is not counted
        assert graph.value(paging[0], HYDRA.totalItems).toPython() == 2
        assert graph.value(paging[0], HYDRA.itemsPerPage).toPython() == 1
        titles = _titles(graph)
        assert len(titles) == 1
        seen.extend(titles)
        following = graph.value(paging[0], HYDRA.next)
        url = str(following).replace("http://test.ckan.net", "") \
            if following else None
        assert pages <= 3, "the catalogue does not end"
    assert sorted(seen) == ["Daftar Puskesmas", "Volume Sampah"]


def test_modified_since_keeps_the_later_datasets(app, skpk, dataset):
    later = factories.Dataset(name="sampah", title="Volume Sampah",
                              owner_org=skpk["id"])
    assert later["metadata_modified"] > dataset["metadata_modified"]
    graph = _served_graph(
        app, "/catalog.ttl?modified_since=%s" % later["metadata_modified"])
    assert _titles(graph) == {"Volume Sampah"}
    graph = _served_graph(
        app, "/catalog.ttl?modified_since=%s" % dataset["metadata_modified"])
    assert _titles(graph) == {"Daftar Puskesmas", "Volume Sampah"}


@pytest.mark.parametrize("query", ["page=0", "page=dua", "page=-1",
                                   "modified_since=kemarin"])
def test_a_wrong_query_is_refused_without_a_server_error(app, dataset,
                                                         query):
    response = app.get("/catalog.ttl?" + query)
    assert response.status_code == 409, response.body[:300]


def test_an_unknown_dataset_is_not_found(app, dataset):
    assert app.get("/dataset/tidak-ada.ttl").status_code == 404


def test_a_dataset_has_the_same_uri_in_the_catalogue_and_on_its_own(
        app, dataset):
    # RDF harvesters (ckanext-dcat's among them) take this URI as the
    # dataset's identity: both endpoints must agree on it
    uri = URIRef("http://test.ckan.net/dataset/%s" % dataset["id"])
    catalogue = _served_graph(app, "/catalog.jsonld")
    assert list(catalogue.subjects(RDF.type, DCAT.Dataset)) == [uri]
    assert list(catalogue.objects(None, DCAT.dataset)) == [uri]
    own = _served_graph(app, "/dataset/puskesmas.jsonld")
    assert list(own.subjects(RDF.type, DCAT.Dataset)) == [uri]
