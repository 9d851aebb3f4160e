"""The company profile and the evidence's suggestions for it, as terminal lines and JSON."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Any

from evidencekit.profile.model import CertificateRecord, CompanyProfile, Person, Role, Site
from evidencekit.profile.suggestions import ProfileSuggestions, Suggestion
from evidencekit.vocabulary import SUBCONTRACTOR

#: What the headcount counts, as DOMAIN.md and the SECOR/COR rule define it.
HEADCOUNT_MEANING = (
    "everyone on the WCB account in the past 12 months: owners, family, office staff, "
    "part-time, seasonal and temporary workers, volunteers"
)
_SCALAR_FIELDS = ("company", "headcount", "health_safety_representative")
_SOURCES_SHOWN = 2
_QUOTE_SHOWN = 100


def consistency_warnings(profile: CompanyProfile) -> list[str]:
    """Where the profile disagrees with itself, though each field is valid: more people
    in the company's own roles than the headcount (a summary role such as "Workers: 18"
    accepted beside the crew roles it sums counts them twice). Subcontractors' roles are
    left out: they are not on the company's WCB account."""
    if profile.headcount is None:
        return []
    in_roles = sum(role.people for role in profile.roles if role.employment != SUBCONTRACTOR)
    if in_roles <= profile.headcount:
        return []
    return [
        f"the roles hold {in_roles} people (subcontractor roles not counted), more than "
        f"the headcount of {profile.headcount}: is a role counted twice (a summary role "
        "beside the roles it sums), or is the headcount out of date?"
    ]


def profile_lines(profile: CompanyProfile, path: Path, exists: bool) -> list[str]:
    """The profile, one field after another, saying which are not given."""
    lines = [f"Company profile: {path}" + ("" if exists else " (none yet)")]
    lines.append(f"  Company:    {profile.company or '(not given)'}")
    count = "(not given)" if profile.headcount is None else str(profile.headcount)
    lines.append(f"  Headcount:  {count}  ({HEADCOUNT_MEANING})")
    if profile.headcount_note:
        lines.append(f"              {profile.headcount_note}")
    lines.append(f"  Partner:    {profile.partner or '(not given)'}")
    lines.append(f"  Shifts:     {', '.join(profile.shifts) or '(not given)'}")
    hsr = profile.health_safety_representative
    lines.append(
        "  Health and safety representative: "
        + ("(not given)" if hsr is None else "yes" if hsr else "no")
    )
    lines.append(f"  Sites ({len(profile.sites)}):" if profile.sites else "  Sites:      (none)")
    lines.extend(f"    {_site(site)}" for site in profile.sites)
    people_in_roles = sum(role.people for role in profile.roles)
    lines.append(
        f"  Roles ({len(profile.roles)}, {people_in_roles} people):"
        if profile.roles
        else "  Roles:      (none)"
    )
    width = max((len(role.name) for role in profile.roles), default=0)
    lines.extend(f"    {_role(role, width)}" for role in profile.roles)
    lines.append(f"  People ({len(profile.people)}):" if profile.people else "  People:     (none)")
    width = max((len(person.name) for person in profile.people), default=0)
    lines.extend(f"    {_person(person, width)}" for person in profile.people)
    lines.append(
        "  Certificate history (oldest first):"
        if profile.certificates
        else "  Certificate history: (none recorded)"
    )
    for record in profile.certificates:
        lines.extend(f"    {line}" for line in _certificate(record))
    if profile.answers:
        lines.append("  Answers:")
        lines.extend(f"    {key}: {_answer(value)}" for key, value in profile.answers.items())
    lines.extend(f"  Warning: {warning}" for warning in consistency_warnings(profile))
    return lines


def _site(site: Site) -> str:
    notes = [note for note in (site.kind, None if site.active else "no longer active") if note]
    return site.name + (f"  [{', '.join(notes)}]" if notes else "")


def _role(role: Role, width: int) -> str:
    parts = [f"{role.name:<{width}}  {role.people:>3}  {role.level}, {role.employment}"]
    if role.shifts:
        parts.append(f"shifts: {', '.join(role.shifts)}")
    if role.sites:
        parts.append(f"sites: {'; '.join(role.sites)}")
    return "; ".join(parts)


def _person(person: Person, width: int) -> str:
    parts = [person.role or "(no role)"]
    if not person.full_time:
        parts.append("not full-time")
    if person.site:
        parts.append(f"at {person.site}")
    return f"{person.name:<{width}}  {', '.join(parts)}"


