"""The shape of the package: no import cycles, no oversized module, reporters that only render.

The import graph is read from the source (every import statement, at module level or inside
a function), so a function-local import that hides a cycle at run time still counts.
"""

from __future__ import annotations

import ast
import functools
from pathlib import Path

import pytest

PACKAGE_ROOT = Path(__file__).resolve().parent.parent / "evidencekit"
MAX_LINES = 900
# What renders must not compute: reporters get an assessed result and never reach back into
# assessment, mapping or the built-in plugins that produce it.
REPORTER_PACKAGE = "evidencekit.report"
REPORTER_FORBIDDEN = ("evidencekit.assess", "evidencekit.mapping", "evidencekit.builtins")
# Leaf helpers anything may import, so they import (almost) nothing of the package.
LEAVES = {
    "evidencekit.atomic": {"evidencekit.errors"},
    "evidencekit.errors": set(),
    "evidencekit.vocabulary": set(),
    "evidencekit.sheets": {"evidencekit.errors"},
    "evidencekit.periods": {"evidencekit.models"},
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_ROOT.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def package_modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE_ROOT.rglob("*.py"))}


def imported_modules(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules that `name` imports anywhere in its source."""
    is_package = path.name == "__init__.py"
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = resolve_from(name, is_package, node)
            # `from evidencekit.x import y` imports the submodule y when y is one.
            targets = [base] + [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            while target and target not in known:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


def resolve_from(name: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    here = name.split(".") if is_package else name.split(".")[:-1]
    base = here[: len(here) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


@functools.cache
def package_graph() -> dict[str, frozenset[str]]:
    modules = package_modules()
    known = set(modules)
    return {name: frozenset(imported_modules(name, path, known)) for name, path in modules.items()}


def import_graph() -> dict[str, set[str]]:
    return {name: set(targets) for name, targets in package_graph().items()}


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as the list of modules along it (first repeated at the end), or None."""
    visiting: list[str] = []
    on_path: set[str] = set()
    done: set[str] = set()

    def visit(name: str) -> list[str] | None:
        visiting.append(name)
        on_path.add(name)
        for target in sorted(graph.get(name, ())):
            if target in on_path:
                return [*visiting[visiting.index(target) :], target]
            if target not in done:
                cycle = visit(target)
                if cycle:
                    return cycle
        visiting.pop()
        on_path.discard(name)
        done.add(name)
        return None

    for name in sorted(graph):
        if name not in done:
            cycle = visit(name)
            if cycle:
                return cycle
    return None


def test_the_graph_counts_function_local_and_submodule_imports(tmp_path):
    package = tmp_path / "pkg"
    (package / "sub").mkdir(parents=True)
    for name in ("__init__.py", "a.py", "b.py", "sub/__init__.py", "sub/c.py"):
        (package / name).touch()
    (package / "a.py").write_text(
        "def later():\n    from pkg import b\n\nfrom .sub import c\n", encoding="utf-8"
    )
    known = {"pkg", "pkg.a", "pkg.b", "pkg.sub", "pkg.sub.c"}

    assert imported_modules("pkg.a", package / "a.py", known) == {
        "pkg",
        "pkg.b",
        "pkg.sub",
        "pkg.sub.c",
    }


def test_a_cycle_is_named_module_by_module():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}

    assert find_cycle(graph) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


def test_no_import_cycle():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or ())


def test_no_module_over_the_size_limit():
    oversized = {
        str(path.relative_to(PACKAGE_ROOT.parent)): count
        for path in PACKAGE_ROOT.rglob("*.py")
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not oversized, f"modules over {MAX_LINES} lines: {oversized}"


@pytest.mark.parametrize(
    "name", sorted(n for n in package_modules() if n.startswith(REPORTER_PACKAGE))
)
def test_reporters_only_render(name):
    reaching_back = sorted(
        target
        for target in import_graph()[name]
        if any(target == f or target.startswith(f + ".") for f in REPORTER_FORBIDDEN)
    )
    assert not reaching_back, f"{name} imports {reaching_back}"


@pytest.mark.parametrize("name", sorted(LEAVES))
def test_leaf_modules_stay_leaves(name):
    assert import_graph()[name] <= LEAVES[name]


ARCHITECTURE_PAGE = PACKAGE_ROOT.parent / "docs" / "architecture.md"


def test_the_architecture_page_names_every_module() -> None:
    """docs/architecture.md's tree has a line for each module, and none that is gone."""
    page = ARCHITECTURE_PAGE.read_text(encoding="utf-8")
    tree = page.split("## The tree", 1)[1].split("```")[1]
    listed = {line.split()[0] for line in tree.splitlines()[1:] if line.startswith("  ")}
    modules = {
        str(path.relative_to(PACKAGE_ROOT))
        for path in PACKAGE_ROOT.rglob("*.py")
        if path.name != "__init__.py" or path.parent.name == "cli" or path.parent == PACKAGE_ROOT
    }
    assert sorted(modules - listed) == [], "modules missing from docs/architecture.md"
    assert sorted(listed - modules) == [], "docs/architecture.md lists modules that are gone"
