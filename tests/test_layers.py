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


def module_name(path: Path) -> str:
    """lotline/imports/runner.py → lotline.imports.runner; a package's __init__.py is the package."""
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports_in(source: str, module: str, *, is_package: bool = False, filename: str = "<source>") -> set[str]:
    """Every module ``module``'s source imports, relative imports resolved to absolute names: ``from ..web
    import views`` in lotline.core.x is lotline.web (and lotline.web.views, in case views is a module) — an
    upward import must not slip past the checks below by being written relative."""
    package = module if is_package else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(source, filename=filename)):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level == 0:
                base = node.module or ""
            else:
                parts = package.split(".")
                if node.level - 1 >= len(parts):  # above the top package: Python refuses it too
                    raise ImportError(f"{filename}: relative import beyond the top-level package")
                base = ".".join(parts[: len(parts) - (node.level - 1)])
                if node.module:
                    base = f"{base}.{node.module}"
            found.add(base)
            found.update(f"{base}.{alias.name}" for alias in node.names if alias.name != "*")
    return found


def imports_of(path: Path) -> set[str]:
    return imports_in(
        path.read_text(), module_name(path), is_package=path.name == "__init__.py", filename=str(path)
    )


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


@pytest.mark.parametrize("path", modules_in("interop"), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_interop_does_not_import_the_imports_app(path: Path) -> None:
    """The imports app's commands call interop (EPCIS, FSMA); interop importing back made a cycle. What both
    need — the CSV/XLSX table writer — is in lotline.lib.tables."""
    upward = {name for name in imports_of(path) if name.startswith("lotline.imports")}
    assert upward == set(), f"{path} imports {upward}"


@pytest.mark.parametrize(
    ("source", "module", "is_package", "expected"),
    [
        ("from ..web import views", "lotline.core.x", False, {"lotline.web", "lotline.web.views"}),
        (
            "from ...web.views import floor",
            "lotline.core.services.x",
            False,
            {"lotline.web.views", "lotline.web.views.floor"},
        ),
        (
            "from . import cells",
            "lotline.imports.runner",
            False,
            {"lotline.imports", "lotline.imports.cells"},
        ),
        (
            "from .kinds import KINDS",
            "lotline.imports",
            True,
            {"lotline.imports.kinds", "lotline.imports.kinds.KINDS"},
        ),
        ("from .. import api", "lotline.core", True, {"lotline", "lotline.api"}),
        ("import django.db", "lotline.lib.x", False, {"django.db"}),
        ("from django.db import models", "lotline.lib.x", False, {"django.db", "django.db.models"}),
    ],
)
def test_relative_imports_are_resolved(
    source: str, module: str, is_package: bool, expected: set[str]
) -> None:
    assert imports_in(source, module, is_package=is_package) == expected


def test_an_upward_relative_import_is_caught() -> None:
    """Before, only absolute imports (node.level == 0) were looked at."""
    found = imports_in("from ..imports.exports import write_table\n", "lotline.interop.fsma_export")
    assert {name for name in found if name.startswith(OUTER)} == {
        "lotline.imports.exports",
        "lotline.imports.exports.write_table",
    }
