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

# Fandol (FandolFang 仿宋, FandolHei 黑体, FandolKai 楷体, FandolSong 宋体; GPL with the font exception): free
# faces far closer to the official 仿宋_GB2312/黑体/楷体_GB2312 than Noto. Debian ships them only inside
# texlive-lang-chinese, which depends on most of TeX: the package is downloaded (~50 MB) and only its Fandol
# .otf files and licence are unpacked, into a folder fontconfig reads. Skipped when they are installed.
FANDOL_DIR=/usr/local/share/fonts/fandol
if command -v fc-list >/dev/null 2>&1 && ! fc-list :family=FandolFang family 2>/dev/null | grep -q Fandol; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "安装 Fandol 字体（FandolFang 仿宋等，取自 texlive-lang-chinese）"
    work=$(mktemp -d)
    if (cd "$work" && apt-get download -qq texlive-lang-chinese >/dev/null 2>&1) ||
       (apt-get update -qq && cd "$work" && apt-get download -qq texlive-lang-chinese >/dev/null 2>&1); then
      dpkg-deb --fsys-tarfile "$work"/texlive-lang-chinese_*.deb | tar -x -C "$work" --wildcards \
        './usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/Fandol[FHKS]*.otf' \
        './usr/share/doc/texlive-doc/fonts/fandol/*'
      mkdir -p "$FANDOL_DIR"
      cp "$work"/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/*.otf "$FANDOL_DIR"/
      cp "$work"/usr/share/doc/texlive-doc/fonts/fandol/* "$FANDOL_DIR"/ 2>/dev/null || true
      fc-cache -f "$FANDOL_DIR" >/dev/null
    else
      echo "提示：无法下载 texlive-lang-chinese，未安装 Fandol 字体（排版时改用 Noto 字体）。" >&2
    fi
    rm -rf "$work"
  else
    echo "提示：未安装 Fandol 字体（更接近公文的仿宋、黑体、楷体）。以管理员权限运行本脚本即可安装。" >&2
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
