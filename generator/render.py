"""The Jinja environment and page rendering; template errors name the template and line."""

from __future__ import annotations

import calendar
import re
import traceback
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path, PurePosixPath

import jinja2

from .cache import digest
from .config import Config
from .errors import Problem, Problems, did_you_mean
from .fingerprint import RecordingEnvironment
from .model import Article, Group, Page, Period, Site
from .output import write_file
from .pages import Pager
from .parallel import map_chunks

DEFAULT_THEME = Path(__file__).resolve().parent.parent


def theme_dirs(config: Config, name: str) -> list[Path]:
    """The site's own folder first, then the default theme's, for templates or static."""
    own = config.path(f"{name}_dir")
    default = DEFAULT_THEME / name
    dirs = [own] if own.is_dir() else []
    if default.is_dir() and default.resolve() != own.resolve():
        dirs.append(default)
    return dirs


def load_templates(config: Config, site: Site) -> jinja2.Environment:
    """Return the Jinja environment: autoescaped, strict about undefined names."""
    env = RecordingEnvironment(
        loader=jinja2.FileSystemLoader([str(d) for d in theme_dirs(config, "templates")]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.site = site
    env.globals["site"] = config
    env.globals["build_time"] = site.build_time
    env.globals["tags_of"] = site.tags_of
    env.globals["source_of"] = site.source_of
    env.filters["date"] = lambda moment, fmt=None: format_date(moment, fmt or config.date_format)
    env.filters["isodate"] = lambda moment: moment.isoformat()
    env.filters["absolute"] = config.absolute
    env.filters["month_name"] = lambda number: calendar.month_name[number]
    env.filters["month_abbr"] = lambda number: calendar.month_abbr[number]
    return env


def format_date(moment: datetime, fmt: str) -> str:
    """strftime with '%-d' (day without a leading zero) working on every platform."""
    return moment.strftime(fmt.replace("%-d", str(moment.day)).replace("%-m", str(moment.month)))


@dataclass(frozen=True, slots=True)
class Rendered:
    """A page as rendered: its file, the digest and size of its bytes, what the template
    read (see fingerprint.RecordingEnvironment) and whether the bytes were written."""

    output: PurePosixPath
    digest: bytes
    size: int
    reads: tuple[str, ...]
    written: bool


def render_pages(env: jinja2.Environment, pages: Sequence[tuple[Page, bytes | None]],
                 folder: Path, problems: Problems, jobs: int = 1,
                 progress: Callable[[int], None] | None = None) -> list[Rendered]:
    """Render pages into `folder`, skipping a file whose bytes have the digest paired with
    its page (what is on disk already). Workers write the files themselves, so that no
    page's bytes travel between processes. A template error is reported once, however
    many pages hit it."""
    done: list[Rendered] = []
    seen: set[str] = set()
    for rendered, found in map_chunks(partial(_render_chunk, env, folder), pages, jobs,
                                      progress):
        done.extend(rendered)
        for problem in found:
            if str(problem) not in seen:
                seen.add(str(problem))
                problems.extend([problem])
    return done


def _render_chunk(env: jinja2.Environment, folder: Path,
                  pages: Sequence[tuple[Page, bytes | None]]
                  ) -> tuple[list[Rendered], list[Problem]]:
    rendered: list[Rendered] = []
    problems: list[Problem] = []
    recording = env if isinstance(env, RecordingEnvironment) else None
    for page, on_disk in pages:
        reads: set[str] = set()
        if recording is not None:
            recording.reads = reads
        try:
            if page.body is not None:
                data = page.body
            elif page.produce is not None:
                data = page.produce()
            else:
                data = env.get_template(page.template).render(
                    page.context, page=page).encode("utf-8")
        except jinja2.TemplateNotFound as exc:
            problems.append(Problem(f"templates/{exc.name}", "template not found",
                                    hint=f"needed for {page.url}; add it to templates/"))
            continue
        except jinja2.TemplateSyntaxError as exc:
            message, hint = syntax_message(env, exc.message or "syntax error")
            problems.append(Problem(_template_path(exc.filename, exc.name), message,
                                    exc.lineno, hint))
            continue
        except jinja2.UndefinedError as exc:
            path, line = _template_frame(exc, page.template)
            message, hint = undefined_message(env, page, str(exc))
            problems.append(Problem(path, f"{message}, while rendering {page.url}", line, hint))
            continue
        except Exception as exc:  # a template bug, not ours: name the template line
            path, line = _template_frame(exc, page.template)
            problems.append(Problem(path, f"{type(exc).__name__}: {exc}", line,
                                    f"while rendering {page.url}"))
            continue
        finally:
            if recording is not None:
                recording.reads = None
        key = digest(data)
        written = key != on_disk
        if written:
            write_file(folder, page.output, data)
        rendered.append(Rendered(page.output, key, len(data), tuple(sorted(reads)), written))
    return rendered, problems


# What templates call the objects Jinja names by their class in its messages.
_NAMES = {"generator.config.Config": ("site", Config), "generator.model.Article":
          ("the article", Article), "generator.model.Group": ("the group", Group),
          "generator.model.Period": ("the period", Period), "generator.model.Page":
          ("page", Page), "generator.pages.Pager": ("the pager", Pager)}
_NO_ATTRIBUTE = re.compile(r"^'([\w.]+) object' has no attribute '(\w+)'$")
_UNDEFINED = re.compile(r"^'(\w+)' is undefined$")
_NO_FILTER = re.compile(r"^No (filter|test) named '(\w+)'\.?$")


def undefined_message(env: jinja2.Environment, page: Page, text: str) -> tuple[str, str]:
    """A newcomer's wording for an undefined name or attribute, with a 'did you mean'."""
    if found := _NO_ATTRIBUTE.match(text):
        name, kind = _NAMES.get(found[1], (found[1].rsplit(".", 1)[-1], None))
        fields = [n for n in dir(kind) if not n.startswith("_")] if kind else []
        return f"{name} has no attribute '{found[2]}'", did_you_mean(found[2], fields)
    if found := _UNDEFINED.match(text):
        names = [*page.context, *env.globals, "page"]
        return f"'{found[1]}' is not defined", did_you_mean(found[1], names)
    return text, ""


def syntax_message(env: jinja2.Environment, text: str) -> tuple[str, str]:
    """The syntax error, with a 'did you mean' for an unknown filter or test."""
    if found := _NO_FILTER.match(text):
        known = env.filters if found[1] == "filter" else env.tests
        return f"no {found[1]} named '{found[2]}'", did_you_mean(found[2], known)
    return text, ""


def _template_frame(exc: BaseException, fallback: str) -> tuple[str, int | None]:
    """Find the innermost template frame in a traceback (Jinja rewrites them to templates)."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith((".html", ".xml", ".txt", ".j2")):
            return _template_path(frame.filename, None), frame.lineno
    return f"templates/{fallback}", None


def _template_path(filename: str | None, name: str | None) -> str:
    if filename:
        path = Path(filename)
        for parent in path.parents:
            if parent.name == "templates":
                return f"templates/{path.relative_to(parent).as_posix()}"
        return path.as_posix()
    return f"templates/{name}"
