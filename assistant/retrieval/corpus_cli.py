"""CLI for external corpora: `tailor kb import-jsonl FILE --index-dir DIR` and `tailor search`.

Register on the main app with `register_corpus_commands(app, kb_app)`; errors are TailorError
subclasses, so `assistant.cli.main()` prints them as one line.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from assistant.errors import InputError
from assistant.retrieval.embedder import Embedder


def make_embedder(model_name: str) -> Embedder:
    """The embedder for a model name (tests replace this to share one loaded model)."""
    return Embedder(model_name)


def import_jsonl(
    file: Annotated[Path, typer.Argument(help='JSON lines, one {"id","title","text","url"} record per line.')],
    index_dir: Annotated[Path, typer.Option("--index-dir", help="The corpus's own index folder (created or updated).")],
    model: Annotated[str | None, typer.Option("--model", help="Embedding model (default: the configured one).")] = None,
    force: Annotated[bool, typer.Option("--force", help="Embed every record again.")] = False,
    progress: Annotated[bool, typer.Option("--progress/--no-progress", help="Show a progress bar on stderr.")] = True,
) -> None:
    """Index a JSON-lines corpus into its own folder (only new or changed records are embedded)."""
    from assistant.retrieval.corpus import import_corpus

    if model is None:
        from assistant.config import get_settings

        model = get_settings().embedding_model
    report = import_corpus(file, index_dir, make_embedder(model), force=force, progress=progress)
    if report.unchanged:
        typer.echo(f"corpus unchanged: {report.records} records, nothing embedded ({report.seconds:.1f}s)")
        return
    rate = f", {report.embedded / report.embed_seconds:.1f} passages/s" if report.embedded and report.embed_seconds else ""
    typer.echo(
        f"corpus indexed: {report.records} records, {report.embedded} embedded, {report.reused} reused, "
        f"{report.removed} removed in {report.seconds:.1f}s{rate}"
    )


def search(
    index_dir: Annotated[Path, typer.Option("--index-dir", help="A folder made by `tailor kb import-jsonl`.")],
    jsonl: Annotated[bool, typer.Option("--jsonl", help='Read {"id","question"} lines on stdin; write {"id","ranked"} lines.')] = False,
    question: Annotated[str | None, typer.Argument(help="One question (prints the ranked ids, one a line).")] = None,
    top_k: Annotated[int, typer.Option("--top-k", min=1, max=1000, help="How many record ids to return.")] = 10,
) -> None:
    """Rank an external corpus's records for questions (hybrid BM25 + dense)."""
    from assistant.retrieval.corpus import CorpusSearcher, iter_questions, read_corpus_manifest

    if jsonl:
        questions = iter_questions(sys.stdin)
    elif question is not None:
        questions = [(None, question)]
    else:
        raise InputError("give a question, or use --jsonl with lines on stdin")
    manifest = read_corpus_manifest(index_dir)
    searcher = CorpusSearcher(index_dir, make_embedder(manifest.model) if manifest else None)
    ranked = searcher.search_many([text for _, text in questions], top_k)
    if not jsonl:
        for record_id in ranked[0]:
            typer.echo(record_id)
        return
    out = sys.stdout
    for (question_id, _), ids in zip(questions, ranked):
        out.write(json.dumps({"id": question_id, "ranked": ids}, ensure_ascii=False) + "\n")
    out.flush()


def register_corpus_commands(app: typer.Typer, kb_app: typer.Typer) -> None:
    """Add `kb import-jsonl` to the kb group and `search` to the top-level app."""
    kb_app.command("import-jsonl")(import_jsonl)
    app.command("search")(search)


def build_app() -> typer.Typer:
    """A stand-alone app with the same commands (for tests and `python -m`)."""
    app = typer.Typer(no_args_is_help=True, add_completion=False, pretty_exceptions_enable=False)
    kb_app = typer.Typer(no_args_is_help=True)
    app.add_typer(kb_app, name="kb")
    register_corpus_commands(app, kb_app)
    return app
