"""The README's two commands are what a new user and CI run."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def readme_commands() -> list[str]:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    return re.findall(r"```sh\n(.+?)\n```", text)


def test_the_readme_opens_with_the_main_job_and_the_tests() -> None:
    main_job, tests = readme_commands()[:2]
    assert "evidencekit check sample_evidence/" in main_job
    assert tests.endswith("pytest")


def test_ci_runs_exactly_the_readmes_test_command() -> None:
    ci_script = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert readme_commands()[1] in ci_script.splitlines()


def test_the_main_job_names_a_bundled_sample_folder() -> None:
    folder = re.search(r"check (sample_evidence/\S+)", readme_commands()[0]).group(1)
    assert (REPO / folder).is_dir()
