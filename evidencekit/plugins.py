"""Builds plugin managers: the built-in plugins, entry-point plugins and any extras.

A factory, not a global: every caller (the CLI, each extraction worker, each test) gets a
fresh manager. ``plugin_references`` and ``make_plugin_manager_from_references`` carry
one manager's exact plugin list into a worker process.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from types import ModuleType

import pluggy

from evidencekit import hookspecs
from evidencekit.errors import PluginError

BUILTIN_PLUGINS: tuple[str, ...] = (
    "evidencekit.builtins.pdf",
    "evidencekit.builtins.docx",
    "evidencekit.builtins.text",
    "evidencekit.builtins.whoosh_index",
    "evidencekit.builtins.classifier",
    "evidencekit.builtins.mappers",
    "evidencekit.builtins.audit_tools",
    "evidencekit.builtins.gap_rules",
)
#: Only these are imported ahead by the extraction workers' fork server.
EXTRACTION_PLUGINS = BUILTIN_PLUGINS[:3]

#: A plugin as it crosses into a worker: a module's import name, or a picklable object.
PluginReference = str | object


def make_plugin_manager(
    load_entrypoints: bool = True, extra: Iterable[object] = ()
) -> pluggy.PluginManager:
    """Return a new manager with the built-ins, entry-point plugins (optional) and ``extra``."""
    plugin_manager = _empty_manager()
    for module_name in BUILTIN_PLUGINS:
        plugin_manager.register(importlib.import_module(module_name), name=module_name)
    if load_entrypoints:
        plugin_manager.load_setuptools_entrypoints(hookspecs.PROJECT_NAME)
    for plugin in extra:
        plugin_manager.register(plugin, name=_readable_name(plugin))
    _check(plugin_manager)
    return plugin_manager


def plugin_references(plugin_manager: pluggy.PluginManager) -> list[PluginReference]:
    """Describe every registered plugin so that a worker process can register the same."""
    return [
        plugin.__name__ if isinstance(plugin, ModuleType) else plugin
        for plugin in plugin_manager.get_plugins()
    ]


def make_plugin_manager_from_references(
    references: Sequence[PluginReference],
) -> pluggy.PluginManager:
    """Rebuild, in another process, a manager holding exactly the referenced plugins."""
    plugin_manager = _empty_manager()
    for reference in references:
        if isinstance(reference, str):
            plugin_manager.register(importlib.import_module(reference), name=reference)
        else:
            plugin_manager.register(reference, name=_readable_name(reference))
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


def _check(plugin_manager: pluggy.PluginManager) -> None:
    try:
        plugin_manager.check_pending()
    except pluggy.PluginValidationError as error:
        raise PluginError(
            f"a plugin implements a hook evidencekit does not have: {error}"
        ) from error
