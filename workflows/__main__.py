"""``python -m workflows``: init-db, create-user, verify-records, export-records, diagram, demo."""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from .config import Config
from .errors import WorkflowError
from .vocab import ROLES


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m workflows", description="公开属性审查 workflow administration")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("init-db", help="create or upgrade the database schema (Alembic upgrade head)")
    user = sub.add_parser("create-user", help="create a user with one or more roles")
    user.add_argument("username")
    user.add_argument("--password", help="the new user's password (asked for when left out, so it stays out of "
                                         "the shell history and the process list)")
    user.add_argument("--role", action="append", required=True, choices=ROLES, dest="roles")
    user.add_argument("--department-code", help="organisation code of the user's department")
    user.add_argument("--department-name", help="create the department with this name if it does not exist")
    user.add_argument("--display-name", default="")
    sub.add_parser("verify-records", help="walk the review-record chain; exit 1 at the first record that fails")
    export = sub.add_parser("export-records", help="write every review record")
    export.add_argument("--format", choices=("csv", "json"), default="csv")
    export.add_argument("--output", type=Path, help="file to write (default: standard output)")
    diagram = sub.add_parser("diagram", help="write the state machine as a Mermaid diagram")
    diagram.add_argument("--output", type=Path, help="file to write (default: standard output)")
    demo = sub.add_parser("demo", help="load demo users and the sample documents, moving some through every state")
    demo.add_argument("--password", required=True, help="password for every demo user")
    demo.add_argument("--samples", type=Path, help="folder of sample .docx/.pdf files (default sample_docs/files)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the exit status."""
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    if args.command == "diagram":
        return _write(args.output, _diagram())
    config = Config.from_env()
    try:
        return _COMMANDS[args.command](config, args)
    except WorkflowError as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return 2


def _diagram() -> str:
    from .machine import mermaid

    return mermaid() + "\n"


def _write(output: Path | None, text: str) -> int:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")
    return 0


def _init_db(config: Config, args: argparse.Namespace) -> int:
    from .db import make_engine
    from .migrate import upgrade

    config.instance_path.mkdir(parents=True, exist_ok=True)
    engine = make_engine(config.database_url)
    try:
        upgrade(engine)
    finally:
        engine.dispose()
    print(f"数据库已就绪 / database ready: {engine.url.render_as_string(hide_password=True)}")
    return 0


def _create_user(config: Config, args: argparse.Namespace) -> int:
    from .db import make_engine
    from .services.users import create_user, ensure_department

    engine = make_engine(config.database_url)
    try:
        if args.department_code and args.department_name:
            ensure_department(engine, args.department_code, args.department_name)
        user_id = create_user(engine, args.username, args.password or _ask_password(), args.roles,
                              args.department_code, args.display_name)
    finally:
        engine.dispose()
    print(f"已创建用户 / created user {args.username} (id {user_id}, roles {', '.join(sorted(set(args.roles)))})")
    return 0


def _ask_password() -> str:
    """Read the new password twice from the terminal."""
    first = getpass.getpass("新用户密码 / password: ")
    if getpass.getpass("再输入一次 / again: ") != first:
        raise WorkflowError("两次输入的密码不一致", "the two passwords differ")
    return first


def _verify(config: Config, args: argparse.Namespace) -> int:
    from .db import make_engine
    from .records import verify_chain

    engine = make_engine(config.database_url)
    try:
        result = verify_chain(engine)
    finally:
        engine.dispose()
    print(result.message(), file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1


def _export(config: Config, args: argparse.Namespace) -> int:
    from .db import make_engine
    from .records import export_records

    engine = make_engine(config.database_url)
    try:
        if args.output is None:
            sys.stdout.writelines(export_records(engine, args.format))
        else:
            with args.output.open("w", encoding="utf-8", newline="") as out:
                out.writelines(export_records(engine, args.format))
    finally:
        engine.dispose()
    return 0


def _demo(config: Config, args: argparse.Namespace) -> int:
    from .demo import run_demo
    from .migrate import upgrade

    ctx = config.context()
    try:
        upgrade(ctx.engine)
        for line in run_demo(ctx, args.password, args.samples):
            print(line)
    finally:
        ctx.engine.dispose()
    return 0


_COMMANDS = {"init-db": _init_db, "create-user": _create_user, "verify-records": _verify,
             "export-records": _export, "demo": _demo}

if __name__ == "__main__":
    sys.exit(main())
