#!/usr/bin/env bash
# Set up qzqd on a fresh Debian machine: system packages (when root and missing), a virtualenv, the package.
set -euo pipefail
cd "$(dirname "$0")/.."

DEB_PACKAGES=(
  fonts-noto-cjk            # free CJK faces (Noto Serif/Sans CJK SC) for the PDF
  fonts-lxgw-wenkai         # a free 楷体-like face
  fonts-arphic-gkai00mp     # AR PL KaitiM GB (楷体)
  poppler-utils             # pdftotext / pdffonts / pdftoppm, used by tests
  libharfbuzz-subset0       # fast font subsetting for WeasyPrint (20 s -> 1 s)
  libpango-1.0-0 libpangoft2-1.0-0 fontconfig   # WeasyPrint's text layout
  libreoffice-calc-nogui    # a real spreadsheet client: tests open our xlsx in it
)

missing=()
if command -v dpkg-query >/dev/null 2>&1; then
  for p in "${DEB_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "安装系统软件包：${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "提示：缺少系统软件包 ${missing[*]}，请用管理员权限安装（sudo apt-get install ...）。" >&2
  fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  if ! "$PY" -m venv .venv 2>/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      rm -rf .venv && "$PY" -m venv .venv
    else
      echo "无法创建虚拟环境：请安装 python3-venv。" >&2; exit 2
    fi
  fi
fi
.venv/bin/python -m pip install -q --upgrade pip >/dev/null 2>&1 || true
# The exact versions the tests ran with (requirements.lock), then qzqd itself. Should a pinned version not
# install on this Python (no wheel for it yet), fall back to pyproject.toml's tested ranges, and say so.
if ! out=$(.venv/bin/python -m pip install -q -r requirements.lock 2>&1); then
  echo "$out" | grep -v -E "^(WARNING|DEPRECATION)" | tail -5 >&2 || true
  echo "提示：requirements.lock 中的版本无法在本机完整安装，改按 pyproject.toml 中的版本范围安装。" >&2
fi
.venv/bin/python -m pip install -q -e '.[dev]' 2>&1 | grep -v -E "^(WARNING|DEPRECATION)" || true
.venv/bin/python -c "import toolkit" || { echo "安装失败" >&2; exit 2; }
