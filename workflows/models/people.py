"""Departments, users and the roles they hold."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from .columns import UTCDateTime, utcnow


class DepartmentBase(SQLModel):
    """A department; ``code`` is its organisation code, the prefix of the 索引号 it publishes under."""

    code: str = Field(max_length=40, unique=True)
    name: str = Field(max_length=200, unique=True)


class Department(DepartmentBase, table=True):
    """A department row."""

    __tablename__ = "departments"
    id: int | None = Field(default=None, primary_key=True)


class UserBase(SQLModel):
    """What may be shown about a user."""

    username: str = Field(max_length=80, unique=True)
    display_name: str = Field(default="", max_length=200)
    department_id: int | None = Field(default=None, foreign_key="departments.id", index=True)
    active: bool = True


class User(UserBase, table=True):
    """A user row; the password is kept only as a salted scrypt hash."""

    __tablename__ = "users"
    id: int | None = Field(default=None, primary_key=True)
    password_hash: str = Field(max_length=300)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class UserPublic(UserBase):
    """A user as the UI shows it, with roles and without the password hash."""

    id: int
    roles: list[str] = []


class UserRole(SQLModel, table=True):
    """One role held by one user; a person may hold several."""

    __tablename__ = "user_roles"
    user_id: int = Field(foreign_key="users.id", primary_key=True, ondelete="CASCADE")
    role: str = Field(max_length=40, primary_key=True)
