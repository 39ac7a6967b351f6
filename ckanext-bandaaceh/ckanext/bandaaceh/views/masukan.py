"""A guard in front of every request: text with a NUL byte is refused.

PostgreSQL cannot store or compare text containing NUL, so such a value
in a query string, form or JSON body would end as a server error deep in
CKAN (its own ``package_show`` included). It is refused up front: the API
answers as CKAN does for invalid input (409, ``Validation Error`` naming
the field), pages with 400.
"""
from __future__ import annotations

import json
from typing import Any, Iterator, Optional

from flask import Blueprint, Response, request

import ckan.plugins.toolkit as tk

masukan = Blueprint("bandaaceh_masukan", __name__)

PESAN = "Nilai tidak boleh mengandung karakter NUL (\\x00)"
# JSON bodies larger than this are left to CKAN (API bodies are small).
MAX_JSON_BYTES = 1024 * 1024


def _json_fields(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _json_fields(item, f"{path}.{key}" if path else key)
            yield path or str(key), key
    elif isinstance(value, list):
        for item in value:
            yield from _json_fields(item, path)
    else:
        yield path, value


def _fields() -> Iterator[tuple[str, Any]]:
    for key, value in request.args.items(multi=True):
        yield key, key
        yield key, value
    if request.mimetype in ("application/x-www-form-urlencoded",
                            "multipart/form-data"):
        for key, value in request.form.items(multi=True):
            yield key, key
            yield key, value
    elif (request.is_json and request.content_length is not None
          and request.content_length <= MAX_JSON_BYTES):
        body = request.get_json(silent=True)
        if body is not None:
            yield from _json_fields(body)


def _nul_field() -> Optional[str]:
    if "\x00" in request.path:
        return "path"
    for field, value in _fields():
        if isinstance(value, str) and "\x00" in value:
            return field or "body"
    return None


@masukan.before_app_request
def tolak_nul() -> Optional[Response]:
    field = _nul_field()
    if field is None:
        return None
    if request.path.startswith("/api/"):
        body = {"help": request.url, "success": False,
                "error": {"__type": "Validation Error", field: [PESAN]}}
        return Response(json.dumps(body), status=409,
                        mimetype="application/json")
    return tk.abort(400, PESAN)
