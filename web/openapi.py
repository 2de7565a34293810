"""The OpenAPI 3.1 description of the JSON API (``web.views.api``); a test keeps the two in step and validates it."""

from __future__ import annotations

from typing import Any

from workflows.machine import STATES, TRIGGERS
from workflows.vocab import ATTRIBUTES, DECISION_ACTIONS, EXEMPTIONS, LAWFUL_BASES, ROLES, TOPICS

_STRING = {"type": "string"}
_TEXT = {"type": "string", "maxLength": 20000}
_NULLABLE_STRING = {"type": ["string", "null"]}
_INT = {"type": "integer"}
_BOOL = {"type": "boolean"}
_TIME = {"type": "string", "format": "date-time"}
_NULLABLE_DATE = {"type": ["string", "null"], "format": "date"}
_PLACE = {"where": _STRING, "page": {"type": ["integer", "null"]}, "location": _STRING}
_SHA = {"type": "string", "pattern": "^[0-9a-f]{64}$"}
_REVISION = {"type": "integer", "minimum": 1,
             "description": "the document revision the caller last read; a stale one answers 409 (optimistic lock)"}
_PAGE = {"name": "page", "in": "query", "required": False, "schema": {"type": "integer", "minimum": 0},
         "description": "0-based page of 50"}
_DOCUMENT_ID = {"name": "document_id", "in": "path", "required": True, "schema": _INT}
# Every signed-in call: a personal token, or the browser session (whose POSTs need X-CSRFToken as well).
_STAFF: list[dict[str, list[str]]] = [{"bearer": []}, {"session": []}]
_ERROR_TEXT = {
    "400": "the request is incomplete or malformed (rule bad_form, trigger, csrf, file_required, title_required)",
    "401": "no session and no token, or the token is unknown or revoked (rule authentication or token)",
    "403": "the caller may not do this (rule role, department, separation_of_duties or active_user)",
    "404": "no such document, finding or entry",
    "409": "the document's state or content refuses the action, or someone changed it first (the rule says which)",
    "413": "the file is larger than the upload limit",
    "415": "the file is not a readable .docx or .pdf",
}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _object(properties: dict[str, Any], optional: tuple[str, ...] = ()) -> dict[str, Any]:
    required = sorted(k for k in properties if k not in optional)
    return {"type": "object", "properties": properties, "required": required}


def _items(name: str, paged: bool = False) -> dict[str, Any]:
    properties: dict[str, Any] = {"items": {"type": "array", "items": _ref(name)}}
    if paged:
        properties["page"] = _INT
    return _object(properties)


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _operation(summary: str, ok: tuple[str, dict[str, Any], str], errors: str, *, staff: bool = True,
               parameters: list[dict[str, Any]] | None = None, body: dict[str, Any] | None = None) -> dict[str, Any]:
    """One operation: its success response, the error statuses it may answer (space-separated), and its inputs."""
    status, schema, description = ok
    responses = {status: _json(schema, description)}
    for code in errors.split():
        responses[code] = _json(_ref("Error"), _ERROR_TEXT[code])
    operation: dict[str, Any] = {"summary": summary, "responses": responses}
    if staff:
        operation["security"] = _STAFF
    if parameters:
        operation["parameters"] = parameters
    if body:
        operation["requestBody"] = {"required": True, "content": body}
    return operation


