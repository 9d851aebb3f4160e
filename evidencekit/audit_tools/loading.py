"""Loading and validating audit tool mapping files (YAML), with every problem located.

A mapping file is checked against ``AUDIT_TOOL_SCHEMA`` and then for what the schema
cannot express (unique ids, evidence for documentary requirements, supporting document
types a query or path pattern can match, queries the index can parse, consistent
numbers). Each problem names the file, the line and, where there is one, the requirement.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from jsonschema import Draft202012Validator, ValidationError
from whoosh import query as whoosh_query
from whoosh.qparser import QueryParser

from evidencekit.audit_tools.cycle_checks import certificate_cycle_problems, item_at
from evidencekit.audit_tools.in_force import in_force_of, period_problems
from evidencekit.audit_tools.schema import AUDIT_TOOL_SCHEMA, mappings_dir
from evidencekit.audit_tools.yaml_loaders import DatesAsTextLoader, parsed_by_libyaml
from evidencekit.errors import MappingError
from evidencekit.models import (
    ActionPlanDeadlines,
    ActionPlanQuestion,
    ActionPlanRules,
    AuditTool,
    AuditType,
    CertificateCycle,
    Course,
    DocumentToKnow,
    Element,
    EvidenceRule,
    InterviewQuestion,
    ObservationItem,
    PreparationData,
    Recurrence,
    RequiredTraining,
    Requirement,
    SamplingExample,
    SamplingRow,
    SiteShareRow,
    TrainingRequirements,
    Verification,
)
from evidencekit.vocabulary import KNOWN_AUDIT_TYPES

DataPath = tuple[str | int, ...]

_VALIDATOR = Draft202012Validator(AUDIT_TOOL_SCHEMA)
# Without a schema the parser applies no analyzer: it checks syntax only, whatever
# stemming or stop words the index behind the search hook uses.
_QUERY_PARSER = QueryParser("content", schema=None)
# Whoosh reads a dangling operator as a plain word instead of failing.
_OPERATOR_WORDS = {"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"}
_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "array": "a list",
    "object": "a mapping",
    "boolean": "true or false",
}


@dataclass(frozen=True)
class MappingProblem:
    """One thing wrong in a mapping file; ``line`` is 1-based."""

    file: str
    line: int | None
    requirement: str | None
    message: str

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        about = f"requirement {self.requirement}: " if self.requirement else ""
        return f"{where}: {about}{self.message}"


def bundled_mapping_files() -> list[Path]:
    """The audit tool mapping files that ship with evidencekit, ordered by name."""
    return sorted(mappings_dir().glob("*.yaml"))


def validate_audit_tool_file(path: Path) -> list[MappingProblem]:
    """Every problem in the mapping file at ``path``, ordered by line; empty when valid."""
    problems, _ = _checked_data(path)
    return problems


def load_audit_tool(path: Path) -> AuditTool:
    """Load the mapping file at ``path``; raise ``MappingError`` listing all its problems."""
    problems, data = _checked_data(path)
    if problems:
        raise MappingError(str(path), [str(problem) for problem in problems])
    return _audit_tool(data, str(path))


# --- reading ---------------------------------------------------------------------------


class _Unreadable(Exception):
    """The file cannot be read or parsed at all; carries the one problem to report."""

    def __init__(self, line: int | None, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


def _checked_data(path: Path) -> tuple[list[MappingProblem], Any]:
    try:
        root, data = _parse_yaml(path)
    except _Unreadable as unreadable:
        return [MappingProblem(str(path), unreadable.line, None, unreadable.message)], None
    locator = _Locator(str(path), root, data)
    problems = [*_schema_problems(locator), *_semantic_problems(locator)]
    unique = dict.fromkeys(problems)
    return sorted(unique, key=lambda problem: (problem.line or 0, problem.message)), data


def _parse_yaml(path: Path) -> tuple[yaml.Node, Any]:
    """The node tree (for line numbers) and the data, both from one safe parse."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise _Unreadable(None, f"the file is not UTF-8 text: {error.reason}") from error
    except OSError as error:
        raise _Unreadable(None, f"cannot read the file: {error.strerror or error}") from error
    parsed = parsed_by_libyaml(text)
    if parsed is not None:
        return parsed
    try:
        # The reader refuses control characters as it is made, before any parsing.
        loader = DatesAsTextLoader(text)
    except yaml.reader.ReaderError as error:
        line = text.count("\n", 0, error.position) + 1
        raise _Unreadable(line, f"invalid YAML: {_unacceptable(error)}") from error
    try:
        root = loader.get_single_node()
        data = None if root is None else loader.construct_document(root)
    except yaml.MarkedYAMLError as error:
        raise _Unreadable(_yaml_error_line(error), _yaml_error_message(error)) from error
    except yaml.YAMLError as error:
        raise _Unreadable(None, f"YAML error: {error}") from error
    finally:
        loader.dispose()
    if root is None:
        raise _Unreadable(None, "the file is empty")
    return root, data


