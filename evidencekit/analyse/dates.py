"""Finding dates in evidence: every date in a text, a file name's date, a record's own date.

It owns which written forms count as dates and how a record's effective date is chosen.
Pure functions: no I/O, regular expressions compiled once.

Forms read anywhere: ``2025-03-04``, ``2025/03/04``, ``2025.03.04``, ``2025-3-4``,
``March 4, 2025``, ``Mar. 4 2025``, ``Sept 4th, 2025``, ``4 March 2025``, ``18. March 2025``,
``4-Mar-2025``, ``4th day of March, 2025``, ``04/03/2025``, ``4.3.2025``. Month names are
English, full or abbreviated, in any case. A two-digit year (``31/08/25``: 00 to 49 is
2000 to 2049) is read only right after a date label, where it cannot be a score or a size.
File and folder names also give ``20250304``, ``2025_03_04``, and a month alone
(``2025-03``, ``March 2026``), read as the 1st of that month with ``MONTH_ONLY_NOTE``
appended to ``matched``.

A candidate is dropped, never bent into a date, when it is not a real calendar date, its
year is outside 1990 to 2100, or it sits inside a longer run of digits, letters or
separators (phone numbers, policy or version numbers, times, fractions).

Day/month order (``date_order``) is decided once per document, from the document itself:
a numeric date that only makes sense one way (``13/03/2025``, ``12/25/2025``), else the
words that show its country (``organisation``, ``Pty Ltd``, ``+44`` against
``organization``, ``OSHA``, a ZIP code), else month first, as North American forms and
Canadian English software write it. ``ambiguous`` is set whenever both readings of a date
were real, different dates, whichever reading was chosen, so that a user can be told.
"""

from __future__ import annotations

import datetime
import functools
import heapq
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from enum import StrEnum
from itertools import pairwise

MIN_YEAR = 1990
MAX_YEAR = 2100
#: Appended to ``FoundDate.matched`` when a name gave only a year and month.
MONTH_ONLY_NOTE = " (month only)"
#: Records state their own date near the top; only this much text is searched for it.
HEAD_CHARS = 3000
_VERSION_LABEL = re.compile(
    r"\b(?:version|ver|rev|revision|issue no|doc(?:ument)? (?:no|number|ref))\b", re.IGNORECASE
)
_PAGE_OF = re.compile(r"\bpage\s+\d+\s+of\s+\d+\b", re.IGNORECASE)
_REVISION_HISTORY = re.compile(
    r"^[^\S\n]*(?:revision|document|version|change|amendment)s?[^\S\n]+"
    r"(?:history|control|record|log)\b",
    re.IGNORECASE | re.MULTILINE,
)
_BROWSER_FOOTER = re.compile(r"^[^\S\n]*(?:https?|file)://\S+.*\b\d+/\d+[^\S\n]*$", re.M)
_DATE_START = re.compile(r"\d{1,4}[-/.]\d{1,2}[-/.]\d{2,4}\b")
#: How much text after a revision history heading holds its rows.
HISTORY_CHARS = 1500
#: The end of a text where a signature block with its date stands.
TAIL_CHARS = 1500


class DateSource(StrEnum):
    """Where a date was found."""

    CONTENT = "content"
    FILENAME = "filename"
    METADATA = "metadata"


class LabelKind(StrEnum):
    """What the words just before a date say it is."""

    #: The record's own date: ``Date:``, ``Inspection date``, ``Issued``, ``Completed on``.
    RECORD = "record"
    #: The event the record is about: ``Incident date``, ``Date of injury``.
    EVENT = "event"
    #: When a certificate or approval runs out: ``Expires``, ``Valid until``.
    EXPIRY = "expiry"
    #: A date about something else: ``Next meeting``, ``Due``, ``Date of birth``.
    OTHER = "other"
    #: A date about the form rather than the record: ``Rev.``, ``Review date``, ``Printed``.
    SECONDARY = "secondary"


@dataclass(frozen=True)
class FoundDate:
    """A date and where it came from; ``matched`` is the text it was read from."""

    value: datetime.date
    source: DateSource
    matched: str
    #: The day/month order could not be told from the date itself (``04/03/2025``).
    ambiguous: bool = False
    #: The last day of a range of days (``1-3 March 2024``).
    ends_a_range: bool = False


@dataclass(frozen=True)
class LabelledDate:
    """A date in running text with the label in front of it (``Expiry date``)."""

    label: str
    kind: LabelKind
    date: FoundDate


_MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_MONTH_NAME = "|".join(sorted(_MONTH_NUMBERS, key=len, reverse=True))

# A date must not continue a word or a number: "v2025-03-04", "1-2025-03-04" and
# "403-555-0134" are something else. "2025-03-04T10:15" (ISO with a time) is still a date.
_START = r"(?<![^\W_])(?<!\d[-/.])"
_END = r"(?!(?!T\d)[^\W_])(?![-/.]\d)"
# Between a month name and its numbers: spaces, a comma, or one dash, slash or underscore.
_GAP = r"(?:[^\S\n]{0,3},[^\S\n]{0,3}|[^\S\n]{1,3}|[-/_])"


