"""Packaging: the version is declared once, the marshmallow pin admits only versions the code
runs with, and marshmallow's private attributes are read in one module only."""

from __future__ import annotations

import importlib.metadata
import re
import sys

import marshmallow
import pytest

import normaliser

from .conftest import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pytest brings tomli on 3.10
    import tomli as tomllib

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PRIVATE = re.compile(r"\._hooks\b|_CHECK_ATTRIBUTE|(?<!super\(\))\._(?:de)?serialize\b")


def test_the_version_is_declared_once() -> None:
    project = PYPROJECT["project"]
    assert "version" not in project and "version" in project["dynamic"]
    dynamic = PYPROJECT["tool"]["setuptools"]["dynamic"]["version"]
    assert dynamic == {"attr": "normaliser.__version__"}
    assert normaliser.__version__ == importlib.metadata.version("normaliser")


def _minimum(requirement: str) -> tuple[int, ...]:
    found = re.search(r">=\s*([0-9.]+)", requirement)
    assert found, requirement
    return tuple(int(p) for p in found.group(1).split("."))


def test_the_marshmallow_pin_admits_only_versions_the_code_runs_with() -> None:
    """``import normaliser`` failed with marshmallow 3.26, which ``>=3.20`` allowed: the code
    subscripts ``fields.Field[...]`` (generic from 4.0) and reads a field's own ``pre_load`` and
    ``post_load`` (from 4.3). Checked by hand in throwaway installs: 3.20, 3.26, 4.0, 4.1 and
    4.2 fail to import the formats, 4.3.0 and 4.4 run."""
    (requirement,) = [d for d in PYPROJECT["project"]["dependencies"] if d.startswith("marsh")]
    assert _minimum(requirement) >= (4, 3)
    field = marshmallow.fields.String()
    assert hasattr(field, "pre_load") and hasattr(field, "post_load")
    assert marshmallow.fields.Field[str] is not None


@pytest.mark.parametrize(
    "path",
    sorted(p for p in (ROOT / "normaliser").rglob("*.py") if p.name != "marshmallow_private.py"),
    ids=lambda p: p.stem,
)
def test_marshmallow_private_attributes_are_read_in_one_module(path: object) -> None:
    source = path.read_text(encoding="utf-8")  # type: ignore[attr-defined]
    code = [ln for ln in source.splitlines() if not ln.lstrip().startswith(("def ", "#"))]
    assert not [ln for ln in code if PRIVATE.search(ln)], path


def test_every_subpackage_is_packaged() -> None:
    """pyproject lists the packages by hand (``_schemas`` and ``_locales`` are mapped from
    folders outside ``normaliser/``): a package folder left out of the list, or of
    ``package-dir``, is missing from a non-editable install although every test passes here."""
    setuptools = PYPROJECT["tool"]["setuptools"]
    folders = {
        ".".join(("normaliser", *p.parent.relative_to(ROOT / "normaliser").parts))
        for p in (ROOT / "normaliser").rglob("__init__.py")
    }
    assert folders <= set(setuptools["packages"])
    assert folders <= set(setuptools["package-dir"])