def tool_file_line(path: Path, data_path: tuple[str | int, ...]) -> str:
    """``file:line`` of ``data_path`` in the tool file at ``path`` (the file alone if it
    cannot be read)."""
    try:
        root, data = _parse_yaml(path)
    except _Unreadable:
        return str(path)
    return f"{path}:{_Locator(str(path), root, data).line(data_path)}"


def _unacceptable(error: yaml.reader.ReaderError) -> str:
    character = error.character
    code = ord(character) if isinstance(character, str) else character
    return f"the character #x{code:04x} is not allowed in YAML text"


def _yaml_error_line(error: yaml.MarkedYAMLError) -> int | None:
    mark = error.problem_mark or error.context_mark
    return mark.line + 1 if mark else None


def _yaml_error_message(error: yaml.MarkedYAMLError) -> str:
    message = f"invalid YAML: {error.problem}"
    if error.context and error.context_mark:
        message += f" ({error.context} from line {error.context_mark.line + 1})"
    return message


# --- locating --------------------------------------------------------------------------


class _Context(NamedTuple):
    """Where a path into the data lies: its requirement's id, its element's, the field."""

    requirement: str | None
    element: str | None
    field: str


class _Locator:
    """Turns a path into the data (``("elements", 4, "points")``) into a located problem."""

    def __init__(self, file: str, root: yaml.Node, data: Any) -> None:
        self.file = file
        self.root = root
        self.data = data

    def problem(self, path: DataPath, message: str, line: int | None = None) -> MappingProblem:
        """A problem at ``path``, on ``line`` if given, else on the line ``path`` starts."""
        context = self._context(path)
        named_by_element = context.element is not None and context.requirement is None
        prefix = f"element {context.element}: " if named_by_element else ""
        return MappingProblem(
            self.file, line or self.line(path), context.requirement, prefix + message
        )

    def field(self, path: DataPath) -> str:
        """The name of what ``path`` points at within its requirement or element; may be empty."""
        return self._context(path).field

    def subject(self, path: DataPath) -> str:
        """How a message names what ``path`` points at."""
        return self.field(path) or ("the file" if not path else "this entry")

    def line(self, path: DataPath) -> int:
        """The line of the deepest existing node on ``path``: a mapping value's key line."""
        node, marker = self.root, self.root
        for step in path:
            child = _child(node, step)
            if child is None:
                break
            marker, node = child
        return marker.start_mark.line + 1

    def _context(self, path: DataPath) -> _Context:
        if len(path) < 2 or path[0] != "elements" or not isinstance(path[1], int):
            return _Context(None, None, _field_name(path))
        element_id = _entry_id(item_at(self.data, path[:2]))
        element = str(element_id) if element_id is not None else f"#{path[1] + 1}"
        if len(path) >= 4 and path[2] == "requirements" and isinstance(path[3], int):
            requirement_id = _entry_id(item_at(self.data, path[:4]))
            if isinstance(requirement_id, str):
                return _Context(requirement_id, element, _field_name(path[4:]))
        return _Context(None, element, _field_name(path[2:]))


