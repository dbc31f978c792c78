"""`karmayogi competencies link`: a JSON line per text, in order, best first; bad input refused by line."""

import json
import uuid

import pytest
from typer.testing import CliRunner

from karmayogi.api.cli import app
from karmayogi.frac.formats.native import framework_to_json
from karmayogi.frac.model import Competency, CompetencyType, Framework

runner = CliRunner()
NAMES = [
    "Public Procurement",
    "Handling RTI Applications",
    "Disaster Management",
    "Grievance Redressal",
    "Java (computer programming)",
    "Noting and Drafting",
    "Stakeholder Communication",
    "Data Analysis",
    "Financial Management",
    "Team Leadership",
    "Integrity and Ethics",
    "Records Management",
]
TEXTS = [
    "Buying supplies for the department through open tenders",
    "Helping villages recover after floods and cyclones",
    "We need Java coding and the ability to reply to RTI applications on time",
]


@pytest.fixture
def files(tmp_path, monkeypatch):
    monkeypatch.setenv("KARMAYOGI_DATA_DIR", str(tmp_path / "data"))
    (tmp_path / "dictionary.txt").write_text("\n".join(NAMES) + "\n\n")
    (tmp_path / "texts.txt").write_text("\n".join(TEXTS) + "\n")
    return tmp_path


def link(*args: str):
    return runner.invoke(app, ["competencies", "link", *args])


def test_prints_one_json_line_per_text_in_order_with_the_top_k(files):
    result = link(
        "--dictionary", str(files / "dictionary.txt"), "--texts", str(files / "texts.txt"), "--top", "3"
    )
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["text"] for line in lines] == TEXTS
    assert all(len(line["competencies"]) == 3 for line in lines)
    for line in lines:
        scores = [c["score"] for c in line["competencies"]]
        assert scores == sorted(scores, reverse=True)
    assert lines[0]["competencies"][0]["name"] == "Public Procurement"
    assert lines[1]["competencies"][0]["name"] == "Disaster Management"
    assert {c["name"] for c in lines[2]["competencies"][:2]} == {
        "Java (computer programming)",
        "Handling RTI Applications",
    }
    assert list((files / "data" / "embeddings").iterdir()), "the dictionary's vectors are kept for next time"


def test_ten_by_default_and_a_frac_json_dictionary_is_read_without_its_retired(files):
    competencies = [Competency(uuid.uuid4(), name, CompetencyType.FUNCTIONAL) for name in NAMES]
    retired = Competency(uuid.uuid4(), "Public Purchasing", CompetencyType.FUNCTIONAL, retired=True)
    framework = Framework(name="FRAC", competencies=(*competencies, retired))
    (files / "frac.json").write_text(json.dumps(framework_to_json(framework)))
    result = link("--dictionary", str(files / "frac.json"), "--texts", str(files / "texts.txt"))
    assert result.exit_code == 0, result.output
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(lines) == 3 and all(len(line["competencies"]) == 10 for line in lines)
    assert lines[0]["competencies"][0]["name"] == "Public Procurement"
    assert all(c["name"] != "Public Purchasing" for line in lines for c in line["competencies"])


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        (f"{TEXTS[0]}\n   \n{TEXTS[1]}\n", "line 2 is empty"),
        ("x" * 2001 + "\n", "line 1 has 2,001 characters"),
        ("", "no texts"),
    ],
)
def test_empty_or_oversized_text_is_refused_naming_the_line(files, texts, message):
    (files / "texts.txt").write_text(texts)
    result = link("--dictionary", str(files / "dictionary.txt"), "--texts", str(files / "texts.txt"))
    assert result.exit_code == 1
    assert message in " ".join(result.stderr.split())
    assert result.stdout == ""


def test_a_broken_dictionary_is_refused_with_the_reason(files):
    (files / "broken.json").write_text('{"format": "karmayogi-frac", ')
    result = link("--dictionary", str(files / "broken.json"), "--texts", str(files / "texts.txt"))
    assert result.exit_code == 1 and "not valid JSON" in result.stderr
    (files / "empty.txt").write_text("\n\n")
    result = link("--dictionary", str(files / "empty.txt"), "--texts", str(files / "texts.txt"))
    assert result.exit_code == 1 and "no competencies" in result.stderr
