"""Dependencies point inward: delivery layers use the core, never the reverse; pure modules skip Django."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "lotline"
OUTER = (
    "lotline.web",
    "lotline.api",
    "lotline.imports",
    "lotline.recall",
    "lotline.planning",
    "lotline.labels",
    "lotline.interop",
    "lotline.demo",
    "lotline.printing",
)
PURE = ("lib", "gs1", "labels")


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def modules_in(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


@pytest.mark.parametrize("path", modules_in("core"), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_core_never_imports_a_delivery_layer(path: Path) -> None:
    upward = {name for name in imports_of(path) if name.startswith(OUTER)}
    assert upward == set(), f"{path} imports {upward}"


@pytest.mark.parametrize(
    "path",
    [p for folder in PURE if (PACKAGE / folder).exists() for p in modules_in(folder)],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_pure_modules_do_not_import_django_or_the_core(path: Path) -> None:
    impure = {name for name in imports_of(path) if name.startswith(("django", "lotline.core", "ninja"))}
    assert impure == set(), f"{path} imports {impure}"


@pytest.mark.parametrize("path", modules_in("api"), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_the_api_and_the_web_app_do_not_lean_on_each_other(path: Path) -> None:
    """Both are edges over the core; what they share (scan reading, site access) lives in the core."""
    sideways = {name for name in imports_of(path) if name.startswith("lotline.web")}
    assert sideways == set(), f"{path} imports {sideways}"


CAPABILITIES = ("imports", "recall", "planning", "printing", "interop", "labels", "demo")


@pytest.mark.parametrize(
    "path",
    [p for folder in CAPABILITIES for p in modules_in(folder)],
    ids=lambda p: str(p.relative_to(PACKAGE)),
)
def test_capabilities_do_not_lean_on_the_edges(path: Path) -> None:
    """Imports, recall, planning… are what the web pages and the API call; a job runner or a model that
    lived in an edge would tie the other edge (or the command line) to it."""
    edges = {name for name in imports_of(path) if name.startswith(("lotline.web", "lotline.api"))}
    assert edges == set(), f"{path} imports {edges}"
