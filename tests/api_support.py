"""Helpers for the API tests: a caller holding a personal token or a signed-in session with its CSRF token."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlmodel import Session, select
from test_web_support import Browser, wf
from werkzeug.test import TestResponse

from workflows.models import User
from workflows.services.tokens import create_token


def user_id(app: Flask, username: str) -> int:
    """The id of the user with this name."""
    with Session(wf(app).engine) as s:
        found = s.exec(select(User.id).where(User.username == username)).one()
        assert found is not None
        return found


class Caller:
    """Calls the API as one user, with a personal token or with a signed-in session that sends the CSRF header."""

    def __init__(self, app: Flask, username: str, mode: str) -> None:
        self.client: FlaskClient = app.test_client()
        self.headers: dict[str, str] = {}
        if mode == "token":
            secret = create_token(wf(app).engine, user_id(app, username), "tests").secret
            self.headers["Authorization"] = f"Bearer {secret}"
        else:
            browser = Browser(self.client)
            assert browser.login(username).status_code == 302
            token = self.client.get("/api/v1/csrf-token").get_json()["csrf_token"]
            self.headers["X-CSRFToken"] = token

    def get(self, url: str) -> TestResponse:
        """GET with the credentials."""
        return self.client.get(url, headers=self.headers)

    def post(self, url: str, json: Any = None, data: dict[str, Any] | None = None) -> TestResponse:
        """POST JSON, or a multipart form when ``data`` is given."""
        if data is not None:
            return self.client.post(url, data=data, headers=self.headers)
        return self.client.post(url, json=json, headers=self.headers)


def api_error(response: TestResponse, status: int, rule: str) -> dict[str, Any]:
    """Assert a JSON refusal with this status and rule, in both languages; return the error object."""
    assert response.status_code == status, response.get_data(as_text=True)
    error: dict[str, Any] = response.get_json()["error"]
    assert error["rule"] == rule and error["status"] == status
    assert error["message_zh"] and error["message_en"] and not error["message_zh"].startswith("[")
    return error
