"""Sign in and sign out, with failed attempts throttled per user name and address."""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user, logout_user

from workflows.services import authenticate

from ..security import WebUser, client_address, home_endpoint, throttle
from ..workflow import ctx

logger = logging.getLogger(__name__)

bp = Blueprint("auth", __name__, url_prefix="/auth")


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site: an absolute or scheme-relative address would be an open redirect."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    """The sign-in form; five failures for one name from one address in 15 minutes block it for a while."""
    if current_user.is_authenticated:
        return redirect(url_for(home_endpoint(current_user)))
    if request.method == "GET":
        return render_template("auth/login.html", next=request.args.get("next", ""))
    username = request.form.get("username", "").strip()
    password = request.form.get("password", "")
    address = client_address()
    if throttle().blocked(username, address):
        logger.warning("sign-in blocked after repeated failures from %s", address)
        flash("登录失败次数过多，请 15 分钟后再试", "error")
        return render_template("auth/login.html", next=""), 429
    user = authenticate(ctx().engine, username, password) if username and password else None
    if user is None:
        throttle().failed(username, address)
        flash("用户名或密码错误", "error")
        return render_template("auth/login.html", next=request.form.get("next", "")), 401
    throttle().succeeded(username, address)
    web_user = WebUser(user)
    login_user(web_user)
    logger.info("user %s signed in", user.id)
    return redirect(_safe_next(request.form.get("next")) or url_for(home_endpoint(web_user)))


@bp.post("/logout")
@login_required
def logout() -> ResponseReturnValue:
    """Sign out (a POST, so another site cannot sign a user out with a link)."""
    logout_user()
    flash("已退出登录", "info")
    return redirect(url_for("portal.index"))
