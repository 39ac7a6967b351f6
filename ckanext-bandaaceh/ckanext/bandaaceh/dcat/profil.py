"""ODBA's DCAT profile, run after a DCAT-AP profile of ckanext-dcat
(``ckanext.dcat.rdf.profiles = euro_dcat_ap_3 odba``).

It adds what the portal knows and the generic profile cannot: the SKPK
as ``dct:publisher`` (a ``foaf:Organization`` with its website), the
update frequency from our ``frekuensi_pembaruan`` extra, Banda Aceh as
spatial coverage, the licence on every distribution, a contact point
and the language. Values a dataset states itself are kept.
"""
from __future__ import annotations

from typing import Any

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import RDF, SKOS

from ckanext.dcat.profiles.base import (
    DCAT, DCT, FOAF, VCARD, CleanedURIRef, RDFProfile)

from ckanext.bandaaceh import dcat as katalog


class ODBAProfile(RDFProfile):

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._penerbit = katalog.Penerbit()

    def graph_from_dataset(self, dataset_dict: dict[str, Any],
                           dataset_ref: Any) -> None:
        cakupan = katalog.cakupan()
        self._publisher(dataset_dict, dataset_ref)
        self._frequency(dataset_dict, dataset_ref)
        self._spatial(dataset_ref, cakupan)
        self._licence(dataset_dict, dataset_ref)
        self._contact(dataset_ref, cakupan)
        if not self._has(dataset_ref, DCT.language):
            self._add_language(dataset_ref, cakupan["language"])

    def graph_from_catalog(self, catalog_dict: dict[str, Any],
                           catalog_ref: Any) -> None:
        # The generic profile states the locale code as a literal.
        self.g.remove((catalog_ref, DCT.language, None))
        self._add_language(catalog_ref, katalog.cakupan()["language"])

    def _has(self, subject: Any, predicate: Any) -> bool:
        return (subject, predicate, None) in self.g

    def _add_language(self, subject: Any, uri: str) -> None:
        if uri:
            self.g.add((subject, DCT.language, URIRef(uri)))
            self.g.add((URIRef(uri), RDF.type, DCT.LinguisticSystem))

    def _publisher(self, dataset_dict: dict[str, Any],
                   dataset_ref: Any) -> None:
        penerbit = self._penerbit(dataset_dict)
        if penerbit is None:
            return
        # The organisation fallback of the generic profile is a bare
        # foaf:Agent: ours replaces it.
        for old in list(self.g.objects(dataset_ref, DCT.publisher)):
            self.g.remove((dataset_ref, DCT.publisher, old))
            if not any(self.g.subjects(DCT.publisher, old)):
                self.g.remove((old, None, None))
        ref = CleanedURIRef(penerbit["url"])
        g = self.g
        g.add((dataset_ref, DCT.publisher, ref))
        g.add((ref, RDF.type, FOAF.Organization))
        g.set((ref, FOAF.name, Literal(penerbit["name"])))
        g.set((ref, DCT.identifier, Literal(penerbit["kode"])))
        if penerbit["homepage"]:
            g.set((ref, FOAF.homepage, CleanedURIRef(penerbit["homepage"])))

    def _frequency(self, dataset_dict: dict[str, Any],
                   dataset_ref: Any) -> None:
        entry = katalog.frekuensi_dataset(dataset_dict)
        if entry is None or self._has(dataset_ref, DCT.accrualPeriodicity):
            return
        ref = URIRef(entry["eu"])
        self.g.add((dataset_ref, DCT.accrualPeriodicity, ref))
        self.g.add((ref, RDF.type, DCT.Frequency))

    def _spatial(self, dataset_ref: Any, cakupan: dict[str, str]) -> None:
        if self._has(dataset_ref, DCT.spatial) or not cakupan["spatial_uri"]:
            return
        ref = URIRef(cakupan["spatial_uri"])
        self.g.add((dataset_ref, DCT.spatial, ref))
        self.g.add((ref, RDF.type, DCT.Location))
        if cakupan["spatial_label"]:
            self.g.set((ref, SKOS.prefLabel,
                        Literal(cakupan["spatial_label"])))

    def _licence(self, dataset_dict: dict[str, Any],
                 dataset_ref: Any) -> None:
        url = dataset_dict.get("license_url")
        if not url:
            return
        ref = CleanedURIRef(url)
        self.g.add((ref, RDF.type, DCT.LicenseDocument))
        if dataset_dict.get("license_title"):
            self.g.set((ref, DCT.title,
                        Literal(dataset_dict["license_title"])))
        # DCAT-AP puts the licence on distributions; DCAT also allows it
        # on the dataset, which keeps it visible when there are no files.
        self.g.add((dataset_ref, DCT.license, ref))
        for distribution in self.g.objects(dataset_ref, DCAT.distribution):
            if not self._has(distribution, DCT.license):
                self.g.add((distribution, DCT.license, ref))

    def _contact(self, dataset_ref: Any, cakupan: dict[str, str]) -> None:
        if self._has(dataset_ref, DCAT.contactPoint):
            return
        if not (cakupan["contact_name"] or cakupan["contact_email"]):
            return
        ref = BNode()
        self.g.add((dataset_ref, DCAT.contactPoint, ref))
        self.g.add((ref, RDF.type, VCARD.Organization))
        if cakupan["contact_name"]:
            self.g.add((ref, VCARD.fn, Literal(cakupan["contact_name"])))
        if cakupan["contact_email"]:
            self.g.add((ref, VCARD.hasEmail,
                        URIRef("mailto:" + cakupan["contact_email"])))