SCHEMAS: dict[str, Any] = {
    "Published": _object({
        "id": _INT, "index_no": _STRING, "title": _STRING, "publisher": _STRING, "published_at": _TIME,
        "disclosure": {"type": "string", "enum": ["主动公开", "依申请转主动公开"]},
        "topic": {"type": ["string", "null"], "enum": [*TOPICS, None], "description": "主题分类"},
        "doc_number": {**_NULLABLE_STRING, "description": "文号"},
        "written_on": {**_NULLABLE_DATE, "description": "成文日期"},
        "page_url": {"type": "string", "format": "uri"}, "file_url": {"type": "string", "format": "uri"}}),
    "Document": _object({
        "id": _INT, "title": _STRING, "department_id": _INT, "state": {"type": "string", "enum": list(STATES)},
        "revision": _INT, "attribute": {"type": ["string", "null"], "enum": [*ATTRIBUTES, None]},
        "lawful_basis": _NULLABLE_STRING, "declared_reason": _NULLABLE_STRING, "converted_from": _NULLABLE_STRING,
        "is_policy": _BOOL, "current_version": _INT, "updated_at": _TIME, "topic": _NULLABLE_STRING,
        "doc_number": _NULLABLE_STRING, "written_on": _NULLABLE_DATE}),
    "Version": _object({
        "number": _INT, "sha256": _SHA, "size": _INT, "format": _NULLABLE_STRING, "uploaded_at": _TIME,
        "scan_status": _STRING, "marking": _NULLABLE_STRING, "marking_text": _NULLABLE_STRING,
        "marking_conflict": _BOOL, "secrecy_marking": _NULLABLE_STRING,
        "found_doc_number": {**_NULLABLE_STRING, "description": "文号 read from the text"},
        "found_written_on": {**_NULLABLE_DATE, "description": "成文日期 read from the text"},
        "marking_places": {"type": "array", "items": _object({"value": _STRING, "marking": _STRING, **_PLACE}),
                           "description": "each 公开属性 marking found and where (all of them when they conflict)"},
        "secrecy_place": {"oneOf": [_object(_PLACE), {"type": "null"}]}}),
    "Finding": {**_object({
        "id": _INT, "kind": _STRING, "where": _STRING, "page": {"type": ["integer", "null"]},
        "decision": {"type": ["string", "null"], "enum": [*DECISION_ACTIONS, None]},
        "exemption": _NULLABLE_STRING}), "description": "kind and place of a finding; never the personal data itself"},
    "Record": _object({
        "seq": _INT, "document_id": _INT, "at": _TIME, "trigger": _STRING, "from": _STRING, "to": _STRING,
        "actor": _STRING, "role": _STRING, "version": _INT, "comment": _STRING, "hash": _SHA}),
    "Outcome": _object({"document_id": _INT, "state": {"type": "string", "enum": list(STATES)}, "revision": _INT,
                        "record_seq": _INT, "record_hash": _SHA}),
    "DecisionsRecorded": _object({"document_id": _INT, "revision": _INT, "decided": _INT}),
    "CsrfToken": _object({"csrf_token": _STRING, "header": {"type": "string", "const": "X-CSRFToken"}}),
    "Error": _object({"error": _object({
        "status": _INT, "rule": {"type": "string", "description": "the rule that refused, e.g. role, state, csrf"},
        "message_zh": _STRING, "message_en": _STRING, "message": _STRING})}),
    "Declaration": _object({
        "revision": _REVISION, "attribute": {"type": "string", "enum": list(ATTRIBUTES)},
        "lawful_basis": {"type": ["string", "null"], "enum": [*LAWFUL_BASES, None],
                         "description": "required for 不予公开, absent otherwise"},
        "reason": {**_TEXT, "description": "required for 依申请公开 and 不予公开"},
        "topic": {"type": "string", "enum": list(TOPICS), "description": "主题分类 of the 政府信息公开目录"},
        "doc_number": {**_TEXT, "description": "文号 (the scan proposes Version.found_doc_number)"},
        "written_on": {"type": "string", "format": "date",
                       "description": "成文日期 (the scan proposes Version.found_written_on)"}},
        optional=("lawful_basis", "reason", "doc_number", "written_on")),
    "Transition": _object({
        "trigger": {"type": "string", "enum": list(TRIGGERS)}, "revision": _REVISION,
        "comment": {**_TEXT, "description": "remark; the reason for return_document, file_undisclosed and "
                                            "convert_to_proactive; the opinion for clear_confidentiality"},
        "reason": {**_TEXT, "description": "alias of comment for return_document, file_undisclosed, convert"},
        "opinion": {**_TEXT, "description": "alias of comment for clear_confidentiality"},
        "secrecy_resolution": {**_TEXT, "description": "clear_confidentiality of a file with a secrecy marking"},
        "attribute": {"type": "string", "enum": list(ATTRIBUTES), "description": "declare only"},
        "lawful_basis": {"type": "string", "enum": list(LAWFUL_BASES), "description": "declare only"}},
        optional=("comment", "reason", "opinion", "secrecy_resolution", "attribute", "lawful_basis")),
    "Revision": _object({
        "trigger": {"type": "string", "const": "revise"}, "revision": _REVISION,
        "file": {"type": "string", "contentMediaType": "application/octet-stream"}, "comment": _TEXT},
        optional=("comment",)),
    "Decisions": _object({"revision": _REVISION, "decisions": {"type": "array", "items": _object({
        "finding_id": _INT, "action": {"type": "string", "enum": list(DECISION_ACTIONS)},
        "exemption": {"type": ["string", "null"], "enum": [*EXEMPTIONS, None],
                      "description": "required to keep a finding; absent to mask it"},
        "note": _TEXT}, optional=("exemption", "note"))}}),
    "Upload": _object({
        "file": {"type": "string", "contentMediaType": "application/octet-stream",
                 "description": ".docx or .pdf, within the upload size limit"},
        "title": {"type": "string", "maxLength": 500}, "is_policy": {"type": "string", "enum": ["0", "1"]}},
        optional=("is_policy",)),
}
SCHEMAS["DocumentDetail"] = {"allOf": [_ref("Document"), _object({
    "versions": {"type": "array", "items": _ref("Version")}, "findings": {"type": "array", "items": _ref("Finding")},
    "records": {"type": "array", "items": _ref("Record")}, "index_no": _NULLABLE_STRING})]}