def _month(name: str) -> str:
    return rf"(?P<{name}>{_MONTH_NAME})(?![^\W_])\.?"


def _month_then_day(month: str, day: str) -> str:
    """A month name, then its day: OCR drops the space between them ("November1st")."""
    return rf"(?P<{month}>{_MONTH_NAME})(?:(?![^\W_])\.?{_GAP}|(?=\d)){_day(day)}"


def _day(name: str) -> str:
    # "18. December 2020" is how Danish, German and Norwegian writers mark a day.
    return rf"(?P<{name}>\d{{1,2}})(?:st|nd|rd|th|\.)?"


_ISO_FORM = (
    rf"{_START}(?P<iso>(?P<iso_y>\d{{4}})(?P<iso_sep>[-/._])(?P<iso_m>\d{{1,2}})"
    rf"(?P=iso_sep)(?P<iso_d>\d{{1,2}})){_END}"
)
_NUMERIC_FORM = (
    rf"{_START}(?P<num>(?P<num_a>\d{{1,2}})(?P<num_sep>[-/._])(?P<num_b>\d{{1,2}})"
    rf"(?P=num_sep)(?P<num_y>\d{{4}})){_END}"
)
_MONTH_FIRST_FORM = (
    rf"{_START}(?P<mdy>{_month_then_day('mdy_m', 'mdy_d')}{_GAP}(?P<mdy_y>\d{{4}})){_END}"
)
_DAY_FIRST_FORM = (
    rf"{_START}(?P<dmy>{_day('dmy_d')}(?:\s+day)?(?:\s+of)?{_GAP}{_month('dmy_m')}{_GAP}"
    rf"(?P<dmy_y>\d{{4}})){_END}"
)
# A course or an audit over several days ("November 1st through 3rd, 2016", "1-3 March
# 2024") is dated by its last day, when it was completed; the range is one date, so its
# first day is not read as a date of its own.
_RANGE = r"(?:[^\S\n]*[-\u2013\u2014][^\S\n]*|[^\S\n]*(?:to|through|thru|until|and|&)[^\S\n]*)"
_MONTH_FIRST_RANGE_FORM = (
    rf"{_START}(?P<mdr>{_month_then_day('mdr_m', 'mdr_from')}{_RANGE}{_day('mdr_d')}"
    rf"{_GAP}(?P<mdr_y>\d{{4}})){_END}"
)
# A number right after a word that numbers things is that thing's ("Rev 1 - 3 March").
_NUMBERED = "".join(
    rf"(?<!\b{word}\s)"
    for word in (
        *("rev", "rev.", "version", "ver", "ver.", "no", "no.", "page", "of", "item"),
        *("meeting", "issue", "ref", "ref.", "step"),
    )
)
_DAY_FIRST_RANGE_FORM = (
    rf"{_START}{_NUMBERED}(?P<dmr>{_day('dmr_from')}{_RANGE}{_day('dmr_d')}{_GAP}{_month('dmr_m')}"
    rf"{_GAP}(?P<dmr_y>\d{{4}})){_END}"
)
_FULL_DATE_FORMS = (
    _MONTH_FIRST_RANGE_FORM,
    _DAY_FIRST_RANGE_FORM,
    _ISO_FORM,
    _NUMERIC_FORM,
    _MONTH_FIRST_FORM,
    _DAY_FIRST_FORM,
)
# "31/08/25": read only right after a date label ("Revision Date:", "Date:"); unlabelled,
# two-digit triples are as often scores, sizes or codes.
_SHORT_YEAR_DATE = re.compile(
    rf"{_START}(?P<short>(?P<short_a>\d{{1,2}})(?P<short_sep>[-/.])(?P<short_b>\d{{1,2}})"
    rf"(?P=short_sep)(?P<short_y>\d{{2}})){_END}"
)
_SHORT_YEAR_HINT = re.compile(r"\d[-/.]\d{1,2}[-/.]\d\d")
#: A two-digit year up to this stands for 20YY, a greater one for 19YY.
SHORT_YEAR_PIVOT = 49
# Only names carry these: in running text "20250304" is as likely an account number, and
# "March 2026" a period rather than the day a record was made.
_NAME_ONLY_FORMS = (
    r"(?<!\d)(?P<compact>(?P<compact_y>\d{4})(?P<compact_m>\d{2})(?P<compact_d>\d{2}))(?!\d)",
    rf"{_START}(?P<ym>(?P<ym_y>\d{{4}})[-_.](?P<ym_m>\d{{2}})){_END}",
    rf"{_START}(?P<my>{_month('my_m')}{_GAP}(?P<my_y>\d{{4}})){_END}",
)


