"""Renders a readiness assessment as one self-contained HTML file to read on screen or print.

The page holds the verdict, a scorecard, the findings with their actions, a coverage
calendar of recurring records, unreadable documents, the interview and observation
questions to prepare, and the evidence map with paths relative to the evidence folder.
It is written to be handed to the client and printed. A long list (a requirement's
documents, a finding's files, the documents that prove nothing) shows its first few items,
folds some more behind a "more" line and counts the rest, which the Markdown and JSON
reports list in full: the page of a 10,000-document folder stays small enough to open at
once.

Everything that comes from documents (paths, titles, reasons, messages) is untrusted:
the template is rendered with autoescaping on and never marks such text safe. The page
has no scripts and loads nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from evidencekit.certificate_length import certificate_sentence
from evidencekit.figures import percent
from evidencekit.models import (
    CALENDAR_MONTHS,
    USER,
    DocumentFacts,
    DocumentStatus,
    ElementScore,
    Finding,
    Readiness,
    RequirementEvidence,
    RequirementScore,
)
from evidencekit.report.evidence_map import document_strength, grouped_by_document
from evidencekit.report.pages import render_page
from evidencekit.report.readiness import (
    VERDICTS,
    certification_blocked_lines,
    element_status,
    result_label,
    score_estimate,
    tracker_words,
)

TEMPLATE = "readiness.html.j2"

#: A long list shows this many items in full...
SHOWN_IN_FULL = 5
#: ...and at most this many more folded behind a "more" line (names only); the rest is
#: counted. At 10,000 documents a requirement can hold thousands: listing each made a
#: 14 MB page that took seconds to open.
FOLDED_AT_MOST = 20
#: Where the rest of a list is, said to the reader of a folded list.
WHOLE_LISTS = "the Markdown and JSON reports of this check list them all"

Item = TypeVar("Item")


@dataclass(frozen=True)
class FoldedList(Generic[Item]):
    """A list as the page shows it: the first items, the folded ones, how many are left."""

    shown: tuple[Item, ...]
    folded: tuple[Item, ...]
    left_out: int

    @property
    def total(self) -> int:
        return len(self.shown) + len(self.folded) + self.left_out

    def __bool__(self) -> bool:
        return bool(self.shown)


def folded(items: Sequence[Item]) -> FoldedList[Item]:
    """``items`` folded for the page: ``SHOWN_IN_FULL`` shown, ``FOLDED_AT_MOST`` folded.
    A list only a little longer is shown whole: folding one or two items saves nothing."""
    shown = len(items) if len(items) <= SHOWN_IN_FULL + 2 else SHOWN_IN_FULL
    kept = shown + FOLDED_AT_MOST
    return FoldedList(
        shown=tuple(items[:shown]),
        folded=tuple(items[shown:kept]),
        left_out=max(0, len(items) - kept),
    )


# --- The page ---------------------------------------------------------------------------


@dataclass(frozen=True)
class DocumentView:
    """One linked document of a requirement as the page shows it."""

    path: str
    strength: str
    by_user: bool
    date: str | None
    doc_type: str
    reasons: tuple[str, ...]


def readiness_html(readiness: Readiness, folder: Path, show_paths: bool = True) -> str:
    """The readiness report as one HTML page to hand to the client: named for the company,
    document paths relative to the evidence folder (none without ``show_paths``), no links
    into the consultant's disk and no commands of this tool in its advice."""
    facts = {document.path: document for document in readiness.evidence_map.documents}
    evidence = {item.requirement.id: item for item in readiness.evidence_map.requirements}
    return render_page(
        TEMPLATE,
        r=readiness,
        verdict=VERDICTS[readiness.ready],
        show_paths=show_paths,
        running_header=css_string(_running_header(readiness)),
        for_client=for_client
        if show_paths
        else lambda text, paths=(): for_client(_file_names_only(text, tuple(facts))),
        shown_path=lambda path: path if show_paths else path.rsplit("/", 1)[-1],
        certificate=(
            certificate_sentence(readiness.certificate) if readiness.certificate else None
        ),
        findings_by_id={finding.id: finding for finding in readiness.findings},
        documents_of=lambda score: folded(_documents(evidence[score.requirement.id], facts)),
        fold=folded,
        whole_lists=WHOLE_LISTS,
        rejected_of=lambda score: evidence[score.requirement.id].rejected,
        calendar=readiness.coverage,
        calendar_months=CALENDAR_MONTHS,
        unreadable=folded(_unreadable(readiness)),
        preparation=_preparation(readiness.elements),
        element_status=lambda element: element_status(element, readiness),
        result_label=result_label,
        pct=percent,
        score_estimate=score_estimate(readiness.tool),
        tracker_of=lambda finding: tracker_words(readiness, finding),
        certification_blocked=certification_blocked_lines(readiness),
    )


