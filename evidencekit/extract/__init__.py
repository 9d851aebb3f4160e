"""Extraction: calling the extractor plugins, in worker processes under time and memory limits."""