def _any_of(forms: tuple[str, ...]) -> re.Pattern[str]:
    # Every form starts with a digit or a month's initial; checking that first is faster.
    return re.compile(f"(?=[0-9adfjmnos])(?:{'|'.join(forms)})", re.IGNORECASE)


_TEXT_DATE = _any_of(_FULL_DATE_FORMS)
_NAME_DATE = _any_of(_FULL_DATE_FORMS + _NAME_ONLY_FORMS)
_NUMERIC_DATE = re.compile(_NUMERIC_FORM)
_MONTH_ONLY_FORMS = frozenset({"ym", "my"})
_RANGE_FORMS = frozenset({"mdr", "dmr"})
_NUMERIC_FORMS = frozenset({"num", "short"})
# Every form holds a year, so the full expressions run only near one: scanning
# a whole page with them costs several times more. The reach covers the longest form on
# each side of its year ("4th day of September, 2025") and the check after its end.
_YEAR_LIKE = re.compile(r"(?:19|20|21)\d\d")
_REACH_BEFORE_YEAR = 40
_REACH_AFTER_YEAR = 8

# A label word may be followed by up to two words and "date" ("Target completion date"), so
# the whole label reads as one kind rather than its last word alone.
_LABEL_TAIL = r"(?:(?:[^\S\n]+[a-z]+){0,2}?[^\S\n]+dated?\b)?"
_LABEL = re.compile(
    rf"""\b(?:
      (?P<expiry>(?:expir(?:y|es|ed|ation|ing)|exp\b\.?|renewal|recertif[a-z]*
          |valid[^\S\n]+(?:until|till|to|thru|through)|good[^\S\n]+(?:until|till|thru|through))
          {_LABEL_TAIL})
    | (?P<other>(?:next|due|target|deadline|birth|dob|born|follow[- ]?up|closed?|close[- ]out
          |since|established|founded)
          {_LABEL_TAIL})
    | (?P<event>(?:incident|injury|accident|occurrence|event){_LABEL_TAIL})
    | (?P<secondary>(?:rev|revision|revised|review|printed|print|hired?|version|ver|created
          |modified|updated|last[^\S\n]+updated)\b{_LABEL_TAIL})
    | (?P<record>(?:inspection|meeting|drill|exercise|assessment|training|course|orientation
          |issue|completion|report|audit|session|signature|effective|start|visit|service|test)
          [^\S\n]+dated?|dated?|dates|issued?(?:[^\S\n]+on)?|effective|completed?(?:[^\S\n]+on)?
          |completion|signed(?:[^\S\n]+on)?|held(?:[^\S\n]+on)?|conducted(?:[^\S\n]+on)?
          |performed(?:[^\S\n]+on)?|reviewed(?:[^\S\n]+on)?|approved(?:[^\S\n]+on)?
          |valid[^\S\n]+from|taken|attended)
    )\b""",
    re.IGNORECASE | re.VERBOSE,
)
# The record's own date as its issuer gave it: a report's "Date Report Issued" over the
# "Date of survey" before it, a certificate's "Date issued" over its course's day.
_ISSUED_LABEL = re.compile(r"\bissued?\b", re.IGNORECASE)
# "RA No.: SEH-RA-005 Date: Version No.: 1": the record's own date field left empty, the
# next field's label right after it on the same line. Not "Next Review Date:" or
# "Approved by J. Smith Date:": a word right before it makes it another date's field.
_EMPTY_DATE_FIELD = re.compile(
    r"(?<![A-Za-z][^\S\n])\b(?i:date)[^\S\n]*:[^\S\n]*(?=[A-Z][A-Za-z]*(?:[^\S\n]+[A-Za-z]+\.?){0,2}[^\S\n]*:)"
)
#: Entries under one date label that make a document a running record (minutes of
#: several meetings, a log): it is dated by its latest.
RUNNING_RECORD_ENTRIES = 3
#: How many lines apart a running record's entries stand at least: each has its body.
ENTRY_LINES = 5
# A line that signs a record off: its date is a signature's, not an entry's.
_SIGN_OFF = re.compile(r"\b(?:sign|approv|review|verif|authori[sz])", re.IGNORECASE)
# A form's label that names its revision rather than a review or a printing.
_REVISION_LABEL = re.compile(r"(?:rev|revision|revised|version|ver)\b", re.IGNORECASE)
# How far before a date its label may start, and what may stand between the two.
_LABEL_REACH = 80
_MAX_GAP_CHARS = 40
_MAX_GAP_WORDS = 4
_GAP_WORD = re.compile(r"[^\W\d_]+")
# A full stop followed by a word, or a clause break, ends the label's reach ("Exp. 2027"
# is fine, "Due to rain. Crew met 2025-03-04" is not a due date).
_CLAUSE_BREAK = re.compile(r"[;!?]|\.\s+\w")
_PATH_SEPARATORS = re.compile(r"[/\\]")
# An extension has a letter in it; "2025.03.04" keeps its last part.
_EXTENSION = re.compile(r"\.(?=[^.]*[A-Za-z])[A-Za-z0-9]{1,5}$")

