"""Plan every file of the site: its URL, output file, and how it is made."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence, Set

from ..config import Config
from ..errors import Problems
from ..model import Batch, Page, PageRecord, Site
from ..site.editions import Edition
from ..site.urls import MAX_NAME_BYTES, reserved
from .feeds import plan_feeds
from .html import html_pages
from .json_feeds import plan_json_feeds
from .languages import link_editions
from .newsroom import author_pages, correction_pages, on_this_day_pages
from .redirects import alias_pages
from .search_page import search_pages
from .sitemaps import plan_sitemaps

Planner = Callable[[Config, Site], Iterable[Page | Batch]]


def image_files(config: Config, site: Site) -> tuple[Page, ...]:
    """The encoded images the images stage prepared (outputs/media.py), once: with the
    default language's pages, as every language shows the same files."""
    return () if config.prefix else site.media.files


# Adding a kind of output: a module with its planner, and a line here.
PLANNERS: tuple[Planner, ...] = (
    html_pages, author_pages, correction_pages, on_this_day_pages, plan_feeds,
    plan_json_feeds, alias_pages, search_pages, image_files)
PAGE_HINT = "change a slug or a [permalinks] pattern in site.toml"
STATIC_HINT = "rename or remove the static file, or give the page another URL"


def plan_items(editions: Sequence[Edition], origins: dict[str, Batch] | None = None
               ) -> list[Page | Batch]:
    """Every page of the site but the sitemaps (which list the others), as pages and
    batches of pages (made when a build needs them). A site of several languages has its
    pages made now, to link each one to its versions in the other languages (`origins`,
    if given, gets the batch that made each of those pages, by file)."""
    planned = [[item for planner in PLANNERS for item in planner(e.config, e.site)]
               for e in editions]
    if len(editions) == 1:
        return planned[0]
    return list(link_editions(editions, [made(items, origins) for items in planned]))


def made(items: Iterable[Page | Batch], origins: dict[str, Batch] | None = None
         ) -> list[Page]:
    """The pages of `items`, every batch made (and, in `origins`, the batch of each)."""
    pages: list[Page] = []
    for item in items:
        if not isinstance(item, Batch):
            pages.append(item)
            continue
        batch = item.make()
        pages += batch
        if origins is not None:
            origins.update((str(page.output), item) for page in batch)
    return pages


def plan_pages(config: Config, editions: Sequence[Edition], problems: Problems,
               static: Mapping[str, str] | None = None) -> list[Page]:
    """Return every page of the site, each language's under its prefix, reporting every
    clash between two pages, a page and a static file (`static`: where each is copied to,
    and where it comes from), or a page and a name the output folder keeps for itself."""
    pages = made(plan_items(editions))
    pages += made(plan_sitemaps(config, editions, pages))  # they list the pages before them
    check_collisions(pages, problems, static or {},
                     {a.path for e in editions for a in e.site.articles})
    return pages


def check_collisions(pages: list[Page], problems: Problems,
                     static: Mapping[str, str] | None = None,
                     articles: Set[str] = frozenset(),
                     kept: Sequence[PageRecord] = ()) -> None:
    """Report every output file that two pages, or a page and a static file, would write,
    a file where another one needs a folder, files whose names differ only in letter case
    (one file on macOS and Windows disks), and a page the file system cannot hold; a
    clash is reported on the article that takes part where one does (`articles` are the
    articles' paths). `kept` are the pages a rebuild keeps without making them (their
    names were checked when they were made)."""
    claims: dict[str, list[str]] = {}
    for page in pages:
        if _writable(page, problems):
            claims.setdefault(str(page.output), []).append(page.origin or page.url)
    for record in kept:
        claims.setdefault(record.output, []).append(record.origin or record.url)
    for relative, origin in (static or {}).items():
        claims.setdefault(relative, []).append(origin)
    static_origins = set((static or {}).values())
    clashes = sorted((output for output, claimants in claims.items() if len(claimants) > 1),
                     key=_parts)
    for output in clashes:
        claimants = claims[output]
        names = "; ".join(claimants)
        if static_origins.isdisjoint(claimants):
            problems.error(owner(claimants, articles), f"{len(claimants)} pages would be "
                           f"written to output/{output}: {names}", hint=PAGE_HINT)
        else:
            problems.error(blamed(claimants, static_origins), f"{len(claimants)} files would "
                           f"be written to output/{output}: {names}", hint=STATIC_HINT)
    _check_folders(claims, static_origins, problems)
    _check_letter_case([*map(PageRecord.of, pages), *kept], articles, problems)


