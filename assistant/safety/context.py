"""Context around a red flag: is it happening now, to someone, or not at all?

A red-flag phrase found by `rules.py` only counts if, *within its own clause*, it
is not

- negated ("no chest pain since Tuesday", "denies shortness of breath",
  "the chest pain went away weeks ago"),
- history ("my dad had a stroke", "I had a heart attack in <DATE>", "as a kid"),
- a hypothetical or education question ("what are signs of a stroke?",
  "what should I do if I ever get chest pain", "is fainting a symptom of ..."),

and idioms ("this bill is killing me", "I nearly fainted when I saw the price")
are masked out of the text before any rule runs. History and hypothetical
framing are overridden by a *now* marker in the same clause ("... had a stroke
last year and now he can't lift his arm" -> the second clause fires).

Scoping to the clause is what lets a red flag buried in a long routine question
still fire: "what does my LDL mean? also I passed out yesterday" has two clauses
and only the first is a question. Clause breaks are sentence punctuation,
commas, "but/however/although/also/anyway", and "and" before a new subject
("... and now", "... and my face ...").

Everything here is plain regular expressions over normalised text, so every
decision can be explained by pointing at the cue that caused it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# --- normalisation ---------------------------------------------------------

# Misspellings and chat spellings, word for word (after apostrophes are removed).
TYPOS: dict[str, str] = {
    "pian": "pain",
    "chset": "chest",
    "chets": "chest",
    "brethe": "breathe",
    "breth": "breath",
    "breahte": "breathe",
    "brathe": "breathe",
    "bleding": "bleeding",
    "bleedin": "bleeding",
    "siezure": "seizure",
    "seisure": "seizure",
    "stoke": "stroke",
    "stroak": "stroke",
    "fanted": "fainted",
    "feinted": "fainted",
    "passd": "passed",
    "suicidle": "suicidal",
    "sucidal": "suicidal",
    "overdoes": "overdose",
    "throught": "throat",
    "throaght": "throat",
    "tounge": "tongue",
    "cud": "could",
    "shud": "should",
    "shld": "should",
    "cn": "can",
    "takin": "taking",
    "stoping": "stopping",
    "wanna": "want to",
    "gonna": "going to",
    "gotta": "have to",
    "u": "you",
    "r": "are",
    "ur": "your",
    "b4": "before",
    "rn": "right now",
}
_TYPO = re.compile(r"\b(" + "|".join(map(re.escape, TYPOS)) + r")\b")
_APOSTROPHES = re.compile(r"['’‘`´]")


def normalise(text: str) -> str:
    """Lower case, apostrophes removed ("can't" -> "cant"), typos fixed, spaces collapsed."""
    text = _APOSTROPHES.sub("", text.lower())
    text = " ".join(text.split())
    return _TYPO.sub(lambda match: TYPOS[match.group(1)], text)


# --- idioms ----------------------------------------------------------------

IDIOMS = re.compile(
    r"\b(?:"
    r"(?:is|are|was|its|it is|thats|keeps?|been) killing me|killing me\b|kill for|"
    r"dying (?:to|for)|die (?:of|from) (?:embarrassment|boredom|laughter|laughing|shame)|die laughing|to die for|"
    r"(?:scared|bored|worried|sick|tired) to death|death of me|over my dead body|dead tired|"
    r"(?:almost|nearly|practically|about to|going to|gonna) (?:had|have|having|give me) a (?:heart attack|stroke|cow)|"
    r"gave me (?:a )?(?:heart attack|stroke)|giving me (?:a )?(?:heart attack|stroke)|"
    r"(?:almost|nearly|practically) (?:fainted|passed out|died|keeled over|choked)(?= (?:when|at|after|reading|seeing|looking))|"
    r"(?:pass|passed|passing) out (?:from|of) (?:boredom|laughing|laughter)|"
    r"heart (?:skipped|sank|stopped|dropped|skips)(?: a beat)?|"
    r"(?:takes?|took|taking) my breath away|"
    r"(?:is|are|its|keeps) choking me|choking me\b|"
    r"(?:wallet|bank account|budget|savings) (?:is |are )?bleeding|bleeding me dry|"
    r"(?:phone|battery|laptop|computer|car) (?:died|is dead)|"
    r"seizure[- ]free|"
    # A medicine named after what it prevents: "my seizure medicine", "anti-seizure drugs".
    r"(?:anti-?)?seizure (?:medicines?|medications?|meds|drugs?|pills?)|anti-?seizure"
    r")"
)


def mask_idioms(text: str) -> str:
    """Replace idiomatic phrases with a neutral token of the same length (offsets stay valid)."""
    return IDIOMS.sub(lambda match: "_" * len(match.group(0)), text)


# --- clause scope ----------------------------------------------------------

CLAUSE_BREAK = re.compile(
    r"[.!?](?!\d)|[;:,\n()]|\s-\s"
    r"|\b(?:but|however|although|though|except|anyway|anyways|also|plus|whereas|btw|oh)\b"
    r"|\b(?:and|so)\b(?= (?:now|then|my|his|her|their|i|im|he|hes|she|shes|they|it|its|the|<person>)\b)"
)


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause containing text[start:end]: from the last break before it to the first after it."""
    clause_start = 0
    for match in CLAUSE_BREAK.finditer(text, 0, start):
        clause_start = match.end()
    after = CLAUSE_BREAK.search(text, end)
    return clause_start, after.start() if after else len(text)


