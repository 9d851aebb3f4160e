"""Where the extraction workers start from: a fork server that has imported what they use.

Apart from the pool (``evidencekit.extract.pool``, which brings in pebble and more) so
that a command about to read a new folder can start the server first thing, before it
loads the rest of itself: the server's imports (about 0.3 s) then run beside the
command's own instead of after them.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.context

from evidencekit.plugins import EXTRACTION_PLUGINS

#: Imported ahead by the fork server, as the extractors are: every worker analyses.
ANALYSIS_MODULES = ("evidencekit.analyse.facts", "evidencekit.builtins.classifier")
#: What the built-in extractors import on their first file (each worker imported
#: python-docx for itself).
EXTRACTION_LIBRARIES = ("evidencekit.builtins.docx_reading", "pypdfium2")


def worker_process_context() -> multiprocessing.context.BaseContext:
    # Forking a parent that holds threads, SQLite and index handles is unsafe; a fork
    # server that has imported only the extractors starts workers quickly and cleanly.
    # The built-in extractors import their libraries on first use; imported here, once,
    # the workers inherit them (a preload that is not installed is skipped).
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(
            [*EXTRACTION_PLUGINS, *ANALYSIS_MODULES, *EXTRACTION_LIBRARIES]
        )
        return context
    return multiprocessing.get_context("spawn")


def start_worker_server() -> None:
    """Start the fork server now, without waiting for it: workers asked for later start
    from it as soon as it has imported what they use. Nothing if workers do not start
    from a fork server here; a server that cannot start is the pool's to report."""
    import multiprocessing.forkserver

    context = worker_process_context()
    if context.get_start_method() == "forkserver":
        with contextlib.suppress(OSError):
            multiprocessing.forkserver.ensure_running()