def _entry_id(entry: Any) -> Any:
    return entry.get("id") if isinstance(entry, dict) else None


def _child(node: yaml.Node, step: str | int) -> tuple[yaml.Node, yaml.Node] | None:
    """``(marker, child)``: the key node marks a mapping value, the item marks itself."""
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            if key_node.value == str(step):
                return key_node, value_node
    elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
        return node.value[step], node.value[step]
    return None


def _field_name(path: DataPath) -> str:
    name = ""
    for step in path:
        name += f"[{step}]" if isinstance(step, int) else f".{step}" if name else str(step)
    return name


# --- schema problems -------------------------------------------------------------------


def _schema_problems(locator: _Locator) -> Iterator[MappingProblem]:
    for error in _VALIDATOR.iter_errors(locator.data):
        path = tuple(error.absolute_path)
        if error.validator == "additionalProperties":
            yield from _unknown_fields(locator, path, error)
        elif error.validator == "required":
            for name in error.validator_value:
                if name not in error.instance:
                    yield locator.problem(path, _missing_field_message(locator, path, name))
        else:
            yield locator.problem(path, _schema_message(error, locator.subject(path)))


def _unknown_fields(
    locator: _Locator, path: DataPath, error: ValidationError
) -> Iterator[MappingProblem]:
    known = list(error.schema.get("properties", {}))
    for name in error.instance:
        if name not in known:
            guess = difflib.get_close_matches(str(name), known, n=1)
            hint = f" (did you mean {guess[0]!r}?)" if guess else f"; allowed: {', '.join(known)}"
            message = _within(locator, path, f"unknown field {name!r}{hint}")
            yield locator.problem((*path, name), message)


def _missing_field_message(locator: _Locator, path: DataPath, name: str) -> str:
    return _within(locator, path, f"missing required field {name!r}")


def _within(locator: _Locator, path: DataPath, message: str) -> str:
    # The file, a requirement or an element is already named by the problem's context.
    field = locator.field(path)
    return f"{field}: {message}" if field else message


def _schema_message(error: ValidationError, subject: str) -> str:
    value, instance = error.validator_value, error.instance
    match error.validator:
        case "type":
            quote_hint = " (put it in quotes)" if value == "string" and _is_number(instance) else ""
            return f"{subject} must be {_TYPE_WORDS[value]}, not {_kind(instance)}{quote_hint}"
        case "enum":
            return f"{subject} must be one of {', '.join(map(str, value))}, not {instance!r}"
        case "const":
            return f"{subject} must be {value!r}, not {instance!r}"
        case "minimum":
            return f"{subject} must be at least {value}, not {instance!r}"
        case "maximum":
            return f"{subject} must be at most {value}, not {instance!r}"
        case "minItems" | "minLength":
            return f"{subject} must not be empty"
        case "uniqueItems":
            return f"{subject} lists the same value more than once"
        case "pattern":
            return f"{subject} {instance!r} must be {error.schema['description']}"
    return f"{subject}: {error.message}"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _kind(value: Any) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f"text {value!r}"
    if _is_number(value):
        return f"the number {value}"
    return "a list" if isinstance(value, list) else "a mapping"


# --- what the schema cannot say --------------------------------------------------------


def _semantic_problems(locator: _Locator) -> Iterator[MappingProblem]:
    yield from _duplicate_keys(locator)
    yield from _duplicate_ids(locator, _elements(locator.data), "element")
    yield from _duplicate_ids(locator, _requirements(locator.data), "requirement")
    for path, requirement in _requirements(locator.data):
        yield from _evidence_problems(locator, path, requirement)
    yield from _pass_mark_problems(locator)
    yield from _employee_range_problems(locator)
    yield from _sampling_problems(locator)
    yield from _training_problems(locator)
    yield from _action_plan_problems(locator)
    yield from certificate_cycle_problems(locator)
    yield from _preparation_problems(locator)
    yield from period_problems(locator)


