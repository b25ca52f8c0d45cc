"""Command line: build, serve, import. The only place that prints problems and exits."""

from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import NoReturn

from .build import BuildOptions, build
from .errors import Interrupted, Problem, SiteError
from .progress import Progress
from .version import __version__


def main(argv: Sequence[str] | None = None, *, process: bool = False) -> int:
    """Run one command; return its exit status.

    `process`: the command is all this process does (the entry point). A build then runs
    without the cycle collector (it makes next to no reference cycles), keeps what it
    made (BuildOptions.ending) and ends the process itself once its output is flushed:
    freeing the objects of a build of 10,000 articles one by one, and one last collection
    over them, cost a CLI edit 0.8 of its 6 s, for nothing."""
    parser = make_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    if process and args.command == "build":
        gc.disable()
        args.ending = True
        end_now(run_command(args))
    return run_command(args)


def entry() -> NoReturn:
    """`python -m generator` and the `newsarchive` script."""
    sys.exit(main(process=True))


def end_now(code: int) -> NoReturn:
    """End the process with `code` without tearing it down: everything a build writes is
    closed by then (files, the caches' SQLite, the workers), only what is printed may
    wait in a buffer."""
    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError):  # a closed pipe (`| head`): nothing more to say
            stream.flush()
    os._exit(code)


