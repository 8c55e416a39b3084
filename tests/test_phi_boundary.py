"""Raw patient text never reaches the database or the logs."""

import logging

import pytest
from sqlalchemy import inspect, text

pytestmark = pytest.mark.integration

QUESTION = "Hi, I'm John Smith, call me at 555-123-4567 about my visit on 03/04/2025. What is LDL?"
IDENTIFIERS = ["John", "Smith", "555-123-4567", "123-4567", "03/04/2025"]


def _every_stored_value(database) -> str:
    values = []
    with database.engine.connect() as connection:
        for table in inspect(database.engine).get_table_names():
            for row in connection.execute(text(f'SELECT * FROM "{table}"')):
                values.extend(str(value) for value in row)
    return "\n".join(values)


def test_identifiers_in_a_question_reach_neither_database_nor_logs(service, caplog):
    caplog.set_level(logging.DEBUG)
    patient = service.login("demo.patient", "demo-password-for-tests")
    answer = service.ask(patient, QUESTION)
    service.escalate(patient)
    assert "<PERSON>" in answer.question_deidentified and "<PHONE>" in answer.question_deidentified
    stored = _every_stored_value(service.database)
    logged = "\n".join(record.getMessage() + " " + str(record.__dict__) for record in caplog.records)
    for identifier in IDENTIFIERS:
        assert identifier not in stored, f"{identifier!r} was stored"
        assert identifier not in logged, f"{identifier!r} was logged"
    assert "What is LDL?" in stored  # the de-identified question itself is kept


def test_structured_log_lines_carry_no_text(service, capsys):
    import json

    from assistant.logs import JsonFormatter

    record = logging.LogRecord("assistant.service", logging.INFO, __file__, 1, "question_answered", (), None)
    record.triage = "routine"
    line = json.loads(JsonFormatter().format(record))
    assert line["event"] == "question_answered" and line["triage"] == "routine"
