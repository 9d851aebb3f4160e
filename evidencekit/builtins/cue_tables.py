"""How the classifier finds its cues in a text: the name cues as two compiled expressions
(lower case, and capitals), the content and field phrases word by word.

A phrase's words are whole words; ``a|b`` is either word and a trailing ``*`` any ending.
A phrase is also found with its words run together as OCR and some PDFs print them
(``Thisistocertifythat``). Cues written in capitals must appear in capitals.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

#: A phrase is also looked for with its words run together when that makes this many
#: forms or fewer (each word's alternatives multiply).
MAX_JOINED_FORMS = 16
#: A word this long that matches no phrase may be several words run together; phrases of
#: at least ``MIN_JOINED_CHARS`` letters are looked for inside it.
MIN_RUN_TOGETHER_CHARS = 14
MIN_JOINED_CHARS = 9
_WORD = re.compile(r"[^\W_]+")
# Content stems are looked up by their first letters; every stem is at least this long.
_STEM_KEY = 3


@dataclass(frozen=True)
class Cue:
    """What a cue suggests: a document type, with the weight of the suggestion."""

    doc_type: str
    weight: int


@dataclass(frozen=True)
class FoundCue:
    """A cue found in a text: what it suggests, where it stands, the text it matched."""

    cue: Cue
    start: int
    end: int
    text: str


class PatternTable:
    """The name cues, compiled for speed: one expression for the cues written in lower case,
    run over the lower-cased text, and one for the cues written in capitals."""

    def __init__(self, table: Mapping[str, tuple[tuple[int, str], ...]]) -> None:
        folded: list[tuple[Cue, re.Pattern[str]]] = []
        exact: list[tuple[Cue, re.Pattern[str]]] = []
        for doc_type, cues in table.items():
            for weight, pattern in cues:
                entry = (Cue(doc_type, weight), re.compile(_spaced(pattern)))
                (exact if _has_capitals(pattern) else folded).append(entry)
        # At one position the heavier cue is tried first, then the longer one.
        self._folded = sorted(folded, key=_trial_order)
        self._exact = sorted(exact, key=_trial_order)
        self._folded_search = _search_expression(self._folded)
        self._exact_search = _search_expression(self._exact)
        # One expression with a named group per cue searches three times slower; which cue
        # matched is looked up afterwards instead, and the same few phrases recur.
        self._cue_of = functools.lru_cache(maxsize=4096)(self._identify)

    def find(self, text: str) -> Iterator[FoundCue]:
        """Every cue in ``text``: lower-case cues first, then cues in capitals."""
        lowered = text.lower()
        # Lower-casing keeps positions except for a few letters (such as a dotted I).
        shown = text if len(lowered) == len(text) else lowered
        for match in self._folded_search.finditer(lowered):
            start, end = match.span()
            yield FoundCue(self._cue_of(match.group(), False), start, end, shown[start:end])
        for match in self._exact_search.finditer(text):
            start, end = match.span()
            yield FoundCue(self._cue_of(match.group(), True), start, end, match.group())

    def _identify(self, matched: str, exact: bool) -> Cue:
        entries = self._exact if exact else self._folded
        return next(cue for cue, pattern in entries if pattern.fullmatch(matched))


def _trial_order(entry: tuple[Cue, re.Pattern[str]]) -> tuple[int, int]:
    cue, pattern = entry
    return -cue.weight, -len(pattern.pattern)


def _spaced(pattern: str) -> str:
    # Words in names and text are split by spaces, hyphens or line breaks alike.
    return pattern.replace(" ?", r"[\s-]*").replace(" ", r"[\s-]+")


def _has_capitals(pattern: str) -> bool:
    return any(char.isupper() for char in re.sub(r"\\.", "", pattern))


def _search_expression(entries: list[tuple[Cue, re.Pattern[str]]]) -> re.Pattern[str]:
    body = "|".join(f"(?:{pattern.pattern})" for _cue, pattern in entries)
    # Letters must not continue a cue; digits may ("FLHA2026", "insp20260112").
    return re.compile(rf"(?<![^\W\d_])(?=\w)(?:{body})(?![^\W\d_])")


class WordMatcher:
    """One word of a content phrase: any of some exact forms, or any word with a stem."""

    def __init__(self, spec: str) -> None:
        forms = spec.split("|")
        self.exact = frozenset(form for form in forms if not form.endswith("*"))
        self.stems = tuple(form[:-1] for form in forms if form.endswith("*"))

    def accepts(self, word: str) -> bool:
        return word in self.exact or word.startswith(self.stems)


@dataclass(frozen=True)
class Phrase:
    cue: Cue
    words: tuple[WordMatcher, ...]
    #: Written in capitals ("HSR"), so it must appear in capitals.
    exact_case: bool

    def matches_at(self, words: Sequence[str], folded: Sequence[str], position: int) -> bool:
        candidates = (words if self.exact_case else folded)[position : position + len(self.words)]
        return len(candidates) == len(self.words) and all(
            matcher.accepts(word) for matcher, word in zip(self.words, candidates, strict=True)
        )


def _written_forms(phrase: str) -> list[tuple[tuple[str, ...], bool]]:
    """A phrase's words, and the same words run together as OCR and some PDFs print them
    ("Thisistocertifythat"): each word's forms joined to the next word's."""
    words = tuple(phrase.strip().split())
    capitals = _has_capitals(phrase)
    forms = [(words, capitals)]
    if len(words) < 2 or any("*" in word for word in words[:-1]):
        return forms
    joined = [""]
    for word in words:
        joined = [start + form for start in joined for form in word.split("|")]
    if len(joined) <= MAX_JOINED_FORMS:
        forms.append((("|".join(joined),), capitals))
    return forms


def _phrase_order(phrase: Phrase) -> tuple[int, int]:
    # At one position the heavier phrase is tried first, then the longer one.
    return -phrase.cue.weight, -len(phrase.words)


class PhraseTable:
    """The content cues, looked up word by word: a text is split into words once, and only
    phrases whose first word could start at a position are tried there."""

    def __init__(self, table: Mapping[str, tuple[tuple[int, str], ...]]) -> None:
        phrases = [
            Phrase(Cue(doc_type, weight), tuple(WordMatcher(spec) for spec in words), capitals)
            for doc_type, cues in table.items()
            for weight, listed in cues
            for phrase in listed.split(",")
            for words, capitals in _written_forms(phrase)
        ]
        phrases.sort(key=_phrase_order)
        self._joined = [
            (phrase.cue, form)
            for phrase in phrases
            if len(phrase.words) == 1 and not phrase.exact_case
            for form in phrase.words[0].exact
            if len(form) >= MIN_JOINED_CHARS
        ]
        self._starting_with: dict[str, list[Phrase]] = {}
        for phrase in phrases:
            first = phrase.words[0]
            for key in (*first.exact, *(stem[:_STEM_KEY] for stem in first.stems)):
                self._starting_with.setdefault(key.lower(), []).append(phrase)
        # The same words start most texts' phrases: the merged candidates are kept.
        self._candidates = functools.lru_cache(maxsize=8192)(self._phrases_starting)

    def find(self, text: str) -> Iterator[tuple[Cue, str]]:
        """Every phrase in ``text``, in reading order, none overlapping another."""
        words, folded = words_of(text)
        starting_with = self._starting_with
        # Most words start no phrase; one pass over them leaves the few that might.
        starts = [
            position
            for position, word in enumerate(folded)
            if (word in starting_with or word[:_STEM_KEY] in starting_with)
            and self._candidates(word)
        ]
        free_from = 0
        matched: set[int] = set()
        for position in starts:
            if position < free_from:
                continue
            phrase = self._phrase_at(words, folded, position)
            if phrase is not None:
                free_from = position + len(phrase.words)
                matched.add(position)
                yield phrase.cue, " ".join(folded[position:free_from])
        for position, word in enumerate(folded):
            if len(word) >= MIN_RUN_TOGETHER_CHARS and position not in matched:
                yield from self._inside_run_together(word)

    def _inside_run_together(self, word: str) -> Iterator[tuple[Cue, str]]:
        """The phrases written inside one long run of joined words ("Thisistocertifythat")."""
        for cue, joined in self._joined:
            if joined in word:
                yield cue, joined

    def _phrase_at(
        self, words: Sequence[str], folded: Sequence[str], position: int
    ) -> Phrase | None:
        return next(
            (
                phrase
                for phrase in self._candidates(folded[position])
                if phrase.matches_at(words, folded, position)
            ),
            None,
        )

    def _phrases_starting(self, word: str) -> tuple[Phrase, ...]:
        """The phrases that may start at ``word`` (lower-cased), in the order they are
        tried: those whose first word accepts it, and those in capitals (``words`` holds
        their case)."""
        candidates = self._starting_with.get(word, [])
        by_stem = self._starting_with.get(word[:_STEM_KEY], [])
        if by_stem and word[:_STEM_KEY] != word:
            candidates = sorted({*candidates, *by_stem}, key=_phrase_order)
        return tuple(
            phrase for phrase in candidates if phrase.exact_case or phrase.words[0].accepts(word)
        )


@functools.lru_cache(maxsize=8)
def words_of(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The words of ``text`` and the same lower-cased: a document's text is looked up in
    several tables."""
    words = tuple(_WORD.findall(text))
    return words, tuple(word.lower() for word in words)
