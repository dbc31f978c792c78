"""Assessment: the question bank, papers and their scoring, attempt rules, QuML import and adaptive tests.

These modules are pure (plain dataclasses and numpy in and out, times and seeds passed in), so the
services that persist banks and attempts stay thin and every rule can be tested without a database.
"""
