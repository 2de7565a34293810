"""Web speed: gunicorn (4 workers) on PostgreSQL with 10,000 documents, reviewer clients working for 30 s.

    python benchmarks/web.py
    python benchmarks/web.py --postgres postgresql+psycopg://postgres@127.0.0.1:5432/test --seconds 30

The documents (each with a version and two findings) are bulk-inserted into a scratch schema, dropped afterwards.
Each client signs in through the form, then loops: list its queue, open a document, perform the transition its
role does there (office: 审核通过; 保密审查: 通过 with an opinion; 隐私审查: 退文 with a reason), carrying the
CSRF token of the page it read. Two clients may pick the same document; the loser gets the 409 conflict the app
promises, counted apart. Everything stays on loopback and stops after --seconds or --max-requests.
Targets: 0 unexpected errors; queue page p95 < 150 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))  # the sibling benchmark, also when this file is imported

import requests  # noqa: E402
from sqlalchemy import insert  # noqa: E402
from sqlalchemy.engine import Engine, make_url  # noqa: E402
from sqlmodel import col  # noqa: E402
from workflow import scratch_postgres  # noqa: E402  (the sibling benchmark's scratch schema)

from workflows import make_engine, transaction  # noqa: E402
from workflows.machine import CONFIDENTIALITY_REVIEW, CREATE, DECLARED, DRAFTED, PRIVACY_REVIEW  # noqa: E402
from workflows.migrate import create_schema  # noqa: E402
from workflows.models import Document, DocumentVersion, PersonalFinding  # noqa: E402
from workflows.records import RecordDraft, append_record, canonical_detail, verify_chain  # noqa: E402
from workflows.services.users import create_user, ensure_department  # noqa: E402
from workflows.store import ContentStore  # noqa: E402
from workflows.vocab import CONFIDENTIALITY, DRAFTER, OFFICE, PRIVACY, PROACTIVE  # noqa: E402

DEFAULT_POSTGRES = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1"})
PASSWORD = "bench-password-42"
DEPARTMENTS = 20
SAMPLE = ROOT / "sample_docs" / "files" / "tongzhi_kongge.docx"
# Where the loaded documents stand: enough in every reviewer's queue that 30 s cannot empty it.
STATE_SHARES = ((DECLARED, 0.35), (CONFIDENTIALITY_REVIEW, 0.3), (PRIVACY_REVIEW, 0.25), (DRAFTED, 0.1))
TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
REVISION = re.compile(r'name="revision" value="(\d+)"')
QUEUE_P95_TARGET_MS = 150.0


# ---------------------------------------------------------------------------------------------------- loading


def _users(engine: Engine, per_role: int) -> dict[str, list[str]]:
    """Sign-in users made through the services (real password hashes); the drafter owns every loaded document."""
    codes = [f"1102{n:04d}" for n in range(DEPARTMENTS)]
    for n, code in enumerate(codes):
        ensure_department(engine, code, f"基准部门{n}")
    create_user(engine, "drafter0", PASSWORD, [DRAFTER], codes[0])
    names: dict[str, list[str]] = {}
    for role, prefix in ((OFFICE, "office"), (CONFIDENTIALITY, "secrecy"), (PRIVACY, "privacy")):
        names[role] = [f"{prefix}{n}" for n in range(per_role)]
        for name in names[role]:
            create_user(engine, name, PASSWORD, [role])
    return names


def _states(count: int) -> list[str]:
    states = [state for state, share in STATE_SHARES for _ in range(round(share * count))]
    return (states + [DRAFTED] * count)[:count]


def load_documents(engine: Engine, store: ContentStore, count: int) -> None:
    """Bulk-insert ``count`` documents declared 主动公开 with a marked version and two findings each."""
    sha, size = store.put_file(SAMPLE)
    rng = random.Random(5)
    now = datetime.now(UTC)
    with engine.connect() as connection:
        drafter = connection.exec_driver_sql("SELECT id FROM users WHERE username = 'drafter0'").scalar_one()
        departments = [r[0] for r in connection.exec_driver_sql("SELECT id FROM departments")]
    states = _states(count)
    rng.shuffle(states)
    for start in range(0, count, 2000):
        chunk = states[start:start + 2000]
        moments = [now - timedelta(seconds=rng.randrange(0, 300 * 86400)) for _ in chunk]
        rows = [{"title": f"基准文件{start + n}", "department_id": rng.choice(departments), "is_policy": False,
                 "attribute": None if state == DRAFTED else PROACTIVE, "state": state, "revision": 1,
                 "current_version_no": 1, "created_by": drafter, "created_at": moment, "updated_at": moment}
                for n, (state, moment) in enumerate(zip(chunk, moments, strict=True))]
        with transaction(engine) as s:
            ids = s.execute(insert(Document).returning(col(Document.id), sort_by_parameter_order=True), rows)
            doc_ids = list(ids.scalars())
            versions = [{"document_id": doc, "number": 1, "sha256": sha, "size": size, "original_name": "通知.docx",
                         "file_format": "docx", "uploaded_by": drafter, "uploaded_at": moment, "scan_status": "ok",
                         "marking_value": PROACTIVE, "marking_text": "（此件公开发布）", "marking_conflict": False}
                        for doc, moment in zip(doc_ids, moments, strict=True)]
            version_ids = s.execute(insert(DocumentVersion).returning(col(DocumentVersion.id),
                                                                      sort_by_parameter_order=True), versions)
            s.execute(insert(PersonalFinding), [_finding(v, n) for v in version_ids.scalars() for n in range(2)])
            for doc, state, moment in zip(doc_ids, chunk, moments, strict=True):
                append_record(s, _load_record(doc, state, moment, drafter, sha))
    with engine.connect() as connection:
        connection.exec_driver_sql("ANALYZE")
        connection.commit()


def _load_record(doc: int, state: str, moment: datetime, drafter: int, sha: str) -> RecordDraft:
    """One chained record per loaded document, saying plainly that the benchmark put it there in that state."""
    return RecordDraft(document_id=doc, version_no=1, file_sha256=sha, from_state="", to_state=state,
                       trigger=CREATE, actor_id=drafter, actor_username="drafter0", role=DRAFTER, at=moment,
                       comment="基准测试批量载入", detail=canonical_detail({"benchmark": True}))


def _finding(version_id: int, ordinal: int) -> dict[str, object]:
    kind, text = (("person_name", "曾秀兰"), ("mobile", "18777039087"))[ordinal]
    return {"version_id": version_id, "ordinal": ordinal, "kind": kind, "text": text, "where": "body",
            "location": "正文第7段", "page": 1, "start": 4 + ordinal * 10, "end": 7 + ordinal * 14, "block_index": 6,
            "context_before": "联系人：", "context_after": "。"}


# ---------------------------------------------------------------------------------------------------- serving


def free_port() -> int:
    """A free TCP port on loopback."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def gunicorn(url: str, instance: Path, workers: int) -> Iterator[str]:
    """``gunicorn 'web:create_app()'`` on loopback, configured through the environment like production."""
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "INSTANCE_PATH": str(instance), "SECRET_KEY": os.urandom(16).hex()}
    command = [sys.executable, "-m", "gunicorn", "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
               "--log-level", "warning", "web:create_app()"]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode} before serving")
        try:
            if requests.get(f"{base}/auth/login", timeout=10).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or a worker still loading the app
            pass
        time.sleep(0.3)
    raise SystemExit("gunicorn did not answer within 60 s")


