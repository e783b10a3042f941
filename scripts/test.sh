#!/usr/bin/env bash
# Installs everything the tests need (Debian packages and .venv), then runs lint and every test.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
echo "==> ruff"
.venv/bin/ruff check brandhall tests scripts benchmarks
echo "==> pytest"
# Two workers, a test module each at a time (its shared builds stay in one worker): most of a
# test waits on a build, Chromium, nginx or a pipeline, so two run side by side on two cores.
.venv/bin/python -m pytest -n "${BRANDHALL_TEST_WORKERS:-2}" --dist loadfile "$@"
