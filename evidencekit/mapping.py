"""The mapping stage: every requirement of an audit tool gets the documents that prove it.

All registered mappers propose links with their reasons; the user's decisions (stored
in the catalog) are applied last: a rejected document is removed and listed as rejected,
an added one is linked as the user's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pluggy

from evidencekit.errors import PluginError, SearchQueryError
from evidencekit.hookspecs import Mapper
from evidencekit.models import (
    USER,
    AuditTool,
    DocumentFacts,
    EvidenceLink,
    EvidenceMap,
    LinkStrength,
    Requirement,
    RequirementEvidence,
    SearchHit,
)
from evidencekit.registry import Registration, collect_registrations

#: Every file that matches a query, each with its page where the query's words occur most.
Search = Callable[[str], list[SearchHit]]


@dataclass
class MappingContext:
    """The ``EvidenceContext`` mappers receive; caches search results for one run."""

    documents: Sequence[DocumentFacts]
    run_search: Search
    # Only what was chosen is kept: at 100,000 documents a query may match 40,000.
    _chosen: dict[tuple[str, int], list[SearchHit]] = field(default_factory=dict)
    _by_path: dict[str, DocumentFacts] | None = None

    def document(self, path: str) -> DocumentFacts | None:
        if self._by_path is None:
            self._by_path = {document.path: document for document in self.documents}
        return self._by_path.get(path)

    def search(self, query: str, limit: int) -> list[SearchHit]:
        key = (query, limit)
        if key not in self._chosen:
            self._chosen[key] = self._most_recent(self.run_search(query), limit)
        return self._chosen[key]

    def _most_recent(self, hits: list[SearchHit], limit: int) -> list[SearchHit]:
        """At most ``limit`` of ``hits``, the most recent documents first (by their date,
        then path). Relevance would not do: a file's score depends on every other file, so
        one saved file could change which others make the cut, and the map could not be
        kept up to date file by file. The audit looks at recent records first anyway."""
        # Only documents being mapped may take a place.
        dated = [
            (document.date or "", hit) for hit in hits if (document := self.document(hit.path))
        ]
        dated.sort(key=_path_of_dated)
        dated.sort(key=_date_of_dated, reverse=True)
        return [hit for _date, hit in dated[:limit]]


def _path_of_dated(dated: tuple[str, SearchHit]) -> str:
    return dated[1].path


def _date_of_dated(dated: tuple[str, SearchHit]) -> str:
    return dated[0]


def installed_mappers(plugin_manager: pluggy.PluginManager) -> dict[str, Registration[Mapper]]:
    """Every mapper plugins register, by name, with the plugin behind it."""
    return collect_registrations(
        plugin_manager, "register_mappers", lambda name, mapper: (name, mapper)
    )


def build_evidence_map(
    tool: AuditTool,
    documents: Sequence[DocumentFacts],
    search: Search,
    mappers: dict[str, Registration[Mapper]],
    decisions: dict[tuple[str, str], str],
) -> EvidenceMap:
    """Map ``documents`` onto ``tool``'s requirements, applying the user's ``decisions``."""
    context = MappingContext(documents, search)
    # A decision about a file that is gone is kept (it may come back) but proves nothing.
    present = {document.path for document in documents}
    current = {key: value for key, value in decisions.items() if key[1] in present}
    failures: dict[str, str] = {}
    evidence = tuple(
        _apply_decisions(
            requirement, _proposed_links(requirement, context, mappers, failures), current
        )
        for requirement in tool.requirements()
    )
    linked = {link.path for item in evidence for link in item.links}
    unmapped = tuple(document.path for document in documents if document.path not in linked)
    return EvidenceMap(
        tool=tool,
        requirements=evidence,
        documents=tuple(documents),
        unmapped=unmapped,
        plugin_failures=tuple(failures.values()),
    )


def _proposed_links(
    requirement: Requirement,
    context: MappingContext,
    mappers: dict[str, Registration[Mapper]],
    failures: dict[str, str],
) -> list[EvidenceLink]:
    """Every mapper's links for ``requirement``. A mapper that raises is recorded in
    ``failures`` and left out from then on: one plugin's bug must not stop the check."""
    links: list[EvidenceLink] = []
    for registration in mappers.values():
        if registration.name in failures:
            continue
        try:
            links.extend(registration.value(requirement, context))
        except SearchQueryError as error:
            raise PluginError(
                f"requirement {requirement.id}: mapper {registration.name} "
                f"({registration.plugin}) sent a query the index cannot parse: {error}"
            ) from error
        except Exception as error:  # Name the broken plugin; the other mappers go on.
            failures[registration.name] = (
                f"mapper {registration.name} ({registration.plugin}) failed on requirement "
                f"{requirement.id}: {type(error).__name__}: {error}"
            )
    return _deduplicated(links)


def _deduplicated(links: list[EvidenceLink]) -> list[EvidenceLink]:
    seen: set[tuple[str, str]] = set()
    unique = []
    for link in sorted(links, key=_link_order):
        if (link.path, link.rule) not in seen:
            seen.add((link.path, link.rule))
            unique.append(link)
    return unique


def _link_order(link: EvidenceLink) -> tuple:
    return (link.path, link.strength is not LinkStrength.STRONG, link.source, link.rule)


def _apply_decisions(
    requirement: Requirement,
    links: list[EvidenceLink],
    decisions: dict[tuple[str, str], str],
) -> RequirementEvidence:
    mine = {
        path: decision for (req_id, path), decision in decisions.items() if req_id == requirement.id
    }
    rejected = tuple(sorted(path for path, decision in mine.items() if decision == "reject"))
    kept = [link for link in links if link.path not in rejected]
    for path, decision in sorted(mine.items()):
        if decision == "add":
            kept.append(
                EvidenceLink(requirement.id, path, "added by the user", LinkStrength.STRONG, USER)
            )
    return RequirementEvidence(requirement, tuple(sorted(kept, key=_link_order)), rejected)
