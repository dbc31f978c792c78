"""Karmayogi competency engine: FRAC graph, content, recommendations and the learning system of record."""

__version__ = "0.1.0"
