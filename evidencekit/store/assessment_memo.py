"""A folder's assessments, remembered with a digest of everything they were derived from.

An assessment with nothing changed since the last one is the same assessment, and
deriving it again maps every document onto every requirement: on a large drive most of a
``check``. Each readiness is kept in the catalog under the digest of its inputs, and the
next assessment with the same digest reads it back. The digest covers:

- the catalog as analysed: its change count grows with every change to a file's path or
  content, its extraction, its facts and the user's corrections of links and readings
  (store/schema.py);
- the search index it was mapped with: its backend and the catalog's count of its commits;
- what is assessed: the audit tool (all of it: the rules not yet in force are named in
  the result), the audit type, the audit date, the company profile, and what the scan
  could not take in;
- the code that derived it: evidencekit's own modules and every plugin, by distribution,
  version and the time each file of its package was written; a plugin object registered
  directly in a process only for that object in that process.

An assessment a plugin failed in, or one that cannot be pickled, is not kept: the next one
derives it again.
"""

from __future__ import annotations

import dataclasses
import functools
import gzip
import hashlib
import io
import itertools
import pickle
import sys
import uuid
import weakref
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path
from types import ModuleType

import pluggy

from evidencekit.assess.readiness import PLUGIN_FAILED
from evidencekit.audit_tools.in_force import written_after
from evidencekit.models import AuditTool, AuditType, DocumentFacts, Readiness
from evidencekit.plugins import describe_plugins
from evidencekit.profile.model import CompanyProfile
from evidencekit.store.catalog import Catalog

#: Bumped when what a remembered readiness holds changes shape.
MEMO_VERSION = "1"
#: Assessments kept per folder: a consultant alternates a few (a certification and a
#: maintenance audit, two audit dates) and each is about 2 MB at 100,000 documents.
KEPT = 3
#: gzip's fastest level: the pickled readiness is mostly repeated paths and words.
_COMPRESSION_LEVEL = 1


def assessment_inputs(
    catalog: Catalog,
    index_name: str,
    plugin_manager: pluggy.PluginManager,
    tool: AuditTool,
    audit_type: AuditType,
    audit_date: date,
    profile: CompanyProfile,
    left_out: tuple[tuple[str, str], ...],
    change_count: int,
) -> str:
    """The digest of everything an assessment is derived from (the module's list);
    ``change_count`` is the catalog's once its facts are up to date."""
    parts = (
        MEMO_VERSION,
        code_fingerprint(plugin_manager),
        str(change_count),
        index_name,
        str(catalog.index_generation()),
        repr(tool),
        repr(audit_type),
        audit_date.isoformat(),
        repr(profile),
        repr(left_out),
    )
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


def remembered_readiness(
    catalog: Catalog, inputs: str, documents: Callable[[], list[DocumentFacts]]
) -> Readiness | None:
    """The readiness derived from ``inputs``, when it was kept and can still be read.
    ``documents`` gives the catalog's facts, which it was derived from: they are not kept
    twice."""
    packed = catalog.remembered_assessment(inputs)
    if packed is None:
        return None
    try:
        # The catalog's own data, written by remember_readiness below, never imported
        # from elsewhere. Anything unreadable is simply derived again.
        with gzip.GzipFile(fileobj=io.BytesIO(packed), mode="rb") as stream:
            kept = pickle.load(stream)  # streamed: never the whole pickle in memory
    except Exception:  # a memo that cannot be read is no memo
        return None
    if not isinstance(kept, Readiness):
        return None
    # The assessment saw the documents that existed on its audit date (evidence_map_as_of).
    facts = tuple(documents())
    later = written_after(replace(kept.evidence_map, documents=facts), kept.audit_date)
    seen = tuple(document for document in facts if document.path not in later)
    return replace(kept, evidence_map=replace(kept.evidence_map, documents=seen))


