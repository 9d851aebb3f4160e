"""Which analysis the catalog's facts are of: the rules' version and the classifier
plugins with their versions.

Kept apart from the rules themselves so that a scan's parent process, which only files
away the facts its workers found, never imports (and compiles) the rules.
"""

from __future__ import annotations

import pluggy

from evidencekit.plugins import analysis_fingerprint
from evidencekit.store.catalog import Catalog

# Bump when the date rules, the content rules or the built-in classifier change what they
# return.
FACTS_VERSION = 30


def analysis_signature(plugin_manager: pluggy.PluginManager) -> str:
    """This analysis: the rules' version and the classifier plugins with their versions."""
    return f"{FACTS_VERSION}:{analysis_fingerprint(plugin_manager)}"


def keep_facts_of(catalog: Catalog, signature: str) -> None:
    """Make the catalog's facts those of the analysis ``signature`` names: all are
    forgotten when they were found by another one."""
    if catalog.get_meta("facts_signature") != signature:
        catalog.forget_all_facts()
        catalog.set_meta("facts_signature", signature)
