"""The kinds of document a sample company keeps, one builder each, grouped by what they record.

Each builder takes (company, day, rng) and optional specifics; without them it picks its own,
which is how the benchmark corpus reuses every builder.
"""
