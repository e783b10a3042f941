#!/usr/bin/env bash
# Installs everything the tests need (Debian packages and .venv), then runs lint and every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
echo "==> ruff"
.venv/bin/ruff check brandhall tests scripts benchmarks
echo "==> pytest"
.venv/bin/python -m pytest "$@"
