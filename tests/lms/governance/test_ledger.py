"""The subscription ledger's arithmetic in paise, its append-only corrections, and its statement."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from sqlalchemy import func, select

from karmayogi.lms.errors import Conflict, InvalidInput, PermissionDenied
from karmayogi.lms.governance import ledger
from karmayogi.lms.orm import SubscriptionEntry

YEAR = 2026


def test_charge_adjust_pay_and_the_statement_adds_up(service):
    with service.db.transaction() as session:
        commission = service.principal(session, "commission")
        # Everyone in the department's subtree: three officials and its HR officer.
        row = ledger.charge(session, commission, service.department, YEAR, date(YEAR, 4, 1))
        assert (row.headcount, row.fee_paise, row.amount_paise) == (4, 431_00, 4 * 431_00)
        with pytest.raises(Conflict, match="adjustment"):
            ledger.charge(session, commission, service.department, YEAR, date(YEAR, 4, 1))
        ledger.adjust(
            session, commission, service.department, YEAR, -431_00, "one official left before 1 April"
        )
        ledger.pay(session, commission, service.department, YEAR, 1000_00, "UTR 123")
        with pytest.raises(InvalidInput, match="note"):
            ledger.adjust(session, commission, service.department, YEAR, 5, "  ")
        with pytest.raises(InvalidInput, match="amount_paise"):
            ledger.pay(session, commission, service.department, YEAR, 0)
        with pytest.raises(PermissionDenied):
            ledger.pay(session, service.principal(session, "hr"), service.department, YEAR, 100)
        other_fee = ledger.charge(
            session, commission, service.other, YEAR, date(YEAR, 4, 1), fee_paise=500_50
        )
        assert other_fee.amount_paise == 1 * 500_50
    with service.db.transaction() as session:
        account = ledger.statement(session, service.principal(session, "hr"), service.department, YEAR)
        assert [line.kind for line in account.lines] == ["charge", "adjustment", "payment"]
        assert account.balance_paise == 4 * 431_00 - 431_00 - 1000_00 == 293_00
        assert (account.charged_paise(), account.paid_paise()) == (3 * 431_00, 1000_00)
        assert session.scalar(select(func.count()).select_from(SubscriptionEntry)) == 4
        rows = list(csv.reader(io.StringIO(ledger.statement_csv(account))))
        assert rows[1][1:6] == ["charge", "4", "431.00", "1724.00", "1724.00"]
        assert rows[-1][5] == "293.00"
        with pytest.raises(InvalidInput):
            ledger.statement(session, service.principal(session, "outside_hr"), service.department, YEAR)


def test_rupees_are_exact():
    assert ledger.rupees(431_00) == "431.00"
    assert ledger.rupees(-5) == "-0.05"
