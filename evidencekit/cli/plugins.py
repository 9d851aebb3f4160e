"""``evidencekit plugins``: every plugin, built-ins included, with where it came from."""

from __future__ import annotations

from dataclasses import asdict

import click

from evidencekit.cli.options import json_option, plugin_manager, print_json
from evidencekit.plugins import describe_plugins


@click.command()
@json_option
def plugins(as_json: bool) -> None:
    """List every plugin, built-ins included, with where it came from and its hooks."""
    infos = describe_plugins(plugin_manager())
    if as_json:
        print_json([asdict(info) for info in infos])
        return
    for info in infos:
        click.echo(f"{info.name}  [{info.source}]")
        click.echo(f"    hooks: {', '.join(info.hooks)}")


COMMANDS = (plugins,)
