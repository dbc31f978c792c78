"""Capacity-building governance: national priorities, annual plans, KPIs, scorecards, the ledger, reports."""
