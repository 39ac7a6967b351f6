"""The DCAT catalogue: every serialisation parses, and our profile states
the SKPK publisher, frequency, coverage, licence, contact and language."""
from __future__ import annotations

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import FOAF, RDF, SKOS

from ckanext.bandaaceh import dcat as katalog

from tests.dcat.conftest import WEBSITE, katalog_marks

pytestmark = katalog_marks()

DCT = Namespace("http://purl.org/dc/terms/")
DCAT = Namespace("http://www.w3.org/ns/dcat#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SCHEMA = Namespace("http://schema.org/")
EU_FREQ = "http://publications.europa.eu/resource/authority/frequency/"
FORMATS = {"ttl": "turtle", "rdf": "xml", "xml": "xml", "jsonld": "json-ld"}
CC_BY = URIRef("http://www.opendefinition.org/licenses/cc-by")


def _graph(app, url, rdf_format):
    response = app.get(url)
    assert response.status_code == 200, response.body
    graph = Graph()
    graph.parse(data=response.body, format=rdf_format)
    return graph


def _dataset_ref(graph, name):
    """The dataset of a per-dataset graph (its URI holds the CKAN id)."""
    refs = list(graph.subjects(RDF.type, DCAT.Dataset))
    assert len(refs) == 1
    assert graph.value(refs[0], DCAT.landingPage) is None or str(
        graph.value(refs[0], DCAT.landingPage)).endswith("/" + name)
    return refs[0]


@pytest.mark.parametrize("ext", sorted(FORMATS))
def test_every_catalogue_serialisation_parses(app, dataset, ext):
    graph = _graph(app, "/catalog.%s" % ext, FORMATS[ext])
    catalogs = list(graph.subjects(RDF.type, DCAT.Catalog))
    assert len(catalogs) == 1
    datasets = list(graph.objects(catalogs[0], DCAT.dataset))
    assert len(datasets) == 1
    assert (datasets[0], DCT.title, Literal("Daftar Puskesmas")) in graph


@pytest.mark.parametrize("ext", sorted(FORMATS))
def test_the_dataset_endpoint_parses(app, dataset, ext):
    graph = _graph(app, "/dataset/puskesmas.%s" % ext, FORMATS[ext])
    assert len(list(graph.subjects(RDF.type, DCAT.Dataset))) == 1


def test_the_skpk_is_the_publisher(app, dataset):
    graph = _graph(app, "/dataset/puskesmas.ttl", "turtle")
    ref = _dataset_ref(graph, "puskesmas")
    publishers = list(graph.objects(ref, DCT.publisher))
    assert publishers == [URIRef("http://test.ckan.net/organization/dinkes")]
    publisher = publishers[0]
    assert (publisher, RDF.type, FOAF.Organization) in graph
    assert graph.value(publisher, FOAF.name) == Literal("Dinas Kesehatan")
    assert graph.value(publisher, FOAF.homepage) == URIRef(WEBSITE)


def test_frequency_spatial_temporal_licence_contact_language(app, dataset):
    graph = _graph(app, "/dataset/puskesmas.ttl", "turtle")
    ref = _dataset_ref(graph, "puskesmas")
    assert list(graph.objects(ref, DCT.accrualPeriodicity)) == [
        URIRef(EU_FREQ + "QUARTERLY")]

    spatial = list(graph.objects(ref, DCT.spatial))
    assert spatial == [URIRef("http://sws.geonames.org/1215502/")]
    assert graph.value(spatial[0], SKOS.prefLabel) == Literal(
        "Kota Banda Aceh")

    temporal = graph.value(ref, DCT.temporal)
    assert str(graph.value(temporal, DCAT.startDate)
               or graph.value(temporal, SCHEMA.startDate)) == "2023-01-01"

    distributions = list(graph.objects(ref, DCAT.distribution))
    assert len(distributions) == 1
    assert graph.value(distributions[0], DCT.license) == CC_BY
    assert graph.value(ref, DCT.license) == CC_BY

    contact = graph.value(ref, DCAT.contactPoint)
    assert graph.value(contact, VCARD.hasEmail) == URIRef(
        "mailto:diskominfotik@bandaacehkota.go.id")
    assert graph.value(ref, DCT.language) == URIRef(
        "http://publications.europa.eu/resource/authority/language/IND")


@pytest.mark.ckan_config("ckanext.bandaaceh.dcat.spatial_uri",
                         "http://publications.europa.eu/resource/authority/"
                         "atu/IDN")
@pytest.mark.ckan_config("ckanext.bandaaceh.dcat.spatial_label", "Aceh")
def test_the_coverage_is_configurable(app, dataset):
    graph = _graph(app, "/dataset/puskesmas.ttl", "turtle")
    spatial = graph.value(_dataset_ref(graph, "puskesmas"), DCT.spatial)
    assert spatial == URIRef(
        "http://publications.europa.eu/resource/authority/atu/IDN")
    assert graph.value(spatial, SKOS.prefLabel) == Literal("Aceh")


def test_a_maintainer_is_kept_as_contact(app, skpk):
    from ckan.tests import factories
    factories.Dataset(name="sampah", owner_org=skpk["id"],
                      maintainer="Seksi Data",
                      maintainer_email="data@dlhk3.example")
    graph = _graph(app, "/dataset/sampah.ttl", "turtle")
    contacts = list(graph.objects(_dataset_ref(graph, "sampah"),
                                  DCAT.contactPoint))
    assert len(contacts) == 1
    assert graph.value(contacts[0], VCARD.hasEmail) == URIRef(
        "mailto:data@dlhk3.example")


def test_apps_of_the_registry_are_not_in_the_catalogue(app, dataset,
                                                       aplikasi):
    for ext, rdf_format in FORMATS.items():
        graph = _graph(app, "/catalog.%s" % ext, rdf_format)
        titles = {str(t) for s in graph.subjects(RDF.type, DCAT.Dataset)
                  for t in graph.objects(s, DCT.title)}
        assert titles == {"Daftar Puskesmas"}, ext
    graph = _graph(app, "/catalog.ttl?fq=name:si-puskesmas", "turtle")
    assert not list(graph.subjects(RDF.type, DCAT.Dataset))
    assert app.get("/dataset/si-puskesmas.ttl").status_code == 404


def test_a_query_of_the_caller_still_applies(app, dataset, skpk):
    from ckan.tests import factories
    factories.Dataset(name="sampah", title="Volume Sampah",
                      owner_org=skpk["id"])
    graph = _graph(app, "/catalog.ttl?fq=name:sampah", "turtle")
    titles = {str(t) for s in graph.subjects(RDF.type, DCAT.Dataset)
              for t in graph.objects(s, DCT.title)}
    assert titles == {"Volume Sampah"}


def test_every_frequency_has_an_eu_uri_and_an_iso_period():
    from ckanext.bandaaceh.demo import FREKUENSI
    table = katalog.frekuensi()
    assert set(FREKUENSI) | {"tidak_tentu"} == set(table)
    for entry in table.values():
        assert entry["eu"].startswith(EU_FREQ)
        assert entry["iso"] == "irregular" or entry["iso"].startswith("R/P")


def test_the_dataset_page_embeds_schema_org(app, dataset):
    import json

    import bs4
    page = bs4.BeautifulSoup(app.get("/dataset/puskesmas").body,
                             "html.parser")
    scripts = page.find_all("script", type="application/ld+json")
    assert scripts
    graph = json.loads(scripts[0].string)
    assert "Daftar Puskesmas" in json.dumps(graph)


def test_scheming_still_refuses_unknown_types(app):
    from ckan.tests import helpers
    import ckan.plugins.toolkit as tk
    assert helpers.call_action("scheming_dataset_schema_show",
                               type="dataset") is None
    assert helpers.call_action("scheming_dataset_schema_show",
                               type="aplikasi")["dataset_type"] == "aplikasi"
    with pytest.raises(tk.ObjectNotFound):
        helpers.call_action("scheming_dataset_schema_show", type="tidak-ada")
