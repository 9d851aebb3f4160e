"""Builds plugin managers: the built-in plugins, entry-point plugins and any extras.

A factory, not a global: every caller (the CLI, each extraction worker, each test) gets a
fresh manager. ``plugin_references`` and ``make_plugin_manager_from_references`` carry
one manager's exact plugin list into a worker process.

The built-ins whose modules are costly to import (Whoosh, the classifier's patterns, the
gap rules with the program's modules) are registered as a ``DeferredBuiltin``: it names
the hooks its module implements and imports the module the first time one is called, so
that ``--help`` or a scan with nothing to read never pays for them.
"""

from __future__ import annotations

import contextlib
import difflib
import importlib
import importlib.metadata
import inspect
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pluggy

from evidencekit import hookspecs
from evidencekit.errors import PluginError

if TYPE_CHECKING:
    from evidencekit.document_models import Classification, DocumentText, ExtractionLimits

BUILTIN_PLUGINS: tuple[str, ...] = (
    "evidencekit.builtins.pdf",
    "evidencekit.builtins.docx",
    "evidencekit.builtins.text",
    "evidencekit.builtins.whoosh_index",
    "evidencekit.builtins.classifier",
    "evidencekit.builtins.mappers",
    "evidencekit.builtins.audit_tools",
    "evidencekit.builtins.gap_rules",
    "evidencekit.builtins.reports",
)
#: Only these are imported ahead by the extraction workers' fork server.
EXTRACTION_PLUGINS = BUILTIN_PLUGINS[:3]
#: The built-ins registered deferred, with the hooks each implements (all ``trylast``):
#: importing them costs more than a small command's whole work.
DEFERRED_BUILTINS: dict[str, tuple[str, ...]] = {
    "evidencekit.builtins.pdf": ("file_types", "extract_document"),
    "evidencekit.builtins.text": ("file_types", "extract_document"),
    "evidencekit.builtins.whoosh_index": ("open_search_index",),
    "evidencekit.builtins.classifier": ("classify_document",),
    "evidencekit.builtins.mappers": ("register_mappers",),
    "evidencekit.builtins.gap_rules": ("register_gap_rules",),
}

#: A plugin as it crosses into a worker: a module's import name, or a picklable object.
PluginReference = str | object


def make_plugin_manager(
    load_entrypoints: bool = True, extra: Iterable[object] = ()
) -> pluggy.PluginManager:
    """Return a new manager with the built-ins, entry-point plugins (optional) and ``extra``."""
    plugin_manager = _empty_manager()
    for module_name in BUILTIN_PLUGINS:
        plugin_manager.register(builtin_plugin(module_name), name=module_name)
    if load_entrypoints:
        _load_entrypoint_plugins(plugin_manager)
    for plugin in extra:
        _register(plugin_manager, plugin, _readable_name(plugin))
    _check(plugin_manager)
    return plugin_manager


def builtin_plugin(module_name: str) -> object:
    """The built-in plugin ``module_name``: its module, or a ``DeferredBuiltin`` for it."""
    hooks = DEFERRED_BUILTINS.get(module_name)
    if hooks is None:
        return importlib.import_module(module_name)
    return DeferredBuiltin(module_name, hooks)


class DeferredBuiltin:
    """Stands in for a built-in plugin module: offers the hooks it implements, with the
    same signatures and options, and imports the module when one of them is first called.
    """

    def __init__(self, module_name: str, hooks: Sequence[str]) -> None:
        self.module_name = module_name
        for hook in hooks:
            setattr(self, hook, _DEFERRED_HOOKS[hook](self))

    @property
    def module(self) -> ModuleType:
        return importlib.import_module(self.module_name)

    def __repr__(self) -> str:
        return f"<deferred {self.module_name}>"


def _deferred_file_types(plugin: DeferredBuiltin) -> Any:
    @hookspecs.hookimpl(trylast=True)
    def file_types() -> object:
        return plugin.module.file_types()

    return file_types