def _elements(data: Any) -> Iterator[tuple[DataPath, dict]]:
    elements = data.get("elements") if isinstance(data, dict) else None
    if isinstance(elements, list):
        for index, element in enumerate(elements):
            if isinstance(element, dict):
                yield ("elements", index), element


def _requirements(data: Any) -> Iterator[tuple[DataPath, dict]]:
    for element_path, element in _elements(data):
        requirements = element.get("requirements")
        if isinstance(requirements, list):
            for index, requirement in enumerate(requirements):
                if isinstance(requirement, dict):
                    yield (*element_path, "requirements", index), requirement


def _duplicate_keys(locator: _Locator) -> Iterator[MappingProblem]:
    # PyYAML silently keeps the last of two equal keys; a mapping author rarely means that.
    for path, node in _mapping_nodes(locator.root, ()):
        seen: set[str] = set()
        for key_node, _ in node.value:
            if key_node.value in seen:
                message = f"field {key_node.value!r} appears twice"
                yield locator.problem(path, message, line=key_node.start_mark.line + 1)
            seen.add(key_node.value)


def _mapping_nodes(node: yaml.Node, path: DataPath) -> Iterator[tuple[DataPath, yaml.MappingNode]]:
    if isinstance(node, yaml.MappingNode):
        yield path, node
        for key_node, value_node in node.value:
            yield from _mapping_nodes(value_node, (*path, key_node.value))
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            yield from _mapping_nodes(item, (*path, index))


def _duplicate_ids(
    locator: _Locator, entries: Iterator[tuple[DataPath, dict]], kind: str
) -> Iterator[MappingProblem]:
    first_line: dict[str, int] = {}
    for path, entry in entries:
        entry_id = entry.get("id")
        if not isinstance(entry_id, str):
            continue
        id_path = (*path, "id")
        if entry_id in first_line:
            message = (
                f"the same id is used at line {first_line[entry_id]}; {kind} ids must be unique"
            )
            yield locator.problem(id_path, message)
        else:
            first_line[entry_id] = locator.line(id_path)


def _evidence_problems(
    locator: _Locator, path: DataPath, requirement: dict
) -> Iterator[MappingProblem]:
    evidence = requirement.get("evidence")
    rules = evidence if isinstance(evidence, dict) else {}
    verification = requirement.get("verification")
    # Any listed field counts, supporting_doc_types too (that those need a query or a
    # pattern is checked below), and so does a misspelt one, already reported as unknown.
    has_rule = any(isinstance(rule, list) and rule for rule in rules.values())
    if isinstance(verification, list) and "documentation" in verification and not has_rule:
        yield locator.problem(
            path,
            "verified by documentation but has no evidence rule"
            " (doc_types, queries or path_patterns)",
        )
    yield from _supporting_type_problems(locator, (*path, "evidence"), rules)
    queries = rules.get("queries")
    for index, query in enumerate(queries if isinstance(queries, list) else []):
        complaint = query_problem(query) if isinstance(query, str) and query else None
        if complaint:
            yield locator.problem(
                (*path, "evidence", "queries", index), f"query {query!r} {complaint}"
            )


def _listed(rules: dict, name: str) -> list:
    """The list under ``name``; empty when it is missing or not a list."""
    value = rules.get(name)
    return value if isinstance(value, list) else []


def _supporting_type_problems(
    locator: _Locator, path: DataPath, rules: dict
) -> Iterator[MappingProblem]:
    supporting = _listed(rules, "supporting_doc_types")
    linked = {*supporting, *_listed(rules, "doc_types")}
    if never := [kind for kind in _listed(rules, "proved_only_by") if kind not in linked]:
        proving = (*path, "proved_only_by")
        yield locator.problem(
            proving,
            f"{locator.field(proving)}: {', '.join(map(str, never))}"
            " in neither doc_types nor supporting_doc_types: never linked",
        )
    if not supporting:
        return
    field_path = (*path, "supporting_doc_types")
    field = locator.field(field_path)
    if not (_listed(rules, "queries") or _listed(rules, "path_patterns")):
        yield locator.problem(
            field_path,
            f"{field} can never link a document: supporting types need a query or path"
            " pattern to match, and there is none (add queries or path_patterns, or move"
            " the types to doc_types)",
        )
    repeated = [doc_type for doc_type in supporting if doc_type in _listed(rules, "doc_types")]
    if repeated:
        yield locator.problem(
            field_path,
            f"{field}: {', '.join(map(str, repeated))} also in doc_types, which links"
            " every document of the type; list each type in one of the two",
        )


