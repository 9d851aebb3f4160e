"""Commands of the ``evidencekit`` command line kept in their own modules; importing one
attaches its commands to the ``cli`` group."""
