"""The `tailor` console script. Errors print as one line on stderr with exit code 1."""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.exceptions import TyperException

from assistant.config import apply_offline_environment, get_settings
from assistant.errors import InputError, TailorError
from assistant.logs import configure_logging
from assistant.types import Role

app = typer.Typer(
    help="Tailor: a privacy-aware patient assistant for personalised medicine.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _print_json(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")


@app.command()
def ask(
    question: Annotated[str, typer.Argument(help="The question, in plain words.")],
    patient: Annotated[str | None, typer.Option("--patient", help="Answer as this Tailor patient (stored in their conversation).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Answer a question from the knowledge base, with citations."""
    from assistant.bootstrap import build_service

    service = build_service(get_settings())
    answer = service.ask_as_operator(patient, question) if patient else service.answer_question(question).answer
    if as_json:
        _print_json(answer.to_public_dict())
        return
    typer.echo(answer.answer)
    for citation in answer.citations:
        typer.echo(f"[{citation.n}] {citation.title} <{citation.url}>")
        for source in citation.sources:
            typer.echo(f"    source: {source.title} <{source.url}>")
    if answer.escalate:
        typer.echo(f"(suggested for the care team: {answer.reason})")


def _read_jsonl(stream) -> list[tuple[Any, str]]:
    """Parse every line before doing any work, so a bad line fails the run up front."""
    records: list[tuple[Any, str]] = []
    for line_number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(f"line {line_number}: not valid JSON ({error.msg})") from None
        if not isinstance(record, dict) or "id" not in record or not isinstance(record.get("text"), str):
            raise InputError(f'line {line_number}: expected an object with "id" and a string "text"')
        records.append((record["id"], record["text"]))
    return records


@app.command()
def deid(
    text: Annotated[str | None, typer.Argument(help="Text to de-identify.")] = None,
    jsonl: Annotated[bool, typer.Option("--jsonl", help='Read {"id","text"} lines on stdin; write {"id","text"} lines.')] = False,
) -> None:
    """Replace identifiers in text with typed placeholders such as <PERSON>."""
    from assistant.privacy import Deidentifier

    settings = get_settings()
    deidentifier = Deidentifier(settings.spacy_model, settings.deid_score_threshold)
    if jsonl:
        for record_id, record_text in _read_jsonl(sys.stdin):
            _print_json({"id": record_id, "text": deidentifier.run(record_text).text})
        return
    if text is None:
        raise InputError('give the text to de-identify, or use --jsonl with lines on stdin')
    typer.echo(deidentifier.run(text).text)


@app.command()
def triage(
    jsonl: Annotated[bool, typer.Option("--jsonl", help='Read {"id","text"} lines on stdin; write {"id","level","reasons"} lines.')] = False,
    text: Annotated[str | None, typer.Argument(help="One message to triage.")] = None,
) -> None:
    """Triage messages (emergency, urgent, medication, routine) as the chat does: after de-identification."""
    from assistant.privacy import Deidentifier
    from assistant.safety import triage as triage_message

    settings = get_settings()
    deidentifier = Deidentifier(settings.spacy_model, settings.deid_score_threshold)
    if jsonl:
        records = _read_jsonl(sys.stdin)
    elif text is not None:
        records = [(None, text)]
    else:
        raise InputError("give a message to triage, or use --jsonl with lines on stdin")
    for record_id, record_text in records:
        assessment = triage_message(deidentifier.run(record_text).text)
        result = {"level": assessment.level.value, "reasons": list(assessment.reasons)}
        _print_json({"id": record_id, **result} if jsonl else result)


@app.command()
def index(
    force: Annotated[bool, typer.Option("--force", help="Rebuild even if nothing changed.")] = False,
) -> None:
    """Build the search index of the published articles (only when they changed).

    On a database without articles, knowledge/ is seeded first as the published baseline.
    """
    from assistant.bootstrap import build_database, build_index, live_articles
    from assistant.retrieval.embedder import Embedder

    settings = get_settings()
    published = live_articles(settings, build_database(settings))
    embedder = Embedder(settings.embedding_model, cache_dir=settings.resolved_model_cache_dir)
    articles, _index, report = build_index(settings, embedder, force=force, articles=published)
    state = "rebuilt" if report.rebuilt else "up to date"
    typer.echo(
        f"index {state}: {len(articles)} articles, {report.chunks} chunks, "
        f"{report.embedded_chunks} chunks and {report.embedded_sentences} sentences embedded "
        f"in {report.seconds:.1f}s"
    )


@app.command("train-ranker")
def train_ranker(
    force: Annotated[bool, typer.Option("--force", help="Train even if nothing changed.")] = False,
) -> None:
    """Fine-tune the answer-sentence ranker on the development questions (only when they or the articles changed).

    Builds the index first if needed. The questions come from TAILOR_ANSWER_EVAL_SET; the
    batches kept clean for measurement are never used (docs/retrieval.md).
    """
    from assistant.bootstrap import build_database, build_index, live_articles
    from assistant.retrieval import answer_ranker
    from assistant.retrieval.embedder import Embedder
    from assistant.retrieval.hybrid import HybridRetriever

    settings = get_settings()
    rows = answer_ranker.development_rows(settings.answer_eval_set)
    published = live_articles(settings, build_database(settings))
    embedder = Embedder(settings.embedding_model, cache_dir=settings.resolved_model_cache_dir)
    _articles, index, _report = build_index(settings, embedder, articles=published)
    sentences: dict[str, list[str]] = {}
    for record in index.sentence_records:
        sentences.setdefault(index.chunks[record.chunk_index].article_id, []).append(record.text)
    examples = answer_ranker.training_examples(rows, sentences, HybridRetriever(index, embedder).rewrite)
    if not examples:
        raise InputError("no development question matches a sentence of the published articles; nothing to train on")
    base = embedder.model_path()
    training = answer_ranker.TrainingSettings()
    directory = settings.resolved_answer_ranker_dir
    wanted = answer_ranker.fingerprint(examples, base.name, training)
    if not force and answer_ranker.trained_fingerprint(directory) == wanted:
        typer.echo(f"answer ranker up to date: {len(examples)} questions ({directory})")
    else:
        started = time.monotonic()
        with typer.progressbar(length=len(examples) * training.epochs, label="training answer ranker") as bar:
            answer_ranker.train(examples, base, directory, training, progress=lambda done, _total: bar.update(1))
        typer.echo(f"answer ranker trained on {len(examples)} questions in {time.monotonic() - started:.0f}s "
                   f"({directory})")
    ranker = answer_ranker.AnswerRanker.load(directory)
    every_sentence = [record.text for record in index.sentence_records]
    if ranker is not None and not ranker.knows(every_sentence):
        ranker.save_sentence_vectors(every_sentence)
        typer.echo(f"answer ranker: {len(set(every_sentence))} sentences encoded")


@app.command("import-fhir")
def import_fhir(
    paths: Annotated[list[Path], typer.Argument(help="FHIR R4 Bundle files or folders of them.")],
    patient: Annotated[str | None, typer.Option("--patient", help="Tailor patient to import into (default: the bundle's Patient.id).")] = None,
) -> None:
    """Import lab and vital-sign results from FHIR R4 Bundles (all files, or nothing)."""
    from assistant.bootstrap import build_database
    from assistant.results.catalog import default_catalog
    from assistant.results.importer import import_bundles
    from assistant.results.reference_ranges import ReferenceRangeTable

    settings = get_settings()
    # No models are needed to import, so none are loaded.
    report = import_bundles(build_database(settings), paths, patient, ReferenceRangeTable.load(), default_catalog(),
                            max_bytes=settings.max_upload_bytes)
    typer.echo(
        f"imported {report.files} file(s) for {', '.join(report.patients)}: {report.created} new, "
        f"{report.updated} updated, {report.unchanged} unchanged result(s); {report.skipped} skipped; "
        f"{report.critical_escalations} critical value(s) sent to the care team"
    )


@app.command("seed-demo")
def seed_demo_command() -> None:
    """Create the demo patient, staff and editor accounts and print their passwords."""
    from assistant.bootstrap import build_database
    from assistant.demo import seed_demo

    from assistant.bootstrap import live_articles

    settings = get_settings()
    database = build_database(settings)
    credentials = seed_demo(settings, database)
    live_articles(settings, database)  # a fresh database gets knowledge/ as its published baseline
    typer.echo("Demo accounts (local trial only):")
    for entry in credentials:
        typer.echo(f"  {entry.role.value:<8} {entry.username:<14} password: {entry.password}")


from assistant.pgx.cli import pgx_app  # noqa: E402  (a sub-app; heavy imports stay inside its commands)

app.add_typer(pgx_app, name="pgx")


@app.command("import-pgx")
def import_pgx_command(
    path: Annotated[Path, typer.Argument(help="A GRCh38 VCF, or a lab's TSV/CSV of gene calls (outside calls).")],
    patient: Annotated[str, typer.Option("--patient", help="The Tailor patient the results belong to.")],
) -> None:
    """Import pharmacogenomic results for a patient (the whole file, or nothing)."""
    from assistant.bootstrap import build_database
    from assistant.pgx.importer import import_pgx

    settings = get_settings()
    report = import_pgx(build_database(settings), path, patient, max_bytes=settings.max_upload_bytes)
    typer.echo(
        f"imported {report.genes} gene(s) for {report.patient_id}: {report.called} called; "
        f"{report.created} new, {report.updated} updated, {report.unchanged} unchanged"
    )


users_app = typer.Typer(help="Accounts: create, link to the clinic's sign-on, log out.", no_args_is_help=True)
app.add_typer(users_app, name="users")


@users_app.command("create")
def users_create(
    username: Annotated[str, typer.Argument(help="The login name.")],
    role: Annotated[Role, typer.Option("--role", help="patient, staff, editor or admin.")],
    patient: Annotated[str | None, typer.Option("--patient", help="For a patient account: their Tailor patient id.")] = None,
) -> None:
    """Create an account; the password is asked for twice and never echoed."""
    from assistant.bootstrap import build_database
    from assistant.users import create_user

    password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    user_id = create_user(build_database(get_settings()), username, role, password, patient)
    typer.echo(f"created {role.value} account '{username}' (id {user_id})")


@users_app.command("link-oidc")
def users_link_oidc(
    username: Annotated[str, typer.Argument(help="The Tailor account.")],
    issuer: Annotated[str, typer.Option("--issuer", help="The identity provider's issuer (iss).")],
    subject: Annotated[str, typer.Option("--subject", help="The user's subject id at that provider (sub).")],
) -> None:
    """Allow clinic single sign-on (st.login) to log this account in."""
    from assistant.bootstrap import build_database
    from assistant.users import link_identity

    link_identity(build_database(get_settings()), username, issuer, subject)
    typer.echo(f"'{username}' can now log in through {issuer}")


@users_app.command("logout-everywhere")
def users_logout_everywhere(username: Annotated[str, typer.Argument(help="The account.")]) -> None:
    """End every live session of an account (a lost phone, a leaver)."""
    from assistant.bootstrap import build_database
    from assistant.users import end_all_sessions

    count = end_all_sessions(build_database(get_settings()), username)
    typer.echo(f"ended {count} session(s) of '{username}'")


audit_app = typer.Typer(help="The audit trail.", no_args_is_help=True)
app.add_typer(audit_app, name="audit")


@audit_app.command("verify")
def audit_verify() -> None:
    """Recompute the audit log's hash chain; exits non-zero if anything was changed or removed."""
    from assistant.bootstrap import build_database
    from assistant.storage import audit

    database = build_database(get_settings())
    with database.session() as session:
        report = audit.verify_chain(session)
        audit.record(session, "audit.verify", outcome="ok" if report.ok else "tampered")
    for problem in report.problems:
        typer.echo(problem, err=True)
    if not report.ok:
        raise AuditTampered(f"audit log check failed: {len(report.problems)} problem(s) in {report.events} events")
    typer.echo(f"audit log ok: {report.events} events, head {report.head_hash}")


class AuditTampered(TailorError):
    pass


@app.command()
def purge(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Count what would go; delete nothing.")] = False,
) -> None:
    """Delete conversations older than the retention period (run daily from cron or a timer)."""
    from assistant.bootstrap import build_database
    from assistant.service import purge_expired_conversations

    settings = get_settings()
    report = purge_expired_conversations(build_database(settings), settings.conversation_retention_days,
                                         dry_run=dry_run)
    verb = "would delete" if dry_run else "deleted"
    typer.echo(f"{verb} {report.conversations} conversation(s) idle since before {report.cutoff:%Y-%m-%d %H:%M} UTC"
               + ("" if dry_run else f" ({report.messages} messages)"))


kb_app = typer.Typer(help="Knowledge-base tools.", no_args_is_help=True)
app.add_typer(kb_app, name="kb")

from assistant.retrieval.corpus_cli import register_corpus_commands  # noqa: E402

register_corpus_commands(app, kb_app)


@kb_app.command("check")
def kb_check() -> None:
    """Validate every article; exits non-zero when any error is found."""
    from assistant.kb_check import check_knowledge_base

    findings = check_knowledge_base(get_settings().knowledge_dir)
    for finding in findings:
        typer.echo(f"{finding.severity}: {finding.article}: {finding.message}", err=True)
    errors = sum(finding.severity == "error" for finding in findings)
    if errors:
        raise KnowledgeBaseCheckFailed(f"knowledge base check failed with {errors} error(s)")
    typer.echo(f"knowledge base ok ({len(findings)} warning(s))")


class KnowledgeBaseCheckFailed(TailorError):
    pass


@kb_app.command("export")
def kb_export(
    out: Annotated[Path | None, typer.Option("--out", help="Folder to write (default: the knowledge folder).")] = None,
) -> None:
    """Write every published article version to markdown (and remove files of retired ones)."""
    from assistant.bootstrap import build_database, live_articles
    from assistant.knowledge_files import export_published

    settings = get_settings()
    database = build_database(settings)
    live_articles(settings, database)
    report = export_published(database, out or settings.knowledge_dir)
    typer.echo(f"exported to {out or settings.knowledge_dir}: {len(report.written)} written, "
               f"{len(report.unchanged)} unchanged, {len(report.removed)} retired file(s) removed")


@kb_app.command("import")
def kb_import(
    paths: Annotated[list[Path], typer.Argument(help="Markdown articles, or folders of them.")],
    author: Annotated[str, typer.Option("--author", help="The editor account the new versions are from.")],
) -> None:
    """Load markdown articles as new versions awaiting a second person's review (all, or none)."""
    from assistant.bootstrap import build_database, live_articles
    from assistant.knowledge_files import import_files

    settings = get_settings()
    database = build_database(settings)
    live_articles(settings, database)
    report = import_files(database, paths, author)
    for article_id, number in report.created:
        typer.echo(f"{article_id}: v{number} awaiting review")
    typer.echo(f"imported {len(report.created)} new version(s); {len(report.unchanged)} unchanged")


def main() -> None:
    apply_offline_environment()
    configure_logging(get_settings().log_level)
    try:
        app(standalone_mode=False)
    except TailorError as error:
        typer.echo(f"error: {error}", err=True)
        raise SystemExit(1) from None
    except (typer.Abort, KeyboardInterrupt):
        typer.echo("error: aborted", err=True)
        raise SystemExit(130) from None
    except TyperException as error:  # usage errors: missing argument, unknown command
        message = error.format_message() if hasattr(error, "format_message") else str(error)
        typer.echo(f"error: {message}", err=True)
        raise SystemExit(getattr(error, "exit_code", 2)) from None
    except Exception as error:  # anything unexpected: one line here, the type in the log
        logging.getLogger(__name__).error("cli_unexpected_error", extra={"error_type": type(error).__name__})
        typer.echo(f"error: unexpected {type(error).__name__}; see the logs", err=True)
        raise SystemExit(1) from None

if __name__ == "__main__":
    main()
