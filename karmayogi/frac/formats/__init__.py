"""Reading and writing a FRAC in outside formats: native JSON, 1EdTech CASE, ESCO and mapping sheets.

Every reader checks the whole input before it returns anything: an upload either becomes a whole
`Framework` (or a whole list of rows) or is refused with every problem found, so a person can fix
the file in one pass and nothing half-imported ever reaches the database.
"""

from __future__ import annotations

from collections.abc import Iterable


class FormatError(ValueError):
    """The input cannot be read; `problems` names each offending item (row, identifier or path)."""

    def __init__(self, problems: Iterable[str], *, what: str = "input") -> None:
        self.problems: list[str] = list(problems) or ["unknown problem"]
        count = len(self.problems)
        heading = f"{what} has {count} problem{'s' if count != 1 else ''}:"
        super().__init__("\n".join([heading, *(f"- {p}" for p in self.problems)]))


__all__ = ["FormatError"]
