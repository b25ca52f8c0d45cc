"""The golden site: its built output is committed; any change shows up here as a diff.

After an intended change, regenerate with: python tests/golden/regenerate.py
"""

import difflib
from pathlib import Path

import pytest
from golden.regenerate import EPOCH, HERE, build_golden


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.name.startswith(".")}


def test_the_golden_site_builds_to_the_committed_bytes(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    build_golden(tmp_path / "out")
    built, expected = files_of(tmp_path / "out"), files_of(HERE / "expected")
    assert sorted(built) == sorted(expected), "pages added or missing"
    for name, data in expected.items():
        if built[name] != data:
            diff = difflib.unified_diff(data.decode().splitlines(),
                                        built[name].decode().splitlines(),
                                        f"expected/{name}", f"built/{name}", lineterm="", n=1)
            pytest.fail("\n".join(list(diff)[:40]) + "\n(python tests/golden/regenerate.py "
                        "accepts an intended change)")
