"""Decisions that affect a person: the system proposes, a named person decides, the person may appeal."""
