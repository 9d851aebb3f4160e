"""The company profile: what evidencekit knows of the company beyond its documents.

Owns the profile's dataclasses (stdlib only, so ``models.py`` may import them), reading
and writing it as YAML (``profile.yaml`` in the folder's state directory, or a file a
consultant keeps per client) and validating every field with a message that names it
(``roles[2].people: must be a whole number of 0 or more``). A missing profile is an
empty ``CompanyProfile()``: it never stops an assessment.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from evidencekit.atomic import write_atomically
from evidencekit.errors import EvidenceKitError
from evidencekit.vocabulary import (
    CERTIFICATION,
    EMPLOYMENTS,
    KNOWN_AUDIT_TYPES,
    LEVELS,
    PROGRAMS,
    RECERTIFICATION,
    is_certifying,
)

#: The file name of the profile inside a folder's state directory.
PROFILE_FILE_NAME = "profile.yaml"

#: The certificates a certification audit may aim for, by the months of records they need.
CERTIFICATE_AIMS = ("3-year", "1-year")
#: How long a certificate is valid when no installed audit tool describes its program
#: (callers pass each program's ``certificate_cycle``: ``program/cycle.py``
#: ``load_company_profile``).
DEFAULT_VALIDITY_YEARS = 3


@dataclass(frozen=True)
class CycleLimits:
    """What a program's certificate cycle allows a history: how long a certificate is
    valid, how many interim audits (maintenance, Action Plan) fall between two
    certifying audits (the tool's ``certificate_cycle.after_certifying``), and the audit
    types its tools declare beyond those the core knows."""

    validity_years: int
    interim_audits: int
    audit_types: tuple[str, ...] = ()


#: The certificate cycle of each program, or years of validity alone (one figure, or one
#: per program: ``{"COR": 3}``). Where only years are known (a bare figure, or a program
#: no installed tool describes: ``DEFAULT_VALIDITY_YEARS``), the fallback allows one
#: interim audit for each year but the last, which is the renewal's.
ValidityYears = int | Mapping[str, int] | Mapping[str, CycleLimits]


class ProfileError(EvidenceKitError):
    """A company profile is invalid; the message names the field (exit 2)."""


@dataclass(frozen=True)
class Site:
    name: str
    kind: str | None = None
    active: bool = True


@dataclass(frozen=True)
class Role:
    name: str
    people: int
    level: str = "worker"
    employment: str = "full-time"
    shifts: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()


@dataclass(frozen=True)
class Person:
    """A named person (a training holder, an interviewee)."""

    name: str
    role: str | None = None
    full_time: bool = True
    site: str | None = None


@dataclass(frozen=True)
class CertificateRecord:
    """One past audit of the company."""

    program: str
    audit_type: str
    date: str
    tool: str | None = None
    overall: float | None = None
    elements: Mapping[str, float] = field(default_factory=dict)
    recommendations: tuple[str, ...] = ()


@dataclass(frozen=True)
class CompanyProfile:
    company: str | None = None
    #: Everyone on the WCB account in the past 12 months (owners, family, part-time,
    #: seasonal, volunteers): the count that decides COR or SECOR.
    headcount: int | None = None
    headcount_note: str | None = None
    #: The most people on the WCB account at any one time in the past 12 months: SECOR's
    #: limit counts this peak, not today's headcount.
    peak_headcount: int | None = None
    #: The program the company chooses where both serve its size (COR or SECOR, 2 to 10
    #: people at ACSA); a company that holds a COR keeps it unless this says otherwise.
    program: str | None = None
    #: Who completes the SECOR evaluation: the person whose own course SECOR asks for.
    assessor: str | None = None
    #: The certificate a certification audit aims for: ``3-year`` (12 months of records,
    #: the default) or ``1-year`` (3 months).
    certificate_aim: str | None = None
    partner: str | None = None
    sites: tuple[Site, ...] = ()
    roles: tuple[Role, ...] = ()
    shifts: tuple[str, ...] = ()
    people: tuple[Person, ...] = ()
    #: Oldest first.
    certificates: tuple[CertificateRecord, ...] = ()
    health_safety_representative: bool | None = None
    #: Answers to questions the evidence cannot decide (Action Plan eligibility ids etc.).
    answers: Mapping[str, bool | str] = field(default_factory=dict)

    @property
    def is_empty(self) -> bool:
        return self == CompanyProfile()


# --- reading and writing -------------------------------------------------------------------


def profile_path(state_dir: Path, profile_file: Path | None = None) -> Path:
    """The file the profile is read from and written to."""
    return profile_file if profile_file is not None else state_dir / PROFILE_FILE_NAME


def load_profile(
    state_dir: Path,
    profile_file: Path | None = None,
    *,
    today: date | None = None,
    tool_programs: Mapping[str, str] | None = None,
    validity_years: ValidityYears = DEFAULT_VALIDITY_YEARS,
) -> CompanyProfile:
    """The profile in ``profile_file`` (which must exist) or the state directory's
    ``profile.yaml``; an empty profile when the state directory has none.

    ``tool_programs`` (audit tool id -> program) lets the validator check that a past
    audit's program is its tool's.
    """
    path = profile_path(state_dir, profile_file)
    if not path.is_file():
        if profile_file is not None:
            raise ProfileError(f"{profile_file}: no such profile file")
        return CompanyProfile()
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ProfileError(f"{path}: cannot read the profile: {error}") from error
    return parse_profile_text(
        text, str(path), today=today, tool_programs=tool_programs, validity_years=validity_years
    )


def parse_profile_text(
    text: str,
    source: str,
    *,
    today: date | None = None,
    tool_programs: Mapping[str, str] | None = None,
    validity_years: ValidityYears = DEFAULT_VALIDITY_YEARS,
) -> CompanyProfile:
    """Parse and validate profile YAML; ``source`` names it in messages."""
    import yaml

    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        raise ProfileError(f"{source}: not valid YAML{where}") from error
    if data is None:
        return CompanyProfile()
    try:
        return profile_from_data(
            data, today=today, tool_programs=tool_programs, validity_years=validity_years
        )
    except ProfileError as error:
        raise ProfileError(f"{source}: {error}") from error


def save_profile(path: Path, profile: CompanyProfile) -> None:
    """Write ``profile`` to ``path`` as YAML, whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, profile_yaml(profile))