def query_problem(query: str) -> str | None:
    """Why the search index would misread ``query``, or ``None`` when it reads as written."""
    if query.count('"') % 2:
        return "has an unclosed double quote"
    if not _parentheses_balanced(query):
        return "has unbalanced parentheses"
    try:
        parsed = _QUERY_PARSER.parse(query)
    except Exception as error:  # Whoosh raises several unrelated types for bad syntax.
        return f"cannot be parsed: {error}"
    if parsed is whoosh_query.NullQuery:
        return "matches nothing"
    dangling = [
        leaf.text
        for leaf in parsed.leaves()
        if isinstance(leaf, whoosh_query.Term) and leaf.text in _OPERATOR_WORDS
    ]
    return f"has {dangling[0]} with nothing to join" if dangling else None


def _parentheses_balanced(query: str) -> bool:
    depth = 0
    # Parentheses inside a quoted phrase are words, not grouping.
    for index, part in enumerate(query.split('"')):
        if index % 2:
            continue
        for character in part:
            depth += {"(": 1, ")": -1}.get(character, 0)
            if depth < 0:
                return False
    return depth == 0


def _pass_mark_problems(locator: _Locator) -> Iterator[MappingProblem]:
    audit_types = item_at(locator.data, ("audit_types",))
    for name, marks in audit_types.items() if isinstance(audit_types, dict) else ():
        # A tool may name audit types of its own, but not one the core knows misspelt.
        guess = difflib.get_close_matches(str(name), KNOWN_AUDIT_TYPES, n=1)
        if guess and name not in KNOWN_AUDIT_TYPES:
            message = f"audit_types: unknown audit type {name!r} (did you mean {guess[0]!r}?)"
            yield locator.problem(("audit_types", name), message)
        if not isinstance(marks, dict):
            continue
        overall, element = marks.get("overall_pass_pct"), marks.get("element_min_pct")
        if _is_number(overall) and _is_number(element) and element > overall:
            path = ("audit_types", name, "element_min_pct")
            message = f"{locator.subject(path)} ({element}) is above overall_pass_pct ({overall})"
            yield locator.problem(path, message)


def _employee_range_problems(locator: _Locator) -> Iterator[MappingProblem]:
    employees = item_at(locator.data, ("employees",))
    if not isinstance(employees, dict):
        return
    low, high = employees.get("min"), employees.get("max")
    if _is_number(low) and _is_number(high) and high < low:
        yield locator.problem(("employees", "max"), f"employees.max ({high}) is below min ({low})")


def _sampling_problems(locator: _Locator) -> Iterator[MappingProblem]:
    for table in ("interviews", "sites"):
        rows = item_at(locator.data, ("sampling", table))
        previous = 0
        for index, row in enumerate(rows if isinstance(rows, list) else []):
            up_to = row.get("up_to") if isinstance(row, dict) else None
            sample = row.get("sample") if isinstance(row, dict) else None
            if not (_is_number(up_to) and _is_number(sample)):
                continue
            path = ("sampling", table, index)
            if up_to <= previous:
                yield locator.problem(path, f"{_field_name(path)}: up_to must grow row by row")
            if sample > up_to:
                yield locator.problem(path, f"{_field_name(path)}: sample is larger than up_to")
            previous = up_to
    yield from _sampling_example_problems(locator)


