"""The library as the CLI and the GUI use it: open, import, list, search, show, delete.

No Qt here: the GUI runs these operations in its workers; reader-cli calls them directly.
Opening a library needs only the database modules: the stores and the article model are
imported on first use, so that the window can be on screen before them.
"""

from __future__ import annotations

import builtins
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from reader.store import db
from reader.store.db import READ_ONLY_MESSAGE, LibraryError, connect, transaction
from reader.store.migrations import CURRENT_VERSION, check_version, migrate
from reader.store.query import LibraryQuery, SortKey

if TYPE_CHECKING:
    from reader.core.model import Article, ArticleDraft, ArticleSummary, ImportOutcome
    from reader.store.articles import ArticleStore
    from reader.store.tags import TagStore

IMPORT_BATCH = 500
SAMPLES_SEEDED_KEY = "samples_seeded"

ProgressCallback = Callable[[int, int], None]  # (files done, files total)
CancelCheck = Callable[[], bool]
_Pending = tuple[str, "ArticleDraft | ImportOutcome"]


def _failure(origin: str, error: str) -> ImportOutcome:
    from reader.core.model import ImportOutcome, ImportStatus

    return ImportOutcome(origin, ImportStatus.ERROR, error=error)


def _has_tables(conn: sqlite3.Connection) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is not None


def _backup_before_migration(
    path: Path, conn: sqlite3.Connection, version: int, keep: int | None
) -> None:
    """A snapshot of the old schema before an upgrade touches it; no upgrade without one.
    Without the user's `keep` setting (reader-cli), no older backup is pruned."""
    from reader.store.backup import BackupError, create_backup

    try:
        create_backup(path, reason=f"before-upgrade-v{version}", keep=keep, conn=conn)
    except BackupError as exc:
        raise LibraryError(
            f"The library needs an upgrade, but a backup could not be made first ({exc}). "
            "It was left untouched."
        ) from exc