def remember_readiness(catalog: Catalog, inputs: str, readiness: Readiness) -> None:
    """Keep ``readiness`` under ``inputs``, unless a plugin failed while deriving it; its
    documents' facts are the catalog's, and are left there."""
    if any(finding.kind == PLUGIN_FAILED for finding in readiness.findings):
        return  # a mapper's failure is reported as one too
    kept = replace(readiness, evidence_map=replace(readiness.evidence_map, documents=()))
    packed = io.BytesIO()
    try:
        with gzip.GzipFile(fileobj=packed, mode="wb", compresslevel=_COMPRESSION_LEVEL) as stream:
            _CompactPickler(stream, pickle.HIGHEST_PROTOCOL).dump(kept)
    except (pickle.PicklingError, TypeError, AttributeError):
        return  # a plugin's finding of a class defined in a function: derived each time
    catalog.remember_assessment(inputs, packed.getvalue(), KEPT)


class _CompactPickler(pickle.Pickler):
    """Pickles evidencekit's dataclasses as their field values, their strings interned.

    Read back by the default, an instance gets a ``__dict__`` of its own (twice its
    size), and each link its own copy of the rule it fired by: 430 MB for the assessment
    of 100,000 documents against 200 MB as derived. Rebuilt by their ``__init__``, they
    are as derived.
    """

    def reducer_override(self, obj: object) -> object:
        names = _field_names(type(obj))
        if names is None:
            return NotImplemented
        return type(obj), tuple(_interned(getattr(obj, name)) for name in names)


def _interned(value: object) -> object:
    return sys.intern(value) if type(value) is str else value


@functools.cache
def _field_names(kind: type) -> tuple[str, ...] | None:
    """The fields of one of evidencekit's dataclasses whose ``__init__`` takes them all
    and does nothing else, else ``None``."""
    if not dataclasses.is_dataclass(kind) or not kind.__module__.startswith("evidencekit."):
        return None
    fields = dataclasses.fields(kind)
    if hasattr(kind, "__post_init__") or not all(field.init for field in fields):
        return None
    return tuple(field.name for field in fields)


def code_fingerprint(plugin_manager: pluggy.PluginManager) -> str:
    """evidencekit's modules and the registered plugins, as what a change to them changes."""
    plugins = []
    for info in describe_plugins(plugin_manager):
        plugin = plugin_manager.get_plugin(info.name)
        if info.source == "registered directly":
            plugins.append(f"{info.name} {_this_process_number(plugin)}")
        elif not info.source.endswith("(built-in)"):
            plugins.append(f"{info.name} [{info.source}] {_package_written(plugin)}")
    return f"{_core_written()}\n" + "\n".join(sorted(plugins))


@functools.cache
def _core_written() -> str:
    """evidencekit's version and when each of its modules was last written (a change
    made while developing derives everything again)."""
    from evidencekit import __version__

    return f"{__version__} {_written(Path(__file__).resolve().parent.parent)}"


def _package_written(plugin: object) -> str:
    """When each module of the package ``plugin`` comes from was last written: a plugin's
    helper modules decide as much as the module that registers it."""
    module = plugin if isinstance(plugin, ModuleType) else sys.modules.get(type(plugin).__module__)
    top = sys.modules.get((getattr(module, "__name__", "") or "").partition(".")[0])
    path = getattr(top, "__file__", None)
    if not path:
        return "unknown"
    location = Path(path)
    return _written(location.parent if location.name == "__init__.py" else location)


def _written(location: Path) -> str:
    """A digest of when each Python file at ``location`` (a file, or a folder and those
    below it) was last written."""
    try:
        files = sorted(location.rglob("*.py")) if location.is_dir() else [location]
        written = [(str(path), path.stat().st_mtime_ns) for path in files]
    except OSError:
        return "unknown"
    return hashlib.sha256(repr(written).encode()).hexdigest()


#: A plugin object registered in this process (by a test, or a program that embeds
#: evidencekit) is known by a number no other object, here or in another process, gets:
#: what it does cannot be told from its files.
_PROCESS = uuid.uuid4().hex
_DIRECT_PLUGINS: weakref.WeakKeyDictionary[object, int] = weakref.WeakKeyDictionary()
_NUMBERS = itertools.count(1)


def _this_process_number(plugin: object) -> str:
    try:
        number = _DIRECT_PLUGINS.setdefault(plugin, next(_NUMBERS))
    except TypeError:  # it cannot be referred to weakly: never the same
        number = next(_NUMBERS)
    return f"{_PROCESS}-{number}"
