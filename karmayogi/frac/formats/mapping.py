"""Bulk upload of which competencies, at which level, each designation's roles need, from the CSV or
Excel sheet an HR cell keeps.

Columns (header in row 1, any order, case and spacing ignored, other columns ignored):
``designation``, ``role``, ``competency``, ``level`` and optionally ``weight``.

- ``competency`` is matched by name against the framework, ignoring case and runs of spaces; a name
  that matches nothing gets the closest existing name as a suggestion; a retired competency is
  refused; a name shared by several live competencies is refused as ambiguous.
- ``level`` is a level number of the framework's scale (``3``, or ``3.0`` as spreadsheets write it)
  or a level's name (``Advanced``).
- ``weight`` is the importance in (0, 1]. A blank or absent weight is 0.5, "an ordinary part of the
  role": the sheet did not say the competency is critical, and 1.0 would rank every unweighted row
  as critical as the ones an officer took care to mark.
- Two rows for the same designation, role and competency are refused, since the sheet cannot say
  which level it meant.

Rows are numbered as the spreadsheet shows them (the header is row 1; a cell with line breaks is
still one row). Any bad row fails the whole upload with every problem listed; nothing is returned.
``.xlsx`` needs the optional package ``openpyxl``; without it an ``.xlsx`` upload is refused with a
message saying so.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import os
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import openpyxl

from karmayogi.frac.formats import FormatError
from karmayogi.frac.model import Competency, Framework, fold_name

DEFAULT_WEIGHT = 0.5
REQUIRED_COLUMNS = ("designation", "role", "competency", "level")
OPTIONAL_COLUMNS = ("weight",)
# Suggesting a name costs a scan of the dictionary; past this many distinct unknown names a sheet is
# clearly against the wrong framework and further suggestions would only slow the answer down.
MAX_SUGGESTIONS = 100

RowsSource = str | os.PathLike[str] | bytes | IO[str] | IO[bytes] | Iterable[Sequence[Any]]

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0"


@dataclass(frozen=True)
class MappingRow:
    """One accepted row: `row` is its number in the sheet, for messages after the upload."""

    row: int
    designation: str
    role: str
    competency_id: uuid.UUID
    level: int
    weight: float


def parse_mapping(rows_source: RowsSource, framework: Framework) -> list[MappingRow]:
    """Every row of the sheet checked against `framework`, or a FormatError listing each bad row.

    `rows_source` is a path (``.csv`` or ``.xlsx``, told apart by content), the uploaded bytes, an
    open text or binary file, or rows already split into cells (header first).
    """
    rows = _rows(rows_source)
    if not rows or not any(_text(v) for v in rows[0]):
        raise FormatError(["row 1: the header row is missing"], what="mapping sheet")
    columns = _columns(rows[0])
    resolver = _CompetencyNames(framework)
    levels = _Levels(framework)
    problems: list[str] = []
    accepted: list[MappingRow] = []
    first_seen: dict[tuple[str, str, uuid.UUID], int] = {}
    for number, cells in enumerate(rows[1:], start=2):
        if not any(_text(v) for v in cells):
            continue

        def cell(column: str, cells: Sequence[Any] = cells) -> Any:
            i = columns.get(column)
            return cells[i] if i is not None and i < len(cells) else None

        reasons: list[str] = []
        designation = " ".join(_text(cell("designation")).split())
        role = " ".join(_text(cell("role")).split())
        if not designation:
            reasons.append("designation is blank")
        if not role:
            reasons.append("role is blank")
        competency_id = resolver.resolve(_text(cell("competency")), reasons)
        level = levels.parse(cell("level"), reasons)
        weight = _weight(cell("weight"), reasons)
        if competency_id is not None and designation and role:
            key = (fold_name(designation), fold_name(role), competency_id)
            if key in first_seen:
                reasons.append(f"repeats the designation, role and competency of row {first_seen[key]}")
            else:
                first_seen[key] = number
        if reasons or competency_id is None or level is None or weight is None:
            problems.extend(f"row {number}: {reason}" for reason in reasons)
            continue
        accepted.append(MappingRow(number, designation, role, competency_id, level, weight))
    if problems:
        raise FormatError(problems, what="mapping sheet")
    return accepted


# ------------------------------------------------------------------------------------------- sources


def _rows(source: RowsSource) -> list[Sequence[Any]]:
    if isinstance(source, str | os.PathLike):
        path = Path(source)
        try:
            return _rows_of_bytes(path.read_bytes())
        except OSError as exc:
            raise FormatError(
                [f"{path}: cannot be read ({exc.strerror or exc})"], what="mapping sheet"
            ) from exc
    if isinstance(source, bytes | bytearray):
        return _rows_of_bytes(bytes(source))
    read = getattr(source, "read", None)
    if callable(read):
        data = read()
        return _rows_of_text(data) if isinstance(data, str) else _rows_of_bytes(bytes(data))
    return [list(row) for row in source]


def _rows_of_bytes(data: bytes) -> list[Sequence[Any]]:
    if data.startswith(_ZIP_MAGIC):
        return _rows_of_xlsx(data)
    if data.startswith(_OLE_MAGIC):
        raise FormatError(
            ["the file is an old-style .xls workbook; save it as .xlsx or CSV"], what="mapping sheet"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FormatError(
            [f"the file is neither an .xlsx workbook nor UTF-8 CSV text (byte {exc.start} is not UTF-8)"],
            what="mapping sheet",
        ) from exc
    return _rows_of_text(text)


def _rows_of_text(text: str) -> list[Sequence[Any]]:
    text = text.removeprefix("\ufeff")
    first_line = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first_line:  # spreadsheets in some locales save CSV with ; or tabs
        delimiter = next((d for d in (";", "\t") if d in first_line), ",")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _rows_of_xlsx(data: bytes) -> list[Sequence[Any]]:
    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several unrelated types for a damaged file
        raise FormatError([f"the .xlsx workbook cannot be opened: {exc}"], what="mapping sheet") from exc
    try:
        sheet = workbook.worksheets[0]
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()


# ------------------------------------------------------------------------------------------- columns


def _columns(header: Sequence[Any]) -> dict[str, int]:
    columns: dict[str, int] = {}
    problems: list[str] = []
    for i, value in enumerate(header):
        name = fold_name(_text(value))
        if name not in REQUIRED_COLUMNS and name not in OPTIONAL_COLUMNS:
            continue
        if name in columns:
            problems.append(f"row 1: column {name!r} appears twice")
        columns[name] = i
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        found = ", ".join(repr(_text(v)) for v in header if _text(v)) or "nothing"
        problems.append(
            f"row 1: missing column{'s' if len(missing) > 1 else ''} {', '.join(missing)} (found {found})"
        )
    if problems:
        raise FormatError(problems, what="mapping sheet")
    return columns


class _CompetencyNames:
    """Finds a competency by the name a person typed, and says why when it cannot."""

    def __init__(self, framework: Framework) -> None:
        self.by_name: dict[str, list[Competency]] = {}
        for c in framework.competencies:
            self.by_name.setdefault(fold_name(c.name), []).append(c)
        self.live_names = {fold_name(c.name): c.name for c in framework.competencies if not c.retired}
        self.framework = framework.name
        self.suggestions: dict[str, str | None] = {}

    def resolve(self, typed: str, reasons: list[str]) -> uuid.UUID | None:
        key = fold_name(typed)
        if not key:
            reasons.append("competency is blank")
            return None
        matches = self.by_name.get(key, [])
        live = [c for c in matches if not c.retired]
        if len(live) == 1:
            return live[0].id
        if len(live) > 1:
            ids = ", ".join(str(c.id) for c in live)
            reasons.append(f"competency {typed.strip()!r} names {len(live)} competencies ({ids}); rename one")
        elif matches:
            reasons.append(f"competency {matches[0].name!r} is retired")
        else:
            hint = self.suggest(key)
            reasons.append(
                f"competency {typed.strip()!r} is not in {self.framework!r}"
                + (f"; did you mean {hint!r}?" if hint else "")
            )
        return None

    def suggest(self, key: str) -> str | None:
        if key not in self.suggestions:
            if len(self.suggestions) >= MAX_SUGGESTIONS:
                return None
            close = difflib.get_close_matches(key, self.live_names, n=1, cutoff=0.6)
            self.suggestions[key] = self.live_names[close[0]] if close else None
        return self.suggestions[key]


class _Levels:
    """Reads a level as a number or as the name of a level of the framework's scale."""

    def __init__(self, framework: Framework) -> None:
        self.top = framework.scale.top
        self.scale = framework.scale
        self.by_name = {fold_name(lv.name): lv.level for lv in framework.scale.levels}

    def parse(self, value: Any, reasons: list[str]) -> int | None:
        text = _text(value)
        if not text:
            reasons.append("level is blank")
            return None
        number = _whole_number(value)
        if number is None:
            number = self.by_name.get(fold_name(text))
            if number is None:
                names = ", ".join(lv.name for lv in self.scale.levels)
                reasons.append(f"level {text!r} is not a whole number or a level name ({names})")
                return None
        if number not in self.scale:
            reasons.append(f"level {number} is outside the scale 1..{self.top}")
            return None
        return number


def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    try:
        number = float(_text(value))
    except ValueError:
        return None
    return int(number) if number.is_integer() else None


def _weight(value: Any, reasons: list[str]) -> float | None:
    text = _text(value)
    if not text:
        return DEFAULT_WEIGHT
    if isinstance(value, bool):
        reasons.append(f"weight {text!r} is not a number")
        return None
    try:
        weight = float(value) if isinstance(value, int | float) else float(text)
    except ValueError:
        reasons.append(f"weight {text!r} is not a number")
        return None
    if not math.isfinite(weight) or not 0 < weight <= 1:
        reasons.append(f"weight {text} is outside (0, 1]; use 1 for the most important competencies")
        return None
    return weight


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
