"""Reading what gap rules need from a document's text: the schedule a company promises,
the incidents a record names, the corrective actions it lists with their due dates, and
the courses its training records and certificates say people hold.

Everything here works on plain text, line by line or sentence by sentence, and gives up
quietly on text it does not recognise: a promise or an action that is not found only
means a check is not made, never a false gap.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from evidencekit.analyse.courses import courses_held
from evidencekit.analyse.dates import FoundDate, LabelKind, dates_in_text, labelled_dates
from evidencekit.document_models import (
    UNCLASSIFIED,
    CorrectiveAction,
    DocumentContent,
    Recurrence,
    SchedulePromise,
)

# The records a company schedules, and how its documents name them. A sentence promises
# the first of these it names before its frequency.
_SCHEDULED_RECORDS: tuple[tuple[str, str], ...] = (
    ("drill-record", r"\bdrills?\b"),
    ("field-level-hazard-assessment", r"\bFLHAs?\b|\bfield[- ]level hazard assessments?\b"),
    (
        "committee-minutes",
        r"\bJHSC\b|\bcommittee\b|\bHSR\b|\bhealth and safety representative\b",
    ),
    (
        "safety-meeting",
        r"\btoolbox talks?\b|\btailgate (?:talks?|meetings?)\b|\bsafety meetings?\b"
        r"|\bcrew meetings?\b",
    ),
    ("inspection", r"\binspections?\b|\binspected\b"),
)
_MONTH_NAMES = (
    "january|february|march|april|may|june|july|august|september|october|november|december"
)
_FREQUENCIES: tuple[tuple[Recurrence, str], ...] = (
    (
        Recurrence.EACH_SHIFT,
        r"\b(?:every|each) (?:shift|day|work ?day)\b|\bdaily\b|\bper (?:shift|day)\b",
    ),
    (Recurrence.WEEKLY, r"\b(?:every|each|once a|per) week\b|\bweekly\b"),
    (
        Recurrence.HALF_YEARLY,
        r"\bevery (?:six|6) months\b|\btwice a year\b|\bsemi-?annual(?:ly)?\b",
    ),
    (
        Recurrence.QUARTERLY,
        r"\b(?:every|each|once a|per) quarter\b|\bquarterly\b|\bevery (?:three|3) months\b",
    ),
    (Recurrence.MONTHLY, r"\b(?:every|each|once a|per) month\b|\bmonthly\b"),
    (
        Recurrence.YEARLY,
        rf"\b(?:every|each|once a|per) year\b|\bannually\b|\byearly\b"
        rf"|\bevery (?:{_MONTH_NAMES})\b",
    ),
)


def _one_pass(named: Sequence[tuple[object, str]]) -> tuple[re.Pattern[str], tuple]:
    """One regular expression with a group per alternative, and what each group stands
    for: a sentence is read once, not once per pattern."""
    pattern = "|".join(f"(?P<g{number}>{regex})" for number, (_, regex) in enumerate(named))
    return re.compile(pattern, re.IGNORECASE), tuple(value for value, _ in named)


_SUBJECT_PASS, _SUBJECT_OF_GROUP = _one_pass(_SCHEDULED_RECORDS)
_FREQUENCY_PASS, _RECURRENCE_OF_GROUP = _one_pass(_FREQUENCIES)
#: The documents that state a company's schedule: its program manual, policies, roles,
#: procedures and plans, and the yearly review that restates them. A record (a toolbox
#: talk, an inspection, minutes) reports what was done, and an unclassified document may
#: be a manual nobody named. Records are most of a drive, so their sentences are not read.
PROMISING_DOC_TYPES = frozenset(
    {
        "policy",
        "responsibilities",
        "formal-hazard-assessment",
        "safe-work-procedure",
        "emergency-response-plan",
        "statistics-review",
        UNCLASSIFIED,
    }
)
_SENTENCE_END = re.compile(r"(?<=[.;!?])\s+|\n\s*\n|\n(?=\s*[-•*]\s)")
# A short line without closing punctuation is a heading ("7. Emergency response"), not
# the start of the sentence below it.
_HEADING_LINE = re.compile(
    r"^(\s*(?:\d+(?:\.\d+)*\.?\s+)?[^\s.;:!?,](?:[^\n.;:!?,]{0,50}[^\s.;:!?,])?)[ \t]*$",
    re.MULTILINE,
)
_MAX_QUOTE_CHARS = 200
_QUOTE_LEAD_CHARS = 40

# INC-2026-05, IR-25-114, NM-2026-3: letters, a year and a number.
_INCIDENT_REF = re.compile(r"\b([A-Z]{2,5})[- ]?((?:19|20)?\d\d)-(\d{1,5})\b")

_ACTIONS_HEADING = re.compile(r"^\s*(?:corrective|follow[- ]up) actions?\b", re.IGNORECASE)
_DONE_COLUMN = re.compile(r"\b(?:completed|closed|done|status|date done)\b", re.IGNORECASE)
_OPEN_MARK = re.compile(
    r"\b(?:open|pending|in progress|not started|outstanding|overdue)\s*$", re.IGNORECASE
)
_DONE_MARK = re.compile(r"\b(?:done|closed|completed|complete)\s*$", re.IGNORECASE)
# Column names of a corrective action table's header row, matched a cell (Word) or a
# word (PDF) at a time.
_OWNER_COLUMN = re.compile(
    r"^(?:owner|responsible|responsibility|assigned(?: to)?|who|whom|by whom"
    r"|person responsible)$",
    re.IGNORECASE,
)
_ACTION_COLUMN = re.compile(r"^(?:corrective )?actions?(?: required| taken)?$", re.IGNORECASE)
_DUE_COLUMN = re.compile(
    r"^(?:due|due date|due by|date due|target|target date|deadline|by when)$", re.IGNORECASE
)
_OTHER_COLUMN = re.compile(
    r"^(?:no\.?|#|item|date|when|status|completed|closed|done|date done|to|by|person)$",
    re.IGNORECASE,
)
_COLUMN_NAMES = (_OWNER_COLUMN, _ACTION_COLUMN, _DUE_COLUMN, _OTHER_COLUMN)
# In a PDF a table row's cells run together: the owner is the person's name just before
# the due date ("Replace old ladders Dale Whitford Sep 30 2026"), two or three capitalised
# words or initials.
_NAME_WORD = r"[A-ZÀ-ÖØ-Þ][\w'\u2019-]*\.?"
_TRAILING_NAMES = tuple(
    re.compile(rf"\s((?:{_NAME_WORD}\s+){{{words - 1}}}{_NAME_WORD})\s*$") for words in (3, 2)
)
_SIGNATURE = re.compile(r"^\s*(?:signed|signature|reviewed by|approved by)\b", re.IGNORECASE)
_MAX_ACTIONS = 50
#: The document types whose tables and statements say who holds which course.
TRAINING_DOC_TYPES = ("training-record", "certificate")
#: Minutes and management reviews: where a policy's yearly review may be recorded.
REVIEW_RECORD_DOC_TYPES = ("committee-minutes", "safety-meeting", "statistics-review")
# The health and safety policy as minutes name it; "the policy" alone is taken as it, and
# a policy on something else (harassment, drugs) is refused by the words before it.
_POLICY = r"(?:(?:health (?:and|&) safety|H ?& ?S|OHS|safety)\s+)?polic(?:y|ies)"
_OTHER_POLICY = re.compile(
    r"\b(?:harassment|violence|drugs?|alcohol|substance|privacy|fatigue|phone|vehicle)\W+"
    r"(?:\w+\W+)?$",
    re.IGNORECASE,
)
# Said as done ("reviewed the H&S policy", "policy was reviewed", "policy review
# completed"), never as a promise ("the policy is reviewed every October").
_POLICY_REVIEWED = re.compile(
    rf"(?<!not )\b(?:reviewed|went over|went through)\b[^.;\n]{{0,40}}?\b(?P<a>{_POLICY})\b"
    rf"|\b(?P<b>{_POLICY})\s+(?:(?:was|were|has been|have been)\s+)?reviewed\b"
    rf"|\b(?P<c>{_POLICY})\s+review\b[^.;\n]{{0,30}}?\b(?:done|completed|held)\b",
    re.IGNORECASE,
)
_NAMES_A_POLICY = re.compile("polic", re.IGNORECASE)
#: A program manual or an investigation says what matters here within its first few
#: hundred pages; a 3,000-page export is not read to the end (about 0.8 s per MB).
MAX_CHARS_READ = 1_000_000


def read_content(pages: Sequence[str], doc_type: str) -> DocumentContent:
    """What the gap rules need from one document of type ``doc_type``."""
    text = "\n".join(pages)[:MAX_CHARS_READ]
    return DocumentContent(
        incident_refs=incident_refs(text),
        event_dates=event_dates(text) if doc_type == "investigation" else (),
        promises=schedule_promises(text) if doc_type in PROMISING_DOC_TYPES else (),
        actions=corrective_actions(text),
        courses=courses_held(text) if doc_type in TRAINING_DOC_TYPES else (),
        policy_review=recorded_policy_review(text) if doc_type in REVIEW_RECORD_DOC_TYPES else "",
    )


def recorded_policy_review(text: str) -> str:
    """The sentence of minutes or a management review recording that the health and safety
    policy was reviewed, or ``""``."""
    # Every form names a policy; most texts and most of their sentences name none.
    if not _NAMES_A_POLICY.search(text):
        return ""
    # Minutes put one item on a line: a line is as far as a quote reaches.
    for sentence in _SENTENCE_END.split(text.replace("\n", "\n\n")):
        if not _NAMES_A_POLICY.search(sentence):
            continue
        flat = " ".join(sentence.split())
        for match in _POLICY_REVIEWED.finditer(flat):
            policy_at = next(match.start(name) for name in "abc" if match.group(name))
            if not _OTHER_POLICY.search(flat[max(0, policy_at - 40) : policy_at]):
                return _quote(flat, match.start())
    return ""


def schedule_promises(text: str) -> tuple[SchedulePromise, ...]:
    """The frequencies the text promises for scheduled records, first promise per record.

    A frequency belongs to the scheduled record named nearest before it in its sentence:
    "An emergency drill is held at least every six months"; "the HSR reviews FLHAs each
    shift" is about FLHAs. A frequency with no record before it ("reviewed every year and
    after every drill") is about something else.
    """
    promises: dict[str, SchedulePromise] = {}
    if not _FREQUENCY_PASS.search(text):
        return ()
    for sentence in _SENTENCE_END.split(_HEADING_LINE.sub(r"\1\n\n", text)):
        flat = " ".join(sentence.split())
        frequencies = _frequencies(flat)
        if not frequencies:  # most sentences: their subjects are not looked for
            continue
        subjects = _subjects(flat)
        for frequency_start, recurrence in frequencies:
            before = [subject for subject in subjects if subject[1] <= frequency_start]
            if not before:
                continue
            subject_start, _end, doc_type = max(before, key=lambda subject: subject[1])
            if doc_type not in promises:
                promises[doc_type] = SchedulePromise(
                    doc_type, recurrence, _quote(flat, subject_start)
                )
    return tuple(promises.values())


def _subjects(sentence: str) -> list[tuple[int, int, str]]:
    """Every scheduled record the sentence names: (start, end, document type)."""
    return [
        (match.start(), match.end(), _SUBJECT_OF_GROUP[_group_number(match)])
        for match in _SUBJECT_PASS.finditer(sentence)
    ]


def _frequencies(sentence: str) -> list[tuple[int, Recurrence]]:
    """Every frequency the sentence states, in reading order."""
    return [
        (match.start(), _RECURRENCE_OF_GROUP[_group_number(match)])
        for match in _FREQUENCY_PASS.finditer(sentence)
    ]


def _group_number(match: re.Match[str]) -> int:
    return int(match.lastgroup.removeprefix("g"))


def _quote(sentence: str, subject_start: int) -> str:
    """The promising sentence, cut to a few words before its subject when it is long
    (table cells and headings run into the sentence in extracted text)."""
    start = 0
    if subject_start > _QUOTE_LEAD_CHARS:
        start = sentence.find(" ", subject_start - _QUOTE_LEAD_CHARS) + 1
    quote = sentence[start : start + _MAX_QUOTE_CHARS]
    return ("…" if start else "") + quote + ("…" if len(sentence) > start + len(quote) else "")


def incident_refs(text: str) -> tuple[str, ...]:
    """The incident numbers the text names, normalised (``INC-2026-05``), in order."""
    refs = (
        f"{letters}-{year}-{int(number):02d}"
        for letters, year, number in _INCIDENT_REF.findall(text)
    )
    return tuple(dict.fromkeys(refs))


def event_dates(text: str) -> tuple[str, ...]:
    """The dates labelled as the event a record is about (``Incident date: ...``)."""
    dates = (
        found.date.value.isoformat()
        for found in labelled_dates(text)
        if found.kind is LabelKind.EVENT
    )
    return tuple(dict.fromkeys(dates))


def corrective_actions(text: str) -> tuple[CorrectiveAction, ...]:
    """The actions listed under a "Corrective actions" heading, with due date and state.

    Each action is a line holding its due date. It is done when a completion date
    follows the due date or it ends in "done"/"closed"; open when it ends in "open" (or
    a similar word), or has no completion date in a table with a column for one.
    Lines the rule cannot tell are left out.
    """
    actions: list[CorrectiveAction] = []
    lines = text.splitlines()
    for start, line in enumerate(lines):
        if _ACTIONS_HEADING.match(line) and len(line.split()) <= 4:
            actions.extend(_actions_below(lines[start + 1 :]))
        if len(actions) >= _MAX_ACTIONS:
            break
    return tuple(actions[:_MAX_ACTIONS])


def _actions_below(lines: list[str]) -> list[CorrectiveAction]:
    actions: list[CorrectiveAction] = []
    columns = _Columns()
    for line in lines:
        if _SIGNATURE.match(line) or _ACTIONS_HEADING.match(line):
            break
        dates = dates_in_text(line)
        if not dates:
            if actions:
                break  # the table has ended
            columns = columns.read(line)
            continue
        action = _action(line, dates, columns)
        if action is not None:
            actions.append(action)
    return actions


@dataclass(frozen=True)
class _Columns:
    """What the lines above a corrective action table's rows say about its columns.

    Every such line may name a completion column (a prose line "… closed when done"
    included, as before there were header rows). Only a line that looks like a header
    row, mostly column names, says where the owner is; the first such line is kept.
    """

    has_done: bool = False
    #: Word tables (tab-separated cells): which cell holds the action and the owner.
    action_cell: int | None = None
    owner_cell: int | None = None
    #: PDF rows run their cells together: an owner column before the due date means a
    #: row's text before the date ends in the owner's name.
    owner_before_due: bool = False

    def read(self, line: str) -> _Columns:
        columns = replace(self, has_done=self.has_done or bool(_DONE_COLUMN.search(line)))
        if self.owner_cell is not None or self.owner_before_due:
            return columns
        if "\t" in line:
            cells = _cells(line)
            if sum(bool(cell) for cell in cells) < 2:
                return columns
            owner = _first(cells, _OWNER_COLUMN)
            return replace(columns, action_cell=_first(cells, _ACTION_COLUMN), owner_cell=owner)
        words = line.split()
        named = sum(any(rule.match(word) for rule in _COLUMN_NAMES) for word in words)
        if len(words) < 2 or named * 2 < len(words):
            return columns  # prose, not a header row
        owner, due = _first(words, _OWNER_COLUMN), _first(words, _DUE_COLUMN)
        before = owner is not None and due is not None and owner < due
        return replace(columns, owner_before_due=before)


def _cells(line: str) -> list[str]:
    """A Word table row's cells (tab-separated), empty ones kept so columns line up."""
    return [" ".join(cell.split()) for cell in line.split("\t")]


