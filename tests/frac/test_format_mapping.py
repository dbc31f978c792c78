"""Bulk designation-competency-level sheets: good sheets become rows, and a sheet with any bad row is
refused with every bad row named by the number the spreadsheet shows."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import openpyxl
import pytest

from karmayogi.frac.formats import FormatError
from karmayogi.frac.formats.mapping import DEFAULT_WEIGHT, MappingRow, parse_mapping
from karmayogi.frac.model import Competency, CompetencyType, Framework

NS = uuid.UUID("9a3e4c1d-7b2f-4e8a-b6c5-1d2e3f4a5b6c")


def cid(name: str) -> uuid.UUID:
    return uuid.uuid5(NS, name)


FRAMEWORK = Framework(
    "Department of Expenditure FRAC",
    competencies=(
        Competency(cid("Noting and drafting"), "Noting and drafting", CompetencyType.FUNCTIONAL),
        Competency(cid("Integrity"), "Integrity", CompetencyType.BEHAVIOURAL),
        Competency(cid("Public procurement"), "Public procurement", CompetencyType.DOMAIN),
        Competency(cid("Typing"), "Typing", CompetencyType.FUNCTIONAL, retired=True),
        Competency(cid("Budgeting A"), "Budgeting", CompetencyType.DOMAIN),
        Competency(cid("Budgeting B"), "Budgeting", CompetencyType.FUNCTIONAL),
    ),
)

GOOD = """designation,role,competency,level,weight
Section Officer,Dealing hand,Noting and drafting,2,1
Section Officer,Dealing hand,  integrity ,3,
Under Secretary,Procurement officer,PUBLIC   PROCUREMENT,Advanced,0.25
"""


def problems_of(source: object) -> list[str]:
    with pytest.raises(FormatError) as caught:
        parse_mapping(source, FRAMEWORK)  # type: ignore[arg-type]
    return caught.value.problems


def test_a_good_sheet_becomes_rows() -> None:
    assert parse_mapping(io.StringIO(GOOD), FRAMEWORK) == [
        MappingRow(2, "Section Officer", "Dealing hand", cid("Noting and drafting"), 2, 1.0),
        MappingRow(3, "Section Officer", "Dealing hand", cid("Integrity"), 3, DEFAULT_WEIGHT),
        MappingRow(4, "Under Secretary", "Procurement officer", cid("Public procurement"), 3, 0.25),
    ]


def test_a_blank_weight_means_an_ordinary_half() -> None:
    assert DEFAULT_WEIGHT == 0.5
    rows = parse_mapping(
        [["Designation", "Role", "Competency", "Level"], ["SO", "Desk", "Integrity", 2]], FRAMEWORK
    )
    assert rows[0].weight == 0.5


def test_the_same_sheet_reads_alike_from_bytes_a_path_a_binary_file_and_cells(tmp_path: Path) -> None:
    expected = parse_mapping(io.StringIO(GOOD), FRAMEWORK)
    path = tmp_path / "mapping.csv"
    path.write_bytes(("\ufeff" + GOOD).encode())  # Excel's "CSV UTF-8" starts with a byte-order mark
    semicolons = GOOD.replace(",", ";").encode()
    cells = [line.split(",") for line in GOOD.splitlines()]
    for source in (GOOD.encode(), path, str(path), io.BytesIO(GOOD.encode()), semicolons, cells):
        assert parse_mapping(source, FRAMEWORK) == expected, source  # type: ignore[arg-type]


def test_extra_columns_and_blank_rows_are_ignored() -> None:
    sheet = "Sl No,Designation,ROLE,Competency,Level,Remarks\n1,SO,Desk,Integrity,2,ok\n,,,,,\n"
    sheet += "2,SO,Desk,Typing,,\n"
    problems = problems_of(sheet.encode())
    assert problems == ["row 4: competency 'Typing' is retired", "row 4: level is blank"]


def test_every_bad_row_is_reported_and_nothing_returned() -> None:
    sheet = (
        "designation,role,competency,level,weight\n"
        "SO,Desk,Integrity,2,1\n"  # row 2 is fine, yet nothing comes back
        "SO,Desk,Noting & drafting,2,1\n"
        "SO,Desk,Public procurement,three,1\n"
        "SO,Cashier,Public procurement,7,1\n"
        "SO,Buyer,Public procurement,2.5,1\n"
        " ,Desk,Integrity,2,0\n"
        "SO,,Integrity,2,1.5\n"
        "SO,Store,Public procurement,2,high\n"
        "SO,Desk,Typing,2,1\n"
        "SO,Desk,Budgeting,2,1\n"
        "SO,Desk,integrity,4,1\n"
    )
    problems = problems_of(sheet.encode())
    assert problems[0] == (
        "row 3: competency 'Noting & drafting' is not in 'Department of Expenditure FRAC'; "
        "did you mean 'Noting and drafting'?"
    )
    assert problems[1].startswith(
        "row 4: level 'three' is not a whole number or a level name (Basic, Proficient"
    )
    assert problems[2:] == [
        "row 5: level 7 is outside the scale 1..5",
        "row 6: level '2.5' is not a whole number or a level name "
        "(Basic, Proficient, Advanced, Expert, Master)",
        "row 7: designation is blank",
        "row 7: weight 0 is outside (0, 1]; use 1 for the most important competencies",
        "row 8: role is blank",
        "row 8: weight 1.5 is outside (0, 1]; use 1 for the most important competencies",
        "row 9: weight 'high' is not a number",
        "row 10: competency 'Typing' is retired",
        f"row 11: competency 'Budgeting' names 2 competencies ({cid('Budgeting A')}, {cid('Budgeting B')}); "
        "rename one",
        "row 12: repeats the designation, role and competency of row 2",
    ]


def test_rows_are_counted_as_the_spreadsheet_shows_them() -> None:
    sheet = 'designation,role,competency,level\n"Section\nOfficer",Desk,Integrity,2\nSO,Desk,Nope,2\n'
    assert problems_of(sheet.encode()) == [
        "row 3: competency 'Nope' is not in 'Department of Expenditure FRAC'"
    ]


def test_missing_columns_are_named() -> None:
    assert problems_of(b"designation,competency\nSO,Integrity\n") == [
        "row 1: missing columns role, level (found 'designation', 'competency')"
    ]
    assert problems_of(b"") == ["row 1: the header row is missing"]


def test_old_binary_excel_files_are_refused_plainly() -> None:
    assert problems_of(b"\xd0\xcf\x11\xe0" + b"\0" * 20) == [
        "the file is an old-style .xls workbook; save it as .xlsx or CSV"
    ]


def test_xlsx_sheets_are_read_like_csv(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for line in GOOD.splitlines():
        sheet.append([int(v) if v.isdigit() else v for v in line.split(",")])
    path = tmp_path / "mapping.xlsx"
    workbook.save(path)
    assert parse_mapping(path, FRAMEWORK) == parse_mapping(io.StringIO(GOOD), FRAMEWORK)