def _deferred_extract_document(plugin: DeferredBuiltin) -> Any:
    @hookspecs.hookimpl(trylast=True)
    def extract_document(path: Path, file_type: str, limits: ExtractionLimits) -> object:
        return plugin.module.extract_document(path, file_type, limits)

    return extract_document


def _deferred_open_search_index(plugin: DeferredBuiltin) -> Any:
    @hookspecs.hookimpl(trylast=True)
    def open_search_index(location: Path) -> object:
        return plugin.module.open_search_index(location)

    return open_search_index


def _deferred_classify_document(plugin: DeferredBuiltin) -> Any:
    @hookspecs.hookimpl(trylast=True)
    def classify_document(document: DocumentText) -> Classification | None:
        return plugin.module.classify_document(document)

    return classify_document


def _deferred_register_mappers(plugin: DeferredBuiltin) -> Any:
    @hookspecs.hookimpl(trylast=True)
    def register_mappers(register: Any) -> None:
        plugin.module.register_mappers(register)

    return register_mappers


def _deferred_register_gap_rules(plugin: DeferredBuiltin) -> Any:
    @hookspecs.hookimpl(trylast=True)
    def register_gap_rules(register: Any) -> None:
        plugin.module.register_gap_rules(register)

    return register_gap_rules


#: Each hook a built-in may be deferred for: the stand-in, with the hook's own signature
#: (pluggy passes a hook's arguments by the names its implementation declares).
_DEFERRED_HOOKS = {
    "file_types": _deferred_file_types,
    "extract_document": _deferred_extract_document,
    "open_search_index": _deferred_open_search_index,
    "classify_document": _deferred_classify_document,
    "register_mappers": _deferred_register_mappers,
    "register_gap_rules": _deferred_register_gap_rules,
}


def _reference_of(plugin: object) -> PluginReference:
    if isinstance(plugin, ModuleType):
        return plugin.__name__
    if isinstance(plugin, DeferredBuiltin):
        return plugin.module_name
    return plugin


def plugin_references(plugin_manager: pluggy.PluginManager) -> list[PluginReference]:
    """Describe the extraction plugins so that a worker process can register the same.

    A worker calls only ``extract_document``, so only plugins implementing it go: a gap
    rule or a classifier need not be importable by name or picklable (one defined in a
    test, one holding a lambda), and importing the rest (the index, the classifier, the
    audit tools) cost each worker about half a second of start-up. Registration order is
    kept, since it decides between extractors of equal priority.
    """
    extractors = {
        id(implementation.plugin)
        for implementation in plugin_manager.hook.extract_document.get_hookimpls()
    }
    return [
        _reference_of(plugin)
        for _, plugin in plugin_manager.list_name_plugin()
        if id(plugin) in extractors
    ]


def analysis_references(plugin_manager: pluggy.PluginManager) -> list[str] | None:
    """The classifier plugins as import names, for workers that analyse what they extract;
    ``None`` when one of them is not a module (defined in a test, say): then the parent
    analyses, as it can ask every plugin."""
    references = []
    for implementation in plugin_manager.hook.classify_document.get_hookimpls():
        reference = _reference_of(implementation.plugin)
        if not isinstance(reference, str):
            return None
        references.append(reference)
    return references


def analysis_fingerprint(plugin_manager: pluggy.PluginManager) -> str:
    """The analysing (classifier) plugins and their versions, as one line: stored facts
    are kept while it stays the same."""
    return "; ".join(
        f"{info.name} [{info.source}]"
        for info in sorted(describe_plugins(plugin_manager), key=lambda info: info.name)
        if "classify_document" in info.hooks
    )