def _first(names: list[str], rule: re.Pattern[str]) -> int | None:
    return next((number for number, name in enumerate(names) if rule.match(name)), None)


def _action(line: str, dates: list[FoundDate], columns: _Columns) -> CorrectiveAction | None:
    text, owner = _text_and_owner(line, dates[0], columns)
    due = dates[0].value.isoformat()
    if len(dates) >= 2 or _DONE_MARK.search(line):
        return CorrectiveAction(text, due, done=True, owner=owner)
    if _OPEN_MARK.search(line) or columns.has_done:
        return CorrectiveAction(text, due, done=False, owner=owner)
    return None


def _text_and_owner(line: str, due: FoundDate, columns: _Columns) -> tuple[str, str | None]:
    before_due = " ".join(line[: line.find(due.matched)].split())
    if "\t" in line and columns.owner_cell is not None:
        cells = _cells(line)
        if columns.owner_cell >= len(cells) or due.matched in cells[columns.owner_cell]:
            return before_due, None  # the row does not line up with the header
        action = columns.action_cell
        if action is not None and action < len(cells) and cells[action]:
            text = cells[action]
        else:
            text = " ".join(cell for cell in cells[: columns.owner_cell] if cell)
        return text or before_due, cells[columns.owner_cell] or None
    if columns.owner_before_due:
        for trailing_name in _TRAILING_NAMES:
            name = trailing_name.search(before_due)
            if name and not _starts_with_acronym(name.group(1)):
                return before_due[: name.start()].rstrip(), name.group(1)
    return before_due, None


def _starts_with_acronym(name: str) -> bool:
    """ "WHMIS Dale Whitford": the first word belongs to the action, not the name."""
    first = name.split()[0].rstrip(".")
    return len(first) > 1 and first.isupper()
