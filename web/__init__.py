"""The web application: one factory, blueprints per user group, every action through ``workflows`` services.

``gunicorn 'web:create_app()'`` serves it; nothing here makes an engine or reads the environment at import.
"""

from __future__ import annotations

import logging
import os
import secrets
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from flask import Flask, redirect, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from flask_wtf.csrf import CSRFProtect

from workflows.config import Config

from .security import home_endpoint

logger = logging.getLogger(__name__)

SECRET_KEY_FILE = "secret_key"
# Room for the form fields around the file: the request limit is the upload limit plus this much.
FORM_OVERHEAD_BYTES = 256 * 1024


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app: defaults, then the environment and instance config (or ``test_config``), then the parts."""
    app = Flask(__name__)
    app.config.from_mapping(_defaults())
    if test_config is None:
        _load_environment(app)
    else:
        app.config.update(test_config)
    app.config["MAX_CONTENT_LENGTH"] = int(float(app.config["MAX_UPLOAD_MB"]) * 1024 * 1024) + FORM_OVERHEAD_BYTES
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = _instance_secret(Path(app.config["INSTANCE_PATH"]))
    _init_parts(app)
    return app


def _defaults() -> dict[str, Any]:
    return {
        "INSTANCE_PATH": str(Path("instance").resolve()),
        "DATABASE_URL": None,
        "MAX_UPLOAD_MB": 50.0,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Behind TLS set SESSION_COOKIE_SECURE=1 in the instance config; plain http on a fresh machine must work.
        "SESSION_COOKIE_SECURE": False,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "WTF_CSRF_TIME_LIMIT": 8 * 3600,  # a working day: a clerk's form does not expire over lunch
        "LOGIN_MAX_FAILURES": 5,
        "LOGIN_WINDOW_SECONDS": 15 * 60,
        "SCAN": None,  # tests may give a scan function; otherwise review's Scanner is built here
        "REDACTOR": None,  # tests may give a de-identification writer; otherwise review's redaction (web.workflow)
    }


def _load_environment(app: Flask) -> None:
    config = Config.from_env()
    app.config.update(INSTANCE_PATH=str(config.instance_path), DATABASE_URL=config.database_url,
                      MAX_UPLOAD_MB=config.max_upload_mb)
    if os.environ.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = os.environ["SECRET_KEY"]
    # Local settings (e.g. SESSION_COOKIE_SECURE = True) live beside the database, outside the code.
    app.config.from_pyfile(str(config.instance_path / "web.cfg"), silent=True)


def _instance_secret(instance: Path) -> str:
    """The session key kept in the instance folder, generated on first start so sessions survive restarts."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / SECRET_KEY_FILE
    if not path.is_file():
        # Written whole to a private temporary file, then linked into place: when several workers start at once,
        # exactly one link succeeds and every worker then reads the same complete key.
        fd, temporary = tempfile.mkstemp(dir=instance, prefix=".secret-")
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_hex(32))
        try:
            os.link(temporary, path)
            logger.info("generated a new session key in the instance folder")
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    return path.read_text(encoding="ascii").strip()


def _init_parts(app: Flask) -> None:
    from . import errors, filters, security, workflow
    from .views import api, auditor, auth, dashboard, drafter, office, portal, reviewers, tokens

    workflow.init_app(app)
    security.init_app(app)
    CSRFProtect(app)
    errors.init_app(app)
    filters.init_app(app)
    for blueprint in (auth.bp, drafter.bp, office.bp, reviewers.bp, auditor.bp, dashboard.bp, tokens.bp, portal.bp,
                      api.bp):
        app.register_blueprint(blueprint)
    app.add_url_rule("/", "index", _index)


def _index() -> ResponseReturnValue:
    """Signed-in users go to their work; everyone else to the public portal."""
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint(current_user)))
    return redirect(url_for("portal.index"))