#: How much a document must show of a day-first country before its dates are read so: a
#: spelling counts 1, a name, regulator, currency, telephone code or postcode 2.
MIN_COUNTRY_SCORE = 2
#: A document shows its country in its letterhead and first pages; the rest is not searched.
COUNTRY_CUE_CHARS = 10_000
# Stems spelt with -is- in British and Australian English and -iz- in American and Canadian.
_ISE_STEMS = (
    *("organi", "authori", "recogni", "minimi", "maximi", "utili", "prioriti", "speciali"),
    *("summari", "familiari", "reali", "apologi", "customi", "standardi", "finali"),
    *("categori", "optimi", "critici", "visuali", "personali", "centrali", "memori"),
    *("saniti", "emphasi", "itemi", "hospitali", "immobili", "stabili", "neutrali", "mobili"),
)
_ISE_ENDINGS = ("e", "es", "ed", "ing", "ation", "ations")
# Words are looked up in a set of the document's words: one pass of a word expression
# over the text is several times faster than one expression per kind of cue.
_DAY_FIRST_WORDS = frozenset(
    {stem + "s" + ending for stem in _ISE_STEMS for ending in _ISE_ENDINGS}
    | {"whilst", "tyre", "tyres", "kerb", "kerbs", "aluminium", "programme", "programmes"}
)
_MONTH_FIRST_WORDS = frozenset(
    {stem + "z" + ending for stem in _ISE_STEMS for ending in _ISE_ENDINGS}
    # Spellings only the United States uses; Canada writes colour, centre and labour.
    | {"color", "colors", "center", "centers", "labor", "behavior", "behaviors"}
)
# Names, regulators and company forms of day-first countries, and of the United States;
# then currencies, telephone codes and postcodes (PE1 2ND, TAS 7249; a ZIP code, NC 27253).
_DAY_FIRST_NAMES = frozenset(
    {"ABN", "ACN", "plc", "NHS", "RIDDOR", "PCBU", "England", "Scotland", "Wales"}
    | {"Australia", "India", "Indonesia", "Malaysia", "Singapore", "Ireland", "Denmark"}
    | {"Germany", "France"}
)
_DAY_FIRST_PHRASES = (
    "Pty Ltd", "Pty. Ltd", "A.B.N.", "United Kingdom", "New Zealand", "South Africa",
    "mobile phone",
)  # fmt: skip
_MONTH_FIRST_NAMES = frozenset({"OSHA", "USA", "Philippines"})
_MONTH_FIRST_PHRASES = ("U.S.", "United States")
_DAY_FIRST_MARKS = re.compile(
    r"[£€₹]|\+(?:44|61|64|91|62|353|27|45|49|33)\b"
    r"|(?<![\w])[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}\b|\b(?:NSW|VIC|QLD|TAS|ACT) \d{4}\b"
)
_MONTH_FIRST_MARKS = re.compile(r"(?<![\w])[A-Z]{2},? \d{5}(?:-\d{4})?\b")
_LETTERS = re.compile(r"[^\W\d_]+")
#: What one distinct word of each kind adds to a country's score.
SPELLING_WEIGHT = 1
COUNTRY_MARK_WEIGHT = 2


@dataclass(frozen=True)
class _Candidate:
    """Text shaped like a date, before its numbers are checked."""

    form: str
    matched: str
    start: int
    end: int
    year: str
    first: str
    second: str


def dates_in_text(text: str) -> list[FoundDate]:
    """Every date in running text, in reading order, with source ``CONTENT``."""
    order = _ReadingOrder(text)
    return [
        found
        for candidate in _candidates(_TEXT_DATE, text)
        if (found := _resolve(candidate, order, DateSource.CONTENT)) is not None
    ]


def date_in_filename(name: str) -> FoundDate | None:
    """The date a file or folder name carries (the last part of a path), or ``None``.

    A full date wins over a year and month; among equals the first in the name wins.
    """
    stem = _EXTENSION.sub("", _PATH_SEPARATORS.split(name)[-1])
    order = _ReadingOrder(stem)
    month_only: FoundDate | None = None
    for candidate in _candidates(_NAME_DATE, stem):
        found = _resolve(candidate, order, DateSource.FILENAME)
        if found is None:
            continue
        if candidate.form not in _MONTH_ONLY_FORMS:
            return found
        month_only = month_only or found
    return month_only


def labelled_dates(text: str) -> list[LabelledDate]:
    """The dates in ``text`` that have a label just before them, in reading order."""
    return [
        LabelledDate(label, kind, found)
        for found, kind, label, _ in _dates_with_labels(text, _ReadingOrder(text))
        if kind is not None
    ]