def _sampling_example_problems(locator: _Locator) -> Iterator[MappingProblem]:
    """Examples grow with the people and ask no more than there are; a tool gives its
    interview counts as bands or as examples, not both."""
    sampling = item_at(locator.data, ("sampling",))
    if not isinstance(sampling, dict) or not isinstance(sampling.get("interview_examples"), list):
        return
    if "interviews" in sampling:
        yield locator.problem(
            ("sampling", "interview_examples"),
            "sampling: give interviews (bands) or interview_examples, not both",
        )
    previous = 0
    for index, row in enumerate(sampling["interview_examples"]):
        people = row.get("people") if isinstance(row, dict) else None
        at_least = row.get("at_least") if isinstance(row, dict) else None
        if not (_is_number(people) and _is_number(at_least)):
            continue
        path = ("sampling", "interview_examples", index)
        if people <= previous:
            yield locator.problem(path, f"{_field_name(path)}: people must grow example by example")
        if at_least > people:
            yield locator.problem(path, f"{_field_name(path)}: at_least is larger than people")
        previous = people


def _training_problems(locator: _Locator) -> Iterator[MappingProblem]:
    """Course ids are unique, and every required course names courses of the block."""
    block = item_at(locator.data, ("training_requirements",))
    if not isinstance(block, dict):
        return
    courses = block.get("courses") if isinstance(block.get("courses"), list) else []
    known: set[object] = set()
    for index, course in enumerate(courses):
        course_id = course.get("id") if isinstance(course, dict) else None
        if course_id in known:
            path = ("training_requirements", "courses", index, "id")
            yield locator.problem(
                path, f"{_field_name(path)}: course {course_id!r} is listed twice"
            )
        known.add(course_id)
    required = block.get("required") if isinstance(block.get("required"), list) else []
    rule_ids: set[object] = set()
    for index, item in enumerate(required):
        rule_id = item.get("id") if isinstance(item, dict) else None
        if rule_id in rule_ids:
            path = ("training_requirements", "required", index, "id")
            yield locator.problem(path, f"{_field_name(path)}: rule {rule_id!r} is listed twice")
        rule_ids.add(rule_id)
        any_of = item.get("any_of") if isinstance(item, dict) else None
        for position, course_id in enumerate(any_of if isinstance(any_of, list) else []):
            if course_id not in known:
                path = ("training_requirements", "required", index, "any_of", position)
                yield locator.problem(
                    path, f"{_field_name(path)}: {course_id!r} is not one of the courses listed"
                )


def _action_plan_problems(locator: _Locator) -> Iterator[MappingProblem]:
    """One set of dates per year, in order: proposal, final, internal audit."""
    deadlines = item_at(locator.data, ("action_plans", "deadlines"))
    seen: set[object] = set()
    for index, item in enumerate(deadlines if isinstance(deadlines, list) else []):
        if not isinstance(item, dict):
            continue
        path = ("action_plans", "deadlines", index)
        if item.get("year") in seen:
            yield locator.problem(
                path, f"{_field_name(path)}: year {item.get('year')} is listed twice"
            )
        seen.add(item.get("year"))
        dates = [item.get(name) for name in ("proposal", "final", "internal_audit_by")]
        if all(isinstance(day, str) for day in dates) and dates != sorted(dates):
            yield locator.problem(
                path, f"{_field_name(path)}: proposal, final and internal_audit_by must be in order"
            )


