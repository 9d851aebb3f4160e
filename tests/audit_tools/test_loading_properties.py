"""Properties of the mapping loader: whatever a mapping file holds, it is answered with
problems located in that file or with an audit tool, never with another exception, and
no YAML tag in it ever runs."""

from __future__ import annotations

import random
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekit.audit_tools.loading import load_audit_tool, validate_audit_tool_file
from evidencekit.errors import MappingError

MENU_TOOL = Path(__file__).parent / "tools" / "menu-tool.yaml"
MENU = yaml.safe_load(MENU_TOOL.read_text(encoding="utf-8"))
MENU_AUDIT_TOOL = load_audit_tool(MENU_TOOL)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**6), 10**6),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=20),
)
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner),
    max_leaves=12,
)


@pytest.fixture(scope="module")
def mapping_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One file, rewritten by each example."""
    return tmp_path_factory.mktemp("mappings") / "tool.yaml"


def answered(path: Path) -> list[str]:
    """Validate and load ``path``; check they agree and every problem is located."""
    problems = validate_audit_tool_file(path)
    line_count = len(path.read_text(encoding="utf-8", errors="replace").splitlines())
    for problem in problems:
        assert problem.file == str(path)
        assert problem.line is None or 1 <= problem.line <= line_count + 1, problem
        assert problem.message
    try:
        load_audit_tool(path)
    except MappingError as error:
        assert error.problems == [str(problem) for problem in problems]
    else:
        assert problems == []
    return [str(problem) for problem in problems]


def paths_into(data: Any, prefix: tuple = ()) -> list[tuple]:
    """Every path to a value inside ``data`` (mapping keys and list indexes)."""
    if isinstance(data, dict):
        children = data.items()
    elif isinstance(data, list):
        children = enumerate(data)
    else:
        return []
    found = []
    for key, child in children:
        found.append((*prefix, key))
        found += paths_into(child, (*prefix, key))
    return found


def replaced(data: Any, path: tuple, value: Any) -> Any:
    """A copy of ``data`` with the value at ``path`` replaced, or removed if ``value`` is
    ``REMOVE``."""
    if not path:
        return value
    copy = dict(data) if isinstance(data, dict) else list(data)
    head, rest = path[0], path[1:]
    if not rest and value is REMOVE:
        del copy[head]
    else:
        copy[head] = replaced(copy[head], rest, value)
    return copy


REMOVE = object()
MENU_PATHS = paths_into(MENU)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_is_answered_with_located_problems(mapping_file: Path, text: str) -> None:
    mapping_file.write_text(text, encoding="utf-8")
    answered(mapping_file)


@settings(max_examples=150, deadline=None)
@given(values)
def test_any_yaml_document_is_answered_with_located_problems(mapping_file: Path, data) -> None:
    mapping_file.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert answered(mapping_file)  # Random data is never a valid tool.


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(MENU_PATHS), st.one_of(st.just(REMOVE), values))
def test_a_valid_tool_with_one_field_removed_or_replaced_is_answered(
    mapping_file: Path, path: tuple, value
) -> None:
    mapping_file.write_text(yaml.safe_dump(replaced(MENU, path, value)), encoding="utf-8")
    answered(mapping_file)


def shuffled(data: Any, rng: random.Random) -> Any:
    if isinstance(data, dict):
        keys = list(data)
        rng.shuffle(keys)
        return {key: shuffled(data[key], rng) for key in keys}
    if isinstance(data, list):
        return [shuffled(item, rng) for item in data]
    return data


@settings(max_examples=50, deadline=None)
@given(st.randoms(use_true_random=False))
def test_the_order_of_keys_does_not_change_the_tool(mapping_file: Path, rng) -> None:
    mapping_file.write_text(yaml.safe_dump(shuffled(MENU, rng), sort_keys=False))
    assert answered(mapping_file) == []
    assert load_audit_tool(mapping_file) == replace(MENU_AUDIT_TOOL, file=str(mapping_file))


TAGS = [
    "!!python/object/apply:builtins.exec",
    "!!python/object/apply:os.system",
    "!!python/object/new:builtins.exec",
    "!!python/name:builtins.exec",
]


@settings(max_examples=60, deadline=None)
@given(st.sampled_from(MENU_PATHS), st.sampled_from(TAGS))
def test_no_yaml_tag_anywhere_in_a_tool_runs(mapping_file: Path, path: tuple, tag: str) -> None:
    ran = mapping_file.with_name("tag-ran")
    payload = f"import pathlib; pathlib.Path({str(ran)!r}).touch()"
    placeholder = "TAGGED-VALUE-HERE"
    text = yaml.safe_dump(replaced(MENU, path, placeholder))
    mapping_file.write_text(text.replace(placeholder, f"{tag} [{payload!r}]", 1), encoding="utf-8")
    problems = answered(mapping_file)
    assert not ran.exists()
    assert any("could not determine a constructor" in problem for problem in problems), problems
