"""The Jinja environment and page rendering; template errors name the template and line."""

from __future__ import annotations

import calendar
import traceback
from collections.abc import Sequence
from datetime import datetime
from functools import partial
from pathlib import Path, PurePosixPath

import jinja2

from .config import Config
from .errors import Problem, Problems
from .model import Page, Site
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
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader([str(d) for d in theme_dirs(config, "templates")]),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
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


def render_pages(env: jinja2.Environment, pages: Sequence[Page], problems: Problems,
                 jobs: int = 1) -> dict[PurePosixPath, bytes]:
    """Render every page; a template error is reported once, however many pages hit it."""
    rendered: dict[PurePosixPath, bytes] = {}
    seen: set[str] = set()
    for outputs, found in map_chunks(partial(_render_chunk, env), pages, jobs):
        rendered.update(outputs)
        for problem in found:
            if str(problem) not in seen:
                seen.add(str(problem))
                problems.extend([problem])
    return rendered


def _render_chunk(env: jinja2.Environment, pages: Sequence[Page]
                  ) -> tuple[list[tuple[PurePosixPath, bytes]], list[Problem]]:
    rendered: list[tuple[PurePosixPath, bytes]] = []
    problems: list[Problem] = []
    for page in pages:
        if page.body is not None:
            rendered.append((page.output, page.body))
            continue
        try:
            html = env.get_template(page.template).render(page.context, page=page)
        except jinja2.TemplateNotFound as exc:
            problems.append(Problem(f"templates/{exc.name}", "template not found",
                                    hint=f"needed for {page.url}; add it to templates/"))
        except jinja2.TemplateSyntaxError as exc:
            problems.append(Problem(_template_path(exc.filename, exc.name),
                                    exc.message or "syntax error", exc.lineno))
        except Exception as exc:  # a template bug, not ours: name the template line
            path, line = _template_frame(exc, page.template)
            problems.append(Problem(path, f"{type(exc).__name__}: {exc}", line,
                                    f"while rendering {page.url}"))
        else:
            rendered.append((page.output, html.encode("utf-8")))
    return rendered, problems


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