def make_plugin_manager_from_references(
    references: Sequence[PluginReference],
) -> pluggy.PluginManager:
    """Rebuild, in another process, a manager holding exactly the referenced plugins."""
    plugin_manager = _empty_manager()
    for reference in references:
        if isinstance(reference, str) and plugin_manager.has_plugin(reference):
            continue  # An extractor that also classifies is referenced twice.
        if isinstance(reference, str):
            _register(plugin_manager, importlib.import_module(reference), reference)
        else:
            _register(plugin_manager, reference, _readable_name(reference))
    _check(plugin_manager)
    return plugin_manager


def plugin_that_raised(hook: pluggy.HookCaller, error: BaseException) -> str | None:
    """The name of the plugin whose implementation of ``hook`` raised ``error``, if one did.

    pluggy passes the exception on without saying whose it was; the traceback still holds
    the implementation's frame.
    """
    names = {_code_of(impl.function): impl.plugin_name for impl in hook.get_hookimpls()}
    entry = error.__traceback__
    while entry is not None:
        name = names.get(entry.tb_frame.f_code)
        if name is not None:
            return name
        entry = entry.tb_next
    return None


def _code_of(function: object) -> object:
    return getattr(getattr(function, "__func__", function), "__code__", None)


@dataclass(frozen=True)
class PluginInfo:
    """One registered plugin as ``evidencekit plugins`` lists it."""

    name: str
    source: str
    hooks: tuple[str, ...]


def describe_plugins(plugin_manager: pluggy.PluginManager) -> list[PluginInfo]:
    """List every registered plugin, built-ins included, with the distribution it came from."""
    distributions = {
        id(plugin): f"{dist.project_name} {dist.version}"
        for plugin, dist in plugin_manager.list_plugin_distinfo()
    }
    infos = []
    for plugin in plugin_manager.get_plugins():
        name = plugin_manager.get_name(plugin) or repr(plugin)
        if name in BUILTIN_PLUGINS:
            from evidencekit import __version__

            source = f"evidencekit {__version__} (built-in)"
        else:
            source = distributions.get(id(plugin), "registered directly")
        hooks = tuple(sorted(caller.name for caller in plugin_manager.get_hookcallers(plugin)))
        infos.append(PluginInfo(name=name, source=source, hooks=hooks))
    return sorted(infos, key=lambda info: (info.source.endswith("(built-in)"), info.name))


def extraction_plugins_fingerprint(plugin_manager: pluggy.PluginManager) -> str:
    """The extraction plugins and their versions, as one line: when it differs from the
    last scan's, files nothing could read before are worth trying again."""
    return "; ".join(
        f"{info.name} [{info.source}]"
        for info in sorted(describe_plugins(plugin_manager), key=lambda info: info.name)
        if "extract_document" in info.hooks
    )


def _readable_name(plugin: object) -> str:
    """``module.Class`` for an object (pluggy would use its id), ``module`` for a module."""
    if isinstance(plugin, ModuleType):
        return plugin.__name__
    kind = type(plugin)
    return f"{kind.__module__}.{kind.__qualname__}"


def _empty_manager() -> pluggy.PluginManager:
    plugin_manager = pluggy.PluginManager(hookspecs.PROJECT_NAME)
    plugin_manager.add_hookspecs(hookspecs)
    return plugin_manager


def _register(plugin_manager: pluggy.PluginManager, plugin: object, name: str) -> None:
    try:
        plugin_manager.register(plugin, name=name)
    except pluggy.PluginValidationError as error:
        raise PluginError(_explain_invalid(plugin, name, "registered directly")) from error


def _load_entrypoint_plugins(plugin_manager: pluggy.PluginManager) -> None:
    """Load the installed plugins; a broken one is named with its distribution and the fix.

    pluggy raises a bare validation error (or the plugin's own import error) without
    saying which installed distribution is at fault; the user needs that to act on it.
    """
    try:
        plugin_manager.load_setuptools_entrypoints(hookspecs.PROJECT_NAME)
    except pluggy.PluginValidationError as error:
        name, distribution = _entry_point_of(error.plugin)
        raise PluginError(_explain_invalid(error.plugin, name, distribution)) from error
    except Exception as error:  # The plugin's module fails to import: name it, not a traceback.
        name, distribution = _entry_point_failing_to_load()
        raise PluginError(
            f"plugin {name} (distribution {distribution}) fails to load: "
            f"{type(error).__name__}: {error}. Fix: upgrade or uninstall it "
            f"(pip uninstall {distribution.split()[0]})"
        ) from error


