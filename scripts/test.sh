#!/usr/bin/env bash
# Installs the project with its test tools into .venv and runs the linters and the whole test suite.
# Extra arguments go to pytest (e.g. `bash scripts/test.sh -k docx`).
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev]'
echo "== ruff" && .venv/bin/ruff check .
echo "== mypy" && .venv/bin/mypy review workflows web
echo "== pytest" && .venv/bin/python -m pytest "$@"
