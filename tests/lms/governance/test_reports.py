"""Reports open as HTML and PDF with their charts, exports carry the same figures, and the
subscription statement renders as PDF."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from pypdf import PdfReader

from karmayogi.lms.errors import InvalidInput, PermissionDenied
from karmayogi.lms.governance import kpis, ledger, reports

YEAR = 2026


def _text(document: bytes) -> str:
    reader = PdfReader(io.BytesIO(document))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_state_of_civil_services_html_pdf_and_exports(history):
    with history.db.transaction() as session:
        kpis.compute(session, YEAR)
        commission = history.principal(session, "commission")
        report = reports.state_of_civil_services(session, commission, YEAR)
        with pytest.raises(PermissionDenied):
            reports.state_of_civil_services(session, history.principal(session, "hr"), YEAR)
    page = reports.html(report)
    assert page.count("<svg") == 2 and "Department scores (0-100)" in page
    assert "Department of Personnel and Training" in page and "सिविल सेवाओं की स्थिति" in page
    document = reports.pdf(report)
    assert document.startswith(b"%PDF")
    text = _text(document)
    assert "Department scores (0-100)" in text  # the chart's title, drawn from the same SVG
    assert "Learning hours per official by designation" in text
    data = json.loads(reports.as_json(report))
    top = data["scorecards"][0]
    rows = list(csv.reader(io.StringIO(reports.as_csv(report))))
    assert rows[0][:4] == ["Rank", "Department", "Officials", "Score"]
    assert rows[1][1] == top["department"] and float(rows[1][3]) == pytest.approx(top["score"])


def test_department_report_and_statement_pdf(history):
    with history.db.transaction() as session:
        commission = history.principal(session, "commission")
        ledger.charge(session, commission, history.department, YEAR, date(YEAR, 4, 1))
        kpis.compute(session, YEAR)
        hr = history.principal(session, "hr")
        report = reports.department_report(session, hr, history.department, YEAR)
        with pytest.raises(InvalidInput):
            reports.department_report(
                session, history.principal(session, "outside_hr"), history.department, YEAR
            )
        account = ledger.statement(session, hr, history.department, YEAR)
    assert report.data["rank"] == 1 and report.data["plan"]["state"] == "live"
    assert report.data["subscription_balance_paise"] == 4 * 431_00
    assert "<svg" in reports.html(report)
    assert "Scorecard components" in _text(reports.pdf(report))
    statement = _text(reports.statement_pdf(account))
    assert "1724.00" in statement and "Statement of account" in statement
