"""Fixtures over the small procurement FRAC of `recommender_builders`."""

from __future__ import annotations

import pytest
from recommender_builders import build_catalogue, build_framework

from karmayogi.content.catalogue import CatalogueEntry
from karmayogi.frac.graph import FracGraph
from karmayogi.frac.model import Framework


@pytest.fixture(scope="session")
def framework() -> Framework:
    return build_framework()


@pytest.fixture(scope="session")
def graph(framework: Framework) -> FracGraph:
    return FracGraph(framework)


@pytest.fixture
def catalogue() -> list[CatalogueEntry]:
    return build_catalogue()