# ---------------------------------------------------------------------------------------------------- clients


@dataclass
class Tally:
    """What all clients saw: (kind, milliseconds) per answered request, and the outcomes worth counting."""

    samples: list[tuple[str, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    conflicts: dict[str, int] = field(default_factory=dict)  # by role
    transitions: dict[str, int] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


# role -> (queue page, document link pattern, form action, form fields)
ROLE_WORK = {
    OFFICE: ("/office/?state=declared", r'href="/office/doc/(\d+)"', "/office/doc/{id}/accept",
             {"comment": "属性与标注一致"}),
    CONFIDENTIALITY: ("/review/", r'href="/review/doc/(\d+)"', "/review/doc/{id}/clear",
                      {"opinion": "不涉及国家秘密", "secrecy_resolution": ""}),
    PRIVACY: ("/review/", r'href="/review/doc/(\d+)"', "/review/doc/{id}/return", {"comment": "请补充去标识化说明"}),
}


class Client:
    """One signed-in reviewer at their own session, working their queue until the deadline."""

    def __init__(self, base: str, username: str, role: str, tally: Tally, seed: int) -> None:
        self.base, self.username, self.role, self.tally = base, username, role, tally
        self.http = requests.Session()
        self.rng = random.Random(seed)

    def _timed(self, kind: str, method: str, path: str, data: dict[str, str] | None = None) -> requests.Response:
        start = time.perf_counter()
        response = self.http.request(method, self.base + path, data=data, timeout=30, allow_redirects=False)
        elapsed = (time.perf_counter() - start) * 1000
        with self.tally.lock:
            self.tally.samples.append((kind, elapsed))
        return response

    def _error(self, what: str, response: requests.Response) -> None:
        with self.tally.lock:
            self.tally.errors.append(f"{self.username} {what}: HTTP {response.status_code}")

    def sign_in(self) -> None:
        """The sign-in form, with the token the form carried."""
        page = self._timed("login", "GET", "/auth/login")
        token = TOKEN.search(page.text)
        data = {"username": self.username, "password": PASSWORD, "csrf_token": token.group(1) if token else ""}
        answer = self._timed("login", "POST", "/auth/login", data=data)
        if answer.status_code != 302:
            raise SystemExit(f"{self.username} could not sign in: HTTP {answer.status_code}")

    def work(self, deadline: float, budget: threading.Semaphore) -> None:
        """List, open, act; until the deadline or the shared request budget runs out."""
        while time.monotonic() < deadline and budget.acquire(blocking=False):
            try:
                self._round()
            except requests.RequestException as exc:  # a refused or timed-out connection is an error too
                with self.tally.lock:
                    self.tally.errors.append(f"{self.username}: {type(exc).__name__}")

    def _round(self) -> None:
        queue_path, link, action, fields = ROLE_WORK[self.role]
        listing = self._timed("queue", "GET", queue_path)
        ids = re.findall(link, listing.text) if listing.status_code == 200 else []
        if not ids:
            self._error("queue (empty or failed)", listing)
            return
        doc = self.rng.choice(ids)
        page = self._timed("open", "GET", action.rsplit("/", 1)[0].format(id=doc))
        if page.status_code != 200:
            self._error("open", page)
            return
        token, revision = TOKEN.search(page.text), REVISION.search(page.text)
        if token is None or revision is None:
            return  # moved on by someone else between the list and the page: nothing to do here
        self._act(action.format(id=doc), {**fields, "csrf_token": token.group(1), "revision": revision.group(1)})

    def _act(self, path: str, data: dict[str, str]) -> None:
        answer = self._timed("transition", "POST", path, data=data)
        if answer.status_code == 302:
            with self.tally.lock:
                self.tally.transitions[self.role] = self.tally.transitions.get(self.role, 0) + 1
        elif answer.status_code == 409 and "操作冲突" in answer.text:
            with self.tally.lock:
                # The stale-revision refusal the app promises when two reviewers pick one document; not an error.
                self.tally.conflicts[self.role] = self.tally.conflicts.get(self.role, 0) + 1
        else:
            self._error("transition", answer)


def run_load(base: str, users: dict[str, list[str]], seconds: float, max_requests: int) -> tuple[Tally, float]:
    """Sign every client in, then let them all work at once for ``seconds``."""
    tally = Tally()
    pairs = [(role, name) for role, names in users.items() for name in names]
    clients = [Client(base, name, role, tally, seed) for seed, (role, name) in enumerate(pairs)]
    for client in clients:
        client.sign_in()
    tally.samples.clear()
    budget = threading.Semaphore(max_requests)
    start = time.monotonic()
    threads = [threading.Thread(target=c.work, args=(start + seconds, budget), daemon=True) for c in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 60)
    return tally, time.monotonic() - start


# ---------------------------------------------------------------------------------------------------- report


def percentile(values: list[float], share: float) -> float:
    """The nearest-rank percentile of ``values`` (sorted here)."""
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(round(share * len(ordered))) - 1))]


