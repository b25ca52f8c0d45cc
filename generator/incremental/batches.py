"""Which pages a rebuild makes: every plain page is fingerprinted, a batch only when its
inputs changed; the pages whose fingerprint or reads changed are rendered.

A batch (model.Batch) whose inputs, templates and reads are as the last build recorded
them keeps its files without making its pages: a rebuild after an edit visits what the
edit reaches, not every page of the site. When only bodies changed (`settled`), a batch
is kept by its key alone; when articles' metadata changed but not the site's frame
(`reach`: Fingerprints.structure_digest), a batch that says what its gathering reads
(Batch.reads) is kept when nothing it read changed, without being gathered. With
NEWSARCHIVE_CHECK_BATCHES set (the tests set it), every kept batch is made all the same
and its pages are checked to be unchanged, so that a batch whose inputs miss something its
pages show fails loudly.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from operator import attrgetter, itemgetter

from ..digests import digest, digest_parts
from ..disk import Stat
from ..model import Batch, Page, PageRecord
from .changes import intact
from .fingerprints import CHECK_BATCHES, Fingerprints
from .manifest import BatchRecord, Entry, Manifest

_OUTPUT = itemgetter(0)  # a PageRecord's output
_MADE_FROM = attrgetter("made_from")  # an Entry's


@dataclass(slots=True)
class Partition:
    """A build's pages, split: those to render (each with the digest of its file on disk,
    if whole), and the entries of the files that stand as they are."""

    todo: list[tuple[Page, bytes | None]] = field(default_factory=list)
    kept: dict[str, Entry] = field(default_factory=dict)
    made_from: dict[str, bytes | None] = field(default_factory=dict)
    pages: list[Page] = field(default_factory=list)  # every page made in this build
    kept_pages: list[PageRecord] = field(default_factory=list)  # of batches not made
    records: dict[str, BatchRecord] = field(default_factory=dict)
    # With Partitioner(owners=True): the item (a page or a batch) that makes each file.
    owners: dict[str, Page | Batch] | None = None
    # A site of several languages makes its batches as it plans them (planner.plan_items):
    # with owners, the batch that made each of their pages, by file.
    origins: dict[str, Batch] = field(default_factory=dict)
    plan_digest: bytes = b""  # Fingerprints.plan_digest of the build
    structure: bytes = b""  # Fingerprints.structure_digest of the build

    @property
    def count(self) -> int:
        return len(self.pages) + len(self.kept_pages)

    @property
    def outputs(self) -> list[str]:
        """The file of every page, made in this build or kept."""
        return [*(str(page.output) for page in self.pages),
                *(record.output for record in self.kept_pages)]


class Partitioner:
    """One build's partition, item by item."""

    def __init__(self, fingerprints: Fingerprints, previous: Manifest | None,
                 on_disk: Mapping[str, Stat], owners: bool = False,
                 stale: set[str] | None = None, settled: bool = False,
                 reach: bool = False) -> None:
        # stale: reread(fingerprints, previous), when the caller has it already.
        # settled: nothing but bodies changed since `previous` (its plan_digest is this
        # build's): a page or batch that read none of them is as the last build made it.
        # reach: `previous` has this build's structure_digest: a batch with Batch.reads
        # none of whose reads changed is as the last build made it.
        self.fingerprints = fingerprints
        self.previous = previous
        self.on_disk = on_disk
        self.result = Partition(owners={} if owners else None)
        self.settled = settled and previous is not None
        self.reach = reach and previous is not None and not self.settled
        # The keys in `readable` whose value is not the last build's (with `reach`).
        self.changed = changed_reads(fingerprints, previous) if self.reach else set()
        self.reread = (stale if stale is not None
                       else reread(fingerprints, previous, self.changed if self.reach else None))
        self.check = bool(os.environ.get(CHECK_BATCHES))
        self._templates: dict[tuple[str, ...], bytes] = {}
        self._standing: set[str] | None = None

    def add(self, item: Page | Batch) -> None:
        """Take a planned page or batch."""
        if self.settled or self.reach:
            self.settle((item,))
            return
        result = self.result
        made, kept = len(result.pages), len(result.kept_pages)
        if isinstance(item, Batch):
            self.batch(item)
        else:
            self.page(item)
        if result.owners is not None:
            self._own(item, made, kept)

    def _own(self, item: Page | Batch, made: int, kept: int) -> None:
        """Say that `item` makes the files taken since there were `made` pages and `kept`
        records of kept pages."""
        result = self.result
        assert result.owners is not None
        for page in result.pages[made:]:
            result.owners[str(page.output)] = item
        for record in result.kept_pages[kept:]:
            result.owners[record.output] = item

    def settle(self, items: Iterable[Page | Batch]) -> None:
        """Take the planned items of a settled build (the constructor's `settled`): an item
        whose files are whole and read nothing that changed keeps the last build's entries,
        without being fingerprinted (it would get the fingerprint it had: see
        Fingerprints.plan_digest); the others are taken as add() takes them. A page at
        10,000 articles costs 0.1 ms to fingerprint, and a body edit reaches a few of
        18,000: the items that stand are taken in one pass without a call each, their
        entries copied in runs (_flush) in the order add() would have kept them.
        With `reach` instead, a batch is kept so when none of its reads changed (unread),
        and every page is fingerprinted."""
        previous, result = self.previous, self.result
        assert previous is not None and (self.settled or self.reach)
        standing, batches, check = self.standing(), previous.batches, self.check
        settled, changed = self.settled, self.changed
        identities = self.fingerprints.identities if self.reach else frozenset()

        def unread(batch: Batch, old: BatchRecord) -> bool:
            """It says what it reads, and none of that changed since the last build."""
            return (batch.reads is not None and old.keys is not None
                    and changed.isdisjoint(old.keys) and identities.issuperset(old.groups))

        owners, records = result.owners, result.records
        pages, kept_pages = result.pages, result.kept_pages
        kept: list[str] = []  # the files that stand, not yet given their entries
        made = before = 0
        for item in items:
            if owners is not None:
                made, before = len(pages), len(kept_pages)
            if isinstance(item, Batch):
                old = batches.get(item.key)
                if (old is not None and (settled or unread(item, old))
                        and standing.issuperset(map(_OUTPUT, old.pages))):
                    if check:
                        self.verify_kept(item, old, *(
                            ("settled", "Fingerprints.plan_digest") if settled else
                            ("unread", "its Batch.reads or structure_digest")))
                    kept.extend(map(_OUTPUT, old.pages))
                    kept_pages.extend(old.pages)
                    records[item.key] = old
                else:
                    self._flush(kept)
                    self.batch(item)
            else:
                key = str(item.output)
                if settled and key in standing:
                    if check and self.fingerprint(item) != previous.files[key].made_from:
                        raise AssertionError(f"page {key} was kept as settled, but its "
                                             "fingerprint changed: Fingerprints.plan_digest "
                                             "misses something")
                    pages.append(item)
                    kept.append(key)
                else:
                    self._flush(kept)
                    self.page(item)
            if owners is not None:
                self._own(item, made, before)
        self._flush(kept)

    def _flush(self, outputs: list[str]) -> None:
        """Keep the last build's entries of `outputs` (files that stand), and empty it."""
        if not outputs:
            return
        assert self.previous is not None
        entries = list(map(self.previous.files.__getitem__, outputs))
        result = self.result
        result.kept.update(zip(outputs, entries, strict=True))
        result.made_from.update(zip(outputs, map(_MADE_FROM, entries), strict=True))
        outputs.clear()

    def page(self, page: Page) -> None:
        """Fingerprint a page; keep its file if it is whole and made from the same."""
        result = self.result
        result.pages.append(page)
        fingerprint = self.fingerprint(page)
        key = str(page.output)
        result.made_from[key] = fingerprint
        old = self.previous.files.get(key) if self.previous is not None else None
        whole = old is not None and self.intact(key)
        if (whole and old is not None and fingerprint is not None
                and old.made_from == fingerprint
                and old.reads_digest == self.fingerprints.of_reads(old.reads)):
            result.kept[key] = old
        else:
            result.todo.append((page, old.digest if whole and old is not None else None))

    def batch(self, batch: Batch) -> None:
        """Keep a batch whose inputs, templates, reads and files are as they were; make the
        others' pages and take each page as it comes."""
        fingerprint, reads = self.fingerprints.of_batch_reads(batch)
        old = self.previous.batches.get(batch.key) if self.previous is not None else None
        if old is not None and fingerprint is not None and self.keepable(old, fingerprint):
            self.keep_batch(batch.key, old)
            if self.check:
                self.verify(batch, old)
            return
        pages = batch.make()
        for page in pages:
            self.page(page)
        if fingerprint is not None:
            templates = tuple(sorted({page.template for page in pages if page.template}))
            self.result.records[batch.key] = BatchRecord(
                fingerprint, templates, self.templates_digest(templates),
                tuple(PageRecord.of(page) for page in pages), *reads)

    def keep_batch(self, key: str, old: BatchRecord) -> None:
        """Keep the files of a batch the last build made, with their entries."""
        assert self.previous is not None
        result = self.result
        for record in old.pages:
            entry = self.previous.files[record.output]
            result.kept[record.output] = entry
            result.made_from[record.output] = entry.made_from
        result.kept_pages.extend(old.pages)
        result.records[key] = old

    def standing(self) -> set[str]:
        """The last build's files that are whole in the output folder and read nothing
        that changed, found at once: a build asks of nearly every one (0.05 s at 10,000
        articles asked one by one)."""
        if self._standing is None:
            previous, reread, on_disk = self.previous, self.reread, self.on_disk
            assert previous is not None
            then, now = previous.disk.get, on_disk.get
            self._standing = {
                output for output, entry in previous.files.items()
                if entry.made_from is not None and output not in reread
                and (stat := now(output)) is not None and stat == then(output)}
        return self._standing

    def verify_kept(self, batch: Batch, old: BatchRecord, how: str, what: str) -> None:
        """Check that a batch kept without its fingerprint (`how`: as settled, as unread)
        has the fingerprint it had, and its pages (else `what` misses something)."""
        if (self.fingerprints.of_batch(batch) != old.fingerprint
                or self.templates_digest(old.templates) != old.templates_digest):
            raise AssertionError(f"batch {batch.key} was kept as {how}, but its "
                                 f"fingerprint changed: {what} misses something")
        self.verify(batch, old)

    def fingerprint(self, page: Page) -> bytes | None:
        """What a page is made from: its bytes when they are ready, else its template,
        context and the site-wide inputs."""
        return digest(page.body) if page.body is not None else self.fingerprints.of_page(page)

    def keepable(self, old: BatchRecord, fingerprint: bytes) -> bool:
        return (old.fingerprint == fingerprint
                and old.templates_digest == self.templates_digest(old.templates)
                and self.standing().issuperset(map(_OUTPUT, old.pages)))

    def templates_digest(self, names: tuple[str, ...]) -> bytes:
        known = self._templates.get(names)
        if known is None:
            closure = self.fingerprints.templates.closure
            known = self._templates[names] = digest_parts(*(closure(name) for name in names))
        return known

    def intact(self, relative: str) -> bool:
        return intact(relative, self.previous, self.on_disk)

    def verify(self, batch: Batch, old: BatchRecord) -> None:
        """Make a kept batch's pages and check that they are what the last build made."""
        assert self.previous is not None
        pages = batch.make()
        made = {str(page.output): self.fingerprint(page) for page in pages}
        before = {record.output: self.previous.files[record.output].made_from
                  for record in old.pages}
        if made != before or tuple(PageRecord.of(page) for page in pages) != old.pages:
            raise AssertionError(f"batch {batch.key} was kept, but its pages changed: its "
                                 "inputs miss something its pages are made from")


def changed_reads(fingerprints: Fingerprints, previous: Manifest | None) -> set[str]:
    """The keys of what a page or batch may read (a body, a group's list) whose value is
    not what it was in the last build."""
    if previous is None:
        return set()
    now, then = fingerprints.readable, previous.readable
    return {key for key in now.keys() | then.keys()
            if now.get(key, b"gone") != then.get(key, b"gone")}


def reread(fingerprints: Fingerprints, previous: Manifest | None,
           changed: set[str] | None = None) -> set[str]:
    """The files of the last build that read something (a body, a group's list) that is
    not what it was then; `changed`: changed_reads, when the caller has it already."""
    if previous is None:
        return set()
    if changed is None:
        changed = changed_reads(fingerprints, previous)
    if not changed:
        return set()
    return {output for output, entry in previous.files.items()
            if entry.reads and not changed.isdisjoint(entry.reads)}
