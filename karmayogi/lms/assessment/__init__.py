"""Assessment: the question bank, papers and their scoring, attempt rules, QuML import and adaptive tests.

The rule modules (items, bank, scoring, forms, results, attempts, quml, adaptive, calibration,
documents) are pure: plain dataclasses and numpy in and out, times and seeds passed in, so every
rule is tested without a database. The services that persist them stay thin: `question_store`
(the bank), `assessment_store` (forms), `sittings` (attempts) and `level_tests` (adaptive tests).
"""
