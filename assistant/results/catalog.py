"""Lab tests as patients name them: lay terms -> LOINC codes, explaining article, hold category."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.errors import ResultsError

DATA_FILE = Path(__file__).parent / "data" / "lab_terms.yaml"
# "my LDL", "mine", "I got ... back": the question is about the patient's own numbers.
@dataclass(frozen=True)
class LabTest:
    name: str
    loinc_codes: tuple[str, ...]
    terms: tuple[str, ...]
    article_id: str
    category: str = "lab"


class LabCatalog:
    def __init__(self, tests: list[LabTest]) -> None:
        self.tests = tests
        self._by_loinc = {code: test for test in tests for code in test.loinc_codes}
        terms = sorted(((term, test) for test in tests for term in test.terms), key=lambda pair: -len(pair[0]))
        self._terms = [(re.compile(rf"(?<![\w-]){re.escape(term)}(?![\w-])"), test) for term, test in terms]

    @classmethod
    def load(cls, path: Path = DATA_FILE) -> LabCatalog:
        try:
            rows = yaml.safe_load(path.read_text())
            tests = [
                LabTest(row["name"], tuple(row["loinc"]), tuple(t.lower() for t in row["terms"]),
                        row["article"], row.get("category", "lab"))
                for row in rows
            ]
        except (OSError, yaml.YAMLError, KeyError, TypeError) as error:
            raise ResultsError(f"lab catalog {path.name} is invalid ({type(error).__name__}: {error})") from error
        return cls(tests)

    def for_loinc(self, loinc: str) -> LabTest | None:
        return self._by_loinc.get(loinc)

    def category_for(self, loinc: str) -> str:
        test = self._by_loinc.get(loinc)
        return test.category if test else "lab"

    def mentioned(self, question: str) -> list[LabTest]:
        """Tests named in the question, longest term first, each test once."""
        text = question.lower().replace("’", "'")
        first_seen: dict[str, tuple[int, LabTest]] = {}
        taken: list[tuple[int, int]] = []
        for pattern, test in self._terms:
            for match in pattern.finditer(text):
                if any(match.start() < end and start < match.end() for start, end in taken):
                    continue
                taken.append(match.span())
                if test.name not in first_seen or match.start() < first_seen[test.name][0]:
                    first_seen[test.name] = (match.start(), test)
        return [test for _, test in sorted(first_seen.values(), key=lambda pair: pair[0])]


@lru_cache(maxsize=1)
def default_catalog() -> LabCatalog:
    return LabCatalog.load()
