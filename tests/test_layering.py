"""The import arrow points down only, as DESIGN.md draws it, and no two parts of the code import each other.

Read from the source with `ast`, every import counted: at module level, inside functions and under
`TYPE_CHECKING` alike, since each is a dependency a reader has to hold in their head.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import pytest

import karmayogi

ROOT = Path(karmayogi.__file__).parent
# DESIGN.md's packages, lowest first: each may import those before it, never one after it.
LAYERS = ("frac", "content", "recommender", "lms", "api")


def _modules() -> dict[str, tuple[Path, bool]]:
    """Every module of the distribution by dotted name, and whether it is a package's `__init__`."""
    found = {}
    for path in sorted(ROOT.rglob("*.py")):
        parts = list(path.relative_to(ROOT.parent).with_suffix("").parts)
        package = parts[-1] == "__init__"
        found[".".join(parts[:-1] if package else parts)] = (path, package)
    return found


MODULES = _modules()


def _imports(name: str) -> set[str]:
    """The project modules a module imports: `from package import module` names the module itself."""
    path, package = MODULES[name]
    here = name if package else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here.split(".")[: len(here.split(".")) - node.level + 1]
                source = ".".join([*base, node.module] if node.module else base)
            else:
                source = node.module or ""
            submodules = {f"{source}.{alias.name}" for alias in node.names} & MODULES.keys()
            found.update(submodules)
            if len(submodules) < len(node.names):
                found.add(source)
    return {target for target in found if target in MODULES and target != name}


IMPORTS = {name: _imports(name) for name in MODULES}


def _layer(name: str) -> int | None:
    parts = name.split(".")
    return LAYERS.index(parts[1]) if len(parts) > 1 and parts[1] in LAYERS else None


def _part(name: str) -> str:
    """The part a module belongs to: a subpackage of a layer (`karmayogi.lms.xapi`, with everything
    below it), or a module directly in a layer (`karmayogi.lms.enrolments`), or the layer's own
    `__init__`. The modules directly in a layer are each a part: `lms/db.py` and `lms/errors.py`
    serve every subpackage of `lms`, and are not one package with `lms/enrolments.py`."""
    return ".".join(name.split(".")[:3])


def test_every_module_belongs_to_a_layer():
    assert {_layer(name) for name in MODULES if name != "karmayogi"} == set(range(len(LAYERS)))
    assert IMPORTS["karmayogi.lms.enrolments"], "the reader finds imports"


def test_no_module_imports_a_layer_above_its_own():
    upward = sorted(
        f"{name} imports {target}"
        for name, targets in IMPORTS.items()
        for target in targets
        if _layer(name) is not None and (_layer(target) or 0) > _layer(name)
    )
    assert upward == []


def _cycles() -> list[list[str]]:
    """Every group of parts that import each other, directly or round a loop (Tarjan's algorithm)."""
    edges: dict[str, set[str]] = defaultdict(set)
    for name, targets in IMPORTS.items():
        edges[_part(name)].update(_part(t) for t in targets if _part(t) != _part(name))
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    groups: list[list[str]] = []

    def visit(part: str) -> None:
        index[part] = low[part] = len(index)
        stack.append(part)
        for other in sorted(edges[part]):
            if other not in index:
                visit(other)
                low[part] = min(low[part], low[other])
            elif other in stack:
                low[part] = min(low[part], index[other])
        if low[part] == index[part]:
            group = []
            while (member := stack.pop()) != part:
                group.append(member)
            if group:
                groups.append(sorted([*group, part]))

    for part in sorted(set(edges)):
        if part not in index:
            visit(part)
    return groups


def test_no_two_parts_import_each_other():
    cycles = _cycles()
    evidence = [
        f"{name} imports {target}"
        for group in cycles
        for name, targets in sorted(IMPORTS.items())
        for target in sorted(targets)
        if _part(name) in group and _part(target) in group and _part(name) != _part(target)
    ]
    assert cycles == [], "\n".join(evidence)


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("from karmayogi.lms import errors\n", {"karmayogi.lms.errors"}),
        (
            "from karmayogi.lms import errors, DomainErrorNotAModule\n",
            {"karmayogi.lms.errors", "karmayogi.lms"},
        ),
        ("from ..db import Database\n", {"karmayogi.lms.db"}),
        ("from . import emitting\n", {"karmayogi.lms.xapi.emitting"}),
        ("def f():\n    import karmayogi.api.app\n", {"karmayogi.api.app"}),
    ],
)
def test_the_reader_resolves_every_form_of_import(source, expected, tmp_path, monkeypatch):
    path = tmp_path / "probe.py"
    path.write_text(source, encoding="utf-8")
    monkeypatch.setitem(MODULES, "karmayogi.lms.xapi.probe", (path, False))
    assert _imports("karmayogi.lms.xapi.probe") == expected


def test_the_tests_mirror_the_packages():
    """Each folder of tests is named after the package it tests, so a reader finds them side by side."""
    tests = Path(__file__).parent
    strays = [
        str(folder.relative_to(tests))
        for folder in sorted(tests.rglob("*"))
        if folder.is_dir()
        and any(folder.glob("test_*.py"))
        and not (ROOT / folder.relative_to(tests)).is_dir()
    ]
    assert strays == [], f"test folders with no package of the same path under karmayogi/: {strays}"


def test_no_route_or_page_imports_a_route():
    """Shared shapes live in api.schemas (an entry's fields in api.catalogue_input), scopes in
    api.scopes, report downloads in api.report_files, the xAPI's common parts in api.xapi_protocol: a
    route module is a leaf, so changing one never changes another, or a page."""
    faces = [name for name in MODULES if name.startswith(("karmayogi.api.routes.", "karmayogi.api.pages."))]
    crossing = {
        name: sorted(i for i in IMPORTS[name] if i.startswith("karmayogi.api.routes.") and i != name)
        for name in faces
    }
    assert {name: found for name, found in crossing.items() if found} == {}
