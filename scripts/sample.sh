#!/usr/bin/env bash
# Set up, then run the main job on the bundled sample: import the published notice, validate the list,
# compare the two revisions and typeset the notice. Everything lands in output/.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 2
Q=.venv/bin/qzqd
mkdir -p output
set -x
$Q import tests/fixtures/seed.txt -o output/xingan-2022.xlsx --force
$Q validate workbooks/xingan-2022.xlsx --annotate output/xingan-2022-检查结果.xlsx --force
$Q validate workbooks/xingan-2022.xlsx --json > output/xingan-2022-检查结果.json
if $Q --help | grep -q " diff "; then
  $Q diff workbooks/xingan-2022.xlsx workbooks/xingan-2025.xlsx -o output/调整对照表.xlsx --force
  $Q diff workbooks/xingan-2022.xlsx workbooks/xingan-2025.xlsx -o output/调整对照表.html --force
  $Q diff workbooks/xingan-2022.xlsx workbooks/xingan-2025.xlsx -o output/调整对照表.pdf --force
fi
if $Q --help | grep -q " render "; then
  $Q render workbooks/xingan-2022.xlsx -o output/xingan-2022.pdf --html output/xingan-2022.html --force
fi
set +x
echo "完成：输出文件在 output/ 目录中。"
ls -l output
exit 0
