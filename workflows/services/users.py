"""Departments, users, roles and passwords (salted scrypt from the standard library)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
import secrets
from collections.abc import Iterable
from functools import cache

from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from ..db import read_snapshot, transaction
from ..errors import GuardRefused, NotFound
from ..models import Department, User, UserPublic, UserRole
from ..vocab import DRAFTER, ROLES

logger = logging.getLogger(__name__)

# scrypt cost: about 50 ms and 16 MiB per check, enough to make guessing expensive.
_N, _R, _P = 2**14, 8, 1


def hash_password(password: str) -> str:
    """A salted scrypt hash in the form ``scrypt$n$r$p$salt$hash``."""
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, n=_N, r=_R, p=_P)
    return "$".join(["scrypt", str(_N), str(_R), str(_P), _b64(salt), _b64(digest)])


def check_password(stored: str, password: str) -> bool:
    """True when ``password`` matches the stored hash (compared in constant time)."""
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    candidate = hashlib.scrypt(password.encode("utf-8"), salt=_unb64(salt), n=int(n), r=int(r), p=int(p))
    return hmac.compare_digest(candidate, _unb64(digest))


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


def ensure_department(engine: Engine, code: str, name: str) -> int:
    """The id of the department with ``code``, creating it if needed."""
    with transaction(engine) as session:
        department = session.exec(select(Department).where(Department.code == code)).one_or_none()
        if department is None:
            department = Department(code=code, name=name)
            session.add(department)
            session.flush()
        assert department.id is not None
        return department.id


def create_user(engine: Engine, username: str, password: str, roles: Iterable[str],
                department_code: str | None = None, display_name: str = "") -> int:
    """Create a user with one or more roles; a drafter must belong to a department."""
    roles = sorted(set(roles))
    unknown = [r for r in roles if r not in ROLES]
    if unknown or not roles:
        raise GuardRefused("role", "角色无效", f"unknown or missing roles: {unknown}; choose from {', '.join(ROLES)}")
    if len(password) < 8:
        raise GuardRefused("password", "密码至少 8 位", "a password needs at least 8 characters")
    with transaction(engine) as session:
        department_id = _department_id(session, department_code)
        if DRAFTER in roles and department_id is None:
            raise GuardRefused("department", "起草人必须归属一个部门", "a drafter must belong to a department")
        user = User(username=username, display_name=display_name or username, department_id=department_id,
                    password_hash=hash_password(password))
        session.add(user)
        try:
            session.flush()
        except IntegrityError as exc:
            raise GuardRefused("username_taken", "用户名已存在", f"the username {username!r} is taken") from exc
        assert user.id is not None
        session.add_all(UserRole(user_id=user.id, role=role) for role in roles)
        logger.info("user %s created with roles %s", user.id, ",".join(roles))
        return user.id


def _department_id(session: Session, code: str | None) -> int | None:
    if code is None:
        return None
    department = session.exec(select(Department).where(Department.code == code)).one_or_none()
    if department is None:
        raise NotFound("部门不存在", f"no department with code {code!r}")
    return department.id


@cache
def _dummy_hash() -> str:
    """Checked against when the user name is unknown, so a sign-in takes as long whether or not the name exists."""
    return hash_password(secrets.token_urlsafe(16))


def authenticate(engine: Engine, username: str, password: str) -> UserPublic | None:
    """The active user with this name and password, or None."""
    with read_snapshot(engine) as session:
        user = session.exec(select(User).where(User.username == username)).one_or_none()
        matches = check_password(user.password_hash if user else _dummy_hash(), password)
        if user is None or not user.active or not matches:
            return None
        return user_public(session, user)


def user_public(session: Session, user: User) -> UserPublic:
    """A user with their roles, without the password hash."""
    roles = sorted(session.exec(select(UserRole.role).where(UserRole.user_id == user.id)).all())
    return UserPublic.model_validate(user, update={"roles": roles})


def get_user(engine: Engine, user_id: int) -> UserPublic:
    """One user with their roles."""
    with read_snapshot(engine) as session:
        user = session.get(User, user_id)
        if user is None:
            raise NotFound("用户不存在", f"no user {user_id}")
        return user_public(session, user)
