"""evidencekit's query language, read the way its Whoosh index reads it, as a plain tree.

Words are ANDed; ``OR`` binds two words or groups (``a OR b c`` is ``(a OR b) AND c``),
an explicit ``AND`` binds tighter than ``OR``, and ``NOT`` negates the word, phrase or
group after it. ``"..."`` is a phrase; ``(...)`` groups; ``field:word``,
``field:"phrase"`` and ``field:(group)`` search one field; ``modified:`` takes a year,
month or day, a range ``[2026-01 to 2026-03]`` (either end may be left open) or
``>``/``<``/``>=``/``<=`` a date; a trailing ``*`` or a ``?`` in a word is a wildcard.
A field evidencekit does not index makes ``name:word`` plain words, as in Whoosh.
Unbalanced parentheses or quotes and dangling operators are forgiven, as in Whoosh; only
a date that cannot be read is an error.

Words are analysed as the index analyses text (``prepared_words``): lower case, split
into words (``3.2`` and ``e.g`` stay one word), one-letter words and a few very common
English words dropped, so ``"health and safety"`` matches "Health & Safety" as it does
with Whoosh.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from evidencekit.errors import SearchQueryError

#: The fields a bare word searches, with their boosts (as the Whoosh schema boosts them).
TEXT_FIELDS = {"title": 2.0, "filename": 2.0, "content": 1.0}
KEYWORD_FIELDS = frozenset({"folder", "filetype", "path"})
DATE_FIELD = "modified"
PAGE_FIELD = "page"

# The words Whoosh's English analyser drops; dropping the same keeps both backends' phrase
# and word matching alike.
STOP_WORDS = frozenset(
    {
        "a", "an", "and", "are", "as", "at", "be", "by", "can", "for", "from", "have", "if",
        "in", "is", "it", "may", "not", "of", "on", "or", "tbd", "that", "the", "this", "to",
        "us", "we", "when", "will", "with", "yet", "you", "your",
    }
)  # fmt: skip
_WORD = re.compile(r"\w+(?:\.?\w+)*")
_TOKEN = re.compile(
    r"""\s*(?:
      (?P<open>\()
    | (?P<close>\))
    | "(?P<phrase>[^"]*)"?
    | (?P<field>[A-Za-z_]+):(?=\S)
    | (?P<range>\[[^\]]*\]?)
    | (?P<word>[^\s()"]+)
    )""",
    re.VERBOSE,
)
_OPERATORS = frozenset({"AND", "OR", "NOT"})
_RANGE_SPLIT = re.compile(r"\s+to\s+|\s+to$|^to\s+", re.IGNORECASE)
_COMPARISON = re.compile(r"^(?P<op>>=|<=|>|<)(?P<value>.+)$")
_DATE_PARTS = re.compile(r"^(\d{4})(?:[-/](\d{1,2}))?(?:[-/](\d{1,2}))?$")


def prepared_words(text: str) -> list[str]:
    """``text`` as the index's words before stemming: lower case, stop words dropped."""
    return [
        word for word in _WORD.findall(text.lower()) if len(word) > 1 and word not in STOP_WORDS
    ]


# -- the tree -------------------------------------------------------------------------


@dataclass(frozen=True)
class Words:
    """Words that must all be in one of ``fields`` (one word, or a word split by a hyphen)."""

    fields: tuple[str, ...]
    words: tuple[str, ...]


@dataclass(frozen=True)
class Phrase:
    fields: tuple[str, ...]
    words: tuple[str, ...]


@dataclass(frozen=True)
class Wildcard:
    fields: tuple[str, ...]
    pattern: str


@dataclass(frozen=True)
class Keyword:
    """An exact value of a keyword field (``folder``, ``filetype``, ``path``)."""

    field: str
    value: str


@dataclass(frozen=True)
class Page:
    number: int


@dataclass(frozen=True)
class DateRange:
    """Days from ``start`` to ``end``, both included; ``None`` leaves a side open."""

    start: date | None
    end: date | None


@dataclass(frozen=True)
class And:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    parts: tuple[Node, ...]


@dataclass(frozen=True)
class Not:
    part: Node


Node = Words | Phrase | Wildcard | Keyword | Page | DateRange | And | Or | Not


def parse(query: str) -> Node | None:
    """The query's tree, or ``None`` when nothing is left to search for (``the``)."""
    return _Parser(query).parse()


# -- the parser -------------------------------------------------------------------------


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = _tokens(query)
        self.position = 0

    def parse(self) -> Node | None:
        node = self._sequence(tuple(TEXT_FIELDS), top=True)
        return node

    # sequence := or_expr* (implicit AND, the loosest)
    def _sequence(self, fields: tuple[str, ...], top: bool = False) -> Node | None:
        parts: list[Node] = []
        while (token := self._peek()) is not None:
            if token.kind == "close":
                self.position += 1
                if top:
                    continue  # a stray ")" is forgiven
                break
            part = self._or(fields)
            if part is not None:
                parts.append(part)
        return _joined(And, parts)

    def _or(self, fields: tuple[str, ...]) -> Node | None:
        parts = [self._and(fields)]
        while self._next_is_operator("OR"):
            self.position += 1
            parts.append(self._and(fields))
        return _joined(Or, [part for part in parts if part is not None])

    def _and(self, fields: tuple[str, ...]) -> Node | None:
        parts = [self._unary(fields)]
        while self._next_is_operator("AND"):
            self.position += 1
            parts.append(self._unary(fields))
        return _joined(And, [part for part in parts if part is not None])

    def _unary(self, fields: tuple[str, ...]) -> Node | None:
        if self._next_is_operator("NOT"):
            self.position += 1
            part = self._unary(fields)
            return Not(part) if part is not None else None
        return self._primary(fields)

    def _primary(self, fields: tuple[str, ...]) -> Node | None:
        token = self._take()
        if token is None:
            return None
        if token.kind == "open":
            return self._sequence(fields)
        if token.kind == "phrase":
            return _phrase(fields, token.text)
        if token.kind == "field":
            return self._fielded(token.text.lower())
        if token.kind == "word" and token.text in _OPERATORS:
            return None  # an operator with nothing to bind
        if token.kind == "range":
            return _words(fields, token.text)
        return _words(fields, token.text)

    def _fielded(self, name: str) -> Node | None:
        token = self._peek()
        if token is None:
            return None
        if name in TEXT_FIELDS:
            if token.kind in ("open", "phrase", "word", "field"):
                return self._primary((name,))
            self.position += 1
            return _words((name,), token.text)
        self.position += 1
        if name == DATE_FIELD:
            return _date_query(self.query, token)
        if token.kind == "open":  # folder:(a OR b) is not in the language; read it as words
            self.position -= 1
            return self._primary(tuple(TEXT_FIELDS))
        value = token.text
        if name in KEYWORD_FIELDS:
            return Keyword(name, _keyword_value(name, value))
        if name == PAGE_FIELD and value.isdigit():
            return Page(int(value))
        # Not a field evidencekit indexes: "name:word" is words, as Whoosh reads it.
        return _words(tuple(TEXT_FIELDS), f"{name} {value}")

    def _peek(self) -> _Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def _take(self) -> _Token | None:
        token = self._peek()
        if token is not None:
            self.position += 1
        return token

    def _next_is_operator(self, operator: str) -> bool:
        token = self._peek()
        return token is not None and token.kind == "word" and token.text == operator


def _tokens(query: str) -> list[_Token]:
    tokens = []
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup
        if kind is None:
            continue
        tokens.append(_Token(kind, match.group(kind)))
    return tokens


def _joined(kind: type[And] | type[Or], parts: list[Node]) -> Node | None:
    if not parts:
        return None
    return parts[0] if len(parts) == 1 else kind(tuple(parts))


def _words(fields: tuple[str, ...], text: str) -> Node | None:
    if "*" in text or "?" in text:
        pattern = text.lower()
        return Wildcard(fields, pattern) if pattern.strip("*?") else None
    words = prepared_words(text)
    return Words(fields, tuple(words)) if words else None


def _phrase(fields: tuple[str, ...], text: str) -> Node | None:
    words = prepared_words(text)
    if len(words) < 2:
        return Words(fields, tuple(words)) if words else None
    return Phrase(fields, tuple(words))


def _keyword_value(name: str, value: str) -> str:
    value = value.strip('"')
    if name == "folder":
        return value.strip("/").lower()
    if name == "filetype":
        return value.lstrip(".").lower()
    return value


# -- dates ------------------------------------------------------------------------------


def _date_query(query: str, token: _Token) -> DateRange:
    text = token.text.strip()
    try:
        if token.kind == "range":
            found = _date_range(text)
            if found.start and found.end and found.start > found.end:
                raise SearchQueryError(
                    f"the date range in {query!r} ends before it starts: write the earlier "
                    "date first"
                )
            return found
        comparison = _COMPARISON.match(text)
        if comparison is not None:
            start, end = _period(comparison["value"])
            return {
                ">": DateRange(end + timedelta(days=1), None),
                ">=": DateRange(start, None),
                "<": DateRange(None, start - timedelta(days=1)),
                "<=": DateRange(None, end),
            }[comparison["op"]]
        return DateRange(*_period(text))
    except ValueError:
        raise SearchQueryError(
            f"cannot read the date in {query!r}: write 2026, 2026-03 or 2026-03-04, a range "
            "as modified:[2026-01 to 2026-03], or modified:>2026-01-31"
        ) from None


def _date_range(text: str) -> DateRange:
    inside = text.strip("[]").strip()
    parts = _RANGE_SPLIT.split(inside, maxsplit=1)
    if len(parts) != 2 or not any(part.strip() for part in parts):
        raise ValueError(text)
    low, high = (part.strip() for part in parts)
    start = _period(low)[0] if low else None
    end = _period(high)[1] if high else None
    return DateRange(start, end)


def _period(text: str) -> tuple[date, date]:
    """The first and last day of a year, month or day written ``2026``, ``2026-03``, …"""
    match = _DATE_PARTS.match(text.strip())
    if match is None:
        raise ValueError(text)
    year = int(match[1])
    if match[2] is None:
        return date(year, 1, 1), date(year, 12, 31)
    month = int(match[2])
    if match[3] is None:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    day = date(year, month, int(match[3]))
    return day, day


def day_start(day: date) -> datetime:
    return datetime(day.year, day.month, day.day)