def profile_yaml(profile: CompanyProfile) -> str:
    import yaml

    return yaml.safe_dump(profile_as_dict(profile), sort_keys=False, allow_unicode=True, width=100)


def profile_as_dict(profile: CompanyProfile) -> dict[str, Any]:
    """Plain data without the fields left at their defaults (the YAML a person writes)."""
    return _without_defaults(profile)


def _without_defaults(value: Any) -> Any:
    if dataclasses.is_dataclass(value):
        out = {}
        for spec in dataclasses.fields(value):
            item = getattr(value, spec.name)
            default = (
                spec.default_factory()  # type: ignore[misc]
                if spec.default_factory is not dataclasses.MISSING
                else spec.default
            )
            if default is not dataclasses.MISSING and item == default:
                continue
            out[spec.name] = _without_defaults(item)
        return out
    if isinstance(value, tuple | list):
        return [_without_defaults(item) for item in value]
    if isinstance(value, Mapping):
        return {key: _without_defaults(item) for key, item in value.items()}
    return value


# --- validation ------------------------------------------------------------------------------


def _fail(where: str, message: str) -> ProfileError:
    return ProfileError(f"{where}: {message}")


def _mapping(value: Any, where: str, known: tuple[str, ...]) -> Mapping[str, Any]:
    if not isinstance(value, Mapping):
        raise _fail(where, "must be a mapping of keys to values")
    for key in value:
        if key not in known:
            raise _fail(
                f"{where}.{key}" if where else str(key),
                f"unknown key (known: {', '.join(known)})",
            )
    return value


