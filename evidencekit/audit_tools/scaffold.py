"""Writes the skeleton of an audit-tool plugin distribution (``evidencekit tools new``).

The skeleton installs with pip and passes its own tests untouched: a pyproject with the
entry point, a mapping file that validates (a small template, or a copy of an installed
tool's file), a test using ``evidencekit.testing`` and a README. Nothing is written
unless every check passes first.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from datetime import date
from pathlib import Path

from evidencekit.audit_tools.loading import validate_audit_tool_file
from evidencekit.errors import UsageError
from evidencekit.models import AuditTool

#: The mapping schema's pattern for a tool id.
TOOL_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
TOP_LEVEL_ID = re.compile(r"^id:.*$", re.MULTILINE)


#: The top-level ``in_force`` block of a mapping file, a flow mapping or indented lines.
TOP_LEVEL_IN_FORCE = re.compile(r"^in_force:.*\n(?:[ #].*\n)*", re.MULTILINE)


def _dated_from_today(mapping: str, from_tool: str) -> str:
    """A copy is the next version: it takes effect today until the user sets the day the
    partner announced, and the original's period does not carry over."""
    period = (
        f'in_force:\n  from: "{date.today()}"\n  source: >-\n'
        f"    Placeholder: the day this version of {from_tool} took effect, as the partner "
        "announced it.\n"
    )
    if TOP_LEVEL_IN_FORCE.search(mapping):
        return TOP_LEVEL_IN_FORCE.sub(period, mapping, count=1)
    return TOP_LEVEL_ID.sub(
        lambda match: match.group(0) + "\n" + period.rstrip("\n"), mapping, count=1
    )


def write_plugin_skeleton(
    tool_id: str,
    directory: Path | None,
    installed: dict[str, AuditTool],
    from_tool: str | None = None,
) -> list[Path]:
    """Write the distribution for audit tool ``tool_id`` and return its files.

    ``directory`` defaults to ``./evidencekit-ID``; it must not exist. ``installed`` are
    the installed tools by id; ``from_tool`` names the one whose mapping file to start from.
    """
    if not TOOL_ID.match(tool_id):
        raise UsageError(
            f"{tool_id!r} is not a tool id: lower-case letters and digits joined by single "
            "'-' (like acme-cor-2027)"
        )
    if tool_id in installed:
        raise UsageError(f"audit tool {tool_id!r} is already installed; choose another id")
    if from_tool is not None and from_tool not in installed:
        raise UsageError(
            f"--from {from_tool}: no such installed audit tool; installed: "
            f"{', '.join(sorted(installed)) or 'none'}"
        )
    distribution = f"evidencekit-{tool_id}"
    target = directory or Path(distribution)
    if target.exists():
        raise UsageError(f"{target} already exists; choose another --dir")
    package = "evidencekit_" + tool_id.replace("-", "_")
    if from_tool is None:
        mapping = TEMPLATE_MAPPING.format(tool_id=tool_id)
        test = TEMPLATE_TEST
    else:
        source = Path(installed[from_tool].file).read_text(encoding="utf-8")
        mapping = _renamed_copy(source, tool_id, installed[from_tool])
        mapping = _dated_from_today(mapping, from_tool)
        test = COPY_TEST
    files = {
        "pyproject.toml": PYPROJECT.format(
            distribution=distribution, package=package, tool_id=tool_id
        ),
        "README.md": README.format(
            distribution=distribution,
            package=package,
            tool_id=tool_id,
            origin=f"a copy of `{from_tool}`" if from_tool else "a small template",
        ),
        f"src/{package}/__init__.py": MODULE.format(tool_id=tool_id),
        f"src/{package}/mappings/{tool_id}.yaml": mapping,
        f"tests/test_{package}.py": test.format(package=package, tool_id=tool_id),
    }
    # Written aside first, so a mapping that does not validate leaves nothing behind.
    with tempfile.TemporaryDirectory(prefix="evidencekit-new-") as scratch:
        staged = Path(scratch) / "skeleton"
        for relative, text in files.items():
            path = staged / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        problems = validate_audit_tool_file(staged / f"src/{package}/mappings/{tool_id}.yaml")
        if problems:
            listed = "; ".join(str(problem) for problem in problems)
            raise UsageError(f"the new mapping file would not validate: {listed}")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(str(staged), str(target))
    return [target / relative for relative in files]


def _renamed_copy(source: str, tool_id: str, original: AuditTool) -> str:
    """``original``'s mapping file under ``tool_id``: its id, and a version and name of the
    new tool's own (the id's trailing number, else ``draft``), so that nothing lists the
    copy as the tool it was copied from."""
    trailing = re.search(r"-(\d+)$", tool_id)
    version = trailing.group(1) if trailing else "draft"
    name = original.name.replace(original.version, version)
    if name == original.name and not trailing:
        name = f"{original.name} (draft {tool_id})"
    mapping = TOP_LEVEL_ID.sub(f"id: {tool_id}", source, count=1)
    mapping = re.sub(
        r"^name: .*$",
        # The copied name may still be another partner's ("ACSA COR audit tool").
        lambda _: f"name: {json.dumps(name)}  # of {tool_id}: edit as the tool says",
        mapping,
        count=1,
        flags=re.M,
    )
    return re.sub(
        r"^version: .*$",
        lambda _: f"version: {json.dumps(version)}  # of {tool_id}: edit as the tool says",
        mapping,
        count=1,
        flags=re.M,
    )


