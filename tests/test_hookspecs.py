"""Every hook of the contract is exercised by a throwaway plugin and documented in docs/."""

from __future__ import annotations

import inspect
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from evidencekit import hookspecs

TESTS = Path(__file__).parent
PLUGIN_DOCS = TESTS.parent / "docs" / "plugins.md"


def hook_names() -> list[str]:
    return sorted(
        name
        for name, value in inspect.getmembers(hookspecs, inspect.isfunction)
        if hasattr(value, f"{hookspecs.PROJECT_NAME}_spec")
    )


def hooks_implemented_in_tests() -> set[str]:
    pattern = re.compile(r"@hookimpl[^\n]*\n\s*def (\w+)\(")
    return {
        name
        for path in TESTS.rglob("test_*.py")
        for name in pattern.findall(path.read_text(encoding="utf-8"))
    }


def test_the_contract_has_hooks() -> None:
    assert {"extract_document", "file_types", "open_search_index"} <= set(hook_names())


@pytest.mark.parametrize("name", hook_names())
def test_every_hook_is_exercised_by_a_throwaway_plugin(name: str) -> None:
    assert name in hooks_implemented_in_tests(), f"no test registers a plugin implementing {name}"


@pytest.mark.parametrize("name", hook_names())
def test_every_hook_is_documented_with_its_signature(name: str) -> None:
    signature = f"{name}{inspect.signature(getattr(hookspecs, name))}".replace("'", "")
    assert f"### `{signature}`" in PLUGIN_DOCS.read_text(encoding="utf-8"), (
        f"docs/plugins.md lacks a heading ### `{signature}`"
    )


# --- finding_id: the stable id third-party gap rules give their findings --------------------


def finding_id_in_a_new_process(hash_seed: str) -> str:
    code = "from evidencekit.hookspecs import finding_id; print(finding_id('stale', 'r1', 'a.pdf'))"
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    return subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()


def test_a_finding_id_is_the_same_in_every_run() -> None:
    here = hookspecs.finding_id("stale", "r1", "a.pdf")
    assert finding_id_in_a_new_process("1") == here == finding_id_in_a_new_process("2")
    # Trackers and Action Plans already saved hold ids made so: they must keep matching.
    assert hookspecs.finding_id("coverage-gap", "r1") == "coverage-gap-d968da0fa0"


@pytest.mark.parametrize(
    "other",
    [
        ("expired", "r1", "a.pdf"),
        ("stale", "r2", "a.pdf"),
        ("stale", None, "a.pdf"),
        ("stale", "r1", "b.pdf"),
        ("stale", "r1", ""),
    ],
)
def test_a_finding_id_changes_with_kind_requirement_and_subject(other) -> None:
    first = hookspecs.finding_id("stale", "r1", "a.pdf")
    assert hookspecs.finding_id(*other) != first
    kind = other[0]
    assert re.fullmatch(rf"{kind}-[0-9a-f]{{10}}", hookspecs.finding_id(*other))
