"""Lets ``python -m evidencekit`` run the command line."""

from evidencekit.cli import main

main()