def _running_header(readiness: Readiness) -> str:
    """What heads each printed page: the client, the report and its date."""
    company = f"{readiness.company} · " if readiness.company else ""
    tool = f"{readiness.tool.name} {readiness.tool.version}"
    return f"{company}Audit readiness, {tool} · {readiness.audit_date.isoformat()}"


def css_string(text: str) -> str:
    """``text`` safe inside a double-quoted CSS string in a ``<style>`` element: every
    character but ASCII letters and digits as a six-digit CSS escape (a company name is
    untrusted, and autoescaping does not apply CSS's rules); spaces too, since CSS takes a
    space after an escape as its end."""
    return "".join(
        char if char.isascii() and char.isalnum() else f"\\{ord(char):06x}" for char in text
    )


#: This tool's commands, as advice written for the consultant names them, and what the
#: client should do instead.
_CONSULTANT_STEPS = (
    (re.compile(r"link it with `evidencekit link add`"), "tell your consultant where it is"),
    (re.compile(r"link them with `evidencekit link add`"), "tell your consultant where they are"),
    (re.compile(r"(\w+) (it|them) with `evidencekit [^`]*`"), r"\1 \2 with your consultant"),
    (re.compile(r"`evidencekit [^`]*`"), "your consultant"),
)


def _file_names_only(text: str, paths: tuple[str, ...]) -> str:
    """``text`` with each of ``paths`` cut to its file name: the folders stay private."""
    for path in sorted(paths, key=len, reverse=True):
        text = text.replace(path, path.rsplit("/", 1)[-1])
    return text


def for_client(text: str, paths: tuple[str, ...] = ()) -> str:
    """Advice in the client's words: a step that is a command of this tool becomes what the
    client asks of the consultant."""
    for pattern, replacement in _CONSULTANT_STEPS:
        text = pattern.sub(replacement, text)
    return text


def _documents(item: RequirementEvidence, facts: dict[str, DocumentFacts]) -> list[DocumentView]:
    views = []
    for path, links in grouped_by_document(item.links):
        document = facts.get(path)
        reasons = tuple(
            f"{link.rule} (p. {link.page})" if link.page else link.rule for link in links
        )
        views.append(
            DocumentView(
                path=path,
                strength=str(document_strength(links)),
                by_user=any(link.source == USER for link in links),
                date=document.date if document else None,
                doc_type=document.doc_type if document else "",
                reasons=reasons,
            )
        )
    return views


def _unreadable(readiness: Readiness) -> list[tuple[DocumentFacts, list[Finding]]]:
    """Documents no auditor could read, each with the findings that name it."""
    return [
        (document, [f for f in readiness.findings if document.path in f.paths])
        for document in readiness.evidence_map.documents
        if document.status is not DocumentStatus.OK
    ]


def _preparation(
    elements: tuple[ElementScore, ...],
) -> list[tuple[ElementScore, list[RequirementScore]]]:
    """Per element, the requirements that carry interview or observation points."""
    found = []
    for element in elements:
        scores = [score for score in element.requirements if score.other_points > 0]
        if scores:
            found.append((element, scores))
    return found
