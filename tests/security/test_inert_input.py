"""Hostile strings are inert: SQL injection, cross-site scripting and path traversal."""

import ast
import os

import pytest
from sqlmodel import func, select

from assistant.errors import AuthenticationError, NotFoundError, ResultsImportError
from assistant.storage.models import Message, User
from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.integration
PASSWORD = "demo-password-for-tests"

SQL_INJECTION = ["' OR '1'='1", "demo.patient'--", "x'; DROP TABLE user; --", "\" OR \"\"=\"", "1; DELETE FROM message"]
TRAVERSAL = ["../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "/etc/passwd", "knowledge/../../app.py", "....//....//etc"]


def _count(service, model) -> int:
    with service.database.session() as session:
        return session.exec(select(func.count()).select_from(model)).one()


@pytest.mark.parametrize("username", SQL_INJECTION)
def test_sql_in_a_username_is_just_a_wrong_username(service, username):
    users = _count(service, User)
    with pytest.raises(AuthenticationError, match="^unknown username or wrong password$"):
        service.login(username, PASSWORD)
    with pytest.raises(AuthenticationError):
        service.login("demo.patient", username)
    assert _count(service, User) == users


def test_sql_in_a_question_is_stored_as_text(service):
    patient = service.login("demo.patient", PASSWORD)
    for question in SQL_INJECTION:
        service.ask(patient, question + " what is LDL?")
    assert _count(service, Message) == 2 * len(SQL_INJECTION)
    texts = [turn.text for turn in service.conversation(patient) if turn.author == "patient"]
    assert "x'; DROP TABLE user; -- what is LDL?" in texts


@pytest.mark.parametrize("article_id", TRAVERSAL)
def test_article_ids_cannot_reach_files(service, article_id):
    with pytest.raises(NotFoundError):
        service.get_article(article_id)


@pytest.mark.parametrize("name", ["../../etc/passwd", "notes.txt", "bundle.json.exe", "bundle.JSON.sh"])
def test_imports_refuse_files_of_the_wrong_type(service, tmp_path, name):
    from assistant.results.catalog import default_catalog
    from assistant.results.importer import import_bundles
    from assistant.results.reference_ranges import ReferenceRangeTable

    target = tmp_path / "x" / "y" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.resolve().is_relative_to(tmp_path):
        target.write_text("{}")
    with pytest.raises(ResultsImportError):
        import_bundles(service.database, [target], "demo-patient-1", ReferenceRangeTable.load(), default_catalog())


def test_imports_refuse_oversized_empty_and_linked_files(service, tmp_path):
    from assistant.pgx.importer import import_pgx

    big = tmp_path / "calls.tsv"
    big.write_bytes(b"gene\tdiplotype\n" + b"x" * 2048)
    with pytest.raises(ResultsImportError, match="over the 0.0 MB limit"):
        import_pgx(service.database, big, "demo-patient-1", max_bytes=1024)
    empty = tmp_path / "empty.vcf"
    empty.write_bytes(b"")
    with pytest.raises(ResultsImportError, match="empty"):
        import_pgx(service.database, empty, "demo-patient-1")
    link = tmp_path / "link.tsv"
    os.symlink("/etc/passwd", link)
    with pytest.raises(ResultsImportError, match="symbolic links"):
        import_pgx(service.database, link, "demo-patient-1")


def test_the_gene_card_escapes_whatever_it_shows():
    from assistant.pgx.card import render_card
    from assistant.service import GeneticView

    hostile = GeneticView(1, "CYP2C19", '<script>alert(1)</script>', '<img src=x onerror=alert(1)>', "called",
                          None, ("clopidogrel",), False)
    card = render_card([hostile])
    assert "<script>alert" not in card and "<img src=x" not in card


def _streamlit_calls(path):
    tree = ast.parse(path.read_text())
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            yield node


def test_no_page_renders_raw_html():
    """No unsafe_allow_html, st.html or components.html anywhere in the pages."""
    offenders = []
    for path in [REPO_ROOT / "app.py", *sorted((REPO_ROOT / "views").glob("*.py"))]:
        for call in _streamlit_calls(path):
            name = ast.unparse(call.func)
            if name.endswith(("st.html", "components.html", "components.v1.html")):
                offenders.append(f"{path.name}:{call.lineno} {name}")
            for keyword in call.keywords:
                if keyword.arg == "unsafe_allow_html" and not (
                        isinstance(keyword.value, ast.Constant) and keyword.value.value is False):
                    offenders.append(f"{path.name}:{call.lineno} unsafe_allow_html")
    assert offenders == []


@pytest.mark.parametrize("markup", [
    "<script>alert(1)</script>", "[x](javascript:alert(1))", "![t](http://tracker.example/p.png)",
    ":red[alarm] $x^2$ # Heading", "**bold** `code` <b>b</b>",
])
def test_typed_text_loses_every_markup_meaning(markup):
    from views.markup import escape_markdown

    escaped = escape_markdown(markup)
    assert escaped.replace("\\", "") == markup.replace("\\", "")
    for token in ("<", "[", "]", "(", "*", "`", ":", "$", "#", "!"):
        assert escaped.count(token) == escaped.count("\\" + token)


def test_knowledge_articles_hold_no_raw_html_or_remote_images(service):
    import re

    for article in service.list_articles():
        body = article.body_without_title
        assert not re.search(r"<\s*[a-zA-Z/!]", body), article.id
        assert not re.search(r"!\[[^\]]*\]\(", body), article.id
        for url in re.findall(r"\]\(([^)\s]+)", body):
            assert url.startswith(("https://", "http://", "?article=", "#")), (article.id, url)
