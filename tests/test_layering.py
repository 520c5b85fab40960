"""The import rules of DESIGN.md, enforced: a test fails when a module breaks one."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "normaliser"
MODULES = sorted(PACKAGE.rglob("*.py"))

# Third-party library → the modules allowed to import it (its one home).
HOMES = {
    "opencc": {"text", "names", "script"},
    "py3langid": {"text"},
    "numpy": {"script"},
    "pypinyin": {"names"},
    "babel": {"catalogues"},  # compiles locales/catalogues.json; vocab reads that
    "lxml": {"xmlio"},
    "click": {"cli"},
    "marshmallow": {"fields", "formats", "loadplan", "marshmallow_private", "record_schemas"},
    "dask": {"dask", "dask_merge"},
    "bibtexparser": {"formats.bibtex"},
    "pymarc": {"marcio"},
    "pylatexenc": set(),  # comes with bibtexparser; too slow for us (see README)
}


def _name(path: Path) -> str:
    rel = path.relative_to(PACKAGE).with_suffix("")
    parts = [p for p in rel.parts if p != "__init__"]
    return ".".join(parts) or "__init__"


def _imports(path: Path) -> set[str]:
    """Absolute dotted names imported by a module (relative imports resolved in the package)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    here = _name(path).split(".")
    is_pkg = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = here if is_pkg else here[:-1]
                base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
                prefix = ".".join(["normaliser", *[b for b in base if b != "__init__"]])
                module = f"{prefix}.{node.module}" if node.module else prefix
                out.add(module)
                if not node.module:
                    out.update(f"{prefix}.{alias.name}" for alias in node.names)
            else:
                out.add(node.module or "")
    return out


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_third_party_libraries_stay_in_their_home(path: Path) -> None:
    name = _name(path)
    for imported in _imports(path):
        top = imported.split(".")[0]
        if top in HOMES:
            allowed = HOMES[top]
            assert any(name == a or name.startswith(a + ".") for a in allowed), (
                f"{name} imports {top}"
            )


def test_record_imports_only_errors() -> None:
    imported = _imports(PACKAGE / "record.py")
    ours = {i for i in imported if i.startswith("normaliser")}
    assert ours <= {"normaliser.errors"}
    third_party = {i.split(".")[0] for i in imported} - {"normaliser", "__future__"}
    # The standard library's own (operator: attrgetter, a C call reading a node's fields).
    assert third_party <= {"calendar", "dataclasses", "collections", "operator", "typing"}


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_nothing_imports_cli(path: Path) -> None:
    if _name(path) != "cli":
        assert not any(i == "normaliser.cli" for i in _imports(path))


#: The formats: a module of formats/, or a package of formats/ (jats/, dc/, …) split along its
#: seams, whose modules import each other and no other format.
FORMATS = sorted(
    {p.stem for p in (PACKAGE / "formats").glob("*.py") if p.name != "__init__.py"}
    | {p.parent.name for p in (PACKAGE / "formats").glob("*/__init__.py")}
)


@pytest.mark.parametrize(
    "path",
    [
        p
        for p in sorted((PACKAGE / "formats").rglob("*.py"))
        if p != PACKAGE / "formats" / "__init__.py"
    ],
    ids=_name,
)
def test_format_modules_do_not_import_each_other(path: Path) -> None:
    own = _name(path).split(".")[1]
    others = {f"normaliser.formats.{f}" for f in FORMATS if f != own}
    for imported in _imports(path):
        assert imported != "normaliser.formats", f"{_name(path)} imports the format registry"
        assert not any(imported == o or imported.startswith(o + ".") for o in others), (
            f"{_name(path)} imports {imported}"
        )


@pytest.mark.parametrize("path", MODULES, ids=_name)
def test_only_cli_prints_or_exits(path: Path) -> None:
    if _name(path) == "cli":
        return
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                assert func.id not in ("print", "exit", "quit"), f"{_name(path)} calls {func.id}"
            if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name):
                assert (func.value.id, func.attr) != ("sys", "exit"), f"{_name(path)} exits"
