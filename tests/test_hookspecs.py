"""Every hook of the contract is exercised by a throwaway plugin and documented in docs/."""

from __future__ import annotations

import inspect
import re
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