def expiry_date(pages: Sequence[str]) -> FoundDate | None:
    """The first date near the top labelled as an expiry (``Expires``, ``Valid until``)."""
    text = "\n".join(pages)
    head = text[:HEAD_CHARS]
    for found, kind, _label, _ in _dates_with_labels(head, _ReadingOrder(text)):
        if kind is LabelKind.EXPIRY:
            return found
    return None


def effective_date(
    pages: Sequence[str],
    path: str,
    created: str | None,
    modified: str | None,
    *,
    dated_by_revision: bool = False,
) -> FoundDate | None:
    """The date of the record itself, or ``None`` when nothing gives one.

    Searched near the top of the text and taken from the first of, in order:

    1. a date labelled as the record's own (``Date:``, ``Inspection date``, ``Issued``):
       one labelled as issued first; in a running record (three or more entries under one
       label: the minutes of several meetings, a log) its latest entry;
    2. a full date in the file name, which a person typed to name this record;
    3. a date labelled as the event the record is about (``Incident date``): an
       investigation's own date is when it was completed, not when the incident happened;
    4. an unlabelled date in the text, then the last day of an unlabelled range of days
       (a course's days: a single date beside them is more often the day it was signed);
    5. a date labelled as the form's (``Rev.``, ``Review date``, ``Printed``);
    6. a date labelled as the record's own at the end of a longer text: a policy or a
       report signed on its last page (``Signed Date: 28/04/2020``);
    7. a year and month in the file name, then a date in the folder names, innermost first;
    8. the file's metadata: created, then modified.

    A document ``dated_by_revision`` (a policy, a procedure, a plan: its revision is the
    version in force) takes a date labelled as its revision (``Revision Date``, ``Rev.``,
    ``Version``) right after step 1, then the latest date of its revision history table
    (``Revision history``, ``Document control``), wherever it stands.

    Dates labelled as something else (``Expires``, ``Next meeting``, ``Due``, ``since``)
    never count; the date a web browser printed in a page's header counts as the form's
    (step 5).
    """
    text = "\n".join(pages)
    order = _ReadingOrder(text)
    by_kind: dict[LabelKind | None, FoundDate] = {}
    revision: FoundDate | None = None
    issued: FoundDate | None = None
    days: FoundDate | None = None
    head = text[:HEAD_CHARS]
    printed_at = _browser_print_date_at(text)
    # A form whose own "Date:" was left empty is a filled-in form: its control line's
    # version and date are the template's, even on a document dated by its revision.
    own_date_empty = _EMPTY_DATE_FIELD.search(head) is not None
    # The record's own dates by their label, each with its line number.
    entries: dict[str, list[tuple[int, FoundDate]]] = {}
    for found, kind, label, start in _dates_with_labels(head, order):
        line = _line_at(head, start)
        footer = _in_a_running_footer(text, line)
        if footer and (not dated_by_revision or own_date_empty):
            continue  # the form's, printed on every page: a record is not dated by it
        if kind is LabelKind.RECORD and not (
            footer or found.ends_a_range or _SIGN_OFF.search(line)
        ):
            line_number = head.count("\n", 0, start)
            entries.setdefault(label.casefold(), []).append((line_number, found))
        if start == printed_at:
            kind = LabelKind.SECONDARY  # when a browser printed the page, not its date
        if kind is None and found.ends_a_range:
            days = days or found
            continue
        by_kind.setdefault(kind, found)
        if revision is None and kind is LabelKind.SECONDARY and _REVISION_LABEL.match(label):
            revision = found
        if issued is None and kind is LabelKind.RECORD and _ISSUED_LABEL.search(label):
            issued = found
    *folders, file_name = _PATH_SEPARATORS.split(path)
    from_name = date_in_filename(file_name)
    named_day = from_name if from_name and not from_name.matched.endswith(MONTH_ONLY_NOTE) else None
    ranked = (
        issued,
        _latest_entry(entries),
        by_kind.get(LabelKind.RECORD),
        revision if dated_by_revision else None,
        _latest_in_revision_history(text, order) if dated_by_revision else None,
        named_day,
        by_kind.get(LabelKind.EVENT),
        by_kind.get(None),
        days,
        by_kind.get(LabelKind.SECONDARY),
        _signed_at_the_end(text, order),
        from_name,
        *(date_in_filename(folder) for folder in reversed(folders)),
        _metadata_date(created),
        _metadata_date(modified),
    )
    return next((found for found in ranked if found is not None), None)


def _latest_entry(entries: dict[str, list[tuple[int, FoundDate]]]) -> FoundDate | None:
    """The latest of a running record's entries (minutes of several meetings in one file, a
    log): at least ``RUNNING_RECORD_ENTRIES`` dates under one label ("Date:27/2/18" ...
    "Date:27/03/18"), each with a body of its own (``ENTRY_LINES`` lines or more apart). It
    was last completed then. A form's sign-offs are no entries."""
    for dated in entries.values():
        lines = [line for line, _found in dated]
        apart = all(later - earlier >= ENTRY_LINES for earlier, later in pairwise(lines))
        if len(dated) >= RUNNING_RECORD_ENTRIES and apart:
            return max((found for _line, found in dated), key=lambda found: found.value)
    return None


