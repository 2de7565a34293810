"""Sign-in, roles, the failed-login throttle and the security headers on every response."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask import Flask, abort, current_app, request
from flask.wrappers import Response
from flask_login import LoginManager, UserMixin, current_user

from workflows import NotFound
from workflows.models import UserPublic
from workflows.services import get_user
from workflows.services.signin import LoginThrottle, SigninLimits
from workflows.vocab import AUDITOR, CONFIDENTIALITY, DRAFTER, OFFICE, PRIVACY

from .workflow import context_of, ctx

F = TypeVar("F", bound=Callable[..., Any])

# Scripts, styles, images and forms only from this site; no framing, no plugins.
CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; object-src 'none'; "
       "frame-ancestors 'none'; form-action 'self'; base-uri 'self'")
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
}
# The page each role starts on, in order of preference for people holding several roles.
HOME = ((OFFICE, "office.index"), (CONFIDENTIALITY, "reviewers.index"), (PRIVACY, "reviewers.index"),
        (DRAFTER, "drafter.index"), (AUDITOR, "auditor.index"))


class WebUser(UserMixin):
    """The signed-in user as the views see them (no password hash)."""

    def __init__(self, user: UserPublic) -> None:
        self.id = user.id
        self.username = user.username
        self.display_name = user.display_name or user.username
        self.department_id = user.department_id
        self.roles = frozenset(user.roles)
        self.active = user.active

    @property
    def is_active(self) -> bool:
        """A disabled user's session stops working at once."""
        return bool(self.active)

    def has(self, *roles: str) -> bool:
        """True when the user holds any of ``roles``."""
        return bool(self.roles.intersection(roles))


def init_app(app: Flask) -> None:
    """Flask-Login, the throttle and the headers."""
    manager = LoginManager()
    manager.login_view = "auth.login"
    manager.login_message = "请先登录"
    manager.login_message_category = "info"
    manager.session_protection = "strong"
    manager.user_loader(_load_user)
    manager.init_app(app)
    limits = SigninLimits(int(app.config["LOGIN_MAX_FAILURES"]), float(app.config["LOGIN_WINDOW_SECONDS"]))
    app.extensions["login_throttle"] = LoginThrottle(context_of(app).engine, limits)
    app.after_request(_headers)


def throttle() -> LoginThrottle:
    """The current app's failed-login throttle."""
    return cast(LoginThrottle, current_app.extensions["login_throttle"])


def _load_user(user_id: str) -> WebUser | None:
    try:
        return WebUser(get_user(ctx().engine, int(user_id)))
    except (NotFound, ValueError):
        return None


def _headers(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    if current_user.is_authenticated:
        # Pages with documents and personal data must not stay in a shared browser's cache.
        response.headers["Cache-Control"] = "no-store"
    return response


def client_address() -> str:
    """The client's address as the server sees it (a proxy in front must be configured with ProxyFix)."""
    return request.remote_addr or "-"


def roles_required(*roles: str) -> Callable[[F], F]:
    """Only signed-in users holding one of ``roles`` reach the view; others get 403 whatever they send."""

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()  # type: ignore[attr-defined]
            if not current_user.has(*roles):
                abort(403)
            return view(*args, **kwargs)

        return cast(F, wrapped)

    return decorate


def home_endpoint(user: WebUser) -> str:
    """Where a signed-in user starts."""
    for role, endpoint in HOME:
        if user.has(role):
            return endpoint
    return "portal.index"
