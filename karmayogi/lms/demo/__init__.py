"""Deterministic demo data that reads like a real ministry's training landscape."""
