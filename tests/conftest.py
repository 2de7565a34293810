"""Shared fixtures and the CI rule that nothing may skip when every service is configured."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from browser_support import chromium, screenshots  # noqa: F401  (one Chromium for the whole session)
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "sample_docs"

settings.register_profile("ci", derandomize=True, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("dev", deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))

_skipped: list[str] = []


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    if report.skipped:
        _skipped.append(report.nodeid)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With STRICT_SKIPS=1 (set by CI, where every service exists) a skipped test is a failure."""
    if os.environ.get("STRICT_SKIPS") == "1" and _skipped:
        print(f"\nSTRICT_SKIPS: {len(_skipped)} test(s) skipped although CI provides every service:")
        for nodeid in _skipped[:20]:
            print(f"  {nodeid}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(scope="session")
def sample_dir() -> Path:
    """The folder of generated sample documents."""
    return SAMPLES / "files"
