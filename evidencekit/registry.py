"""Collects what plugins register through ``register_*`` hooks, naming who registered what.

The core owns these registries: it calls each plugin's hook with its own ``register``
function, so every entry records its plugin, and a name registered twice is refused with
both plugins named.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import pluggy

from evidencekit.errors import EvidenceKitError, PluginError

Value = TypeVar("Value")


@dataclass(frozen=True)
class Registration(Generic[Value]):
    name: str
    value: Value
    plugin: str


def collect_registrations(
    plugin_manager: pluggy.PluginManager,
    hook_name: str,
    describe: Callable[..., tuple[str, Any]],
    offer: Callable[[Callable[..., None]], Any] = lambda register: register,
    leave_out: Callable[[str, Exception], bool] | None = None,
) -> dict[str, Registration]:
    """Call every implementation of ``hook_name`` in call order and gather what it registers.

    ``describe`` turns the arguments a plugin passes to ``register`` into ``(name, value)``.
    ``offer`` makes what the hook passes the plugin from that ``register`` function (by
    default the function itself; ``register_commands`` passes a click group).
    ``leave_out(plugin, error)``, when given and true for a plugin that failed, drops what
    that plugin registered and goes on with the others instead of failing the run.
    """
    registrations: dict[str, Registration] = {}
    hook = getattr(plugin_manager.hook, hook_name)
    for implementation in reversed(hook.get_hookimpls()):

        def register(*args: Any, _plugin: str = implementation.plugin_name) -> None:
            name, value = describe(*args)
            if name in registrations:
                raise PluginError(
                    f"{hook_name}: {name!r} is registered by both "
                    f"{registrations[name].plugin} and {_plugin}"
                )
            registrations[name] = Registration(name, value, _plugin)

        before = set(registrations)
        try:
            implementation.function(offer(register))
        except Exception as error:
            if leave_out is not None and leave_out(implementation.plugin_name, error):
                for name in set(registrations) - before:
                    del registrations[name]
                continue
            if isinstance(error, EvidenceKitError):
                raise
            # A broken plugin is named, not left to a traceback.
            raise PluginError(
                f"plugin {implementation.plugin_name} failed in {hook_name}: "
                f"{type(error).__name__}: {error}"
            ) from error
    return registrations
