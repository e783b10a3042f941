#!/usr/bin/env bash
# Installs what brandhall needs into .venv, and the form editor (Decap CMS, decap-server) from npm
# into node_modules/. With --test it also installs the Debian packages the tests use (Chromium,
# CJK fonts, nginx, Java) and the test tools.
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=false
[[ "${1:-}" == "--test" ]] && want_test=true

apt_packages=(fonts-noto-cjk fontconfig libpango-1.0-0 libpangoft2-1.0-0 poppler-utils)
# rsync, g++ and make: gitlab-ci-local copies the project with rsync, and its re2 module is compiled
# here from source (its download of a prebuilt one from GitHub fails on the intranet).
$want_test && apt_packages+=(chromium nginx default-jre-headless rsync g++ make)
# Debian's own python3 needs python3-venv for `python3 -m venv`.
python3 -c "import ensurepip" 2>/dev/null || apt_packages+=(python3-venv)

missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "==> 安装系统软件包：${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [[ ! -x .venv/bin/python ]]; then
  echo "==> 创建 Python 虚拟环境 .venv"
  python3 -m venv .venv
fi
if ! command -v npm >/dev/null; then
  echo "==> 安装 Node.js 与 npm（表单编辑器 Decap CMS 及测试用的 HTML 检查器由 npm 安装）"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
# npm ci empties node_modules each time; a stamp of package-lock.json (and of the kind of install)
# skips it when node_modules already holds exactly that, so a second test run does not reinstall
# and recompile re2.
npm_kind=$($want_test && echo test || echo run)
npm_stamp="node_modules/.brandhall-installed"
npm_lock=$(sha256sum package-lock.json | cut -d' ' -f1)
npm_have=$(cat "$npm_stamp" 2>/dev/null || true)
npm_want="$npm_kind $npm_lock"
if [[ "$npm_have" == "$npm_want" || "$npm_have" == "test $npm_lock" ]]; then  # a test install holds all
  echo "==> npm 包已按 package-lock.json 装好"
  npm_want="$npm_have"
elif $want_test; then
  echo "==> 安装表单编辑器与测试工具（package-lock.json：decap-cms、decap-server、yaml、vnu-jar、axe-core、gitlab-ci-local）"
  npm ci --no-audit --no-fund --ignore-scripts --silent
else
  echo "==> 安装表单编辑器（package-lock.json：decap-cms、decap-server、yaml）"
  npm ci --omit=dev --no-audit --no-fund --ignore-scripts --silent
fi
if $want_test && ! node -e "require('./node_modules/re2')" 2>/dev/null; then
  echo "==> 编译 gitlab-ci-local 用的 re2 模块（测试用，约几分钟）"
  npm rebuild re2 --foreground-scripts --silent >/dev/null
fi
echo "$npm_want" > "$npm_stamp"

extras=""
$want_test && extras="[test]"
echo "==> 安装 Python 依赖（版本见 pyproject.toml 与 requirements.lock）"
.venv/bin/pip install -q --disable-pip-version-check -c requirements.lock -e ".${extras}"
