"""The parts of ``bench_core.py``: the generated folders (``folders``), the floor of bare
libraries (``floor``), running evidencekit as a user does and following its processes
(``runs``), and the figures with the page they make (``page``).

Importing it puts the repository and its sample generator on the import path, as the
benchmarks run as scripts from a checkout.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
for _path in (REPO / "scripts", REPO):
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))
