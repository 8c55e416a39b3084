"""Article versions on both databases: the knowledge/ baseline, versions, publishing, export and import."""

from __future__ import annotations

import pytest

from assistant.editorial import published_articles, seed_baseline, to_markdown
from assistant.errors import AuthorizationError, ConflictError, KnowledgeBaseError, NotFoundError
from assistant.knowledge_files import export_published, import_files
from assistant.retrieval.loader import load_article, load_knowledge_base
from assistant.storage import accounts
from assistant.storage import articles as store
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.integration

ARTICLES = ("thyroid-tests", "cholesterol-and-ldl", "hba1c-and-diabetes")


@pytest.fixture
def baseline(tmp_path):
    folder = tmp_path / "knowledge"
    folder.mkdir()
    for article_id in ARTICLES:
        (folder / f"{article_id}.md").write_text((REPO_ROOT / "knowledge" / f"{article_id}.md").read_text())
    return folder


@pytest.fixture
def seeded(database, baseline):
    with database.session() as session:
        accounts.upsert_user(session, "an.editor", "x", "editor", None)
        accounts.upsert_user(session, "a.staff", "x", "staff", None)
    assert seed_baseline(database, load_knowledge_base(baseline)) == len(ARTICLES)
    return database


def test_a_fresh_database_takes_knowledge_as_its_published_baseline_once(seeded, baseline):
    assert seed_baseline(seeded, load_knowledge_base(baseline)) == 0
    published = {article.id: article for article in published_articles(seeded)}
    assert set(published) == set(ARTICLES)
    for original in load_knowledge_base(baseline):
        assert to_markdown(published[original.id]) == to_markdown(original)
    with seeded.session() as session:
        [version] = store.versions(session, "thyroid-tests")
        assert (version.number, version.state, version.origin, version.author_user_id) == (1, "published", "seed", None)
        assert store.get_article(session, "thyroid-tests").status == "published"


def test_a_new_version_supersedes_pending_ones_and_publishing_moves_the_live_pointer(seeded):
    from assistant.editorial import version_article, version_row

    with seeded.session() as session:
        first = version_article(store.get_version(session, "thyroid-tests", 1))
        for number in (2, 3):
            changed = first.model_copy(update={"body": first.body + f"\n\nEdit {number}.", "version": number})
            store.add_version(session, version_row(changed, number, "edit", None, number - 1))
        assert [v.state for v in store.versions(session, "thyroid-tests")] == ["published", "superseded", "pending"]
        record = store.get_article(session, "thyroid-tests")
        store.claim_article(session, record.id, record.revision)
        store.publish(session, record, store.get_version(session, "thyroid-tests", 3))
    with seeded.session() as session:
        assert [v.state for v in store.versions(session, "thyroid-tests")] == ["superseded", "superseded", "published"]
        assert store.get_article(session, "thyroid-tests").published_version == 3
    assert {a.id: a.version for a in published_articles(seeded)}["thyroid-tests"] == 3


def test_a_stale_revision_is_a_conflict_and_changes_nothing(seeded):
    with seeded.session() as session:
        revision = store.get_article(session, "thyroid-tests").revision
        store.claim_article(session, "thyroid-tests", revision)
    with pytest.raises(ConflictError):
        with seeded.session() as session:
            store.claim_article(session, "thyroid-tests", revision)


def test_retired_articles_leave_the_published_set(seeded):
    with seeded.session() as session:
        store.retire(session, store.get_article(session, "thyroid-tests"), None)
    assert "thyroid-tests" not in {a.id for a in published_articles(seeded)}
    with seeded.session() as session:
        assert store.retired_article_ids(session) == {"thyroid-tests"}
        assert store.retired_article_ids(session, {"cholesterol-and-ldl"}) == set()
        with pytest.raises(NotFoundError):
            store.get_version(session, "thyroid-tests", 9)


def test_export_then_import_round_trips_and_an_edit_becomes_a_version_awaiting_review(seeded, tmp_path):
    out = tmp_path / "export"
    report = export_published(seeded, out)
    assert sorted(report.written) == sorted(ARTICLES) and report.removed == ()
    # Exported files are valid knowledge/ articles with the published content.
    exported = {article.id: article for article in load_knowledge_base(out)}
    assert {a.id: to_markdown(a) for a in published_articles(seeded)} == {i: to_markdown(a) for i, a in exported.items()}
    assert export_published(seeded, out).unchanged == tuple(sorted(ARTICLES))

    unchanged = import_files(seeded, [out], "an.editor")
    assert unchanged.created == () and sorted(unchanged.unchanged) == sorted(ARTICLES)

    path = out / "thyroid-tests.md"
    path.write_text(path.read_text().replace("\n## ", "\nA new short line.\n\n## ", 1))
    report = import_files(seeded, [path], "an.editor")
    assert report.created == (("thyroid-tests", 2),)
    with seeded.session() as session:
        latest = store.latest_version(session, "thyroid-tests")
        assert (latest.state, latest.origin, latest.based_on) == ("pending", "import", 1)
    # Not published yet, so an export still writes version 1.
    export_published(seeded, out)
    assert load_article(path).version == 1 and "A new short line." not in path.read_text()


def test_export_removes_the_file_of_a_retired_article(seeded, tmp_path):
    out = tmp_path / "export"
    export_published(seeded, out)
    (out / "unknown-article.md").write_text("not ours")
    with seeded.session() as session:
        store.retire(session, store.get_article(session, "thyroid-tests"), None)
    assert export_published(seeded, out).removed == ("thyroid-tests",)
    assert not (out / "thyroid-tests.md").exists() and (out / "unknown-article.md").exists()


def test_import_is_all_or_nothing_and_needs_an_editor(seeded, tmp_path):
    out = tmp_path / "export"
    export_published(seeded, out)
    good = out / "thyroid-tests.md"
    good.write_text(good.read_text().replace("\n## ", "\nA new short line.\n\n## ", 1))
    bad = out / "cholesterol-and-ldl.md"
    bad.write_text(bad.read_text().replace("https://", "http://", 1))
    with pytest.raises(KnowledgeBaseError, match="not https"):
        import_files(seeded, [good, bad], "an.editor")
    with pytest.raises(AuthorizationError):
        import_files(seeded, [good], "a.staff")
    with seeded.session() as session:
        assert len(store.versions(session, "thyroid-tests")) == 1
