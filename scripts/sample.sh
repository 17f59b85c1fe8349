#!/usr/bin/env bash
# Set up, then run the main job on the bundled sample: import the published notice, validate the list,
# check it against the laws in force in 2025, compare the two revisions, write the adjustment package for the
# 编办 (and check it as the 编办 would) and typeset the notices.
# Everything lands in output/.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh || exit 2
Q=.venv/bin/qzqd
A=workbooks/xingan-2022.xlsx
B=workbooks/xingan-2025.xlsx
mkdir -p output
set -x
$Q import tests/fixtures/seed.txt -o output/xingan-2022.xlsx --profile 广西2022 --force
$Q validate $A --annotate output/xingan-2022-检查结果.xlsx --force
$Q validate $A --json > output/xingan-2022-检查结果.json
# The 2022 list against the laws in force on 2025-01-01: article numbers made stale by the 2024 revisions.
$Q validate $A --as-of 2025-01-01 --json > output/xingan-2022-按2025年法律检查.json
$Q update-citations $A -o output/xingan-2022-引用更新.xlsx --as-of 2025-01-01 --force
$Q diff $A $B
for ext in xlsx html pdf json; do
  $Q diff $A $B -o output/调整对照表.$ext --force
done
# The package for the 编办: 调整对照表 and 调整申请表 with 依据/理由 (renumbered citations from the law library,
# the merge's reason from the 2025 workbook's 调整说明 sheet), the 请示 (fields from its 请示 sheet).
$Q adjust $A $B -o output/调整材料 --force
$Q adjust --check output/调整材料 $A
$Q render $A -o output/xingan-2022.pdf --html output/xingan-2022.html --force
$Q render $B -o output/xingan-2025.pdf --html output/xingan-2025.html --force
set +x
# validate exits 1 (the sample has real defects) and diff exits 1 (the revisions differ): both expected.
status=0
for f in xingan-2022.xlsx xingan-2022-检查结果.xlsx xingan-2022-检查结果.json xingan-2022-引用更新.xlsx \
         调整对照表.xlsx 调整对照表.html 调整对照表.pdf 调整对照表.json xingan-2022.pdf xingan-2025.pdf \
         调整材料/调整对照表.xlsx 调整材料/调整对照表.pdf 调整材料/调整申请表.xlsx 调整材料/请示.pdf \
         调整材料/调整后权责清单.xlsx 调整材料/调整数据.json; do
  [ -s "output/$f" ] || { echo "缺少输出文件 output/$f" >&2; status=1; }
done
ls -l output
[ $status = 0 ] && echo "完成：输出文件在 output/ 目录中。"
exit $status