def report(tally: Tally, elapsed: float) -> bool:
    """Print the figures against the targets; True when both targets are met."""
    times = [ms for _, ms in tally.samples]
    if not times:
        print("no requests were answered")
        return False
    print(f"requests: {len(times):,} in {elapsed:.1f} s = {len(times) / elapsed:,.0f} requests/s; "
          f"transitions {sum(tally.transitions.values()):,} {tally.transitions}; "
          f"expected 409 conflicts {sum(tally.conflicts.values()):,} {tally.conflicts}")
    print(f"latency all: p50 {percentile(times, .5):.1f} ms, p95 {percentile(times, .95):.1f} ms, "
          f"p99 {percentile(times, .99):.1f} ms")
    for kind in ("queue", "open", "transition"):
        some = [ms for k, ms in tally.samples if k == kind]
        if some:
            print(f"  {kind:<10} n={len(some):>6,}  p50 {statistics.median(some):6.1f} ms  "
                  f"p95 {percentile(some, .95):6.1f} ms  p99 {percentile(some, .99):6.1f} ms")
    queue_p95 = percentile([ms for k, ms in tally.samples if k == "queue"] or [float("inf")], .95)
    errors_ok, queue_ok = not tally.errors, queue_p95 < QUEUE_P95_TARGET_MS
    print(f"unexpected errors: {len(tally.errors)} (target 0: {'ok' if errors_ok else 'FAIL'})")
    for line in sorted(set(tally.errors))[:10]:
        print(f"  {line}")
    print(f"queue page p95: {queue_p95:.1f} ms (target < {QUEUE_P95_TARGET_MS:.0f} ms: {'ok' if queue_ok else 'SLOW'})")
    return errors_ok and queue_ok