PYPROJECT = """\
[build-system]
requires = ["setuptools>=69"]
build-backend = "setuptools.build_meta"

[project]
name = "{distribution}"
version = "0.1.0"
description = "evidencekit plugin: the audit tool {tool_id}."
readme = "README.md"
requires-python = ">=3.11"
dependencies = ["evidencekit"]

[project.optional-dependencies]
test = ["evidencekit[testing]"]

[project.entry-points.evidencekit]
{package} = "{package}"

[tool.setuptools.packages.find]
where = ["src"]

[tool.setuptools.package-data]
{package} = ["mappings/*.yaml"]

[tool.pytest.ini_options]
testpaths = ["tests"]
addopts = "-ra --import-mode=importlib"
"""

README = """\
# {distribution}

An evidencekit plugin that adds the audit tool `{tool_id}`, started from {origin} by
`evidencekit tools new`.

```sh
pip install .                 # into the environment that has evidencekit
evidencekit tools             # lists {tool_id}
evidencekit check FOLDER --tool {tool_id}
```

Edit `src/{package}/mappings/{tool_id}.yaml` (the format is in evidencekit's
`docs/plugins.md`; write requirements in your own words and list what is not confirmed
under `unverified`), then check it with `evidencekit tools validate FILE`.

Tests: `pip install 'evidencekit[testing]'`, then `pytest` in this folder.
"""

MODULE = '''\
"""evidencekit plugin: offers the audit tool {tool_id} (the mapping files in mappings/)."""

from __future__ import annotations

from pathlib import Path

from evidencekit import hookimpl

MAPPINGS = Path(__file__).parent / "mappings"


@hookimpl
def register_audit_tools(register):
    for path in sorted(MAPPINGS.glob("*.yaml")):
        register(path)
'''

TEMPLATE_TEST = '''\
"""The audit tool {tool_id}: its mapping validates and a small folder is mapped onto it."""

from pathlib import Path

import {package}
from evidencekit.testing import assert_evidence, evidence_folder, mapping_problems, run_check


def test_the_mapping_file_validates() -> None:
    assert mapping_problems({package}.MAPPINGS / "{tool_id}.yaml") == []


def test_a_signed_policy_is_linked_and_missing_minutes_are_found(tmp_path: Path) -> None:
    folder = evidence_folder(
        tmp_path / "evidence",
        """
        Policy/Health and safety policy.pdf: Health and safety policy | Signed 2026-09-01
        """,
    )
    result = run_check(folder, {package}, tool="{tool_id}", audit_date="2026-11-16")
    assert_evidence(
        result,
        links={{"{tool_id}-1.1": ["Policy/Health and safety policy.pdf"], "{tool_id}-1.2": []}},
        findings=[("missing-evidence", "{tool_id}-1.2")],
    )
'''

COPY_TEST = '''\
"""The audit tool {tool_id}: its mapping validates and a folder can be checked against it."""

from pathlib import Path

import {package}
from evidencekit.testing import evidence_folder, mapping_problems, run_check


def test_the_mapping_file_validates() -> None:
    assert mapping_problems({package}.MAPPINGS / "{tool_id}.yaml") == []


def test_a_folder_is_checked_against_the_tool(tmp_path: Path) -> None:
    folder = evidence_folder(
        tmp_path / "evidence",
        """
        Policy/Health and safety policy.pdf: Health and safety policy | Signed 2026-09-01
        """,
    )
    result = run_check(folder, {package}, tool="{tool_id}", audit_date="2026-11-16")
    assert result.report["tool"] == "{tool_id}"
    assert "Policy/Health and safety policy.pdf" in {{
        path for paths in result.links.values() for path in paths
    }}
    # Then pin what your tool should find: assert_evidence(result, links=..., findings=...)
'''

TEMPLATE_MAPPING = """\
# The audit tool {tool_id}, described as evidencekit data.
# Write every requirement in your own words, never the certifying partner's text.
schema: 1
id: {tool_id}
name: New audit tool
version: "0.1"
partner: Name of the certifying partner
program: COR
employees: {{min: 11}}
source: >-
  Where the structure comes from, and what was confirmed on the partner's public pages.
unverified:
  - Everything in this file until it is checked against the official tool.
audit_types:
  certification: {{overall_pass_pct: 80, element_min_pct: 50, documentation_window_months: 3}}
  maintenance: {{overall_pass_pct: 60, documentation_window_months: 12}}
sampling:
  source: Whose figures these are (the partner's own table, or another's published examples).
  interview_examples:
    - {{people: 5, at_least: 4}}
    - {{people: 50, at_least: 19}}
  sites:
    - {{up_to: 2, sample: 2}}
elements:
  - id: "1"
    name: Management leadership and commitment  # working name
    requirements:
      - id: {tool_id}-1.1
        summary: >-
          A written health and safety policy, signed and dated within the past year.
        points: 10
        verification: [documentation]
        evidence:
          doc_types: [policy]
          queries: ['"health and safety policy"']
          path_patterns: ['*safety policy*']
        max_age_months: 12
      - id: {tool_id}-1.2
        summary: >-
          Safety meetings are held monthly, with topics and attendees recorded.
        points: 10
        verification: [documentation]
        evidence:
          doc_types: [safety-meeting]
          queries: ['"safety meeting"', '"toolbox talk"']
          path_patterns: ['*toolbox*', '*safety meeting*']
        recurrence: monthly
"""