def _browser_print_date_at(text: str) -> int | None:
    """Where the date a web browser printed in the page's header stands, or ``None``: the
    first line starts with a date (and the time, then the page's title) and a footer line
    holds the page's address and the page count ("https://... 1/1")."""
    if _BROWSER_FOOTER.search(text) is None:
        return None
    first = len(text) - len(text.lstrip())
    return first if _DATE_START.match(text, first) else None


def _latest_in_revision_history(text: str, order: _ReadingOrder) -> FoundDate | None:
    """The latest date in the rows of the document's revision history table, or ``None``.
    The last heading of one is the table: an earlier one is its line in the contents."""
    headings = list(_REVISION_HISTORY.finditer(text))
    if not headings:
        return None
    rows = text[headings[-1].end() : headings[-1].end() + HISTORY_CHARS]
    found = [date for date, _kind, _label, _ in _dates_with_labels(rows, order)]
    return max(found, key=lambda date: date.value) if found else None


def _signed_at_the_end(text: str, order: _ReadingOrder) -> FoundDate | None:
    """The last date labelled as the record's own in the end of a text longer than its
    head (the signature block), or ``None``.

    A footer is not a signature block: a line printed on several pages, or one that
    carries the form's version ("Version 10, Issued 31st of August 2025"), dates the
    template, and a Word file's footers come last in its text.
    """
    if len(text) <= HEAD_CHARS:
        return None
    tail = text[max(HEAD_CHARS, len(text) - TAIL_CHARS) :]
    signed = [
        found
        for found, kind, _, start in _dates_with_labels(tail, order)
        if kind is LabelKind.RECORD and not _in_a_footer(text, _line_at(tail, start))
    ]
    return signed[-1] if signed else None


def _line_at(text: str, position: int) -> str:
    end = text.find("\n", position)
    return text[text.rfind("\n", 0, position) + 1 : end if end >= 0 else len(text)].strip()


def _in_a_footer(text: str, line: str) -> bool:
    """Whether ``line`` is a page's running header or footer, or the form's version line."""
    return text.count(line) > 1 or _VERSION_LABEL.search(line) is not None


def _in_a_running_footer(text: str, line: str) -> bool:
    """Whether ``line`` is the form's control line printed on every page: its version or
    issue number with a page number ("Page 2 of 35 Issue No: 3.0 Issue Date: 22.6.15"),
    or repeated as it is."""
    running = _PAGE_OF.search(line) is not None or text.count(line) > 1
    return running and _VERSION_LABEL.search(line) is not None


def _dates_with_labels(
    text: str, order: _ReadingOrder
) -> Iterator[tuple[FoundDate, LabelKind | None, str, int]]:
    """Each date in ``text`` with the kind and text of its label, and where it starts."""
    previous_end = 0
    candidates = heapq.merge(
        _candidates(_TEXT_DATE, text),
        _short_year_candidates(text),
        key=lambda candidate: candidate.start,
    )
    for candidate in candidates:
        found = _resolve(candidate, order, DateSource.CONTENT)
        if found is None:
            continue
        window = text[max(previous_end, candidate.start - _LABEL_REACH) : candidate.start]
        kind, label = _label_before(window)
        if kind is None and candidate.form == "short":
            continue
        previous_end = candidate.end
        yield found, kind, label, candidate.start


def _label_before(window: str) -> tuple[LabelKind | None, str]:
    """The kind and text of the label ending ``window``, or ``(None, "")``."""
    # Only the label nearest the date describes it.
    labels = list(_LABEL.finditer(window))
    if not labels or not _label_reaches(window[labels[-1].end() :]):
        return None, ""
    last = labels[-1]
    kind = LabelKind(last.lastgroup)
    return kind, " ".join(last.group().split())


def _label_reaches(gap: str) -> bool:
    """Whether text between a label and a date still lets the label describe the date."""
    _line, newline, rest = gap.partition("\n")
    # A date may start the line after its label (a form's field under its name), no later.
    if newline and rest.strip(" \t"):
        return False
    return (
        len(gap) <= _MAX_GAP_CHARS
        and len(_GAP_WORD.findall(gap)) <= _MAX_GAP_WORDS
        and _CLAUSE_BREAK.search(gap) is None
    )


class _ReadingOrder:
    """Whether a text writes numeric dates day first (see ``date_order``), worked out the
    first time a date in it reads both ways: most texts have no such date, and working the
    order out costs more than finding their dates."""

    def __init__(self, text: str) -> None:
        self._text = text

    @functools.cached_property
    def day_first(self) -> bool:
        return date_order(self._text).day_first


