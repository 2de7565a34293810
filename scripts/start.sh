#!/usr/bin/env bash
# Installs the project into .venv, loads the demo (SQLite under ./instance: users, departments and the sample
# documents moved through every state), verifies the review-record chain and shows a scan report.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e .
export INSTANCE_PATH="${INSTANCE_PATH:-$PWD/instance}"
password="${DEMO_PASSWORD:-demo-2026}"
if [ -z "${DATABASE_URL:-}" ] && [ -e "$INSTANCE_PATH/workflows.sqlite3" ]; then
  echo "演示数据已在 $INSTANCE_PATH 中 / demo data already loaded (delete the folder to start over)"
else
  .venv/bin/python -m workflows demo --password "$password"
  echo "演示用户 / demo users: drafter1 office1 secrecy1 privacy1 auditor1, password: $password"
fi
.venv/bin/python -m workflows verify-records
echo
.venv/bin/python -m review scan sample_docs/files/gongshi_dibao.docx
