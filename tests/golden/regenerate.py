"""Rebuild tests/golden/expected/ from tests/golden/site/: python tests/golden/regenerate.py"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from generator.build import BuildOptions, build  # noqa: E402

# The golden site is built as of this moment, so that nothing depends on the clock.
EPOCH = "1735689600"  # 2025-01-01T00:00:00Z


def build_golden(output: Path) -> None:
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    build(HERE / "site", BuildOptions(output=output))


if __name__ == "__main__":
    expected = HERE / "expected"
    shutil.rmtree(expected, ignore_errors=True)
    build_golden(expected)
    (expected / ".newsarchive-output").unlink()
    print(f"wrote {sum(1 for p in expected.rglob('*') if p.is_file())} files to {expected}")