# --- negation --------------------------------------------------------------

NEGATION_CUES = re.compile(
    r"\b(?:no|not|never|without|denies|denied|deny|denying|zero|none|nor|neither|"
    r"havent|hasnt|hadnt|didnt|dont|doesnt|isnt|wasnt|arent|werent|"
    r"free of|absence of|negative for|ruled out)\b"
)
# Phrases that contain a negation word but do not negate the symptom.
PSEUDO_NEGATION = re.compile(
    r"\b(?:not sure|dont know|didnt know|no idea|not certain|not only|not just|no better|not better|"
    r"not getting better|not going away|not improving|no relief|not helping|doesnt help|isnt helping|"
    r"no matter|never (?:had|felt|experienced|seen) (?:this|that|it|anything like (?:this|it))(?: \w+)? before|"
    r"cant stop|wont stop|doesnt stop|not stopping|dont think (?:so|it)|no doubt|"
    r"no (?:one|body) (?:is )?(?:home|here|around))\b"
)
NEGATION_WINDOW_WORDS = 5
# After the symptom: it is over or absent.
RESOLVED_AFTER = re.compile(
    r"\b(?:went away|(?:has|have|had) (?:gone|went) away|is gone|are gone|gone now|(?:has |have |had )?resolved|"
    r"cleared up|never came back|(?:is|are) (?:all )?better now|stopped (?:completely|on its own|by itself|after)|"
    r"none|negative)\b"
)


def negation_cue(text: str, clause_start: int, start: int, end: int, clause_end: int) -> str | None:
    before = PSEUDO_NEGATION.sub(lambda m: "_" * len(m.group(0)), text[clause_start:start])
    cues = list(NEGATION_CUES.finditer(before))
    if cues:
        last = cues[-1]
        if len(before[last.end() :].split()) <= NEGATION_WINDOW_WORDS:
            return last.group(0)
    after = RESOLVED_AFTER.search(text, end, clause_end)
    return after.group(0) if after else None


# --- history, hypothetical, now -------------------------------------------

