"""The sample evidence generator: the fictional companies, their documents, the file formats the
documents are written in, and the truth files that say what each sample holds.

``scripts/generate_samples.py`` is its command line; README.md beside this file maps the modules.
"""