def run_command(args: argparse.Namespace) -> int:
    """Run the parsed command, turning what a user did wrong into a message."""
    try:
        return int(args.run(args))
    except SiteError as exc:
        report(exc.problems, quiet=False)
        errors = sum(1 for p in exc.problems if p.severity == "error")
        warnings = len(exc.problems) - errors
        if args.command == "build" and getattr(args, "strict", False) and not errors:
            print(f"Build failed: {warnings} warning(s) under --strict; output/ is unchanged.",
                  file=sys.stderr)
        else:
            written = ""
            if args.command == "build":
                written = ("; output/ was partly updated: build again to complete it"
                           if exc.output_changed else "; nothing was written")
            advice = (" Use --keep-going to publish the articles that have no error."
                      if args.command == "build" and exc.articles_only else "")
            print(f"Failed: {errors} error(s), {warnings} warning(s){written}.{advice}",
                  file=sys.stderr)
        return 1
    except Interrupted as exc:
        print("Interrupted while output/ was being updated; build again to complete it."
              if exc.output_changed else "Interrupted; output/ is unchanged.", file=sys.stderr)
        return 130
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m generator",
                                     description="Build a static news archive.")
    parser.add_argument("--version", action="version",
                        version=f"newsarchive-generator {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    n = commands.add_parser("init", help="create a new site that builds at once")
    n.add_argument("dir", type=Path, metavar="DIR", help="the new site's folder (new or empty)")
    n.add_argument("--theme", action="store_true", help="copy the default theme's templates/ "
                   "and static/ into the site to edit them (default: use the theme as it is)")
    n.set_defaults(run=run_init)

    b = commands.add_parser("build", help="build the site into output/")
    b.add_argument("--site", type=Path, default=Path("."), metavar="DIR",
                   help="the site folder holding site.toml and content/ (default: .)")
    b.add_argument("--output", type=Path, metavar="DIR", help="where to write (default: output/)")
    b.add_argument("--base-url", metavar="URL", help="override base_url from site.toml")
    b.add_argument("--drafts", action="store_true", help="include articles with draft: true")
    b.add_argument("--future", action="store_true", help="include articles dated in the future")
    b.add_argument("--strict", action="store_true", help="treat warnings as errors")
    b.add_argument("-k", "--keep-going", action="store_true",
                   help="publish every article that has no error, leave out those that have, "
                   "list every error and exit with 1 (default: publish nothing on an error)")
    b.add_argument("-j", "--jobs", type=int, metavar="N",
                   help="processes for parsing and rendering (default: one per core)")
    verbosity = b.add_mutually_exclusive_group()
    verbosity.add_argument("-q", "--quiet", action="store_true", help="print errors only")
    verbosity.add_argument("-v", "--verbose", action="store_true", help="print stage timings")
    b.set_defaults(run=run_build)

    i = commands.add_parser("import", help="convert a WordPress export (WXR), an RSS or Atom "
                            "feed, or raw wire text files into Markdown")
    i.add_argument("paths", nargs="+", type=Path, metavar="SRC",
                   help="export or feed files, wire text files, or folders of wire text")
    i.add_argument("--to", type=Path, default=Path("content"), metavar="DIR",
                   help="folder to write the .md files into (default: content/)")
    i.add_argument("--force", action="store_true", help="overwrite existing files")
    i.add_argument("--pages", action="store_true",
                   help="import a WordPress export's pages too (default: posts only)")
    i.add_argument("--media", type=Path, metavar="DIR", help="a copy of the old site's "
                   "uploads folder: the posts' files are copied beside them from it "
                   "(default: list them)")
    i.add_argument("--timezone", metavar="ZONE", help="the zone of dates written without an "
                   "offset (default: site.toml's timezone, or UTC)")
    i.add_argument("--site", type=Path, default=Path("."), metavar="DIR",
                   help="the site whose site.toml gives the timezone (default: .)")
    i.set_defaults(run=run_import)

    t = commands.add_parser("tags", help="help with writing [autotag] rules")
    tags = t.add_subparsers(dest="tags_command", metavar="ACTION", required=True)
    s = tags.add_parser("suggest", help="list capitalised phrases in the most articles that "
                        "no [autotag] rule covers yet")
    s.add_argument("--site", type=Path, default=Path("."), metavar="DIR",
                   help="the site folder (default: .)")
    s.add_argument("--limit", type=int, default=30, help="how many to list (default: 30)")
    s.add_argument("--min-count", type=int, default=2,
                   help="leave out phrases in fewer articles (default: 2)")
    s.set_defaults(run=run_tags_suggest)

    v = commands.add_parser("serve", help="preview the site: build, serve on localhost, "
                            "rebuild and reload the browser on every save")
    v.add_argument("--site", type=Path, default=Path("."), metavar="DIR",
                   help="the site folder (default: .)")
    v.add_argument("--host", default="127.0.0.1",
                   help="address to listen on (default: 127.0.0.1, this machine only)")
    v.add_argument("--port", type=int, metavar="N",
                   help="port (default: 8000, or the next free one)")
    v.add_argument("--poll", action="store_true", help="poll for changes instead of relying "
                   "on file system events (Docker volumes, WSL /mnt, network drives)")
    v.add_argument("--drafts", action="store_true", help="include articles with draft: true")
    v.add_argument("--future", action="store_true", help="include articles dated in the future")
    v.set_defaults(run=run_serve)
    return parser


def run_init(args: argparse.Namespace) -> int:
    from .build import build_time
    from .init import init_site
    from .theme import DEFAULT_THEME

    written = init_site(args.dir, build_time().date(),
                        theme=DEFAULT_THEME if args.theme else None)
    print(f"Created a new site in {args.dir}:")
    for path in written:
        print(f"  {path.relative_to(args.dir).as_posix()}")
    site = "" if args.dir == Path(".") else f" --site {args.dir}"
    print(f"Preview it with: python -m generator serve{site}\n"
          f"(it builds, serves http://127.0.0.1:8000/ and reloads the page on every save)\n"
          f"Publish it with: python -m generator build{site}  (into {args.dir / 'output'}/)")
    return 0


def run_build(args: argparse.Namespace) -> int:
    site = args.site
    progress = None if args.quiet else Progress()
    options = BuildOptions(output=args.output, base_url=args.base_url, drafts=args.drafts,
                           future=args.future, strict=args.strict, jobs=args.jobs,
                           progress=progress, notify=say, keep_going=args.keep_going,
                           ending=getattr(args, "ending", False))
    try:
        result = build(site, options)
    finally:
        if progress is not None:
            progress.clear()
    report([*result.errors, *result.warnings], quiet=args.quiet)
    if args.verbose:
        for stage, seconds in result.timings.items():
            print(f"  {stage:<8} {seconds:8.3f} s")
    failed = 1 if result.errors else 0
    if result.errors:
        files = len({p.path.split(" (alias ", 1)[0] for p in result.errors})
        print(f"{len(result.errors)} error(s): {files} file(s) left out; the articles without "
              "errors are published (--keep-going).", file=sys.stderr)
    if args.quiet:
        return failed
    withdrawn = f" ({result.withdrawn} withdrawn)" if result.withdrawn else ""
    if result.up_to_date:
        print(f"Up to date: {result.articles} articles{withdrawn}, {result.pages} pages, "
              f"{len(result.warnings)} warnings; nothing changed since the last build "
              f"({result.seconds:.2f} s) -> {result.output}")
    else:
        print(f"Built {result.articles} articles{withdrawn}, {result.pages} pages "
              f"({result.files} files: {len(result.changed)} written or removed, "
              f"{result.rendered} pages rendered, {result.parsed} files parsed), "
              f"{len(result.warnings)} warnings in {result.seconds:.2f} s -> {result.output}")
    return failed


def run_serve(args: argparse.Namespace) -> int:
    from .serve import ServeError, serve

    try:
        return serve(args.site, BuildOptions(drafts=args.drafts, future=args.future, notify=say),
                     host=args.host, port=args.port, poll=args.poll)
    except ServeError as exc:
        print(f"Cannot serve: {exc}", file=sys.stderr)
        return 1


def run_import(args: argparse.Namespace) -> int:
    from .readers.importers.batch import import_engine, import_paths, import_timezone

    tz = import_timezone(args.timezone, args.site)
    if args.media is not None and not args.media.is_dir():
        print(f"Cannot import: the media folder {args.media} does not exist.", file=sys.stderr)
        return 2
    done = import_paths(args.paths, args.to, tz, force=args.force, pages=args.pages,
                        media=args.media, engine=import_engine(args.site))
    for path, info, posts in done.exports:
        print(f"read {path}: {info.kind} {info.version} export of {info.title or 'a site'}, "
              f"{posts} item(s)")
    for written in done.written:
        print(f"wrote {written}")
    for refused, reason in done.refused:
        print(f"refused {refused}: {reason}", file=sys.stderr)
    report(done.problems, quiet=False)
    if done.listed:
        print(f"{len(done.listed)} attachment(s) to fetch; with a copy of the old uploads "
              "folder, import again with --media DIR to copy them beside the posts:")
        for post, attachment in done.listed:
            print(f"  {post}: {attachment.url}")
    print(done.summary())
    return 1 if done.refused or any(p.severity == "error" for p in done.problems) else 0


def run_tags_suggest(args: argparse.Namespace) -> int:
    from .config import load_config
    from .errors import Problems
    from .incremental.parsing import parse_sources, parsed_articles
    from .parallel import default_jobs
    from .readers.autotag import suggest_phrases
    from .readers.listing import list_sources

    config = load_config(args.site)
    problems = Problems()
    parsed = parse_sources(list_sources(config, problems), config, problems, default_jobs(),
                           cache_dir=None)
    articles = parsed_articles(parsed)
    if not articles and problems.errors:
        raise SiteError(problems.items)
    # Suggestions from the articles that do parse are still useful: list problems, go on.
    report(problems.items, quiet=True)
    suggestions = suggest_phrases(config.autotag, articles, args.limit, args.min_count)
    if not suggestions:
        print(f"No capitalised phrase outside the rules occurs in {args.min_count} or more "
              f"of the {len(articles)} articles.")
        return 0
    print(f"Phrases in the most of {len(articles)} articles that no [autotag] rule covers:")
    for phrase, count in suggestions:
        print(f"{count:>6}  {phrase}")
    example = suggestions[0][0]
    print(f'\nTo tag them, add rules to site.toml, e.g.\n[autotag]\n"{example}" = ["{example}"]')
    return 0


def say(line: str) -> None:
    """Print a line about what the generator is doing (not a result) to stderr."""
    print(line, file=sys.stderr, flush=True)


def report(problems: Sequence[Problem], quiet: bool) -> None:
    for problem in problems:
        if quiet and problem.severity == "warning":
            continue
        print(problem, file=sys.stderr)


if __name__ == "__main__":
    entry()
