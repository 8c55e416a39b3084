"""Tailor's vocabularies: protected medical terms (never redacted) and name/place lexicons.

The files beside this module are curated for Tailor (facts such as gene symbols
and drug names; no patient data). Loading happens once per process, at the
first call, and takes a few milliseconds.

* genes.txt, drugs.txt, labs.txt, eponyms.txt -> `protected_spans(text)`: the
  character ranges that the engine must leave alone unless an explicit cue
  ("Dr. Gleason", "my daughter Allegra") says they are a name.
* first_names.txt, word_names.txt, surnames.txt, common_words.txt -> name lexicons.
* english_words.txt -> `is_english_word(word)`: frequent English words (with regular inflections), so an
  unknown lower-case word next to a name or after a relation ("rebecca thornton", "my mom gladys") can be told
  from an everyday one ("rebecca said", "my mom keeps").
* cities.txt -> the city/town gazetteer.
"""

from __future__ import annotations

import functools
from pathlib import Path

import regex

_HERE = Path(__file__).resolve().parent


def _lines(name: str) -> list[str]:
    return [
        line.strip()
        for line in (_HERE / name).read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def _words(name: str) -> frozenset[str]:
    return frozenset(word.casefold() for line in _lines(name) for word in line.split())


@functools.cache
def first_names() -> frozenset[str]:
    return _words("first_names.txt")


@functools.cache
def word_names() -> frozenset[str]:
    return _words("word_names.txt")


@functools.cache
def surnames() -> frozenset[str]:
    return _words("surnames.txt")


@functools.cache
def common_words() -> frozenset[str]:
    return _words("common_words.txt")


@functools.cache
def english_words() -> frozenset[str]:
    return _words("english_words.txt") | common_words()


_CONTRACTIONS = ("n't", "'s", "'ll", "'re", "'ve", "'d", "'m")


@functools.lru_cache(maxsize=4096)
def is_english_word(word: str) -> bool:
    """True for a frequent English word or a regular inflection of one ("keeps", "stopped", "worrying", "barely")."""
    w = word.casefold().replace("’", "'")
    known = english_words()
    if w in known:
        return True
    for ending in _CONTRACTIONS:
        if w.endswith(ending) and len(w) > len(ending):
            return w[: -len(ending)] in known
    stems: list[str] = []
    if w.endswith("ies") or w.endswith("ied"):
        stems.append(w[:-3] + "y")
    if w.endswith("s"):
        stems.append(w[:-1])
    if w.endswith("es"):
        stems.append(w[:-2])
    for suffix in ("ed", "er", "est"):
        if w.endswith(suffix):
            stem = w[: -len(suffix)]
            stems += [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                stems.append(stem[:-1])  # stopped -> stop
    if w.endswith("ing"):
        stem = w[:-3]
        stems += [stem, stem + "e"]
        if len(stem) > 2 and stem[-1] == stem[-2]:
            stems.append(stem[:-1])
    if w.endswith("ly"):
        stems += [w[:-2], w[:-2] + "le", w[:-3] + "y" if w.endswith("ily") else w[:-2]]
    if w.endswith("ness") or w.endswith("less") or w.endswith("ful"):
        stems.append(w[:-4] if not w.endswith("ful") else w[:-3])
    return any(len(stem) >= 2 and stem in known for stem in stems)


@functools.cache
def cities() -> tuple[frozenset[str], frozenset[str]]:
    """(matched in any case, matched only when capitalised)."""
    any_case, capitalised = set(), set()
    for line in _lines("cities.txt"):
        (capitalised if line.endswith("*") else any_case).add(line.rstrip("*").casefold())
    return frozenset(any_case), frozenset(capitalised)


# Sequence-variant and measurement shapes, protected wherever they occur.
_PROTECTED_PATTERNS = [
    r"\b[A-Z][A-Z0-9-]*\d[A-Z0-9]*\s?\*\s?\d+[A-Z]?(?::\d+)*(?:\s?/\s?\*\d+[A-Z]?)?",  # CYP2C19*2, HLA-B*57:01
    r"\*\d+[A-Z]?\s?/\s?\*\d+[A-Z]?",  # *4/*4, *1/*17
    r"\bHLA-[A-Z0-9]+(?:\*\d+(?::\d+)*)?",  # HLA-B, HLA-DQ2
    r"\brs\d{3,12}\b",  # dbSNP ids
    r"\b[cgmnrp]\.(?:\(?[A-Za-z]{0,3}\d+[A-Za-z0-9_*+\-?>()]*|[A-Za-z0-9_*+\-?>()]+)",  # HGVS c.5266dupC, p.Arg175His
    r"\b(?:NM|NR|NP|NC|NG|XM|XR|XP)_\d+(?:\.\d+)?\b|\bENS[GTP]\d{6,}\b",  # transcript / gene ids
    r"(?<![\w-])-?\d{2,5}[ACGT]>[ACGT]\b",  # -1639G>A
    r"\b[ACDEFGHIKLMNPQRSTVWY]\d{1,4}[ACDEFGHIKLMNPQRSTVWY*]\b",  # V600E, G12C, C282Y, C677T
    r"\b(?i:loinc)\s*(?i:code)?\s*[:#]?\s*\d{1,6}-\d\b",  # LOINC 4548-4
    r"\bT[0-4xX][a-c]?N[0-3xX][a-c]?M[01xX]\b",  # TNM
    r"\b(?i:stage|grade|type|class|tier|level|category|gleason|bi-?rads|nyha\s+class)\s+[0-9IViv]{1,4}[A-Ca-c]?\b",
    r"\b\d+(?:\.\d+)?\s?(?i:mg/dl|mmol/l|mmol/mol|ng/ml|pg/ml|mcg/ml|miu/l|uiu/ml|µiu/ml|iu/l|u/l|nmol/l|g/dl|mg|mcg|µg"
    r"|ml|iu|units?|%|mmhg|bpm|kg|lbs?)(?!\w)",
]
_PROTECTED_RE = regex.compile("|".join(f"(?:{p})" for p in _PROTECTED_PATTERNS), regex.V0)


def _term_regex(terms: list[str]) -> regex.Pattern[str]:
    """One alternation over whole terms; short all-caps acronyms match in their case only."""
    exact = sorted({t for t in terms if len(t) <= 3 or t.lower() in common_words()}, key=len, reverse=True)
    folded = sorted({t for t in terms if t not in exact}, key=len, reverse=True)
    parts = []
    if folded:
        parts.append("(?i:" + "|".join(regex.escape(t) for t in folded) + ")")
    if exact:
        parts.append("(?:" + "|".join(regex.escape(t) for t in exact) + ")")
    return regex.compile(r"(?<![\w])(?:" + "|".join(parts) + r")(?![\w])")


@functools.cache
def _protected_terms_re() -> regex.Pattern[str]:
    terms = _lines("eponyms.txt")
    for name in ("genes.txt", "drugs.txt", "labs.txt"):
        for line in _lines(name):
            terms.extend(line.split())
    # Possessive and apostrophe variants of eponyms ("Hashimoto’s").
    terms += [t.replace("'", "’") for t in terms if "'" in t]
    return _term_regex(terms)


def protected_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges of medical vocabulary in `text` (terms and variant/measurement shapes)."""
    spans = [m.span() for m in _protected_terms_re().finditer(text)]
    spans += [m.span() for m in _PROTECTED_RE.finditer(text)]
    return sorted(spans)


def is_protected_word(word: str) -> bool:
    """True for a single word that is a drug, gene, lab or eponym ("Plavix", "BRCA1")."""
    match = _protected_terms_re().fullmatch(word)
    return match is not None


__all__ = [
    "cities", "common_words", "english_words", "first_names", "is_english_word", "is_protected_word", "protected_spans", "surnames", "word_names",
]  # fmt: skip
