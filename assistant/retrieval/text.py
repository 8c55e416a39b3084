"""Tokens for BM25 and sentences for extractive answers."""

from __future__ import annotations

import re

# De-identification placeholders carry no topical meaning; ranking must ignore them.
PLACEHOLDER = re.compile(r"<[A-Z][A-Z_]*(?:_\d+)?>")
_TOKEN = re.compile(r"[a-z0-9]+(?:[*:/.-][a-z0-9]+)*")
_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")
# A closing quote or bracket after the full stop stays with its sentence ("... or "precertification.").
_SENTENCE_BREAK = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"')\]]))\s+(?=[\"'(\[]?[A-Z0-9])")
_LIST_MARKER = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")

STOPWORDS = frozenset(
    """a about above after again all am an and any are as at be been before being below
    between both but by can could did do does doing down during each few for from further
    had has have having he her here hers him his how i if in into is it its itself just
    me more most my myself no nor not now of off on once only or other our ours out over
    own same she should so some such than that the their theirs them then there these they
    this those through to too under until up very was we were what when where which while
    who whom why will with would you your yours yourself mean means tell know please hi
    hello thanks thank get got""".split()
)


def strip_placeholders(text: str) -> str:
    return PLACEHOLDER.sub(" ", text)


def _stem(token: str) -> str:
    # A light plural fold: "tests"/"test", "variants"/"variant"; enough for BM25 recall
    # without a stemming library mangling gene and drug names.
    if len(token) > 4 and token.endswith("ies"):
        return token[:-3] + "y"
    if len(token) > 3 and token.endswith("s") and not token.endswith(("ss", "us", "is")):
        return token[:-1]
    return token


def tokenize(text: str) -> list[str]:
    tokens = _TOKEN.findall(strip_placeholders(text).lower())
    return [_stem(token) for token in tokens if token not in STOPWORDS]


def sentences(markdown: str) -> list[str]:
    """Plain sentences of a markdown passage; list items count as sentences."""
    found: list[str] = []
    for paragraph in re.split(r"\n\s*\n", markdown):
        lines = [line for line in paragraph.splitlines() if line.strip()]
        if lines and all(_LIST_MARKER.match(line) for line in lines):
            units = [_LIST_MARKER.sub("", line) for line in lines]
        else:
            units = [" ".join(line.strip() for line in lines)]
        for unit in units:
            unit = _MARKDOWN_LINK.sub(r"\1", unit).replace("**", "").replace("__", "")
            found.extend(part.strip() for part in _SENTENCE_BREAK.split(unit) if part.strip())
    return found
