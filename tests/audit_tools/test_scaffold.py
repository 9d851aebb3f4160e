"""`evidencekit tools new`: a skeleton that validates and passes its own tests untouched."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from evidencekit.testing import mapping_problems


def run_own_tests(distribution: Path) -> subprocess.CompletedProcess:
    """The skeleton's tests as its author runs them, with the package importable."""
    env = {**os.environ, "PYTHONPATH": str(distribution / "src")}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=distribution,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize("origin", [(), ("--from", "acsa-cor-2019")])
def test_the_skeleton_validates_and_passes_its_own_tests(run_cli, tmp_path: Path, origin) -> None:
    target = tmp_path / "new-tool"
    result = run_cli("tools", "new", "acme-cor-2027", *origin, "--dir", target, with_state=False)
    assert result.exit_code == 0, result.output
    assert "Next: pip install" in result.output
    package = target / "src" / "evidencekit_acme_cor_2027"
    assert mapping_problems(package / "mappings" / "acme-cor-2027.yaml") == []
    pyproject = (target / "pyproject.toml").read_text()
    assert 'evidencekit_acme_cor_2027 = "evidencekit_acme_cor_2027"' in pyproject
    assert (target / "README.md").is_file()
    outcome = run_own_tests(target)
    assert outcome.returncode == 0, outcome.stdout + outcome.stderr
    assert "2 passed" in outcome.stdout


def test_from_copies_the_installed_tool_under_the_new_id(run_cli, tmp_path: Path) -> None:
    target = tmp_path / "copy"
    run_cli(
        "tools",
        "new",
        "acsa-cor-2027",
        "--from",
        "acsa-cor-2019",
        "--dir",
        target,
        with_state=False,
    )
    text = (target / "src/evidencekit_acsa_cor_2027/mappings/acsa-cor-2027.yaml").read_text()
    assert "\nid: acsa-cor-2027\n" in text
    assert "id: acsa-cor-2019" not in text
    assert "cor2019-5.3" in text  # the requirements come along
    # The copied name and version are the new tool's to edit, and say so.
    assert '\nname: "ACSA COR audit tool"  # of acsa-cor-2027: edit as the tool says\n' in text
    assert '\nversion: "2027"  # of acsa-cor-2027: edit as the tool says\n' in text


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["Bad_Id"], "'Bad_Id' is not a tool id"),
        (["acsa-cor-2019"], "audit tool 'acsa-cor-2019' is already installed"),
        (["acme-1", "--from", "nope"], "--from nope: no such installed audit tool"),
        (["acme-1", "--dir", "EXISTING"], "already exists; choose another --dir"),
    ],
)
def test_bad_input_is_a_message_and_nothing_is_written(
    run_cli, tmp_path: Path, arguments: list[str], message: str
) -> None:
    existing = tmp_path / "existing"
    existing.mkdir()
    arguments = [str(existing) if word == "EXISTING" else word for word in arguments]
    if "--dir" not in arguments:
        arguments += ["--dir", str(tmp_path / "new")]
    result = run_cli("tools", "new", *arguments, with_state=False)
    assert result.exit_code == 2
    assert message in result.stderr
    assert sorted(path.name for path in tmp_path.iterdir()) == ["existing"]
    assert list(existing.iterdir()) == []
