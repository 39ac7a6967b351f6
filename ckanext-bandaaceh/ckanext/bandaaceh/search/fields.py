"""How each indexed field is matched, mirroring CKAN's Solr schema.

CKAN's ``schema.xml`` declares a few analysed text fields, date fields and
n-gram fields; every other field (including any field an extension adds in
``before_dataset_index``) is an exact-match string field.
"""
from __future__ import annotations

import datetime
from typing import Any, Optional

from dateutil.parser import parse as parse_date, ParserError

TEXT_FIELDS = frozenset({
    "text", "title", "notes", "res_name", "res_description", "author",
    "author_email", "maintainer", "maintainer_email", "urls",
    "depends_on", "dependency_of", "derives_from", "has_derivation",
    "links_to", "linked_from", "child_of", "parent_of",
})
TEXT_PREFIXES = ("extras_", "res_extras_")
DATE_FIELDS = frozenset({"metadata_created", "metadata_modified", "indexed_ts"})
NGRAM_FIELDS = {"name_ngram": "name", "title_ngram": "title"}
INT_FIELDS = frozenset({
    "views_total", "views_recent", "resources_accessed_total",
    "resources_accessed_recent",
})
# Stored by Solr but only for returning: never matched or faceted.
STORED_ONLY = frozenset({"data_dict", "validated_data_dict"})
# Indexed but not stored in CKAN's schema: never returned in results.
NOT_STORED = frozenset({
    "text", "urls", "permission_labels", "title_string", "views_total",
    "views_recent", "resources_accessed_total", "resources_accessed_recent",
})

DATE_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"


def kind_of(field: str) -> str:
    """``text``, ``date``, ``ngram``, ``int`` or ``string``."""
    if field in NGRAM_FIELDS:
        return "ngram"
    if field in TEXT_FIELDS or field.startswith(TEXT_PREFIXES):
        return "text"
    if field in DATE_FIELDS or field.endswith("_date"):
        return "date"
    if field in INT_FIELDS:
        return "int"
    return "string"


def normalise_date(value: Any) -> Optional[str]:
    """An ISO date as a fixed-width UTC string that sorts as text."""
    if isinstance(value, datetime.datetime):
        moment = value
    else:
        try:
            moment = parse_date(str(value))
        except (ParserError, ValueError, OverflowError):
            return None
    if moment.tzinfo is not None:
        moment = moment.astimezone(datetime.timezone.utc).replace(tzinfo=None)
    return moment.strftime(DATE_FORMAT)


def solr_output_date(value: Any) -> Any:
    """A date as Solr returns a stored date: millisecond precision, no
    trailing zeros (``2014-06-10T08:24:12.782Z``); other values as they are."""
    normalised = normalise_date(value) if isinstance(value, str) else None
    if normalised is None:
        return value
    seconds, fraction = normalised[:-1].split(".")
    fraction = fraction[:3].rstrip("0")
    return "%s%sZ" % (seconds, "." + fraction if fraction else "")


def as_strings(value: Any) -> list[str]:
    """Every value of a field as strings, the way Solr would index them."""
    values = value if isinstance(value, (list, tuple, set)) else [value]
    out = []
    for item in values:
        if item is None or isinstance(item, (dict,)):
            continue
        if isinstance(item, bool):
            out.append("true" if item else "false")
        else:
            text = str(item).replace("\x00", "")
            if text != "":
                out.append(text)
    return out


_UNITS = {
    "YEAR": "years", "YEARS": "years", "MONTH": "months", "MONTHS": "months",
    "DAY": "days", "DAYS": "days", "DATE": "days", "HOUR": "hours",
    "HOURS": "hours", "MINUTE": "minutes", "MINUTES": "minutes",
    "SECOND": "seconds", "SECONDS": "seconds", "MILLI": "microseconds",
    "MILLIS": "microseconds", "MILLISECOND": "microseconds",
    "MILLISECONDS": "microseconds",
}


def solr_date(expr: str, now: datetime.datetime) -> str:
    """Evaluate a Solr date expression (``NOW``, ``NOW-1DAY``, ``NOW/DAY``,
    ``2017-07-01T00:00:00Z+6MONTHS``) to a normalised date string.

    Raises ValueError for anything else.
    """
    import re
    from dateutil.relativedelta import relativedelta

    match = re.match(r"^(NOW|\d{4}-\d{2}-\d{2}(?:T[0-9:.]+Z?)?)(.*)$",
                     expr.strip())
    if not match:
        raise ValueError("not a date: %r" % expr)
    base, math_part = match.groups()
    if base == "NOW":
        moment = now
    else:
        normalised = normalise_date(base)
        if normalised is None:
            raise ValueError("not a date: %r" % expr)
        moment = datetime.datetime.strptime(normalised, DATE_FORMAT)
    for op, amount, unit in re.findall(r"([+\-/])(\d*)([A-Z]+)", math_part):
        if unit not in _UNITS:
            raise ValueError("unknown date unit %r" % unit)
        unit_name = _UNITS[unit]
        if op == "/":
            if unit_name == "years":
                moment = moment.replace(month=1, day=1, hour=0, minute=0,
                                        second=0, microsecond=0)
            elif unit_name == "months":
                moment = moment.replace(day=1, hour=0, minute=0, second=0,
                                        microsecond=0)
            elif unit_name == "days":
                moment = moment.replace(hour=0, minute=0, second=0,
                                        microsecond=0)
            elif unit_name == "hours":
                moment = moment.replace(minute=0, second=0, microsecond=0)
            elif unit_name == "minutes":
                moment = moment.replace(second=0, microsecond=0)
            elif unit_name == "seconds":
                moment = moment.replace(microsecond=0)
            continue
        if not amount:
            raise ValueError("date math without a number in %r" % expr)
        number = int(amount) * (1000 if unit_name == "microseconds" else 1)
        delta = relativedelta(**{unit_name: number})
        moment = moment + delta if op == "+" else moment - delta
    if re.sub(r"([+\-/])(\d*)([A-Z]+)", "", math_part).strip():
        raise ValueError("cannot evaluate date %r" % expr)
    return moment.strftime(DATE_FORMAT)
