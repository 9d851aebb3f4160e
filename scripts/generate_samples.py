"""Generate the sample evidence folders, their truth files, and mixed corpora for benchmarks.

Owns ``sample_evidence/<company>/`` for the two fictional companies, the files
``sample_evidence/truth/<company>.yaml`` and ``sample_evidence/README.md``: every one of
them is rewritten by the ``samples`` package beside this script from the companies' plans
(``samples/companies/*.yaml``) and the words in ``sample_content.yaml``, never edited by
hand. The same document builders and writers also
serve ``samples.corpus.generate_mixed_corpus``, which fills a folder with throwaway evidence
for speed and search benchmarks.

Run: ``python scripts/generate_samples.py [--out DIR]``.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parent
# Tests and benchmarks load this file by its path; the package beside it must import all the same.
if str(SCRIPTS) not in sys.path:
    sys.path.insert(0, str(SCRIPTS))

from samples.plan_files import company_samples  # noqa: E402
from samples.truth import write_company_sample, write_readme  # noqa: E402

DEFAULT_OUT = SCRIPTS.parent / "sample_evidence"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Regenerate the sample company evidence folders, truth files and README."
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=DEFAULT_OUT,
        help=f"folder to write into (default: {DEFAULT_OUT})",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    samples = company_samples()
    for sample in samples:
        write_company_sample(args.out, sample)
        print(f"{sample.company.slug}: {len(sample.documents)} documents, {len(sample.gaps)} gaps")
    write_readme(args.out / "README.md", samples)
    print(f"written to {args.out} in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
