"""evidencekit plugin: IHSA's 14-element COR 2020 standard, its sampling table and a gap rule.

Registered under the ``evidencekit`` entry-point group as ``ihsa_cor``; it uses only the
public contract (``evidencekit.hookimpl`` and ``evidencekit.models``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from evidencekit import hookimpl
from evidencekit.models import AssessmentInput, Finding, Severity, Verification

__version__ = "0.1.0"

TOOL_ID = "ihsa-cor-2020"
MAPPINGS = Path(__file__).parent / "mappings"
ELEMENT_UNDOCUMENTED = "element-undocumented"


@hookimpl
def register_audit_tools(register: Callable[[Path], None]) -> None:
    for path in sorted(MAPPINGS.glob("*.yaml")):
        register(path)


@hookimpl
def register_gap_rules(register: Callable[[str, Callable], None]) -> None:
    register(ELEMENT_UNDOCUMENTED, element_undocumented)


def element_undocumented(assessment: AssessmentInput) -> Iterator[Finding]:
    """An element none of whose document requirements has any evidence at all.

    Such an element scores no documentation points, so it sits below the element minimum
    whatever the interviews give: one finding per element says so, ahead of the
    per-requirement ``missing-evidence`` findings. Only for this plugin's own tool.
    """
    evidence_map = assessment.evidence_map
    if evidence_map.tool.id != TOOL_ID:
        return
    by_element: dict[str, list] = {}
    for entry in evidence_map.requirements:
        if Verification.DOCUMENTATION in entry.requirement.verification:
            by_element.setdefault(entry.requirement.element_id, []).append(entry)
    names = {element.id: element.name for element in evidence_map.tool.elements}
    for element_id, entries in by_element.items():
        if any(entry.links for entry in entries):
            continue
        ids = ", ".join(entry.requirement.id for entry in entries)
        yield Finding(
            id=f"{ELEMENT_UNDOCUMENTED}-{element_id}",
            kind=ELEMENT_UNDOCUMENTED,
            severity=Severity.MAJOR,
            element_id=element_id,
            requirement_id=None,
            message=(
                f"Element {element_id} ({names.get(element_id, '?')}) has no document at all "
                f"for {ids}; it cannot reach the element minimum."
            ),
            action=(
                f"Start the records element {element_id} asks for, or file them where "
                "evidencekit can read them, before the audit."
            ),
        )
