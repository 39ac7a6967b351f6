"""The catalogue as a Project Open Data 1.1 ``data.json``.

Public datasets of type ``dataset`` only, read through ``package_search``
as the anonymous visitor sees them.
"""
from __future__ import annotations

import mimetypes
from typing import Any, Iterator

import ckan.plugins.toolkit as tk

from ckanext.bandaaceh import dcat as katalog

POD_SCHEMA = "https://project-open-data.cio.gov/v1.1/schema"
PAGE = 500


def katalog_pod() -> dict[str, Any]:
    """The whole catalogue document."""
    penerbit = katalog.Penerbit()
    cakupan = katalog.cakupan()
    return {
        "@context": POD_SCHEMA + "/catalog.jsonld",
        "@id": tk.url_for("bandaaceh_datajson.data_json", _external=True),
        "@type": "dcat:Catalog",
        "conformsTo": POD_SCHEMA,
        "describedBy": POD_SCHEMA + "/catalog.json",
        "dataset": [dataset_pod(d, penerbit, cakupan) for d in _datasets()],
    }


def _datasets() -> Iterator[dict[str, Any]]:
    search = tk.get_action("package_search")
    start = 0
    while True:
        page = search({}, {"fq": "+dataset_type:%s" % katalog.DATASET_TYPE,
                           "rows": PAGE, "start": start,
                           "sort": "metadata_modified desc"})
        yield from page["results"]
        start += PAGE
        if start >= page["count"] or not page["results"]:
            return


def dataset_pod(dataset: dict[str, Any], penerbit: katalog.Penerbit,
                cakupan: dict[str, str]) -> dict[str, Any]:
    """One dataset in POD 1.1 terms (pure apart from the publisher lookup)."""
    url = tk.url_for("dataset.read", id=dataset["name"], _external=True)
    org = penerbit(dataset)
    keywords = ([t["name"] for t in dataset.get("tags") or []]
                or [g["title"] for g in dataset.get("groups") or []]
                or [cakupan["spatial_label"]])
    record: dict[str, Any] = {
        "@type": "dcat:Dataset",
        "title": dataset["title"] or dataset["name"],
        "description": dataset.get("notes") or dataset["title"],
        "keyword": keywords,
        "modified": _iso(dataset["metadata_modified"]),
        "issued": _iso(dataset["metadata_created"]),
        "publisher": {"@type": "org:Organization",
                      "name": org["name"] if org else tk.config.get(
                          "ckan.site_title")},
        "contactPoint": _contact(dataset, cakupan),
        "identifier": url,
        "accessLevel": "public",
        "landingPage": url,
        "language": [tk.config["ckanext.bandaaceh.datajson.language"]],
    }
    if dataset.get("license_url"):
        record["license"] = dataset["license_url"]
    if cakupan["spatial_label"]:
        record["spatial"] = cakupan["spatial_label"]
    frekuensi = katalog.frekuensi_dataset(dataset)
    if frekuensi:
        record["accrualPeriodicity"] = frekuensi["iso"]
    start = katalog.extra(dataset, "temporal_start")
    end = katalog.extra(dataset, "temporal_end")
    if start and end:
        record["temporal"] = "%s/%s" % (start, end)
    themes = [g["title"] for g in dataset.get("groups") or []]
    if themes:
        record["theme"] = themes
    distributions = [_distribution(r) for r in dataset.get("resources") or []
                     if r.get("url")]
    if distributions:
        record["distribution"] = distributions
    return record


def _iso(timestamp: str) -> str:
    # CKAN's timestamps are UTC without an offset.
    return timestamp.split(".")[0] + "Z"


def _contact(dataset: dict[str, Any], cakupan: dict[str, str]
             ) -> dict[str, str]:
    email = dataset.get("maintainer_email") or cakupan["contact_email"]
    name = (dataset.get("maintainer") if dataset.get("maintainer_email")
            else None) or cakupan["contact_name"]
    return {"@type": "vcard:Contact", "fn": name,
            "hasEmail": "mailto:" + email}


def _distribution(resource: dict[str, Any]) -> dict[str, Any]:
    media_type = resource.get("mimetype") or _media_type(resource)
    record: dict[str, Any] = {"@type": "dcat:Distribution"}
    # POD wants a media type with every downloadURL; a link of unknown
    # type is offered as an access URL instead.
    if media_type:
        record.update(downloadURL=resource["url"], mediaType=media_type)
    else:
        record["accessURL"] = resource["url"]
    if resource.get("name"):
        record["title"] = resource["name"]
    if resource.get("description"):
        record["description"] = resource["description"]
    if resource.get("format"):
        record["format"] = resource["format"]
    return record


def _media_type(resource: dict[str, Any]) -> str | None:
    fmt = (resource.get("format") or "").strip().lower()
    if fmt:
        guessed = mimetypes.guess_type("x." + fmt)[0]
        if guessed:
            return guessed
    return mimetypes.guess_type(resource["url"].split("?")[0])[0]
