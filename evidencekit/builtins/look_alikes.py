"""Documents that look like health-and-safety records but belong to another field.

It owns the vocabulary of those fields (information technology, project management,
research, business and finance, product manuals) and of health and safety itself, and
the rule that weighs one against the other. An IT team's "incident report", a governance
committee's minutes, a project's risk register or a manufacturer's "operation and
maintenance instructions" carry a record type's name; what they talk about says they are
not evidence of a safety program.

Each field's cues are whole words or phrases, counted once each however often they
appear (twice when in the document's own name), lower-cased. A field decides
when its score reaches ``MIN_FIELD_SCORE`` and is more than ``FIELD_OVER_SAFETY`` times
the number of distinct health-and-safety words: a safety policy that mentions a budget,
or an incident report about a server room fire, stays what it is.

A name can say it outright: when the words that gave a document its type belong to a
longer phrase of another field ("MEDICAL CERTIFICATE", "Project Risk Register", "IT
Governance Committee") and the name holds no safety word, the name is that field's.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

#: A field's score needed to call a document one of its look-alikes.
MIN_FIELD_SCORE = 4
#: How many times the distinct safety words a field's score must exceed.
FIELD_OVER_SAFETY = 2
#: A phrase in a document's own name (its heading, title or file name) counts this many
#: times: "Medical Certificate" as a file name says more than in passing.
NAME_FACTOR = 2
#: A phrase of this weight in a document's name can name it as another field's.
NAMING_PHRASE_WEIGHT = 2
#: Phrases shown in the reason.
PHRASES_SHOWN = 3

# field -> (weight, pattern): 2 for words that belong to the field alone, 1 for words
# that lean to it. Patterns are lower case and matched as whole words.
FIELD_CUES: Mapping[str, tuple[tuple[int, str], ...]] = {
    "information technology": (
        (
            2,
            r"sql|malware|phishing|ransomware|cyber ?\w*|firewalls?|vulnerabilit(?:y|ies)"
            r"|iso ?27001|information security|garbage collect\w*|memory leaks?|software"
            r"|scrum ?\w*|agile|devops|source code|web applications?|access reviews?"
            r"|security awareness|cio|it manager|it governance|penetration test\w*",
        ),
        (1, r"servers?|databases?|backups?|passwords?|cpu|threads?|encryption|logins?|bugs?"),
    ),
    "project management": (
        (
            2,
            r"project risks?|risks? to the (?:success|project)|project (?:timeline|schedule"
            r"|scope|fail\w*|plan)|milestones?|deliverables?|microcontrollers?|hard drive",
        ),
        (1, r"stakeholders?|budget|schedule|prototype|team members?|technical risks?|deadlines?"),
    ),
    "research": (
        (
            2,
            r"abstract|literature review|bibliography|et al|thesis|dissertation|a research on"
            r"|a study (?:of|on)|this (?:paper|essay|study)|research questions?|methodology"
            r"|data analysis|datasets?|tableau|dashboards?|visuali[sz]ations?",
        ),
        (1, r"references|hypothes[ie]s|university|students?|analysis|research"),
    ),
    "business administration": (
        (
            2,
            r"purchase orders?|invoices?|payroll|cash advance|salary|expense claims?"
            r"|reimburse\w*|sick(?:ness)? (?:leave|note|benefits?)|medical certificate"
            r"|disciplinary|rule violations?|brib\w*|corruption|marketing|branding|seo|sem"
            r"|customer journey|personas?|letter of recommendation|subtotal|unit price|quotation",
        ),
        # A letter's greeting only leans: a written incident statement may open with it.
        (
            1,
            r"brand|sales|customers?|kpis?|recommend\w*|vacancy|payment|tax|budget"
            r"|to whom it may concern",
        ),
    ),
    "product documentation": (
        (
            2,
            r"operation (?:and|&) maintenance instructions|(?:owner'?s|users?'?|instruction"
            r"|operator'?s) (?:manual|guide)|thank you for purchasing|warranty|guarantee"
            r"|manualslib|spare parts|parts? list|failure analysis|customer complaints?",
        ),
        (1, r"model no|part no|defects?|reliability|product"),
    ),
}

# The words of health and safety itself: a document that uses several of them is read
# as safety evidence whatever else it mentions.
SAFETY_WORDS = (
    r"hazard\w*|injur\w*|ppe|personal protective|first aid|cpr|harm|emergenc(?:y|ies)"
    r"|evacuat\w*|extinguishers?|whmis|osha|ohs|whs|health (?:and|&) safety|safety"
    r"|lock ?out|fall protection|confined spaces?|tool ?box|near miss\w*|guards?|goggles"
    r"|hearing protection|hard hats?|hi ?vis\w*|worksafe|wcb|fatalit(?:y|ies)|incidents?"
    r"|accidents?|witness\w*|unsafe|violence|assault\w*"
)


@dataclass(frozen=True)
class LookAlike:
    """The field a document belongs to instead, and the phrases that show it."""

    field: str
    phrases: tuple[str, ...]

    @property
    def reason(self) -> str:
        shown = ", ".join(f"'{phrase}'" for phrase in self.phrases[:PHRASES_SHOWN])
        return f"reads as {self.field}, not health and safety evidence: mentions {shown}"


def _whole_words(pattern: str) -> re.Pattern[str]:
    spaced = pattern.replace(" ?", r"[\s-]*").replace(" ", r"[\s-]+")
    return re.compile(rf"(?<![^\W_])(?:{spaced})(?![^\W_])")


_FIELD_PATTERNS = {
    field: tuple((weight, _whole_words(pattern)) for weight, pattern in cues)
    for field, cues in FIELD_CUES.items()
}
_SAFETY_PATTERN = _whole_words(SAFETY_WORDS)


def safety_words(text: str) -> set[str]:
    """The distinct health-and-safety words in ``text``."""
    return {" ".join(match.group().split()) for match in _SAFETY_PATTERN.finditer(text.lower())}


def look_alike(names: str, text: str) -> LookAlike | None:
    """The other field a document belongs to, from its ``names`` (heading, title, file
    name) and the top of its ``text``, or ``None`` when it reads as safety evidence."""
    lowered_names, lowered_text = names.lower(), text.lower()
    safety = len(safety_words(f"{lowered_names}\n{lowered_text}"))
    best: tuple[int, str, tuple[str, ...]] | None = None
    for field, patterns in _FIELD_PATTERNS.items():
        found: dict[str, int] = {}
        for weight, pattern in patterns:
            for searched, factor in ((lowered_names, NAME_FACTOR), (lowered_text, 1)):
                for match in pattern.finditer(searched):
                    phrase = " ".join(match.group().split())
                    found[phrase] = max(found.get(phrase, 0), weight * factor)
        score = sum(found.values())
        if best is None or score > best[0]:
            ordered = sorted(found, key=lambda phrase: -found[phrase])
            best = (score, field, tuple(ordered))
    if best is None:
        return None
    score, field, phrases = best
    if score < MIN_FIELD_SCORE or score <= FIELD_OVER_SAFETY * safety:
        return None
    return LookAlike(field, phrases)


def look_alike_named(name: str, start: int, end: int) -> LookAlike | None:
    """The field ``name`` belongs to when one of its phrases (weight 2) covers the type cue
    found at ``start:end`` in it, and the name holds no health-and-safety word."""
    lowered = name.lower()
    if safety_words(lowered):
        return None
    for field, patterns in _FIELD_PATTERNS.items():
        for weight, pattern in patterns:
            if weight < NAMING_PHRASE_WEIGHT:
                continue
            for match in pattern.finditer(lowered):
                if match.start() < end and start < match.end():
                    return LookAlike(field, (" ".join(match.group().split()),))
    return None
