"""The official JATS DTDs (@jats4r/dtds, found once per place) and the project's output profile:
validating what the writer writes and checking a document (``normaliser validate``).
"""

from __future__ import annotations

import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from ... import resources, xmlio

#: (version, tag set) → (public identifier, system identifier, path inside @jats4r/dtds schema/)
DOCTYPES = {
    ("1.3", "archiving"): (
        "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.3 20210610//EN",
        "https://jats.nlm.nih.gov/archiving/1.3/JATS-archivearticle1-3.dtd",
        "1.3/JATS-archivearticle1-3.dtd",
    ),
    ("1.3", "publishing"): (
        "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.3 20210610//EN",
        "https://jats.nlm.nih.gov/publishing/1.3/JATS-journalpublishing1-3.dtd",
        "1.3/JATS-journalpublishing1-3.dtd",
    ),
    ("1.4", "archiving"): (
        "-//NLM//DTD JATS (Z39.96) Journal Archiving and Interchange DTD v1.4 20241031//EN",
        "https://jats.nlm.nih.gov/archiving/1.4/JATS-archivearticle1-4.dtd",
        "1.4/JATS-archivearticle1-4.dtd",
    ),
    ("1.4", "publishing"): (
        "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.4 20241031//EN",
        "https://jats.nlm.nih.gov/publishing/1.4/JATS-journalpublishing1-4.dtd",
        "1.4/JATS-journalpublishing1-4.dtd",
    ),
}
#: The environment variable naming the ``schema`` folder of the npm package @jats4r/dtds.
DTD_ENV = "NORMALISER_JATS_DTDS"
DTD_CACHE = Path.home() / ".cache" / "normaliser" / "jats-dtds"

# --- Official DTDs ---------------------------------------------------------------------------


def dtd_folder() -> Path | None:
    """The ``schema`` folder of @jats4r/dtds: $NORMALISER_JATS_DTDS, else the user cache.

    Looked for once per value of the two (every article written asks): DTDs installed into a
    place already found empty are seen by the next process, or by naming it anew in the
    variable."""
    return _dtd_folder(os.environ.get(DTD_ENV), DTD_CACHE)


@lru_cache(maxsize=8)
def _dtd_folder(configured: str | None, cache: Path) -> Path | None:
    for candidate in (configured, str(cache)):
        if not candidate:
            continue
        path = Path(candidate)
        for folder in (path, path / "schema", path / "package" / "schema"):
            if (folder / "catalog.xml").is_file():
                return folder
    return None


def official_dtd(version: str, tagset: str) -> Any | None:
    """The compiled official DTD for a version and tag set, or None when not installed."""
    folder = dtd_folder()
    return None if folder is None else _official_dtd(folder, version, tagset)


@lru_cache(maxsize=16)
def _official_dtd(folder: Path, version: str, tagset: str) -> Any | None:
    path = folder / DOCTYPES[(version, tagset)][2]
    return xmlio.dtd(str(path)) if path.is_file() else None


@lru_cache(maxsize=1)
def _catalog() -> dict[str, str]:
    folder = dtd_folder()
    if folder is None:
        return {}
    root = xmlio.parse((folder / "catalog.xml").read_bytes(), "catalog.xml")
    return {
        e.get("publicId"): str(folder / e.get("uri")) for e in root if xmlio.local(e) == "public"
    }


def claimed_dtd(root: Any, public_id: str | None) -> tuple[str, Any | None]:
    """The DTD a document claims (its DOCTYPE public id, else dtd-version and Archiving)."""
    if public_id and public_id in _catalog():
        return public_id, xmlio.dtd(_catalog()[public_id])
    version = (root.get("dtd-version") or "1.3")[:3]
    key = (version if version in ("1.3", "1.4") else "1.3", "archiving")
    return DOCTYPES[key][0], official_dtd(*key)


@lru_cache(maxsize=4)
def _profile() -> Any:
    return xmlio.xsd(str(resources.schema("jats-output.xsd")))


def validate_article(article: Any, version: str, tagset: str) -> None:
    """Validate a written ``<article>`` against the official DTD when installed, else against
    the project's output profile (schemas/jats-output.xsd); raise ``InvalidOutput``."""
    dtd = official_dtd(version, tagset)
    if dtd is not None:
        xmlio.validated(article, dtd, f"JATS {version} {tagset.title()}")
    else:
        xmlio.validated(article, _profile(), f"JATS {version} (normaliser output profile)")


def validate_document(data: bytes, name: str) -> tuple[str, list[str], str | None]:
    """Check a JATS document (or ``<articles>`` collection) against the official DTD it claims
    (its DOCTYPE, else its dtd-version); when the official DTDs are not installed
    (``$NORMALISER_JATS_DTDS``), against the project's output profile, as the writer does.
    Return what it was checked against, the errors (each naming its record, ``record 2: line
    14: …``) and a note when the profile stood in for the DTD.

    An entity reference the DTD does not declare is an error: a DOCTYPE's own DTD (``SYSTEM
    "/etc/passwd"``) is never opened, so nothing it might declare counts. Raises ``InvalidXML``
    for XML that is not well-formed.
    """
    root = xmlio.parse(data, name)
    match = re.search(rb'<!DOCTYPE\s+\w+\s+PUBLIC\s+"([^"]+)"', data[:4096])
    public, dtd = claimed_dtd(root, match.group(1).decode() if match else None)
    articles = (
        [root]
        if xmlio.local(root) == "article"
        else [e for e in root if xmlio.local(e) == "article"]
    )
    note = None
    if dtd is not None:
        validator, what, declared = dtd, public, xmlio.declared_entities(dtd)
    else:
        first = articles[0] if articles else root
        version = (first.get("dtd-version") or "1.3")[:3]
        validator, declared = _profile(), set()
        what = f"JATS {version if version in ('1.3', '1.4') else '1.3'} (normaliser output profile)"
        note = (
            f"the official JATS DTDs are not installed (put the schema/ folder of the npm "
            f"package @jats4r/dtds in {DTD_CACHE}, or name it in ${DTD_ENV}): checked against "
            "normaliser's output profile instead (what normaliser writes: JATS from elsewhere "
            "may use elements it leaves out)"
        )
    errors: list[str] = []
    for number, article in enumerate(articles, 1):
        found = [
            f"line {line}: the entity &{entity}; is not declared (a document's own DTD is never "
            "read)"
            for entity, line in xmlio.entity_references(article)
            if entity not in declared
        ]
        found += xmlio.validate(xmlio.detached(article) if article is not root else root, validator)
        errors.extend(f"record {number}: {error}" for error in found)
    return what, errors, note
