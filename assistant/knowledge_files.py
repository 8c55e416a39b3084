"""The knowledge/ folder and the database: export published versions, import files as new versions.

Both are for the CLI (`tailor kb export` / `tailor kb import`). An import is all or
nothing and every imported version waits for a second person's review, like one saved
on the editor page.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.editorial import content_hash, to_markdown, version_article, version_row
from assistant.errors import AuthorizationError, InputError, KnowledgeBaseError
from assistant.kb_check import check_article
from assistant.retrieval.loader import Article, load_article
from assistant.roles import EDITOR_ROLES
from assistant.storage import Database, accounts, audit
from assistant.storage import articles as store
from assistant.types import Role


@dataclass(frozen=True)
class ExportReport:
    written: tuple[str, ...]
    unchanged: tuple[str, ...]
    removed: tuple[str, ...]


def export_published(database: Database, directory: Path) -> ExportReport:
    """Write every published version to `directory`/<id>.md; remove files of retired articles.

    A file whose content already equals the published version is left untouched.
    Files of articles the database does not know are never touched.
    """
    directory.mkdir(parents=True, exist_ok=True)
    with database.session() as session:
        published = [version_article(row) for row in store.published_versions(session)]
        retired = store.retired_article_ids(session)
        audit.record(session, "article.export", record_type="kb_article", record_id=len(published))
    written, unchanged, removed = [], [], []
    for article in published:
        path = directory / f"{article.id}.md"
        if path.exists():
            try:
                current = load_article(path)
            except KnowledgeBaseError:
                current = None
            if current is not None and _same(current, article):
                unchanged.append(article.id)
                continue
        staging = path.with_name(f".{path.name}.tmp")
        staging.write_text(to_markdown(article))
        staging.replace(path)
        written.append(article.id)
    for article_id in sorted(retired):
        path = directory / f"{article_id}.md"
        if path.exists():
            path.unlink()
            removed.append(article_id)
    return ExportReport(tuple(written), tuple(unchanged), tuple(removed))


def _same(first: Article, second: Article) -> bool:
    return content_hash(first) == content_hash(second) and (first.version, first.reviewed_on) == (
        second.version, second.reviewed_on)


@dataclass(frozen=True)
class ImportReport:
    created: tuple[tuple[str, int], ...]  # (article id, new version number)
    unchanged: tuple[str, ...]


def import_files(database: Database, paths: list[Path], author_username: str) -> ImportReport:
    """Load markdown articles as new versions awaiting review (all files, or nothing).

    Every file must pass the `tailor kb check` errors first. A file equal to the
    article's latest version is skipped. The author must be an editor or admin, so the
    second-person rule holds for imported versions too.
    """
    files = sorted({file for path in paths for file in (sorted(path.glob("*.md")) if path.is_dir() else [path])})
    if not files:
        raise InputError("no markdown files to import")
    loaded = [load_article(file) for file in files]  # KnowledgeBaseError names the bad file
    created: list[tuple[str, int]] = []
    unchanged: list[str] = []
    with database.session() as session:
        author = accounts.get_user_by_username(session, author_username)
        if author is None or Role(author.role) not in EDITOR_ROLES:
            raise AuthorizationError(f"'{author_username}' is not an editor or admin account")
        known = {record.id for record in store.all_articles(session)} | {article.id for article in loaded}
        for article in loaded:
            errors = [f for f in check_article(article, known) if f.severity == "error"]
            if errors:
                raise KnowledgeBaseError(f"{article.id}: {errors[0].message}")
        for article in loaded:
            latest = store.latest_version(session, article.id)
            if latest is not None and latest.content_hash == content_hash(article):
                unchanged.append(article.id)
                continue
            record = store.find_article(session, article.id) or store.create_article(session, article.id)
            number = (latest.number + 1) if latest else 1
            row = store.add_version(session, version_row(
                article.model_copy(update={"version": number}), number, "import", author.id,
                latest.number if latest else None))
            record.revision += 1
            session.add(record)
            audit.record(session, "article.import", actor_user_id=author.id,
                         record_type="kb_article_version", record_id=row.id)
            created.append((article.id, number))
    return ImportReport(tuple(created), tuple(unchanged))


__all__ = ["ExportReport", "ImportReport", "export_published", "import_files"]