def _check_letter_case(pages: Sequence[PageRecord], articles: Set[str],
                       problems: Problems) -> None:
    """Report pages whose files differ only in letter case, on each article among them."""
    folded: dict[str, list[str]] = {}
    for page in pages:
        folded.setdefault(page.output.casefold(), []).append(page.output)
    clashing = {output for outputs in folded.values() if len(outputs) > 1 for output in outputs}
    if not clashing:
        return
    first: dict[str, PageRecord] = {}
    for page in pages:
        if page.output in clashing:
            first.setdefault(page.output, page)
    by_case: dict[str, list[PageRecord]] = {}
    for output in sorted(first, key=_parts):
        by_case.setdefault(output.casefold(), []).append(first[output])
    for owners in by_case.values():
        if len(owners) < 2:
            continue
        for page in owners:
            others = [p for p in owners if p is not page]
            origin = where(page.origin or page.url)
            if origin not in articles and page is not owners[0]:
                continue
            problems.error(origin if origin in articles else page.origin or page.output,
                           f"its URL {page.url} differs only in letter case from "
                           + ", ".join(f"{p.url} ({p.origin or p.url})" for p in others),
                           hint="they would be one file on macOS and Windows disks: change "
                           "a slug or an alias")


def owner(claimants: list[str], articles: Set[str]) -> str:
    """The file a clash of pages is reported on: an article among them, else the first."""
    return next((where(c) for c in claimants if where(c) in articles), where(claimants[0]))


def _writable(page: Page, problems: Problems) -> bool:
    """Whether the page's file can be written: no name too long, none the generator keeps."""
    origin = page.origin or page.url
    long = [part for part in page.output.parts if len(part.encode()) > MAX_NAME_BYTES]
    if long:
        url = page.url if len(page.url) <= 60 else page.url[:59] + "…"
        problems.error(where(origin), f"{url} has a part of {len(long[0].encode())} bytes; "
                       f"a file name holds at most {MAX_NAME_BYTES}",
                       hint="shorten the alias, slug or [permalinks] pattern")
        return False
    kept_for = reserved(page.output)
    if kept_for:
        problems.error(where(origin), f"{page.url} is a name the output folder keeps for "
                       f"{kept_for}", hint="give the page another URL")
        return False
    return True


def _check_folders(claims: dict[str, list[str]], static_origins: set[str],
                   problems: Problems) -> None:
    """Report a file at a path where another file needs a folder (static/2024 and the
    pages under /2024/)."""
    folders: set[str] = set()
    for output in claims:
        end = output.rfind("/")
        while end > 0 and output[:end] not in folders:  # its parents are in once it is
            folders.add(output[:end])
            end = output.rfind("/", 0, end)
    for output in sorted((o for o in claims if o in folders), key=_parts):
        claimants = claims[output]
        # The file that needs the folder: the one nearest the top, then the first by name.
        below = min((o for o in claims if o.startswith(output + "/")),
                    key=lambda o: (o.count("/"), _parts(o)))
        problems.error(blamed(claimants, static_origins), f"output/{output} would be a file "
                       f"({'; '.join(claimants)}) and the folder of output/{below} "
                       f"({claims[below][0]})", hint=PAGE_HINT if static_origins.isdisjoint(
                           [*claimants, *claims[below]]) else STATIC_HINT)


def _parts(output: str) -> list[str]:
    """The order of output paths: by their parts, as paths compare."""
    return output.split("/")


def blamed(claimants: list[str], static_origins: set[str]) -> str:
    """The file a clash is reported on: the site's static file if one takes part (a page
    of the generator's own, like the home page, has no file to name), else the first."""
    own = [c for c in claimants if c in static_origins and not c.startswith("the theme's")]
    return own[0] if own else where(claimants[0])


def where(origin: str) -> str:
    """The file a claimant comes from ('content/a.md (alias /x/)' -> 'content/a.md')."""
    return origin.split(" (alias ", 1)[0]
