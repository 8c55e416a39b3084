"""`tailor pgx …` commands. Register with `app.add_typer(pgx_app, name="pgx")`.

Errors are raised as TailorError subclasses with one-line messages; the main CLI prints them.
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer

from assistant.errors import InputError, TailorError

pgx_app = typer.Typer(
    help="Pharmacogenomics: diplotype → CPIC phenotype, and what CPIC suggests for a drug.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _write(payload: Any) -> None:
    sys.stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _batch_line(line_number: int, line: str) -> dict:
    from assistant.pgx.phenotype import call_phenotype

    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        return {"id": None, "error": f"line {line_number}: not valid JSON ({error.msg})"}
    if not isinstance(record, dict):
        return {"id": None, "error": f'line {line_number}: expected an object with "id", "gene" and "diplotype"'}
    record_id = record.get("id")
    gene, diplotype = record.get("gene"), record.get("diplotype")
    if "id" not in record or not isinstance(gene, str) or not isinstance(diplotype, str):
        return {"id": record_id, "error": f'line {line_number}: expected "id", a string "gene" and a string "diplotype"'}
    try:
        return {"id": record_id, "phenotype": call_phenotype(gene, diplotype).phenotype}
    except TailorError as error:
        return {"id": record_id, "error": str(error)}


@pgx_app.command()
def phenotype(
    gene: Annotated[str | None, typer.Argument(help="Gene, e.g. CYP2C19.")] = None,
    diplotype: Annotated[str | None, typer.Argument(help="Diplotype, e.g. '*1/*17' or 'CYP2D6 *1/*4x2'.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    jsonl: Annotated[
        bool, typer.Option("--jsonl", help='Read {"id","gene","diplotype"} lines on stdin; write {"id","phenotype"} or {"id","error"} lines in order.')
    ] = False,
) -> None:
    """The CPIC phenotype (and activity score) for a gene's diplotype."""
    from assistant.pgx.phenotype import call_phenotype

    if jsonl:
        if gene or diplotype:
            raise InputError("--jsonl reads stdin; give no GENE or DIPLOTYPE")
        for line_number, line in enumerate(sys.stdin, start=1):
            if line.strip():
                _write(_batch_line(line_number, line))
        return
    if not gene or not diplotype:
        raise InputError("give GENE and DIPLOTYPE, e.g. tailor pgx phenotype CYP2C19 '*1/*2' (or use --jsonl)")
    call = call_phenotype(gene, diplotype)
    if as_json:
        _write(call.to_dict())
        return
    line = f"{call.gene} {call.diplotype_normalised}: {call.phenotype}"
    if call.activity_score_text is not None:
        line += f" (activity score {call.activity_score_text})"
    typer.echo(line)
    if call.note:
        typer.echo(f"note: {call.note}")


@pgx_app.command()
def recommend(
    gene: Annotated[str, typer.Argument(help="Gene, e.g. CYP2C19.")],
    phenotype: Annotated[str, typer.Argument(help="Phenotype, activity score or carrier result, e.g. 'Poor Metabolizer', '1.5', '*57:01 positive'.")],
    drug: Annotated[str, typer.Argument(help="Generic or brand name, e.g. clopidogrel or Plavix.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """What CPIC's guideline suggests prescribers consider for this gene result and drug."""
    from assistant.pgx.recommendations import recommend as lookup

    result = lookup(gene, phenotype, drug)
    if as_json:
        _write(result.to_dict())
        return
    typer.echo(f"{result.drug} and {result.gene} {result.phenotype}: CPIC classification {result.classification}")
    typer.echo(result.explanation)
    if result.context:
        typer.echo(f"context: {result.context}")
    typer.echo(f"guideline: {result.guideline_title} <{result.guideline_url}>")


__all__ = ["pgx_app"]