def _text(value: Any, where: str, *, optional: bool = True) -> str | None:
    if value is None and optional:
        return None
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, "must be a non-empty text")
    return value.strip()


def _whole(value: Any, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise _fail(where, "must be a whole number of 0 or more")
    return value


def _flag(value: Any, where: str) -> bool:
    if not isinstance(value, bool):
        raise _fail(where, "must be true or false")
    return value


def _choice(value: Any, where: str, choices: tuple[str, ...]) -> str:
    if value not in choices:
        raise _fail(where, f"must be one of {', '.join(choices)} (not {value!r})")
    return value


def _percent(value: Any, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 100:
        raise _fail(where, "must be a percentage from 0 to 100")
    return float(value)


def _texts(value: Any, where: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise _fail(where, "must be a list")
    return tuple(
        _text(item, f"{where}[{index}]", optional=False) for index, item in enumerate(value)
    )  # type: ignore[misc]


def _items(value: Any, where: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise _fail(where, "must be a list")
    return list(value)


def _iso_date(value: Any, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise _fail(where, f"must be a date YYYY-MM-DD (not {value!r})") from None


def _names(values: tuple[str, ...], where: str) -> None:
    seen: set[str] = set()
    for index, name in enumerate(values):
        if name in seen:
            raise _fail(f"{where}[{index}]", f"{name!r} is listed twice")
        seen.add(name)


def _fields_of(cls: type) -> tuple[str, ...]:
    return tuple(spec.name for spec in dataclasses.fields(cls))


def profile_from_data(
    data: Any,
    *,
    today: date | None = None,
    tool_programs: Mapping[str, str] | None = None,
    validity_years: ValidityYears = DEFAULT_VALIDITY_YEARS,
) -> CompanyProfile:
    """Build a validated ``CompanyProfile`` from parsed YAML/JSON data."""
    top = _mapping(data, "", _fields_of(CompanyProfile))
    shifts = _texts(top.get("shifts"), "shifts")
    _names(shifts, "shifts")
    sites = tuple(
        _site(item, f"sites[{i}]") for i, item in enumerate(_items(top.get("sites"), "sites"))
    )
    _names(tuple(site.name for site in sites), "sites")
    site_names = {site.name for site in sites}
    roles = tuple(
        _role(item, f"roles[{i}]", set(shifts), site_names)
        for i, item in enumerate(_items(top.get("roles"), "roles"))
    )
    _names(tuple(role.name for role in roles), "roles")
    role_names = {role.name for role in roles}
    people = tuple(
        _person(item, f"people[{i}]", role_names, site_names)
        for i, item in enumerate(_items(top.get("people"), "people"))
    )
    # Interview lists and training holders name people: two of one name cannot be told apart.
    _names(tuple(person.name for person in people), "people")
    certificates = tuple(
        _certificate(
            item, f"certificates[{i}]", today or date.today(), tool_programs, validity_years
        )
        for i, item in enumerate(_items(top.get("certificates"), "certificates"))
    )
    _check_history(certificates, validity_years)
    headcount = top.get("headcount")
    peak = top.get("peak_headcount")
    program = top.get("program")
    aim = top.get("certificate_aim")
    representative = top.get("health_safety_representative")
    return CompanyProfile(
        company=_text(top.get("company"), "company"),
        headcount=None if headcount is None else _whole(headcount, "headcount"),
        headcount_note=_text(top.get("headcount_note"), "headcount_note"),
        peak_headcount=None if peak is None else _whole(peak, "peak_headcount"),
        program=None if program is None else _choice(program, "program", PROGRAMS),
        assessor=_text(top.get("assessor"), "assessor"),
        certificate_aim=(
            None if aim is None else _choice(aim, "certificate_aim", CERTIFICATE_AIMS)
        ),
        partner=_text(top.get("partner"), "partner"),
        sites=sites,
        roles=roles,
        shifts=shifts,
        people=people,
        certificates=certificates,
        health_safety_representative=(
            None
            if representative is None
            else _flag(representative, "health_safety_representative")
        ),
        answers=_answers(top.get("answers")),
    )


def _site(value: Any, where: str) -> Site:
    if isinstance(value, str):
        value = {"name": value}
    item = _mapping(value, where, _fields_of(Site))
    return Site(
        name=_text(item.get("name"), f"{where}.name", optional=False),  # type: ignore[arg-type]
        kind=_text(item.get("kind"), f"{where}.kind"),
        active=_flag(item.get("active", True), f"{where}.active"),
    )


def _role(value: Any, where: str, shifts: set[str], sites: set[str]) -> Role:
    item = _mapping(value, where, _fields_of(Role))
    if "people" not in item:
        raise _fail(f"{where}.people", "is required (how many people hold the role)")
    role_shifts = _texts(item.get("shifts"), f"{where}.shifts")
    for index, shift in enumerate(role_shifts):
        if shift not in shifts:
            raise _fail(f"{where}.shifts[{index}]", f"{shift!r} is not one of the profile's shifts")
    role_sites = _texts(item.get("sites"), f"{where}.sites")
    for index, site in enumerate(role_sites):
        if site not in sites:
            raise _fail(f"{where}.sites[{index}]", f"{site!r} is not one of the profile's sites")
    return Role(
        name=_text(item.get("name"), f"{where}.name", optional=False),  # type: ignore[arg-type]
        people=_whole(item.get("people"), f"{where}.people"),
        level=_choice(item.get("level", "worker"), f"{where}.level", LEVELS),
        employment=_choice(item.get("employment", "full-time"), f"{where}.employment", EMPLOYMENTS),
        shifts=role_shifts,
        sites=role_sites,
    )


def _person(value: Any, where: str, roles: set[str], sites: set[str]) -> Person:
    item = _mapping(value, where, _fields_of(Person))
    role = _text(item.get("role"), f"{where}.role")
    if role is not None and role not in roles:
        raise _fail(f"{where}.role", f"{role!r} is not a role the profile defines")
    site = _text(item.get("site"), f"{where}.site")
    if site is not None and site not in sites:
        raise _fail(f"{where}.site", f"{site!r} is not one of the profile's sites")
    return Person(
        name=_text(item.get("name"), f"{where}.name", optional=False),  # type: ignore[arg-type]
        role=role,
        full_time=_flag(item.get("full_time", True), f"{where}.full_time"),
        site=site,
    )


def _certificate(
    value: Any,
    where: str,
    today: date,
    tool_programs: Mapping[str, str] | None,
    validity_years: ValidityYears,
) -> CertificateRecord:
    item = _mapping(value, where, _fields_of(CertificateRecord))
    for required in ("program", "audit_type", "date"):
        if required not in item:
            raise _fail(f"{where}.{required}", "is required")
    program = _choice(item["program"], f"{where}.program", PROGRAMS)
    audit_type = _choice(
        item["audit_type"], f"{where}.audit_type", _history_audit_types(program, validity_years)
    )
    when = _iso_date(item["date"], f"{where}.date")
    if when > today:
        raise _fail(f"{where}.date", f"{when} is in the future; a past audit has happened")
    tool = _text(item.get("tool"), f"{where}.tool")
    # A past audit on a tool version no longer installed is history all the same; only a
    # tool that is known can contradict the program.
    known_program = (tool_programs or {}).get(tool) if tool is not None else None
    if known_program is not None and known_program != program:
        raise _fail(
            f"{where}.program", f"{program} contradicts the tool {tool}, a {known_program} tool"
        )
    overall = item.get("overall")
    raw_elements = item.get("elements") or {}
    if not isinstance(raw_elements, Mapping):
        raise _fail(f"{where}.elements", "must map element ids to percentages")
    elements = {
        str(key): _percent(score, f"{where}.elements.{key}") for key, score in raw_elements.items()
    }
    return CertificateRecord(
        program=program,
        audit_type=audit_type,
        date=when.isoformat(),
        tool=tool,
        overall=None if overall is None else _percent(overall, f"{where}.overall"),
        elements=elements,
        recommendations=_texts(item.get("recommendations"), f"{where}.recommendations"),
    )


def _check_history(
    certificates: tuple[CertificateRecord, ...],
    validity_years: ValidityYears = DEFAULT_VALIDITY_YEARS,
) -> None:
    """A history must read as certificate cycles, oldest first: a certifying audit, then
    on the same program at most as many interim audits as its cycle has
    (``CycleLimits.interim_audits``); a new certification only once the certificate before
    it has expired (``validity_years`` after it was issued)."""
    certified: CertificateRecord | None = None
    interim = 0
    previous: CertificateRecord | None = None
    for index, record in enumerate(certificates):
        where = f"certificates[{index}]"
        if previous is not None and record.date < previous.date:
            raise _fail(
                f"{where}.date",
                f"{record.date} is before the audit listed above it ({previous.date}); "
                "list past audits oldest first",
            )
        if is_certifying(record.audit_type):
            if record.audit_type == RECERTIFICATION and certified is None:
                raise _fail(f"{where}.audit_type", "a recertification before any certification")
            if record.audit_type == CERTIFICATION and certified is not None:
                years = _limits_of(certified.program, validity_years).validity_years
                expires = _years_after(date.fromisoformat(certified.date), years)
                if date.fromisoformat(record.date) < expires:
                    raise _fail(
                        f"{where}.audit_type",
                        f"a second certification while the certificate of {certified.date} "
                        f"is valid (until {expires}); the audit in its cycle is a maintenance "
                        "or recertification audit",
                    )
            certified, interim = record, 0
        else:
            if certified is None:
                raise _fail(
                    f"{where}.audit_type",
                    f"a {record.audit_type} audit before any certification",
                )
            if record.program != certified.program:
                raise _fail(
                    f"{where}.program",
                    f"{record.program} contradicts the {certified.program} certificate "
                    f"of {certified.date} it maintains",
                )
            interim += 1
            limits = _limits_of(certified.program, validity_years)
            if interim > limits.interim_audits:
                raise _fail(
                    f"{where}.audit_type",
                    f"{record.audit_type} audit number {interim} after the certificate of "
                    f"{certified.date}, which is valid {limits.validity_years} years with "
                    f"{limits.interim_audits} yearly audits in its {certified.program} cycle; "
                    "a recertification audit was due",
                )
        previous = record


def _history_audit_types(program: str, validity_years: ValidityYears) -> tuple[str, ...]:
    """The audit types a past audit of ``program`` may be: those the core knows and those
    the program's installed tools declare."""
    declared = _limits_of(program, validity_years).audit_types
    return (*KNOWN_AUDIT_TYPES, *(name for name in declared if name not in KNOWN_AUDIT_TYPES))


def _limits_of(program: str, validity_years: ValidityYears) -> CycleLimits:
    known = (
        validity_years
        if isinstance(validity_years, int)
        else validity_years.get(program, DEFAULT_VALIDITY_YEARS)
    )
    if isinstance(known, CycleLimits):
        return known
    # Only the validity is known: a certificate of N years has N - 1 interim years.
    return CycleLimits(known, known - 1)


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _answers(value: Any) -> dict[str, bool | str]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        raise _fail("answers", "must map question ids to answers")
    out: dict[str, bool | str] = {}
    for key, answer in value.items():
        if not isinstance(answer, bool | str):
            raise _fail(f"answers.{key}", "must be true, false or a text")
        out[str(key)] = answer
    return out