_CHANGE = "400 401 403 404 409"
PATHS: dict[str, Any] = {
    "/openapi.json": {"get": _operation("This description", ("200", {"type": "object"}, "OpenAPI 3.1"), "",
                                        staff=False)},
    "/csrf-token": {"get": _operation("The session's CSRF token for state-changing calls from the browser",
                                      ("200", _ref("CsrfToken"), "send it back as X-CSRFToken"), "401 403")},
    "/published": {"get": _operation("Published documents, newest first",
                                     ("200", _items("Published", True), "a page of published documents"), "",
                                     staff=False, parameters=[_PAGE])},
    "/published/{entry_id}": {"get": _operation(
        "One published document", ("200", _ref("Published"), "the document"), "404", staff=False,
        parameters=[{"name": "entry_id", "in": "path", "required": True, "schema": _INT}])},
    "/documents": {
        "get": _operation("Documents the caller may see (drafters: their department's)",
                          ("200", _items("Document", True), "a page of documents"), "401 403",
                          parameters=[_PAGE, {"name": "state", "in": "query", "required": False,
                                              "schema": {"type": "string", "enum": list(STATES)}}]),
        "post": _operation("Upload a new draft (drafters); it is stored, scanned and created in drafted",
                           ("201", _ref("Outcome"), "created; Location names the document"), "400 401 403 413 415",
                           body={"multipart/form-data": {"schema": _ref("Upload")}})},
    "/documents/{document_id}": {"get": _operation(
        "One document with versions, findings (kinds only) and review records",
        ("200", _ref("DocumentDetail"), "the document"), "401 403 404", parameters=[_DOCUMENT_ID])},
    "/documents/{document_id}/versions": {"get": _operation(
        "Every version of the document", ("200", _items("Version"), "oldest first"), "401 403 404",
        parameters=[_DOCUMENT_ID])},
    "/documents/{document_id}/findings": {"get": _operation(
        "The current version's personal-data findings and decisions", ("200", _items("Finding"), "in scan order"),
        "401 403 404", parameters=[_DOCUMENT_ID])},
    "/documents/{document_id}/records": {"get": _operation(
        "The document's review records", ("200", _items("Record"), "oldest first"), "401 403 404",
        parameters=[_DOCUMENT_ID])},
    "/documents/{document_id}/declare": {"post": _operation(
        "Declare the 公开属性 (drafters of the document's department)", ("200", _ref("Outcome"), "declared"),
        _CHANGE, parameters=[_DOCUMENT_ID], body={"application/json": {"schema": _ref("Declaration")}})},
    "/documents/{document_id}/transitions": {"post": _operation(
        "Fire one trigger of the lifecycle; revise takes a multipart body with the new file",
        ("200", _ref("Outcome"), "the document moved and one review record was written"), f"{_CHANGE} 413 415",
        parameters=[_DOCUMENT_ID], body={"application/json": {"schema": _ref("Transition")},
                                         "multipart/form-data": {"schema": _ref("Revision")}})},
    "/documents/{document_id}/decisions": {"post": _operation(
        "Record privacy decisions on the current version's findings (privacy reviewers)",
        ("200", _ref("DecisionsRecorded"), "recorded; the document has a new revision"), _CHANGE,
        parameters=[_DOCUMENT_ID], body={"application/json": {"schema": _ref("Decisions")}})},
    "/records": {"get": _operation(
        "Review records of every document, newest first (auditors)", ("200", _items("Record", True), "a page"),
        "401 403", parameters=[_PAGE, {"name": "document", "in": "query", "required": False, "schema": _INT},
                               {"name": "user", "in": "query", "required": False, "schema": _STRING},
                               {"name": "trigger", "in": "query", "required": False, "schema": _STRING}])},
}


def spec(server_url: str) -> dict[str, Any]:
    """The whole description, with the server it is served from."""
    return {
        "openapi": "3.1.0",
        "info": {"title": "公开属性审查 API", "version": "1",
                 "description": ("与网页相同的权限规则。令牌调用：Authorization: Bearer；浏览器会话调用的写操作须带 "
                                 "X-CSRFToken。The same role rules as the pages; roles: " + ", ".join(ROLES))},
        "servers": [{"url": server_url}],
        "paths": PATHS,
        "components": {"schemas": SCHEMAS, "securitySchemes": {
            "bearer": {"type": "http", "scheme": "bearer",
                       "description": "a personal API token created on /account/tokens/"},
            "session": {"type": "apiKey", "in": "cookie", "name": "session",
                        "description": "the session cookie from signing in on /auth/login; state-changing calls "
                                       "also need the X-CSRFToken header (GET /csrf-token)"}}},
    }