@dataclass(frozen=True)
class DateOrder:
    """How a document writes numeric dates, and what in it says so."""

    day_first: bool
    reason: str


@functools.lru_cache(maxsize=4)
def date_order(text: str) -> DateOrder:
    """How ``text`` writes numeric dates: day first or month first, and why.

    A numeric date that only makes sense one way decides (``13/03/2025`` day first,
    ``12/25/2025`` month first; day first wins when both appear). Without one, the dates
    it spells out decide when most put the day first (``1 July 2023``) or the month first
    (``July 1, 2023``). Then the document's country decides when its own words show it:
    spellings, company forms, places, currencies and telephone codes of day-first
    countries (``organisation``, ``Pty Ltd``, ``£``, ``+44``) against those of the United
    States (``organization`` with ``color``, ``OSHA``, a state and ZIP code). Otherwise
    month first, as North American forms and Canadian English software write it.
    """
    month_first_example = None
    for year, first, second, matched in _numeric_readings(text):
        if first > 12 and _calendar_date(year, second, first):
            return DateOrder(True, f"'{matched}' can only be day first")
        if second > 12 and _calendar_date(year, first, second):
            month_first_example = month_first_example or matched
    if month_first_example:
        return DateOrder(False, f"'{month_first_example}' can only be month first")
    written = _written_order(text[:COUNTRY_CUE_CHARS])
    if written is not None:
        return written
    day_score, day_cues, month_score, month_cues = _country_cues(text[:COUNTRY_CUE_CHARS])
    if day_score >= MIN_COUNTRY_SCORE and day_score > month_score:
        shown = ", ".join(f"'{cue}'" for cue in day_cues[:3])
        return DateOrder(True, f"day first: the document writes {shown}")
    if month_cues:
        shown = ", ".join(f"'{cue}'" for cue in month_cues[:3])
        return DateOrder(False, f"month first: the document writes {shown}")
    return DateOrder(False, "month first by default: nothing in the document tells")


def _written_order(head: str) -> DateOrder | None:
    """The order the dates ``head`` spells out show, when most of them show one: a writer
    who puts the day before the month's name ("1 July 2023") writes "01/07/2023" day first
    too, and one who writes "July 1, 2023" month first."""
    day_first = [c.matched for c in _candidates(_TEXT_DATE, head) if c.form in ("dmy", "dmr")]
    month_first = [c.matched for c in _candidates(_TEXT_DATE, head) if c.form in ("mdy", "mdr")]
    if len(day_first) > len(month_first):
        return DateOrder(True, f"day first: the document writes '{day_first[0]}'")
    if len(month_first) > len(day_first):
        return DateOrder(False, f"month first: the document writes '{month_first[0]}'")
    return None


def _numeric_readings(text: str) -> Iterator[tuple[str, int, int, str]]:
    """Year, first and second number, and text of every numeric date in ``text``."""
    for match in _near_years(_NUMERIC_DATE, text):
        yield match["num_y"], int(match["num_a"]), int(match["num_b"]), match["num"]
    for candidate in _short_year_candidates(text):
        yield candidate.year, int(candidate.first), int(candidate.second), candidate.matched


def _country_cues(head: str) -> tuple[int, list[str], int, list[str]]:
    """The day-first and month-first scores of ``head`` and the distinct words behind each."""
    words = set(_LETTERS.findall(head))
    lowered = {word.lower() for word in words}
    day = [(word, SPELLING_WEIGHT) for word in sorted(lowered & _DAY_FIRST_WORDS)]
    month = [(word, SPELLING_WEIGHT) for word in sorted(lowered & _MONTH_FIRST_WORDS)]
    day += [(word, COUNTRY_MARK_WEIGHT) for word in sorted(words & _DAY_FIRST_NAMES)]
    month += [(word, COUNTRY_MARK_WEIGHT) for word in sorted(words & _MONTH_FIRST_NAMES)]
    day += [(phrase, COUNTRY_MARK_WEIGHT) for phrase in _DAY_FIRST_PHRASES if phrase in head]
    month += [(phrase, COUNTRY_MARK_WEIGHT) for phrase in _MONTH_FIRST_PHRASES if phrase in head]
    # Addresses and telephone numbers stand in the letterhead, near the top.
    top = head[:HEAD_CHARS]
    day += [(mark, COUNTRY_MARK_WEIGHT) for mark in _distinct(_DAY_FIRST_MARKS, top)]
    month += [(mark, COUNTRY_MARK_WEIGHT) for mark in _distinct(_MONTH_FIRST_MARKS, top)]
    return (
        sum(weight for _word, weight in day),
        [word.lower() for word, _weight in day],
        sum(weight for _word, weight in month),
        [word.lower() for word, _weight in month],
    )