def _preparation_problems(locator: _Locator) -> Iterator[MappingProblem]:
    """Every requirement the preparation block names exists and is verified as it says."""
    methods = {
        requirement["id"]: _listed(requirement, "verification")
        for _, requirement in _requirements(locator.data)
        if isinstance(requirement.get("id"), str)
    }
    preparation = item_at(locator.data, ("preparation",))
    if not isinstance(preparation, dict):
        return
    needed = {"interviews": "interview", "observations": "observation"}
    for block, method in needed.items():
        entries = preparation.get(block)
        for requirement_id, entry in entries.items() if isinstance(entries, dict) else ():
            path = ("preparation", block, requirement_id)
            if requirement_id not in methods:
                yield locator.problem(path, f"{_field_name(path)}: no requirement has this id")
            elif method not in methods[requirement_id]:
                yield locator.problem(
                    path, f"{_field_name(path)}: the requirement is not verified by {method}"
                )
            asked = entry.get("ask") if isinstance(entry, dict) else None
            audiences = entry.get("for") if isinstance(entry, dict) else None
            for audience in asked if isinstance(asked, dict) else ():
                if isinstance(audiences, list) and audience not in audiences:
                    yield locator.problem(
                        (*path, "ask", audience),
                        f"{_field_name((*path, 'ask'))}: {audience!r} is not in its 'for' list",
                    )
    known = preparation.get("documents_to_know")
    for index, entry in enumerate(known if isinstance(known, list) else []):
        requirement_id = entry.get("requirement") if isinstance(entry, dict) else None
        if isinstance(requirement_id, str) and requirement_id not in methods:
            path = ("preparation", "documents_to_know", index, "requirement")
            yield locator.problem(path, f"{_field_name(path)}: no requirement {requirement_id!r}")
    rows = preparation.get("site_share")
    for index, row in enumerate(rows if isinstance(rows, list) else []):
        low, high = (row.get("from"), row.get("up_to")) if isinstance(row, dict) else (None, None)
        if _is_number(low) and _is_number(high) and high < low:
            path = ("preparation", "site_share", index)
            yield locator.problem(path, f"{_field_name(path)}: up_to is below from")


# --- building the model ----------------------------------------------------------------


def _audit_tool(data: dict, file: str) -> AuditTool:
    sampling = data.get("sampling", {})
    return AuditTool(
        id=data["id"],
        name=data["name"],
        version=data["version"],
        partner=data["partner"],
        program=data["program"],
        employees_min=data["employees"]["min"],
        employees_max=data["employees"].get("max"),
        source=data["source"],
        audit_types=tuple(
            AuditType(
                name=name,
                overall_pass_pct=marks["overall_pass_pct"],
                element_min_pct=marks.get("element_min_pct"),
                documentation_window_months=marks.get("documentation_window_months"),
                in_force=in_force_of(marks.get("in_force")),
            )
            for name, marks in data["audit_types"].items()
        ),
        interview_sampling=_sampling_rows(sampling.get("interviews", [])),
        interview_examples=tuple(
            SamplingExample(people=row["people"], at_least=row["at_least"])
            for row in sampling.get("interview_examples", [])
        ),
        sampling_source=" ".join(sampling.get("source", "").split()),
        site_sampling=_sampling_rows(sampling.get("sites", [])),
        elements=tuple(_element(element) for element in data["elements"]),
        unverified=tuple(data.get("unverified", [])),
        file=file,
        training_requirements=_training_requirements(data.get("training_requirements")),
        action_plans=_action_plans(data.get("action_plans")),
        cycle=_certificate_cycle(data.get("certificate_cycle")),
        points_estimate=data.get("estimates", {}).get("points", ""),
        sampling_estimate=data.get("estimates", {}).get("sampling", ""),
        preparation=_preparation(data.get("preparation", {})),
        in_force=in_force_of(data.get("in_force")),
    )


def _training_requirements(data: dict | None) -> TrainingRequirements | None:
    if data is None:
        return None
    return TrainingRequirements(
        courses=tuple(
            Course(
                id=course["id"],
                name=course["name"],
                aliases=tuple(course.get("aliases", [])),
                validity_months=course.get("validity_months"),
            )
            for course in data["courses"]
        ),
        required=tuple(
            RequiredTraining(
                id=item["id"],
                summary=item["summary"],
                any_of=tuple(item["any_of"]),
                full_time=item.get("full_time", False),
                confirm=item.get("confirm"),
                held_by=item.get("held_by"),
                within_months=item.get("within_months"),
                in_force=in_force_of(item.get("in_force")),
                source=item.get("source", ""),
            )
            for item in data["required"]
        ),
        element_id=data.get("element", ""),
        unverified=tuple(data.get("unverified", [])),
    )


