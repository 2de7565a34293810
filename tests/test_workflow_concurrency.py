"""Races and crashes: eight threads on one transition, and a process killed in the middle of its work."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlmodel import Session, col, select
from test_workflow_support import *  # noqa: F403  (fixtures)
from test_workflow_support import Flow

from workflows import ConflictError, make_engine
from workflows.models import Document, ReviewRecord
from workflows.records import verify_chain
from workflows.services import accept_attribute, return_document

THREADS = 8
ROOT = Path(__file__).resolve().parent.parent


def _race(calls: list[Callable[[], object]]) -> tuple[list[object], list[BaseException]]:
    barrier = threading.Barrier(len(calls))
    results: list[object] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(call: Callable[[], object]) -> None:
        barrier.wait()
        try:
            outcome = call()
        except BaseException as exc:  # noqa: BLE001  (collected and asserted on below)
            with lock:
                errors.append(exc)
        else:
            with lock:
                results.append(outcome)

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results, errors


def test_eight_threads_race_one_transition_exactly_one_wins(flow: Flow) -> None:
    doc = flow.declared()
    revision = flow.revision(doc)
    # Half accept, half return: only one may happen, whichever commits first.
    calls: list[Callable[[], object]] = [
        (lambda: accept_attribute(flow.ctx, flow.p.office, doc, revision)) if i % 2 else
        (lambda: return_document(flow.ctx, flow.p.office, doc, revision, "退文")) for i in range(THREADS)]
    results, errors = _race(calls)
    assert len(results) == 1, errors
    assert len(errors) == THREADS - 1 and all(isinstance(e, ConflictError) for e in errors), errors
    with Session(flow.ctx.engine) as s:
        document = s.get(Document, doc)
        records = list(s.exec(select(ReviewRecord).where(ReviewRecord.document_id == doc)
                              .order_by(col(ReviewRecord.seq))))
    assert document is not None and document.revision == revision + 1
    assert [r.from_state for r in records].count("declared") == 1
    assert records[-1].to_state == document.state == results[0].state  # type: ignore[attr-defined]
    assert verify_chain(flow.ctx.engine).ok


def test_threads_on_different_documents_all_succeed_and_the_chain_stays_linear(flow: Flow) -> None:
    docs = [flow.declared() for _ in range(THREADS)]
    calls: list[Callable[[], object]] = [
        (lambda d=d: accept_attribute(flow.ctx, flow.p.office, d, flow.revision(d))) for d in docs]
    results, errors = _race(calls)
    assert errors == [] and len(results) == THREADS
    assert verify_chain(flow.ctx.engine).ok


WORKER = """
import sys
from pathlib import Path
from workflows import make_engine
from workflows.services import Catalogue, WorkflowContext, declare, return_document, revise
from workflows.store import ContentStore
from workflows.testing import fake_scan, write_fake

url, folder, doc, drafter, office = sys.argv[1], Path(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
ctx = WorkflowContext(make_engine(url), ContentStore(folder / "store"), fake_scan)
revision = int(sys.argv[6])
n = 0
print("ready", flush=True)
while True:
    n += 1
    out = declare(ctx, drafter, doc, revision, "主动公开", catalogue=Catalogue("综合政务"))
    out = return_document(ctx, office, doc, out.revision, "再改")
    source = write_fake(folder / f"rev{n % 3}.docx", personal=[("person_name", f"张{n % 7}")])
    out = revise(ctx, drafter, doc, out.revision, source, "修改稿.docx")
    revision = out.revision
"""


@pytest.mark.slow
def test_a_process_killed_mid_loop_leaves_a_verifiable_database(flow: Flow, db_url: str, tmp_path: Path) -> None:
    doc = flow.new()
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [os.environ.get("PYTHONPATH"), str(ROOT)]))}
    log = tmp_path / "worker.log"
    with log.open("wb") as errors, subprocess.Popen(
            [sys.executable, "-c", WORKER, db_url, str(tmp_path), str(doc), str(flow.p.drafter), str(flow.p.office),
             str(flow.revision(doc))], env=env, stdout=subprocess.PIPE, stderr=errors) as worker:
        try:
            assert worker.stdout is not None and worker.stdout.readline().strip() == b"ready", log.read_text()
            deadline = time.monotonic() + 30
            while _record_count(db_url) < 40 and time.monotonic() < deadline and worker.poll() is None:
                time.sleep(0.05)
            assert worker.poll() is None, log.read_text()
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(10)
    assert worker.returncode == -signal.SIGKILL
    engine = make_engine(db_url)
    try:
        result = verify_chain(engine)
        assert result.ok, result.message()
        assert result.checked >= 40
        with Session(engine) as s:
            document = s.get(Document, doc)
            last = s.exec(select(ReviewRecord).where(ReviewRecord.document_id == doc)
                          .order_by(col(ReviewRecord.seq).desc())).first()
        assert document is not None and last is not None and document.state == last.to_state
    finally:
        engine.dispose()


def _record_count(url: str) -> int:
    engine = make_engine(url)
    try:
        with Session(engine) as s:
            return len(s.exec(select(ReviewRecord.id)).all())
    finally:
        engine.dispose()
