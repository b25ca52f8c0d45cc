"""The golden site: its built output is committed; any change shows up here as a diff.

After an intended change, regenerate with: python tests/golden/regenerate.py
"""

import difflib
from pathlib import Path

import pytest
from conftest import files_of
from golden.regenerate import EPOCH, HERE, build_golden


def test_the_golden_site_builds_to_the_committed_bytes(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    build_golden(tmp_path / "out")
    built = files_of(tmp_path / "out", hidden=False)
    expected = files_of(HERE / "expected", hidden=False)
    assert sorted(built) == sorted(expected), "pages added or missing"
    for name, data in expected.items():
        if built[name] != data:
            diff = difflib.unified_diff(data.decode().splitlines(),
                                        built[name].decode().splitlines(),
                                        f"expected/{name}", f"built/{name}", lineterm="", n=1)
            pytest.fail("\n".join(list(diff)[:40]) + "\n(python tests/golden/regenerate.py "
                        "accepts an intended change)")