def _action_plans(data: dict | None) -> ActionPlanRules | None:
    if data is None:
        return None
    return ActionPlanRules(
        questions=tuple(
            ActionPlanQuestion(item["id"], item["question"], item["decided_by"])
            for item in data["questions"]
        ),
        deadlines=tuple(
            ActionPlanDeadlines(
                year=item["year"],
                proposal=item["proposal"],
                final=item["final"],
                internal_audit_by=item["internal_audit_by"],
            )
            for item in data.get("deadlines", [])
        ),
        self_score_pass_pct=data["self_score_pass_pct"],
        second_year_min_pct=data["second_year_min_pct"],
        hsr_required_from=data.get("hsr_required_from"),
        secor_tool_version=data.get("secor_tool_version"),
        unverified=tuple(data.get("unverified", [])),
    )


def _certificate_cycle(data: dict | None) -> CertificateCycle | None:
    if data is None:
        return None
    return CertificateCycle(
        validity_years=data["validity_years"],
        after_certifying=tuple(data["after_certifying"]),
        interim_deadline=data["interim_deadline"],
        alternatives=tuple(
            (due, tuple(stand_ins)) for due, stand_ins in data.get("alternatives", {}).items()
        ),
        unverified=tuple(data.get("unverified", [])),
        deadline_sources=tuple(
            (item["deadline"], item["source"]) for item in data.get("deadline_sources", [])
        ),
    )


def _preparation(data: dict) -> PreparationData:
    return PreparationData(
        levels=tuple(data.get("levels", [])),
        subcontractors=data.get("subcontractors", False),
        site_share=tuple(
            SiteShareRow(from_sites=row["from"], up_to=row["up_to"], one_in=row["one_in"])
            for row in data.get("site_share", [])
        ),
        documents_to_know=tuple(
            DocumentToKnow(
                name=entry["name"],
                requirement_id=entry["requirement"],
                pick=entry["pick"],
                audiences=tuple(entry.get("for", [])),
                doc_types=tuple(entry.get("doc_types", [])),
            )
            for entry in data.get("documents_to_know", [])
        ),
        interviews=tuple(
            InterviewQuestion(
                requirement_id=requirement_id,
                audiences=tuple(entry["for"]),
                ask=tuple(entry.get("ask", {}).items()),
            )
            for requirement_id, entry in data.get("interviews", {}).items()
        ),
        observations=tuple(
            ObservationItem(
                requirement_id=requirement_id,
                look_for=entry["look_for"],
                site_kinds=tuple(entry.get("site_kinds", [])),
            )
            for requirement_id, entry in data.get("observations", {}).items()
        ),
    )


def _sampling_rows(rows: list[dict]) -> tuple[SamplingRow, ...]:
    return tuple(SamplingRow(up_to=row["up_to"], sample=row["sample"]) for row in rows)


def _element(data: dict) -> Element:
    return Element(
        id=data["id"],
        name=data["name"],
        requirements=tuple(_requirement(item, data["id"]) for item in data["requirements"]),
    )


def _requirement(data: dict, element_id: str) -> Requirement:
    evidence = data.get("evidence", {})
    return Requirement(
        id=data["id"],
        element_id=element_id,
        summary=data["summary"],
        points=data["points"],
        verification=tuple(Verification(method) for method in data["verification"]),
        evidence=EvidenceRule(
            doc_types=tuple(evidence.get("doc_types", [])),
            queries=tuple(evidence.get("queries", [])),
            path_patterns=tuple(evidence.get("path_patterns", [])),
            supporting_doc_types=tuple(evidence.get("supporting_doc_types", [])),
            proved_only_by=tuple(evidence.get("proved_only_by", [])),
        ),
        recurrence=Recurrence(data["recurrence"]) if "recurrence" in data else None,
        max_age_months=data.get("max_age_months"),
        validity_months=data.get("validity_months"),
        recurrence_set_by_company=data.get("recurrence_set_by") == "company",
        checks=tuple(data.get("checks", [])),
        note=data.get("note", ""),
        in_force=in_force_of(data.get("in_force")),
    )
