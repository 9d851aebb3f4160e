"""Audit tool versions as data: the mapping files, their schema and validation, the
installed tools, comparing two versions, and the skeleton of a new tool's plugin."""
