"""The format of an audit tool mapping file: a JSON Schema (draft 2020-12) over the shared
vocabulary (``vocabulary.py``: programs, levels; ``models.py``: document types), and the
folder the bundled mapping files live in.

``AUDIT_TOOL_SCHEMA`` is the source of truth; ``python -m evidencekit.audit_tools.schema``
publishes it as ``mappings/audit-tool.schema.json`` for plugin authors and their editors.
What JSON Schema cannot say (unique ids, parseable queries) the loader checks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from evidencekit.models import DOCUMENT_TYPES, Recurrence, Verification
from evidencekit.vocabulary import AUDIENCES, CERTIFICATION, KNOWN_AUDIT_TYPES, LEVELS, PROGRAMS

SCHEMA_VERSION = 1
SCHEMA_FILE_NAME = "audit-tool.schema.json"
# The bundled mapping files and the published schema live in the checkout's top-level
# mappings/ folder, which a wheel installs as evidencekit/mappings/.
MAPPINGS_DIR_CANDIDATES = (
    Path(__file__).resolve().parents[1] / "mappings",
    Path(__file__).resolve().parents[2] / "mappings",
)

#: How the documents a person should know are picked from a requirement's evidence.
DOCUMENT_PICKS = ("current", "their-work", "all")


def _slug(description: str, pattern: str) -> dict[str, Any]:
    # The loader quotes ``description`` when a value does not match, so it reads as a rule.
    return {"type": "string", "pattern": pattern, "description": description}


def _list_of(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items, "uniqueItems": True}


def _strict_object(
    properties: dict[str, Any], required: tuple[str, ...], description: str
) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "properties": properties,
        "required": list(required),
        "additionalProperties": False,
    }


TEXT = {"type": "string", "minLength": 1}
MONTHS = {"type": "integer", "minimum": 1}
PERCENT = {"type": "number", "minimum": 0, "maximum": 100}
COUNT = {"type": "integer", "minimum": 1}
ISO_DATE = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}$", "description": "YYYY-MM-DD"}
IN_FORCE = {"$ref": "#/$defs/in_force"}
#: Another entry's id, of the same list, that this one takes over from.
REPLACES = {
    "type": "string",
    "minLength": 1,
    "description": "The id of the entry this one takes over from; their periods must not overlap.",
}

_DEFINITIONS: dict[str, Any] = {
    "in_force": _strict_object(
        {"from": ISO_DATE, "until": ISO_DATE, "source": TEXT},
        required=("source",),
        description=(
            "When a rule applies: from `from` to `until`, both days included (either may be "
            "left open), and the public source of those dates. Every command applies what "
            "is in force on its audit date."
        ),
    ),
    "audit_type": _strict_object(
        {
            "overall_pass_pct": PERCENT,
            "element_min_pct": PERCENT,
            "documentation_window_months": MONTHS,
            "in_force": IN_FORCE,
        },
        required=("overall_pass_pct",),
        description="Pass marks of one audit type and the months of records it needs.",
    ),
    "sampling_row": _strict_object(
        {"up_to": COUNT, "sample": COUNT},
        required=("up_to", "sample"),
        description="With up to `up_to` people (or sites), sample `sample` of them.",
    ),
    "sampling_example": _strict_object(
        {"people": COUNT, "at_least": COUNT},
        required=("people", "at_least"),
        description=(
            "A published example: with `people` people, at least `at_least` interviews; "
            "between two examples the count is not known."
        ),
    ),
    "evidence": _strict_object(
        {
            "doc_types": _list_of({"enum": list(DOCUMENT_TYPES)}),
            "supporting_doc_types": _list_of({"enum": list(DOCUMENT_TYPES)}),
            "proved_only_by": _list_of({"enum": list(DOCUMENT_TYPES)}),
            "queries": _list_of(TEXT),
            "path_patterns": _list_of(TEXT),
        },
        required=(),
        description=(
            "What documents can prove the requirement. A document of one of `doc_types` is "
            "linked on its type alone; one of `supporting_doc_types` only when one of the "
            "queries or path patterns matches it; an unclassified one (`other`), weakly, when "
            "a query or pattern matches it. With neither list, queries and patterns link "
            "documents of any type. `proved_only_by` (some of those types) says which alone "
            "prove it, as a written policy does where an orientation record only supports it; "
            "the assessment and the interview preparation both read it. Queries use the "
            "search index's syntax; path patterns are case-insensitive shell patterns matched "
            "against the path relative to the evidence folder."
        ),
    ),
    "requirement": _strict_object(
        {
            "id": _slug(
                "lower-case letters and digits in groups joined by '-' or '.' (cor2019-5.3)",
                r"^[a-z0-9]+([-.][a-z0-9]+)*$",
            ),
            "summary": TEXT,
            "points": COUNT,
            "verification": {
                **_list_of({"enum": [str(method) for method in Verification]}),
                "minItems": 1,
            },
            "evidence": {"$ref": "#/$defs/evidence"},
            "recurrence": {"enum": [str(recurrence) for recurrence in Recurrence]},
            "recurrence_set_by": {
                "enum": ["tool", "company"],
                "description": (
                    "`company`: the tool leaves the frequency to the company, so records are "
                    "checked against the frequency the company's own documents promise, and "
                    "`recurrence` is only a default when they promise none. `tool` (the "
                    "default): `recurrence` is the least the tool accepts; a company that "
                    "promises more often is held to its promise."
                ),
            },
            "checks": {
                **_list_of(
                    _slug(
                        "a gap rule kind (incident-not-investigated)", r"^[a-z0-9]+(-[a-z0-9]+)*$"
                    )
                ),
                "description": (
                    "Gap rules that check the content of this requirement's records; each "
                    "names the kind of an installed gap rule."
                ),
            },
            "max_age_months": MONTHS,
            "validity_months": MONTHS,
            "note": TEXT,
            "in_force": IN_FORCE,
            "replaces": REPLACES,
        },
        required=("id", "summary", "points", "verification"),
        description=(
            "One auditable requirement, in our own words; its id is stable and never reused."
        ),
    ),
    "element": _strict_object(
        {
            "id": _slug(
                'letters and digits, dot-separated ("6", "6.1")', r"^[A-Za-z0-9]+(\.[A-Za-z0-9]+)*$"
            ),
            "name": TEXT,
            "requirements": {
                "type": "array",
                "items": {"$ref": "#/$defs/requirement"},
                "minItems": 1,
            },
        },
        required=("id", "name", "requirements"),
        description="One program element of the audit tool.",
    ),
}

# --- Training requirements and Action Plans: program conditions beside the elements ---
SLUG = _slug(
    "lower-case letters and digits joined by single '-' (cor-phsm)", r"^[a-z0-9]+(-[a-z0-9]+)*$"
)
#: An audit type: one the core knows (``KNOWN_AUDIT_TYPES``) or another the tool declares.
AUDIT_TYPE_NAME = _slug(
    "lower-case letters and digits joined by single '-' (maintenance)", r"^[a-z0-9]+(-[a-z0-9]+)*$"
)
#: What answers an Action Plan eligibility question (rules of ``program/action_plan.py``).
ACTION_PLAN_DECIDERS = (
    "certificate-in-good-standing",
    "training-requirements",
    "full-audit-cycle",
    "second-year-score",
    "objective-from-recommendations",
    "secor-2023-tool",
    "health-safety-representative",
    "profile-answer",
)
#: People a profile names by their part in the program, whose own courses may be asked for.
HOLDER_ROLES = ("assessor",)
_DEFINITIONS["course"] = _strict_object(
    {"id": SLUG, "name": TEXT, "aliases": _list_of(TEXT), "validity_months": MONTHS},
    required=("id", "name"),
    description="A course a program asks for; aliases are other names records give it.",
)
_DEFINITIONS["required_training"] = _strict_object(
    {
        "id": SLUG,
        "summary": TEXT,
        "any_of": {**_list_of(SLUG), "minItems": 1},
        "full_time": {"type": "boolean"},
        "confirm": SLUG,
        "held_by": {
            "enum": list(HOLDER_ROLES),
            "description": "Only this person's course counts, as the company profile names them.",
        },
        "within_months": MONTHS,
        "source": TEXT,
        "in_force": IN_FORCE,
        "replaces": REPLACES,
    },
    required=("id", "summary", "any_of"),
    description=(
        "Someone holds one of the courses `any_of` names (course ids), a full-time "
        "employee when `full_time`, the person of `held_by` when given, taken within "
        "`within_months` before the audit when given; `confirm` names a profile answer "
        "for what records cannot show."
    ),
)
_DEFINITIONS["training_requirements"] = _strict_object(
    {
        "element": TEXT,
        "unverified": _list_of(TEXT),
        "courses": {"type": "array", "items": {"$ref": "#/$defs/course"}, "minItems": 1},
        "required": {
            "type": "array",
            "items": {"$ref": "#/$defs/required_training"},
            "minItems": 1,
        },
    },
    required=("courses", "required"),
    description="The courses the program needs the company's people to hold.",
)
_DEFINITIONS["action_plan_deadlines"] = _strict_object(
    {"year": COUNT, "proposal": ISO_DATE, "final": ISO_DATE, "internal_audit_by": ISO_DATE},
    required=("year", "proposal", "final", "internal_audit_by"),
    description="One year's Action Plan dates at the partner.",
)
_DEFINITIONS["action_plan_question"] = _strict_object(
    {"id": SLUG, "question": TEXT, "decided_by": {"enum": list(ACTION_PLAN_DECIDERS)}},
    required=("id", "question", "decided_by"),
    description="One eligibility condition and the rule that answers it.",
)
_DEFINITIONS["action_plans"] = _strict_object(
    {
        "self_score_pass_pct": PERCENT,
        "second_year_min_pct": PERCENT,
        "hsr_required_from": COUNT,
        "secor_tool_version": TEXT,
        "unverified": _list_of(TEXT),
        "deadlines": {"type": "array", "items": {"$ref": "#/$defs/action_plan_deadlines"}},
        "questions": {
            "type": "array",
            "items": {"$ref": "#/$defs/action_plan_question"},
            "minItems": 1,
        },
    },
    required=(
        "self_score_pass_pct",
        "second_year_min_pct",
        "questions",
    ),
    description=(
        "When an Action Plan may replace a maintenance audit, its marks and dates; the "
        "certificate's validity and a full audit cycle are the tool's certificate_cycle."
    ),
)
_DEFINITIONS["deadline_source"] = _strict_object(
    {
        "deadline": _slug(
            "MM-DD, or anniversary (the certifying audit's month and day)",
            r"^(\d{2}-\d{2}|anniversary)$",
        ),
        "source": TEXT,
    },
    required=("deadline", "source"),
    description="One source's yearly deadline and who says so.",
)
_DEFINITIONS["certificate_cycle"] = _strict_object(
    {
        "validity_years": COUNT,
        "after_certifying": {
            "type": "array",
            "items": AUDIT_TYPE_NAME,
            "description": (
                "The audit type due in each calendar year after a certification or "
                "recertification audit, in order; a recertification is due before the "
                "certificate ends."
            ),
        },
        "interim_deadline": {
            "type": "string",
            "pattern": r"^\d{2}-\d{2}$",
            "description": "MM-DD, the day of its year by which each of those audits is due",
        },
        "alternatives": {
            "type": "object",
            "propertyNames": AUDIT_TYPE_NAME,
            "additionalProperties": {**_list_of(AUDIT_TYPE_NAME), "minItems": 1},
            "description": "Audit types that may stand in for one due, where eligible.",
        },
        "unverified": _list_of(TEXT),
        "deadline_sources": {
            "type": "array",
            "items": {"$ref": "#/$defs/deadline_source"},
            "minItems": 1,
            "description": (
                "What each public source says the yearly deadline is; where they disagree, "
                "the earliest is shown as the safe one, with a word to confirm it."
            ),
        },
    },
    required=("validity_years", "after_certifying", "interim_deadline"),
    description=(
        "The certificate's life: how long it is valid, the audits due in the years after "
        "a certifying audit and by when, and what may replace one."
    ),
)

# --- interview and observation preparation (``evidencekit prep``) ---------------------

_PREPARATION_DEFINITIONS: dict[str, Any] = {
    "site_share_row": _strict_object(
        {"from": COUNT, "up_to": COUNT, "one_in": COUNT},
        required=("from", "up_to", "one_in"),
        description=(
            "With `from` to `up_to` sites, visit one site in `one_in` (rounded up) instead "
            "of the fixed number of the site sampling table."
        ),
    ),
    "document_to_know": _strict_object(
        {
            "name": TEXT,
            "requirement": TEXT,
            "pick": {"enum": list(DOCUMENT_PICKS)},
            "doc_types": {**_list_of({"enum": list(DOCUMENT_TYPES)}), "minItems": 1},
            "for": {**_list_of({"enum": list(AUDIENCES)}), "minItems": 1},
        },
        required=("name", "requirement", "pick"),
        description=(
            "A company document an interviewee should know, taken from the documents linked "
            "to `requirement` (only those of `doc_types` when given): `current` the newest "
            "dated one, `their-work` those whose file name matches the interviewee's role or "
            "the kinds of its sites (all when none does), `all` every one. `for` limits it "
            "to some audiences (default: everyone)."
        ),
    ),
    "interview_question": _strict_object(
        {
            "for": {**_list_of({"enum": list(AUDIENCES)}), "minItems": 1},
            "ask": {
                "type": "object",
                "propertyNames": {"enum": list(AUDIENCES)},
                "additionalProperties": TEXT,
                "description": "What to be ready to answer, in plain words, per audience.",
            },
        },
        required=("for",),
        description="Whom an interview requirement's questions are for, and how to put them.",
    ),
    "observation_item": _strict_object(
        {"look_for": TEXT, "site_kinds": {**_list_of(TEXT), "minItems": 1}},
        required=("look_for",),
        description=(
            "What an auditor looks at for an observation requirement; `site_kinds` limits it "
            "to sites of those kinds (a site of no kind gets every item)."
        ),
    ),
}

PREPARATION_BLOCK: dict[str, Any] = _strict_object(
    {
        "levels": {**_list_of({"enum": list(LEVELS)}), "minItems": 1},
        "subcontractors": {
            "type": "boolean",
            "description": (
                "Interview subcontractors' workers too (at least one per subcontractor role), "
                "beside the sample of the employer's own people the headcount counts."
            ),
        },
        "site_share": {"type": "array", "items": {"$ref": "#/$defs/site_share_row"}},
        "documents_to_know": {"type": "array", "items": {"$ref": "#/$defs/document_to_know"}},
        "interviews": {
            "type": "object",
            "additionalProperties": {"$ref": "#/$defs/interview_question"},
            "description": "Interview requirements by id: whom they are for.",
        },
        "observations": {
            "type": "object",
            "additionalProperties": {"$ref": "#/$defs/observation_item"},
            "description": "Observation requirements by id: what to look at, where.",
        },
    },
    required=(),
    description=(
        "What interview and observation preparation needs: the levels every interview "
        "sample covers, subcontractors, share rows of the site table, the documents each "
        "interviewee should know, and per requirement whom a question is for."
    ),
)
_DEFINITIONS.update(_PREPARATION_DEFINITIONS)

AUDIT_TOOL_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "evidencekit audit tool mapping",
    **_strict_object(
        {
            "schema": {"const": SCHEMA_VERSION},
            "id": _slug(
                "lower-case letters and digits joined by single '-' (acsa-cor-2019)",
                r"^[a-z0-9]+(-[a-z0-9]+)*$",
            ),
            "name": TEXT,
            "version": TEXT,
            "partner": TEXT,
            "program": {"enum": list(PROGRAMS)},
            "employees": _strict_object(
                {"min": COUNT, "max": COUNT},
                required=("min",),
                description="The employer sizes the program serves (everyone on the WCB account).",
            ),
            "source": TEXT,
            "in_force": IN_FORCE,
            "unverified": _list_of(TEXT),
            "estimates": _strict_object(
                {"points": TEXT, "sampling": TEXT},
                required=(),
                description=(
                    "Why the figures this tool gives are estimates, said next to them in every "
                    "report: `points`, next to scores (illustrative points); `sampling`, next "
                    "to interview and site sample sizes (whose table it is)."
                ),
            ),
            "audit_types": {
                "type": "object",
                "description": (
                    f"Pass marks per audit type, {CERTIFICATION} required: those the core "
                    f"knows ({', '.join(KNOWN_AUDIT_TYPES)}) or others the tool names."
                ),
                "properties": {name: {"$ref": "#/$defs/audit_type"} for name in KNOWN_AUDIT_TYPES},
                "propertyNames": AUDIT_TYPE_NAME,
                "additionalProperties": {"$ref": "#/$defs/audit_type"},
                "required": [CERTIFICATION],
            },
            "sampling": _strict_object(
                {
                    "source": {
                        **TEXT,
                        "description": (
                            "Whose table or examples these are (a partner's published "
                            "examples, the partner's own table), named next to every count."
                        ),
                    },
                    "interviews": {"type": "array", "items": {"$ref": "#/$defs/sampling_row"}},
                    "interview_examples": {
                        "type": "array",
                        "items": {"$ref": "#/$defs/sampling_example"},
                        "description": (
                            "Published examples instead of `interviews` bands: each a minimum "
                            "for its number of people, never a band."
                        ),
                    },
                    "sites": {"type": "array", "items": {"$ref": "#/$defs/sampling_row"}},
                },
                required=(),
                description=(
                    "How many people to interview and sites to visit, by their number; "
                    "every count is shown as a minimum, with its source."
                ),
            ),
            "preparation": PREPARATION_BLOCK,
            "elements": {
                "type": "array",
                "items": {"$ref": "#/$defs/element"},
                "minItems": 1,
            },
            "training_requirements": {"$ref": "#/$defs/training_requirements"},
            "action_plans": {"$ref": "#/$defs/action_plans"},
            "certificate_cycle": {"$ref": "#/$defs/certificate_cycle"},
        },
        required=(
            "schema",
            "id",
            "name",
            "version",
            "partner",
            "program",
            "employees",
            "source",
            "audit_types",
            "elements",
        ),
        description=(
            "One audit tool version of a certifying partner: header, pass marks, sampling "
            "and elements with their requirements."
        ),
    ),
    "$defs": _DEFINITIONS,
}


def schema_json() -> str:
    """The published form of the schema: sorted keys, two-space indent, final newline."""
    return json.dumps(AUDIT_TOOL_SCHEMA, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def mappings_dir() -> Path:
    """The folder of the bundled mapping files: in the installed package, else the checkout."""
    return next(
        (path for path in MAPPINGS_DIR_CANDIDATES if path.is_dir()), MAPPINGS_DIR_CANDIDATES[-1]
    )


def main() -> None:
    """Write the published schema file next to the bundled mapping files."""
    target = mappings_dir() / SCHEMA_FILE_NAME
    target.write_text(schema_json(), encoding="utf-8")
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
