"""Finds the project's data folders, schemas/ and locales/, in a checkout or an installed wheel."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

_CHECKOUT = Path(__file__).resolve().parent.parent


@cache
def folder(name: str) -> Path:
    """The folder ``schemas`` or ``locales``: beside the package in a checkout, else inside the
    wheel (packaged as ``normaliser._schemas`` / ``normaliser._locales``)."""
    local = _CHECKOUT / name
    if local.is_dir():
        return local
    packaged = Path(str(resources.files(f"normaliser._{name}")))
    if packaged.is_dir():
        return packaged
    raise FileNotFoundError(f"normaliser's {name}/ folder is missing from this installation")


def schema(name: str) -> Path:
    return folder("schemas") / name


def locales() -> Path:
    return folder("locales")