def _check_loopback(url: str) -> None:
    host = make_url(url).host or "127.0.0.1"
    if host not in LOOPBACK:
        raise SystemExit(f"this benchmark runs on loopback only; {host} is not a loopback address")


def main() -> int:
    """Load, serve, drive, report; the scratch schema and the instance folder are removed afterwards."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES, help=f"SQLAlchemy URL (default {DEFAULT_POSTGRES})")
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--clients-per-role", type=int, default=2, help="office, 保密 and 隐私 clients each")
    parser.add_argument("--max-requests", type=int, default=100_000, help="hard cap on work loops over all clients")
    args = parser.parse_args()
    _check_loopback(args.postgres)
    with scratch_postgres(args.postgres) as url, tempfile.TemporaryDirectory(prefix="web-bench-") as folder:
        engine = make_engine(url)
        try:
            create_schema(engine)
            users = _users(engine, args.clients_per_role)
            started = time.perf_counter()
            load_documents(engine, ContentStore(Path(folder) / "store"), args.documents)
            print(f"loaded {args.documents:,} documents in {time.perf_counter() - started:.1f} s; "
                  f"{args.workers} gunicorn workers, {sum(map(len, users.values()))} clients, {args.seconds:.0f} s")
            with gunicorn(url, Path(folder), args.workers) as base:
                tally, elapsed = run_load(base, users, args.seconds, args.max_requests)
            ok = report(tally, elapsed)
            chain = verify_chain(engine)
            print(f"record chain after the run: {'verified' if chain.ok else 'BROKEN: ' + chain.reason} "
                  f"({chain.checked:,} records)")
        finally:
            engine.dispose()
    return 0 if ok and chain.ok else 1


if __name__ == "__main__":
    sys.exit(main())