HISTORY = re.compile(
    r"\b(?:(?:(?:\d+|a few|few|several|many|two|three) )?(?:years?|months?|weeks?|decades?) ago|"
    r"last (?:year|month|spring|summer|fall|autumn|winter|decade)|in (?:\d{4}|<date>)|back in|on <date>|"
    r"as a (?:kid|child|teen|teenager|baby|toddler|young \w+)|when (?:i|he|she|they) (?:was|were)|growing up|"
    r"used to|history of|hx of|in the past|in my past|years back|(?:a )?long time ago|a while (?:ago|back)|"
    r"died (?:\w+ )?(?:of|from|at \d+|when|young)|passed away|was diagnosed|survived|"
    r"(?:had|has had|have had|suffered|suffered from) (?:a |an |two |multiple |several |some |his |her |my )?"
    r"(?:\w+ )?(?:strokes?|heart attacks?|seizures?|anaphylaxis|allergic reactions?|overdoses?|mini[- ]?strokes?|tia)"
    r")\b"
)
HYPOTHETICAL = re.compile(
    r"\b(?:"
    r"what (?:are|is|were) (?:the |some )?(?:\w+ )?(?:signs?|symptoms?|causes?|risks?|side effects)|"
    r"(?:warning |early |common |typical )?(?:signs?|symptoms?) of|"
    r"what (?:should|do|would|can) (?:i|we|you|someone|one) do if (?:i|you|someone|they|he|she|my \w+) (?:ever|get|gets|start|starts|were|was|had)|"
    r"what (?:happens|to do) if|what if|"
    r"if (?:i|you|someone|somebody|a person|they|he|she|my \w+) (?:ever|were to|should|started|start to|starts to|get|gets|develops?)|"
    r"(?:just )?in case|"
    r"how (?:do|can|would|will|should) (?:i|you|we|someone|people|one) (?:know|tell|recogni[sz]e|spot|distinguish)|"
    r"when (?:should|do|would) (?:i|you|we|someone|people|one) (?:call|go|worry|seek)|"
    r"for (?:future )?reference|hypothetically|school project|for (?:a|my) (?:class|essay|report|project)|"
    r"difference between|risks? of|chances? of|"
    r"(?:can|could|does|do|will|would|did) (?:\w+ ){1,4}?(?:cause|causes|prevent|prevents|increase|raise|lower|reduce|lead to|trigger|make (?:you|someone|people|one|a person))|"
    r"is (?!this|that|my|it)\w+(?: \w+){0,3}? an? (?:common |possible |known |rare )?(?:sign|symptom|side effect)|"
    r"what does (?:\w+ ){1,6}?feel like|usually feels?|typically|in general|"
    r"would (?:a|an|the|someone|it)|educat\w+|learn about|"
    r"what (?:is|are|causes) (?:a |an )?(?=heart attack|stroke|seizure|anaphyla|overdose|fainting|syncope)|"
    r"risk|risks|score|calculator"
    r")\b"
)
HAPPENING_NOW = re.compile(
    r"\b(?:right now|now|currently|at the moment|as we speak|this (?:morning|afternoon|evening)|tonight|today|"
    r"just now|just (?!asking|wondering|curious)\w+ed|"
    r"(?:\d+|an?|a few|few|couple of|twenty|ten|thirty) (?:min|mins|minutes?|hours?|hrs?) ago|"
    r"since (?:this morning|last night|lunch|breakfast|dinner|an hour|yesterday)|"
    r"for the (?:last|past) (?:hour|\d+ (?:min|mins|minutes|hours?)))\b"
)


@dataclass(frozen=True)
class Decision:
    """Why a red-flag match does or does not count."""

    counts: bool
    mechanism: str  # "now", "negation", "history", "hypothetical" or "plain"
    cue: str | None = None


def decide(text: str, start: int, end: int) -> Decision:
    """Does the red flag at text[start:end] describe something happening now?"""
    clause_start, clause_end = clause_bounds(text, start, end)
    cue = negation_cue(text, clause_start, start, end, clause_end)
    if cue:
        return Decision(False, "negation", cue)
    clause = text[clause_start:clause_end]
    now = HAPPENING_NOW.search(clause)
    if now:
        return Decision(True, "now", now.group(0))
    history = HISTORY.search(clause)
    if history:
        return Decision(False, "history", history.group(0))
    hypothetical = HYPOTHETICAL.search(clause)
    if hypothetical:
        return Decision(False, "hypothetical", hypothetical.group(0))
    return Decision(True, "plain")
