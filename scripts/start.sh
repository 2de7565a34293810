#!/usr/bin/env bash
# Installs the project into .venv, loads the demo on first run (SQLite under ./instance: departments, the users
# drafter1 office1 secrecy1 privacy1 auditor1, the sample documents moved through every state), verifies the
# review-record chain and serves the web app on http://127.0.0.1:${PORT:-5000}/ until Ctrl+C.
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
  mkdir -p "$INSTANCE_PATH"
  .venv/bin/python -m workflows demo --password "$password" >"$INSTANCE_PATH/demo.log" 2>&1 \
    || { cat "$INSTANCE_PATH/demo.log"; exit 1; }
  echo "演示数据已载入 / demo data loaded (log: $INSTANCE_PATH/demo.log)"
fi
.venv/bin/python -m workflows verify-records
port="${PORT:-5000}"
cat <<EOT

公开属性审查 is at http://127.0.0.1:$port/        (public portal: http://127.0.0.1:$port/gongkai/)
演示用户 / demo users, password "$password":
  drafter1 (起草部门)  office1 (政府办公室)  secrecy1 (保密审查)  privacy1 (隐私审查)  auditor1 (审计)
Ctrl+C stops the server.
EOT
exec .venv/bin/flask --app 'web:create_app()' run --host 127.0.0.1 --port "$port"
