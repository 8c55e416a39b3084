"""Everything Tailor holds about one patient, as JSON, a readable HTML page and CSV.

The service gathers the records (audited); this module only shapes them. Every value
in the HTML is escaped, so nothing a patient typed or an import carried can run.
"""

from __future__ import annotations

import csv
import html
import io
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from assistant.csv_cells import formula_safe

EXPORT_FORMAT_VERSION = 1


@dataclass
class PatientExport:
    generated_at: datetime
    account: dict[str, Any]
    patient: dict[str, Any]
    consents: list[dict[str, Any]] = field(default_factory=list)
    conversations: list[dict[str, Any]] = field(default_factory=list)
    lab_results: list[dict[str, Any]] = field(default_factory=list)
    genetic_results: list[dict[str, Any]] = field(default_factory=list)
    review_preferences: dict[str, bool] = field(default_factory=dict)
    care_team_requests: list[dict[str, Any]] = field(default_factory=list)
    answer_ratings: list[dict[str, Any]] = field(default_factory=list)
    access_log: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"format_version": EXPORT_FORMAT_VERSION, **{
            name: getattr(self, name) for name in self.__dataclass_fields__}}


def _plain(value: Any) -> Any:
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    return value


def to_json(export: PatientExport) -> str:
    return json.dumps(export.as_dict(), default=_plain, indent=2, ensure_ascii=False)


LAB_COLUMNS = ("date", "test", "loinc", "value", "unit", "reference_low", "reference_high", "status")


def lab_results_csv(export: PatientExport) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=LAB_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for row in export.lab_results:
        writer.writerow({key: formula_safe(_plain(row.get(key))) for key in LAB_COLUMNS})
    return buffer.getvalue()


def to_html(export: PatientExport) -> str:
    sections = [
        _section("Your account", _table([export.account])),
        _section("About you", _table([export.patient])),
        _section("Agreements you accepted", _table(export.consents)),
        _section("Conversations with Tailor", "".join(_conversation(c) for c in export.conversations)
                 or "<p>None kept.</p>"),
        _section("Lab results", _table(export.lab_results)),
        _section("Genetic results", _table(export.genetic_results)),
        _section("Waiting for review before Tailor explains",
                 _table([{"category": k, "wait": v} for k, v in export.review_preferences.items()])),
        _section("Requests to your care team", _table(export.care_team_requests)),
        _section("Your ratings of answers", _table(export.answer_ratings)),
        _section("Who looked at or changed your records", _table(export.access_log)),
    ]
    return (
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<title>Your data in Tailor</title>"
        "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
        "table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #999;padding:.25rem .5rem;"
        "text-align:left;vertical-align:top}</style></head><body>"
        f"<h1>Your data in Tailor</h1><p>Made {_text(export.generated_at)}.</p>"
        + "".join(sections) + "</body></html>"
    )


def _section(title: str, body: str) -> str:
    return f"<h2>{html.escape(title)}</h2>{body}"


def _text(value: Any) -> str:
    return html.escape("" if value is None else str(_plain(value)))


def _table(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "<p>None.</p>"
    columns = list(rows[0])
    head = "".join(f"<th>{_text(column.replace('_', ' '))}</th>" for column in columns)
    body = "".join("<tr>" + "".join(f"<td>{_text(row.get(column))}</td>" for column in columns) + "</tr>"
                   for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _conversation(conversation: dict[str, Any]) -> str:
    turns = "".join(
        f"<p><strong>{_text(message['author'])}</strong> ({_text(message['created_at'])}): "
        f"{_text(message['text'])}"
        + "".join(f"<br><small>Source: {_text(c['title'])} ({_text(c['url'])})</small>"
                  for c in message.get("citations", []))
        + "</p>"
        for message in conversation["messages"]
    )
    return f"<h3>Started {_text(conversation['started_at'])}</h3>{turns}"
