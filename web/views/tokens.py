"""Personal API tokens: the signed-in user creates one (its secret is shown once, on that page only) or revokes one."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from workflows.services.tokens import IssuedToken, create_token, list_tokens, revoke_token
from workflows.vocab import ROLES

from ..security import roles_required
from ..workflow import ctx
from .common import done

bp = Blueprint("tokens", __name__, url_prefix="/account/tokens")


def _page(issued: IssuedToken | None = None, status: int = 200) -> ResponseReturnValue:
    tokens = list_tokens(ctx().engine, current_user.id)
    return render_template("tokens/index.html", tokens=tokens, issued=issued), status


@bp.get("/")
@roles_required(*ROLES)
def index() -> ResponseReturnValue:
    """The user's tokens and the form to create one."""
    return _page()


@bp.post("/")
@roles_required(*ROLES)
def create() -> ResponseReturnValue:
    """Create a token and show its secret in this response only (never flashed: the flash lives in the cookie)."""
    issued = create_token(ctx().engine, current_user.id, request.form.get("name", ""))
    return _page(issued, 201)


@bp.post("/<int:token_id>/revoke")
@roles_required(*ROLES)
def revoke(token_id: int) -> ResponseReturnValue:
    """Revoke one of the user's tokens; calls with it are refused from now on."""
    revoke_token(ctx().engine, current_user.id, token_id)
    done("令牌已撤销")
    return redirect(url_for("tokens.index"))
