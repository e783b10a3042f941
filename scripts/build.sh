#!/usr/bin/env bash
# Installs brandhall into .venv, then builds the bundled example site into site/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/brandhall build
echo
echo "网站已生成到 site/。预览：运行 .venv/bin/brandhall serve，然后在浏览器打开 http://127.0.0.1:8000/"
