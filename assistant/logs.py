"""Structured JSON logs. Events carry names, ids, counts and timings, never message text."""

from __future__ import annotations

import json
import logging
import sys

# Attributes every LogRecord has; anything else was passed via `extra=` and is a field.
_STANDARD = set(logging.LogRecord("", 0, "", 0, "", (), None).__dict__) | {"message", "asctime"}


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "ts": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "event": record.getMessage(),
        }
        payload.update({k: v for k, v in record.__dict__.items() if k not in _STANDARD})
        if record.exc_info:
            # Exception type only: messages of foreign exceptions may quote input text.
            payload["exception"] = record.exc_info[0].__name__ if record.exc_info[0] else None
        return json.dumps(payload, default=str)


def configure_logging(level: str = "INFO") -> None:
    root = logging.getLogger()
    if any(isinstance(h.formatter, JsonFormatter) for h in root.handlers):
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(JsonFormatter())
    root.addHandler(handler)
    root.setLevel(level)
    # Third-party loggers can echo inputs at DEBUG (presidio logs analyzed text); keep them
    # quiet. Presidio also warns at every start about recognizers for other languages.
    logging.getLogger("presidio-analyzer").setLevel(logging.ERROR)
    for noisy in ("sentence_transformers", "httpx", "faiss", "bm25s"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
