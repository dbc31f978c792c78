"""FRAC persistence and workflow: the working copy, its two-tier review, and published versions."""
