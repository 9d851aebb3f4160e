"""The built-in mappers: by document type, by the requirement's search queries, by path.

A document of one of the requirement's types is linked on its type; search hits and path
matches add the page and words that matched. They also link documents of the
requirement's supporting types (a toolbox talk about an incident, for an incident
requirement) and, weakly, unclassified ones. A document the classifier placed in any
other type is not linked on a stray word: that keeps a toolbox talk that mentions "the
policy" out of the policy requirement.
A link is strong when the document is of a wanted type (one that proves it, where the
requirement names those) and dated, weak otherwise.
"""

from __future__ import annotations

import fnmatch
import functools
import re
from collections.abc import Callable, Iterator

from evidencekit.builtins.recorded_reviews import map_recorded_reviews
from evidencekit.hookspecs import EvidenceContext, Mapper, hookimpl
from evidencekit.models import (
    UNCLASSIFIED,
    DocumentFacts,
    EvidenceLink,
    LinkStrength,
    Requirement,
)
from evidencekit.vocabulary import RECORDED_REVIEW

# A query links at most this many documents: past it, the most recent (see
# ``EvidenceContext.search``). A requirement with more evidence than this has enough.
HITS_PER_QUERY = 2000


@hookimpl(trylast=True)
def register_mappers(register: Callable[[str, Mapper], None]) -> None:
    register("document-type", map_by_document_type)
    register("search-query", map_by_search_query)
    register("path-pattern", map_by_path_pattern)
    register(RECORDED_REVIEW, map_recorded_reviews)


def map_by_document_type(
    requirement: Requirement, context: EvidenceContext
) -> Iterator[EvidenceLink]:
    wanted = set(requirement.evidence.doc_types)
    for document in context.documents:
        if document.doc_type in wanted:
            yield EvidenceLink(
                requirement_id=requirement.id,
                path=document.path,
                rule=f"type {document.doc_type} ({document.type_cue})",
                strength=_strength(requirement, document),
                source="document-type",
            )


def map_by_search_query(
    requirement: Requirement, context: EvidenceContext
) -> Iterator[EvidenceLink]:
    for query in requirement.evidence.queries:
        for hit in context.search(query, HITS_PER_QUERY):
            document = context.document(hit.path)
            if document is not None and _may_prove(requirement, document):
                yield EvidenceLink(
                    requirement_id=requirement.id,
                    path=hit.path,
                    rule=f"search {query}",
                    strength=_strength(requirement, document),
                    source="search-query",
                    page=hit.page,
                    snippet=hit.snippet,
                )


def map_by_path_pattern(
    requirement: Requirement, context: EvidenceContext
) -> Iterator[EvidenceLink]:
    patterns = [pattern.lower() for pattern in requirement.evidence.path_patterns]
    if not patterns:
        return
    # Most paths match no pattern: a path without a pattern's longest literal part cannot
    # match it, and looking for a substring costs a quarter of trying the pattern.
    needles = [_longest_literal(pattern) for pattern in patterns]
    for document in context.documents:
        path = document.path.lower()
        if not any(needle in path for needle in needles):
            continue
        matched = next(
            (
                pattern
                for pattern, needle in zip(patterns, needles, strict=True)
                if needle in path and fnmatch.fnmatchcase(path, pattern)
            ),
            None,
        )
        if matched and _may_prove(requirement, document):
            yield EvidenceLink(
                requirement_id=requirement.id,
                path=document.path,
                rule=f"path matches {matched}",
                strength=_strength(requirement, document),
                source="path-pattern",
            )


@functools.lru_cache(maxsize=1024)
def _longest_literal(pattern: str) -> str:
    """The longest part of a shell-style ``pattern`` that is not a wildcard (``*``, ``?``,
    ``[...]``): every path it matches contains it."""
    return max(_WILDCARDS.split(pattern), key=len)


#: What fnmatch reads as a wildcard: an unclosed ``[`` is a literal there, and here.
_WILDCARDS = re.compile(r"[*?]|\[!?\]?[^\]]*\]")


def _may_prove(requirement: Requirement, document: DocumentFacts) -> bool:
    """May a query or path match link this document? Not if it is of an unrelated type."""
    return _of_wanted_type(requirement, document) or document.doc_type == UNCLASSIFIED


def _strength(requirement: Requirement, document: DocumentFacts) -> LinkStrength:
    wanted_and_dated = _of_wanted_type(requirement, document) and document.date
    return (
        LinkStrength.STRONG
        if wanted_and_dated and proves(requirement, document)
        else LinkStrength.WEAK
    )


def proves(requirement: Requirement, document: DocumentFacts) -> bool:
    """Can ``document``, by its type, prove ``requirement`` on its own? Not an orientation
    record that ticks "policy: yes" where only a written policy proves it."""
    proving = requirement.evidence.proved_only_by
    return not proving or document.doc_type in proving


def _of_wanted_type(requirement: Requirement, document: DocumentFacts) -> bool:
    rule = requirement.evidence
    return (
        not (rule.doc_types or rule.supporting_doc_types)
        or document.doc_type in rule.doc_types
        or document.doc_type in rule.supporting_doc_types
    )