def _entry_points() -> Iterable[tuple[importlib.metadata.EntryPoint, str]]:
    for dist in importlib.metadata.distributions():
        for entry_point in dist.entry_points:
            if entry_point.group == hookspecs.PROJECT_NAME:
                yield entry_point, f"{dist.metadata['Name']} {dist.version}"


def _entry_point_of(plugin: object) -> tuple[str, str]:
    for entry_point, distribution in _entry_points():
        with contextlib.suppress(Exception):
            if entry_point.load() is plugin:
                return entry_point.name, distribution
    return _readable_name(plugin), "unknown"


def _entry_point_failing_to_load() -> tuple[str, str]:
    for entry_point, distribution in _entry_points():
        try:
            entry_point.load()
        except Exception:
            return entry_point.name, distribution
    return "(unknown)", "unknown"


def _distribution_of(plugin_manager: pluggy.PluginManager, plugin: object) -> str:
    for loaded, dist in plugin_manager.list_plugin_distinfo():
        if loaded is plugin:
            return f"distribution {dist.project_name} {dist.version}"
    return "registered directly"


def _explain_invalid(plugin: object, name: str, origin: str) -> str:
    """What is wrong with each of ``plugin``'s hook implementations, and how to fix it."""
    problems = []
    for attribute in dir(plugin):
        function = getattr(plugin, attribute, None)
        if not callable(function) or not hasattr(function, f"{hookspecs.PROJECT_NAME}_impl"):
            continue
        spec = getattr(hookspecs, attribute, None)
        if spec is None or not hasattr(spec, f"{hookspecs.PROJECT_NAME}_spec"):
            problems.append(_unknown_hook(attribute))
            continue
        passed = list(inspect.signature(spec).parameters)
        asked = [
            parameter.name
            for parameter in inspect.signature(function).parameters.values()
            if parameter.default is inspect.Parameter.empty
        ]
        extra = [argument for argument in asked if argument not in passed]
        if extra:
            problems.append(
                f"its {attribute} asks for {', '.join(extra)}, which the hook does not pass "
                f"(it passes: {', '.join(passed) or 'nothing'})"
            )
    where = origin if origin == "registered directly" else f"distribution {origin}"
    uninstall = (
        ""
        if origin in {"registered directly", "unknown"}
        else f", or uninstall it (pip uninstall {origin.split()[0]})"
    )
    return (
        f"plugin {name} ({where}) does not fit evidencekit's hooks: "
        f"{'; '.join(problems) or 'see the hooks in docs/plugins.md'}. Fix the plugin to "
        f"the signatures in evidencekit's docs/plugins.md{uninstall}"
    )


def _unknown_hook(attribute: str) -> str:
    hooks = [
        name
        for name in dir(hookspecs)
        if hasattr(getattr(hookspecs, name), f"{hookspecs.PROJECT_NAME}_spec")
    ]
    close = difflib.get_close_matches(attribute, hooks, n=1)
    hint = f" (did you mean {close[0]}?)" if close else ""
    return f"it implements {attribute}, an unknown hook{hint}"


def _check(plugin_manager: pluggy.PluginManager) -> None:
    try:
        plugin_manager.check_pending()
    except pluggy.PluginValidationError as error:
        plugin = error.plugin
        name = plugin_manager.get_name(plugin) or _readable_name(plugin)
        origin = _distribution_of(plugin_manager, plugin).removeprefix("distribution ")
        raise PluginError(_explain_invalid(plugin, name, origin)) from error