def _certificate(record: CertificateRecord) -> list[str]:
    head = f"{record.date}  {record.program} {record.audit_type}"
    if record.tool:
        head += f" ({record.tool})"
    if record.overall is not None:
        head += f"  overall {record.overall:g}%"
    lines = [head]
    if record.elements:
        scores = ", ".join(f"{key} {value:g}%" for key, value in record.elements.items())
        lines.append(f"  elements: {scores}")
    lines.extend(f"  recommendation: {text}" for text in record.recommendations)
    return lines


def _answer(value: bool | str) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    return value


# --- suggestions ---------------------------------------------------------------------------


def suggestion_lines(suggestions: ProfileSuggestions, command: str) -> list[str]:
    """Each suggestion with its source; how to accept them. ``command`` is the
    ``evidencekit profile FOLDER`` the user typed, to build the accept line."""
    if not suggestions.suggestions:
        return [
            f"Suggestions from the evidence: none ({suggestions.documents_read} documents read; "
            "the profile already says what they say)."
        ]
    lines = [
        f"Suggestions from the evidence ({suggestions.documents_read} documents read), "
        "not applied (+ not in the profile, ~ the profile says otherwise):"
    ]
    fields = list(dict.fromkeys(item.field for item in suggestions.suggestions))
    for name in fields:
        items = suggestions.of(name)
        scalar = name in _SCALAR_FIELDS
        if not scalar:
            lines.append(f"  {name} ({len(items)}):")
        for item in items:
            lines.append(_scalar_suggestion(item) if scalar else _item_suggestion(item))
            lines.extend(_source_lines(item))
    lines.append(
        f"Accept them with: {command} accept --all, or only some: accept {' '.join(fields)}"
    )
    return lines


def _scalar_suggestion(item: Suggestion) -> str:
    label = "differs from the profile" if item.status == "differs" else "not in the profile"
    value = ("yes" if item.value else "no") if isinstance(item.value, bool) else item.value
    return f"  {item.field}: {value}  ({label}; {item.note})"


def _item_suggestion(item: Suggestion) -> str:
    value = item.value
    if isinstance(value, Role):
        text = f"{value.name}: {value.people}"
    elif isinstance(value, Person):
        text = value.name + (f", {value.role}" if value.role else "")
    else:
        text = str(getattr(value, "name", value))
    mark = "~" if item.status == "differs" else "+"
    return f"    {mark} {text}" + (f"  ({item.note})" if item.note else "")


def _source_lines(item: Suggestion) -> list[str]:
    indent = "      " if item.field in _SCALAR_FIELDS else "        "
    shown = [f"{indent}from {_source_text(source)}" for source in item.sources[:_SOURCES_SHOWN]]
    hidden = len(item.sources) - _SOURCES_SHOWN
    if hidden > 0:
        shown.append(f"{indent}… and {hidden} more (--json lists every source)")
    return shown


def _source_text(source: Any) -> str:
    where = f", {source.where}" if source.where else ""
    quote = source.quote or ""
    if len(quote) > _QUOTE_SHOWN:
        quote = quote[: _QUOTE_SHOWN - 1] + "\u2026"
    return f"{source.path}{where}" + (f': "{quote}"' if quote else "")


# --- JSON ----------------------------------------------------------------------------------


def profile_as_json(
    profile: CompanyProfile,
    path: Path,
    exists: bool,
    suggestions: ProfileSuggestions | None,
) -> dict[str, Any]:
    """The profile as plain data (every field, defaults included), and the suggestions."""
    data: dict[str, Any] = {
        "file": str(path),
        "exists": exists,
        "headcount_counts": HEADCOUNT_MEANING,
        "profile": _complete(profile),
        "warnings": consistency_warnings(profile),
    }
    if suggestions is not None:
        data["suggestions"] = [_suggestion_data(item) for item in suggestions.suggestions]
    return data


def _complete(profile: CompanyProfile) -> dict[str, Any]:
    data = asdict(profile)
    data["answers"] = dict(profile.answers)
    return data


def _suggestion_data(item: Suggestion) -> dict[str, Any]:
    value = item.value
    return {
        "field": item.field,
        "value": value if isinstance(value, str | int | bool) else asdict(value),
        "status": item.status,
        "note": item.note,
        "sources": [
            {"path": s.path, "where": s.where, "quote": s.quote, "date": s.date}
            for s in item.sources
        ],
    }
