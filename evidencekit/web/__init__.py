"""The local web front end (``evidencekit serve``): pages and a JSON API over the same
core the CLI calls, behind a token, for one consultant's client folders."""