def _distinct(pattern: re.Pattern[str], text: str) -> list[str]:
    return list(dict.fromkeys(match.group() for match in pattern.finditer(text)))


def _near_years(pattern: re.Pattern[str], text: str) -> Iterator[re.Match[str]]:
    """What ``pattern.finditer(text)`` finds, searching only around numbers like a year."""
    for start, end in _year_windows(text):
        # A search from ``start`` still sees the text before it, so the checks that a
        # date does not continue a word or number hold at a window's edge too.
        yield from pattern.finditer(text, start, end)


def _year_windows(text: str) -> Iterator[tuple[int, int]]:
    window: tuple[int, int] | None = None
    for match in _YEAR_LIKE.finditer(text):
        start = max(0, match.start() - _REACH_BEFORE_YEAR)
        end = match.end() + _REACH_AFTER_YEAR
        if window is not None and start <= window[1]:
            window = (window[0], end)
            continue
        if window is not None:
            yield window
        window = (start, end)
    if window is not None:
        yield window


def _short_year_candidates(text: str) -> Iterator[_Candidate]:
    # The full expression is tried only where a cheap one saw "d/dd/dd": its checks of
    # what stands before a date make a scan of the whole text several times slower.
    for hint in _SHORT_YEAR_HINT.finditer(text):
        match = next(
            filter(None, (_SHORT_YEAR_DATE.match(text, start) for start in _starts_of(hint))),
            None,
        )
        if match is None:
            continue
        short = int(match["short_y"])
        year = 2000 + short if short <= SHORT_YEAR_PIVOT else 1900 + short
        yield _Candidate(
            "short", match["short"], match.start("short"), match.end("short"), str(year),
            match["short_a"], match["short_b"],
        )  # fmt: skip


def _starts_of(hint: re.Match[str]) -> tuple[int, ...]:
    """Where a short-year date may start around ``hint``: a day or month has two digits."""
    return (hint.start() - 1, hint.start()) if hint.start() else (0,)


def _candidates(pattern: re.Pattern[str], text: str) -> Iterator[_Candidate]:
    for match in _near_years(pattern, text):
        form = match.lastgroup or ""
        if form == "num":
            first, second = match["num_a"], match["num_b"]
        elif form in _MONTH_ONLY_FORMS:
            first, second = match[f"{form}_m"], "1"
        else:
            first, second = match[f"{form}_m"], match[f"{form}_d"]
        year = match[f"{form}_y"]
        if form in _RANGE_FORMS and int(match[f"{form}_from"]) >= int(second):
            # No range of days ("Rev 2 - 1 March 2024", "Page 14 of 20 - 3 March 2024"):
            # a number, then a date, which is read as it was without the number.
            if form == "dmr":
                day_at = match.start("dmr_d")
                matched = text[day_at : match.end(form)]
                yield _Candidate("dmy", matched, day_at, match.end(form), year, first, second)
            continue
        yield _Candidate(form, match[form], match.start(form), match.end(form), year, first, second)


def _resolve(candidate: _Candidate, order: _ReadingOrder, source: DateSource) -> FoundDate | None:
    """The date ``candidate`` stands for, or ``None`` when it is not a real date in range."""
    if candidate.form in _NUMERIC_FORMS:
        return _resolve_numeric(candidate, order, source)
    value = _calendar_date(candidate.year, _month_number(candidate.first), int(candidate.second))
    if value is None:
        return None
    note = MONTH_ONLY_NOTE if candidate.form in _MONTH_ONLY_FORMS else ""
    return FoundDate(
        value, source, candidate.matched + note, ends_a_range=candidate.form in _RANGE_FORMS
    )


def _resolve_numeric(
    candidate: _Candidate, order: _ReadingOrder, source: DateSource
) -> FoundDate | None:
    first, second = int(candidate.first), int(candidate.second)
    month_first = _calendar_date(candidate.year, first, second)
    day_first_reading = _calendar_date(candidate.year, second, first)
    both = month_first is not None and day_first_reading is not None
    value = day_first_reading if (both and order.day_first) or month_first is None else month_first
    if value is None:
        return None
    return FoundDate(value, source, candidate.matched, ambiguous=both and first != second)


def _month_number(text: str) -> int:
    return int(text) if text.isdigit() else _MONTH_NUMBERS[text.lower()]


def _calendar_date(year: str, month: int, day: int) -> datetime.date | None:
    number = int(year)
    if not MIN_YEAR <= number <= MAX_YEAR:
        return None
    try:
        return datetime.date(number, month, day)
    except ValueError:  # 30 February, month 13, day 0
        return None


def _metadata_date(value: str | None) -> FoundDate | None:
    """The date part of an ISO 8601 metadata string, as the file states it."""
    if not value:
        return None
    try:
        stamp = datetime.datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if not MIN_YEAR <= stamp.year <= MAX_YEAR:
        return None
    return FoundDate(stamp.date(), DateSource.METADATA, value)
