"""The YAML loaders that read audit tool files: dates kept as text, by libyaml's parser
where PyYAML has it (about ten times faster) and by the pure parser otherwise."""

from __future__ import annotations

from typing import Any, ClassVar

import yaml


class DatesAsTextLoader(yaml.SafeLoader):
    """A safe loader that keeps ``2024-01-01`` as text: the schema checks dates as
    YYYY-MM-DD text, quoted or not."""

    yaml_implicit_resolvers: ClassVar = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }


if hasattr(yaml, "CSafeLoader"):

    class DatesAsTextCLoader(yaml.CSafeLoader):
        """``DatesAsTextLoader`` with libyaml's parser."""

        yaml_implicit_resolvers: ClassVar = DatesAsTextLoader.yaml_implicit_resolvers

else:
    DatesAsTextCLoader = None


def parsed_by_libyaml(text: str) -> tuple[yaml.Node, Any] | None:
    """The node tree and data by libyaml's parser (about ten times faster: every command
    that checks reads the tool files), or ``None`` where it is not installed or finds
    fault: the pure parser then reads the file again to say precisely what is wrong."""
    if DatesAsTextCLoader is None:
        return None
    loader = DatesAsTextCLoader(text)
    try:
        root = loader.get_single_node()
        data = None if root is None else loader.construct_document(root)
    except yaml.YAMLError:
        return None
    finally:
        loader.dispose()
    return None if root is None else (root, data)
