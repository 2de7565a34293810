"""The OpenAPI 3.1 description of the read-only JSON API (``web.views.api``); a test keeps the two in step."""

from __future__ import annotations

from typing import Any

from workflows.machine import STATES
from workflows.vocab import ATTRIBUTES

_STRING = {"type": "string"}
_NULLABLE_STRING = {"type": ["string", "null"]}
_INT = {"type": "integer"}
_TIME = {"type": "string", "format": "date-time"}
_PAGE = {"name": "page", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 0},
         "description": "0-based page of 50"}
_ID = {"in": "path", "required": True, "schema": {"type": "integer"}}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "properties": properties, "required": sorted(properties)}


def _list_of(ref: str) -> dict[str, Any]:
    return _object({"items": {"type": "array", "items": {"$ref": f"#/components/schemas/{ref}"}}, "page": _INT})


def _ok(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERROR = _ok({"$ref": "#/components/schemas/Error"}, "refused; the message says why (Chinese, then English)")

SCHEMAS: dict[str, Any] = {
    "Published": _object({
        "id": _INT, "index_no": _STRING, "title": _STRING, "publisher": _STRING, "published_at": _TIME,
        "disclosure": {"type": "string", "enum": ["主动公开", "依申请转主动公开"]},
        "page_url": {"type": "string", "format": "uri"}, "file_url": {"type": "string", "format": "uri"}}),
    "Document": _object({
        "id": _INT, "title": _STRING, "department_id": _INT, "state": {"type": "string", "enum": list(STATES)},
        "revision": _INT, "attribute": {"type": ["string", "null"], "enum": [*ATTRIBUTES, None]},
        "lawful_basis": _NULLABLE_STRING, "declared_reason": _NULLABLE_STRING, "converted_from": _NULLABLE_STRING,
        "is_policy": {"type": "boolean"}, "current_version": _INT, "updated_at": _TIME}),
    "Error": _object({"error": _object({"status": _INT, "rule": _STRING, "message": _STRING})}),
}
SCHEMAS["DocumentDetail"] = {"allOf": [{"$ref": "#/components/schemas/Document"}, _object({
    "versions": {"type": "array", "items": {"type": "object"}},
    "findings": {"type": "array", "items": {"type": "object"},
                 "description": "kind, where, page and decision of each finding; never the personal data itself"},
    "records": {"type": "array", "items": {"type": "object"}}, "index_no": _NULLABLE_STRING})]}

_STAFF: list[dict[str, list[str]]] = [{"session": []}]
PATHS: dict[str, Any] = {
    "/openapi.json": {"get": {"summary": "This description", "responses": {"200": {"description": "OpenAPI 3.1"}}}},
    "/published": {"get": {"summary": "Published documents, newest first", "parameters": [_PAGE],
                           "responses": {"200": _ok(_list_of("Published"), "a page of published documents")}}},
    "/published/{entry_id}": {"get": {
        "summary": "One published document", "parameters": [{"name": "entry_id", **_ID}],
        "responses": {"200": _ok({"$ref": "#/components/schemas/Published"}, "the document"), "404": _ERROR}}},
    "/documents": {"get": {
        "summary": "Documents the signed-in user may see", "security": _STAFF,
        "parameters": [_PAGE, {"name": "state", "in": "query", "required": False,
                               "schema": {"type": "string", "enum": list(STATES)}}],
        "responses": {"200": _ok(_list_of("Document"), "a page of documents"), "401": _ERROR, "403": _ERROR}}},
    "/documents/{document_id}": {"get": {
        "summary": "One document with versions, findings (kinds only) and review records", "security": _STAFF,
        "parameters": [{"name": "document_id", **_ID}],
        "responses": {"200": _ok({"$ref": "#/components/schemas/DocumentDetail"}, "the document"),
                      "401": _ERROR, "403": _ERROR, "404": _ERROR}}},
}


def spec(server_url: str) -> dict[str, Any]:
    """The whole description, with the server it is served from."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "公开属性审查 API", "version": "1",
                 "description": "只读接口；办理操作请使用网页表单。Read-only; actions go through the pages."},
        "servers": [{"url": server_url}],
        "paths": PATHS,
        "components": {"schemas": SCHEMAS, "securitySchemes": {
            "session": {"type": "apiKey", "in": "cookie", "name": "session",
                        "description": "the session cookie from signing in on /auth/login"}}},
    }
