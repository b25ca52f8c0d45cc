"""The render stage: pages through their templates into files, on every core."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath

import jinja2

from ..digests import digest
from ..errors import Problem, Problems, SiteError
from ..files import write_file
from ..model import Page
from ..parallel import iter_chunks
from .environment import ArchiveEnvironment
from .messages import syntax_message, template_frame, template_path, undefined_message

# Pages rendered by one set of workers; the next ones get new workers (see
# parallel.iter_chunks: a worker's copies of the parent's memory go with it). A site of
# up to about 25,000 articles renders with one set.
FRESH_WORKERS_EVERY = 40_000


@dataclass(frozen=True, slots=True)
class Rendered:
    """A page as rendered: its file, the digest and size of its bytes, what it read of the
    site (see views.Reads) and whether the bytes were written."""

    output: PurePosixPath
    digest: bytes
    size: int
    reads: tuple[str, ...]
    written: bool


def render_pages(envs: Mapping[str, ArchiveEnvironment],
                 pages: Sequence[tuple[Page, bytes | None]], folder: Path, problems: Problems,
                 jobs: int = 1, progress: Callable[[int], None] | None = None) -> list[Rendered]:
    """Render pages into `folder`, each in the environment of its language (`envs` by
    language, '' the default), skipping a file whose bytes have the digest paired with
    its page (what is on disk already). Workers write the files themselves, so that no
    page's bytes travel between processes. A template error is reported once, however
    many pages hit it."""
    done: list[Rendered] = []
    seen: set[str] = set()
    for rendered, found in iter_chunks(partial(_render_chunk, envs, folder), pages, jobs,
                                       progress, fresh_every=FRESH_WORKERS_EVERY):
        done.extend(rendered)
        for problem in found:
            if str(problem) not in seen:
                seen.add(str(problem))
                problems.extend([problem])
    return done


def _render_chunk(envs: Mapping[str, ArchiveEnvironment], folder: Path,
                  pages: Sequence[tuple[Page, bytes | None]]
                  ) -> tuple[list[Rendered], list[Problem]]:
    rendered: list[Rendered] = []
    problems: list[Problem] = []
    for page, on_disk in pages:
        env = envs[page.edition]
        reads = env.reads.begin()
        try:
            if page.body is not None:
                data = page.body
            elif page.produce is not None:
                data = page.produce(env.reads)
            else:
                data = env.get_template(page.template).render(
                    page.context, page=page).encode("utf-8")
        except SiteError as exc:  # a body that cannot be read now (render.views)
            problems.extend(exc.problems)
            continue
        except jinja2.TemplateNotFound as exc:
            problems.append(Problem(f"templates/{exc.name}", "template not found",
                                    hint=f"needed for {page.url}; add it to templates/"))
            continue
        except jinja2.TemplateSyntaxError as exc:
            message, hint = syntax_message(env, exc.message or "syntax error")
            problems.append(Problem(template_path(exc.filename, exc.name), message,
                                    exc.lineno, hint))
            continue
        except jinja2.UndefinedError as exc:
            path, line = template_frame(exc, page.template)
            message, hint = undefined_message(env, page, str(exc))
            problems.append(Problem(path, f"{message}, while rendering {page.url}", line, hint))
            continue
        except Exception as exc:  # a template bug, not ours: name the template line
            path, line = template_frame(exc, page.template)
            problems.append(Problem(path, f"{type(exc).__name__}: {exc}", line,
                                    f"while rendering {page.url}"))
            continue
        finally:
            env.reads.end()
        key = digest(data)
        written = key != on_disk
        if written:
            write_file(folder, page.output, data)
        rendered.append(Rendered(page.output, key, len(data), tuple(sorted(reads)), written))
    return rendered, problems