class Library:
    """One open library file with a connection for the calling thread."""

    def __init__(self, path: Path, conn: sqlite3.Connection, *, readonly: bool = False) -> None:
        self.path = path
        self.conn = conn
        self.readonly = readonly  # the file or its folder cannot be written: reading only

    @cached_property
    def articles(self) -> ArticleStore:
        from reader.store.articles import ArticleStore

        return ArticleStore(self.conn)

    @cached_property
    def tags(self) -> TagStore:
        from reader.store.tags import TagStore

        return TagStore(self.conn)

    @classmethod
    def open(
        cls, path: Path, *, seed_samples: bool = False, backup_keep: int | None = None
    ) -> Library:
        """Open (creating and migrating as needed). Raises LibraryError with a user message.

        A library with data in an older schema is backed up first (keeping the newest
        `backup_keep` backups). A file this process cannot write opens read-only."""
        if path.is_dir():
            raise LibraryError(f"{path} is a folder, not a library file.")
        if path.exists() and not db.writable(path):
            return cls._open_readonly(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise LibraryError(f"Cannot create the folder for {path}: {exc}") from exc
        conn = connect(path)
        try:
            version = check_version(conn, str(path))
            fresh = version == 0
            if version < CURRENT_VERSION and _has_tables(conn):
                _backup_before_migration(path, conn, version, backup_keep)
            migrate(conn, str(path))
        except LibraryError:
            conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise LibraryError(f"Cannot prepare the library {path}: {exc}") from exc
        library = cls(path, conn)
        if fresh and seed_samples:
            library.seed_samples()
        return library

    @classmethod
    def _open_readonly(cls, path: Path) -> Library:
        conn = connect(path, readonly=True)
        try:
            if check_version(conn, str(path)) < CURRENT_VERSION:
                raise LibraryError(
                    f"{READ_ONLY_MESSAGE} It was made by an older Reader and needs an upgrade,"
                    f" which cannot be written: make {path} writable and open it again."
                )
        except LibraryError:
            conn.close()
            raise
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise LibraryError(f"Cannot read the library {path}: {exc}") from exc
        return cls(path, conn, readonly=True)

    def reconnect(self) -> Library:
        """A second handle on the same file, for another thread."""
        return Library(
            self.path, connect(self.path, readonly=self.readonly), readonly=self.readonly
        )

    def close(self) -> None:
        self.conn.close()

    def data_version(self) -> int:
        """Changes when another connection commits (cheap: no disk read)."""
        return int(self.conn.execute("PRAGMA data_version").fetchone()[0])

    # --- meta ----------------------------------------------------------------------------

    def meta(self, key: str) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with transaction(self.conn):  # a failed write is reported as WriteError
            self.conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    def seed_samples(self) -> int:
        """Add the bundled sample articles once; deleting them later does not bring them back."""
        if self.meta(SAMPLES_SEEDED_KEY):
            return 0
        from reader.core.model import ImportStatus
        from reader.paths import resource

        paths = sorted(resource("samples").glob("*.txt"))
        count = sum(
            1 for outcome in self.import_paths(paths) if outcome.status is ImportStatus.IMPORTED
        )
        self.set_meta(SAMPLES_SEEDED_KEY, "1")
        return count

    # --- import --------------------------------------------------------------------------

    def import_paths(
        self,
        paths: Iterable[Path],
        *,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
    ) -> Iterator[ImportOutcome]:
        """Import files one by one, in order; a failing file or record is reported and the
        others still go in. Articles are stored in batches of one transaction each."""
        from reader.importers import ImportFailure, iter_path

        path_list = list(paths)
        pending: list[_Pending] = []
        for index, path in enumerate(path_list):
            if cancelled is not None and cancelled():
                break
            origin = str(path)
            restored = self._restore_backup(path, cancelled)
            if restored is not None:  # a full backup (by its content): restored, not imported
                yield from self._store(pending)
                pending = []
                yield from restored
                if progress is not None:
                    progress(index + 1, len(path_list))
                continue
            try:
                for item in iter_path(path):
                    if isinstance(item, ImportFailure):
                        pending.append((origin, _failure(origin, str(item))))
                    else:
                        pending.append((origin, item))
                    if len(pending) >= IMPORT_BATCH:
                        yield from self._store(pending)
                        pending = []
                        if cancelled is not None and cancelled():
                            break
            except ImportFailure as exc:
                pending.append((origin, _failure(origin, str(exc))))
            except (OSError, ValueError, MemoryError, RecursionError) as exc:
                pending.append((origin, _failure(origin, f"cannot be read: {exc}")))
            if progress is not None:
                progress(index + 1, len(path_list))
        if pending:
            yield from self._store(pending)

    def _restore_backup(
        self, path: Path, cancelled: CancelCheck | None
    ) -> Iterator[ImportOutcome] | None:
        from reader.services.restore import restore_path

        return restore_path(self, path, cancelled=cancelled)

    def import_drafts(
        self, drafts: Iterable[ArticleDraft], origin: str
    ) -> builtins.list[ImportOutcome]:
        return list(self._store([(origin, draft) for draft in drafts]))

    def _store(self, batch: list[_Pending]) -> Iterator[ImportOutcome]:
        from reader.core.model import ArticleDraft, ImportOutcome, ImportStatus

        batch = [(origin, self._update_newer_version(origin, item)) for origin, item in batch]
        drafts = [item for _, item in batch if isinstance(item, ArticleDraft)]
        results = iter(self.articles.add_many(drafts))
        for origin, item in batch:
            if isinstance(item, ImportOutcome):
                yield item
                continue
            article_id, created = next(results)
            status = ImportStatus.IMPORTED if created else ImportStatus.DUPLICATE
            yield ImportOutcome(origin, status, id=article_id, title=item.title)

    def _update_newer_version(
        self, origin: str, item: ArticleDraft | ImportOutcome
    ) -> ArticleDraft | ImportOutcome:
        """A new text for an article already here (same source URL) replaces its text and
        re-anchors its highlights, instead of making a second copy."""
        from reader.core.model import ArticleDraft, ImportOutcome, ImportStatus

        if not isinstance(item, ArticleDraft) or not item.source_url:
            return item
        from reader.services.annotations import AnnotationError, AnnotationService

        service = AnnotationService(self)
        try:
            target = service.reimport_target(item)
            if target is None:
                return item
            report = service.replace_text_from_import(target, item)
        except AnnotationError as exc:
            return _failure(origin, f"could not update the existing article: {exc}")
        return ImportOutcome(
            origin, ImportStatus.IMPORTED, id=target, title=item.title, updated=report.summary()
        )

    # --- reading -------------------------------------------------------------------------

    def list(self, query: LibraryQuery | None = None) -> builtins.list[ArticleSummary]:
        return self.articles.summaries(self.articles.query_ids(query or LibraryQuery()))

    def search(self, text: str) -> builtins.list[ArticleSummary]:
        return self.list(LibraryQuery(search=text, sort=SortKey.RELEVANCE))

    def get(self, article_id: int) -> Article | None:
        return self.articles.get(article_id)

    def delete(self, article_id: int) -> bool:
        return self.articles.delete(article_id)
