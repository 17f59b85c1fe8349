"""Time and peak memory of every command on every hostile file (the figures in the issue's report).

PYTHONPATH=. python -m tests.hostile.measure /tmp/hostile [timeout]
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from . import make
from .run import GB, qzqd

SAMPLE = make.SAMPLE


def commands(src: Path, out: Path) -> dict[str, list[str | Path]]:
    return {
        "validate": ["validate", src],
        "annotate": ["validate", src, "--annotate", out / "a.xlsx", "--force"],
        "diff": ["diff", SAMPLE, src, "-o", out / "d.xlsx", "--force"],
        "textconv": ["textconv", src],
        "update": ["update-citations", src, "-o", out / "u.xlsx", "--force", "--as-of", "2025-01-01"],
        "import": ["import", src, "-o", out / "i.xlsx", "--force"],
        "render": ["render", src, "-o", out / "r.pdf", "--force", "--jobs", "1"],
    }


def main() -> None:
    folder = Path(sys.argv[1])
    timeout = float(sys.argv[2]) if len(sys.argv) > 2 else 10
    folder.mkdir(parents=True, exist_ok=True)
    files = make.make_all(folder)
    with tempfile.TemporaryDirectory() as out:
        for name, src in files.items():
            for cmd, args in commands(src, Path(out)).items():
                if name in ("docx-bomb", "ods-repeated-rows") and cmd not in ("import", "validate"):
                    continue
                r = qzqd(args, timeout=timeout, address_space=int(2.5 * GB))
                last = (r.stderr.strip().splitlines() or [""])[-1][:90]
                code = "killed" if r.code is None else r.code
                print(
                    f"{name:18} {cmd:9} exit={code!s:6} wall {r.seconds:5.1f}s cpu {r.cpu:5.1f}s {r.peak_mb:6.0f}MB  {last}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
