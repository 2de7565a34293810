"""Workflow speed: audited transitions per second, and the office queue with 100,000 documents loaded.

    python benchmarks/workflow.py                       # SQLite, plus PostgreSQL if a URL is given
    python benchmarks/workflow.py --postgres postgresql+psycopg://postgres@127.0.0.1:5432/test

Each transition is a full service call: actor, role and separation-of-duties checks, the optimistic-lock update,
and one hash-chained review record, committed. The queue is the office's list: one state, one department, newest
first, 50 rows; its p50/p95 over many random (state, department) pairs is printed with the plan the database used.
Targets: >= 300 transitions/s on PostgreSQL; queue p95 < 50 ms. PostgreSQL runs in a scratch schema, dropped after.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402
from sqlalchemy.engine import Engine, make_url  # noqa: E402
from sqlmodel import Session, select  # noqa: E402

from workflows import make_engine, transaction  # noqa: E402
from workflows.machine import STATES  # noqa: E402
from workflows.migrate import create_schema  # noqa: E402
from workflows.models import Department, Document, User, UserRole  # noqa: E402
from workflows.records import verify_chain  # noqa: E402
from workflows.services import (  # noqa: E402
    Catalogue,
    WorkflowContext,
    accept_attribute,
    clear_confidentiality,
    declare,
    queue,
    return_document,
    upload,
)
from workflows.store import ContentStore  # noqa: E402
from workflows.testing import fake_scan, write_fake  # noqa: E402

DEPARTMENTS = 40
QUEUE_DOCS = 100_000
QUEUE_SQL = ("SELECT * FROM documents WHERE state = '{state}' AND department_id = {dept} "
             "ORDER BY updated_at DESC, id DESC LIMIT 50")


@contextmanager
def scratch_postgres(url: str) -> Iterator[str]:
    """A URL on a new schema of the given PostgreSQL database, dropped afterwards."""
    schema = f"wf_bench_{uuid.uuid4().hex[:10]}"
    libpq = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(libpq, autocommit=True) as conn:
        conn.execute(f'CREATE SCHEMA "{schema}"')
    try:
        yield make_url(url).update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(False)
    finally:
        with psycopg.connect(libpq, autocommit=True) as conn:
            conn.execute(f'DROP SCHEMA "{schema}" CASCADE')


def _people(engine: Engine) -> dict[str, int]:
    with transaction(engine) as s:
        departments = [Department(code=f"1101{n:04d}", name=f"部门{n}") for n in range(DEPARTMENTS)]
        s.add_all(departments)
        s.flush()
        ids = {}
        for name, role, dept in (("drafter", "drafter", departments[0].id), ("office", "office", None),
                                 ("secrecy", "confidentiality_reviewer", None), ("privacy", "privacy_reviewer", None)):
            user = User(username=name, password_hash="x", department_id=dept)
            s.add(user)
            s.flush()
            assert user.id is not None
            s.add(UserRole(user_id=user.id, role=role))
            ids[name] = user.id
        return ids


def _prepare(engine: Engine, folder: Path, people: dict[str, int], documents: int) -> tuple[WorkflowContext, list[int]]:
    ctx = WorkflowContext(engine, ContentStore(folder / "store"), fake_scan)
    source = write_fake(folder / f"d{os.getpid()}.docx", personal=[("person_name", "张三")])
    return ctx, [upload(ctx, people["drafter"], "基准文件", source, "d.docx").document_id for _ in range(documents)]


def _move(ctx: WorkflowContext, people: dict[str, int], docs: list[int]) -> int:
    """Declare, accept, clear and return each document: four audited transitions a document."""
    for doc in docs:
        rev = declare(ctx, people["drafter"], doc, 1, "主动公开", catalogue=Catalogue("综合政务")).revision
        rev = accept_attribute(ctx, people["office"], doc, rev).revision
        rev = clear_confidentiality(ctx, people["secrecy"], doc, rev, "不涉密").revision
        return_document(ctx, people["privacy"], doc, rev, "退回")
    return 4 * len(docs)


def transitions_per_second(engine: Engine, folder: Path, documents: int) -> float:
    """One client: upload drafts, then time moving them."""
    people = _people(engine)
    ctx, docs = _prepare(engine, folder, people, documents)
    start = time.perf_counter()
    done = _move(ctx, people, docs)
    return done / (time.perf_counter() - start)


def _worker(url: str, folder: str, people: dict[str, int], documents: int, barrier: Any, results: Any) -> None:
    engine = make_engine(url)
    try:
        ctx, docs = _prepare(engine, Path(folder), people, documents)
        barrier.wait()
        results.put(_move(ctx, people, docs))
    finally:
        engine.dispose()


def concurrent_transitions_per_second(url: str, folder: Path, processes: int, documents: int) -> float:
    """Several client processes (as web workers would be) moving their own documents at once; the chain is one."""
    engine = make_engine(url)
    try:
        with Session(engine) as session:
            people = {u.username: u.id for u in session.exec(select(User)) if u.id is not None}
    finally:
        engine.dispose()
    context = multiprocessing.get_context("spawn")
    barrier, results = context.Barrier(processes + 1), context.Queue()
    workers = [context.Process(target=_worker, args=(url, str(folder), people, documents, barrier, results))
               for _ in range(processes)]
    for worker in workers:
        worker.start()
    barrier.wait()
    start = time.perf_counter()
    done = sum(results.get(timeout=600) for _ in workers)
    elapsed = time.perf_counter() - start
    for worker in workers:
        worker.join()
    return done / elapsed


def load_documents(engine: Engine, count: int) -> None:
    """Insert ``count`` documents straight into the table (the queue query does not read their history)."""
    rng = random.Random(7)
    now = datetime.now(UTC)
    with transaction(engine) as s:
        user = s.execute(text("SELECT id FROM users LIMIT 1")).scalar_one()
        dept_ids = [r[0] for r in s.execute(text("SELECT id FROM departments"))]
    batch: list[dict[str, object]] = []
    for n in range(count):
        moment = now - timedelta(seconds=rng.randrange(0, 400 * 86400))
        batch.append({"title": f"文件{n}", "department_id": rng.choice(dept_ids), "is_policy": False,
                      "state": rng.choice(STATES), "revision": 1, "current_version_no": 1, "created_by": user,
                      "created_at": moment, "updated_at": moment})
        if len(batch) == 5000 or n == count - 1:
            with transaction(engine) as s:
                s.execute(insert(Document), batch)
            batch = []
    with engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.commit()


def queue_timings(engine: Engine, rounds: int = 300) -> tuple[float, float, str]:
    """p50 and p95 milliseconds of the office queue over random (state, department), and the plan of one."""
    rng = random.Random(11)
    with engine.connect() as connection:
        dept_ids = [r[0] for r in connection.exec_driver_sql("SELECT id FROM departments")]
    samples = []
    for _ in range(rounds):
        state, dept = rng.choice(STATES), rng.choice(dept_ids)
        start = time.perf_counter()
        rows = queue(engine, state, dept, 50)
        samples.append((time.perf_counter() - start) * 1000)
        assert len(rows) <= 50
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], _plan(engine, dept_ids[0])


def _plan(engine: Engine, dept: int) -> str:
    sql = QUEUE_SQL.format(state="declared", dept=dept)
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            rows = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + sql).all()
            return "\n".join(f"    {r[-1]}" for r in rows)
        rows = connection.exec_driver_sql("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql).all()
        return "\n".join(f"    {r[0]}" for r in rows)


def run(name: str, url: str, documents: int, queue_docs: int, processes: int) -> None:
    """Both measurements on one database."""
    with tempfile.TemporaryDirectory(prefix="wf-bench-") as folder:
        engine = make_engine(url)
        try:
            create_schema(engine)
            rate = transitions_per_second(engine, Path(folder), documents)
            print(f"{name}: {rate:,.0f} audited transitions/s, one client ({4 * documents} transitions)")
            together = concurrent_transitions_per_second(url, Path(folder), processes, documents // 2)
            verdict = "ok" if max(rate, together) >= 300 else "below"
            target = f" (target >= 300: {verdict})" if name == "PostgreSQL" else ""
            print(f"{name}: {together:,.0f} audited transitions/s, {processes} client processes{target}")
            assert verify_chain(engine).ok, "the chain must verify after the benchmark"
            load_documents(engine, queue_docs)
            p50, p95, plan = queue_timings(engine)
            verdict = "ok" if p95 < 50 else "SLOW"
            print(f"{name}: office queue over {queue_docs:,} documents: p50 {p50:.2f} ms, p95 {p95:.2f} ms "
                  f"(target p95 < 50 ms: {verdict})\n  plan:\n{plan}")
        finally:
            engine.dispose()


def main() -> int:
    """Run on SQLite and, when a URL is given or TEST_DATABASE_URL is set, on PostgreSQL."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=os.environ.get("TEST_DATABASE_URL"))
    parser.add_argument("--documents", type=int, default=250, help="documents moved (4 transitions each)")
    parser.add_argument("--queue-documents", type=int, default=QUEUE_DOCS)
    parser.add_argument("--processes", type=int, default=max(2, os.cpu_count() or 2),
                        help="client processes for the concurrent figure (default: one per CPU)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="wf-bench-db-") as folder:
        run("SQLite", f"sqlite:///{Path(folder) / 'bench.sqlite3'}", args.documents, args.queue_documents,
            args.processes)
    if args.postgres:
        with scratch_postgres(args.postgres) as url:
            run("PostgreSQL", url, args.documents, args.queue_documents, args.processes)
    else:
        print("PostgreSQL: skipped (give --postgres URL or set TEST_DATABASE_URL)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
