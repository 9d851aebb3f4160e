"""The built-in plugins: extractors and the search index, registered like third-party ones.

Each module implements hooks from ``evidencekit.hookspecs`` marked ``trylast``, so a
plugin installed under the ``evidencekit`` entry-point group can take over a file type.
"""
