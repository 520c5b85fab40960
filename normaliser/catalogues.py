"""Compiles the gettext catalogues in locales/ into locales/catalogues.json, which ``vocab``
reads at run time. The ``.po`` files stay the one source (edited by hand and kept by
``pybabel update``) and are read here with babel; the compiled copy spares every process
importing babel and parsing three catalogues (~20 ms of CPU). tests/test_vocab.py checks that
the copy is current; after editing a catalogue, regenerate it:

    python -m normaliser.catalogues > locales/catalogues.json
"""

from __future__ import annotations

import json
import sys

from . import resources
from .vocab import LOCALES, Entry


def entries() -> dict[str, list[Entry]]:
    """Each locale's messages in catalogue order: (vocabulary, code, label, aliases), where
    ``msgctxt`` names the vocabulary, ``msgid`` is the code, ``msgstr`` the label and
    ``# alias: A | B`` comments list further spellings."""
    from babel.messages.pofile import read_po

    out: dict[str, list[Entry]] = {}
    for locale in LOCALES:
        path = resources.locales() / locale / "LC_MESSAGES" / "normaliser.po"
        with open(path, "rb") as fh:
            catalogue = read_po(fh, locale=locale)
        rows: list[Entry] = []
        for message in catalogue:
            if not message.id or not message.context:
                continue
            aliases: list[str] = []
            for comment in message.user_comments:
                if comment.strip().startswith("alias:"):
                    aliases.extend(a.strip() for a in comment.split(":", 1)[1].split("|"))
            entry = (str(message.context), str(message.id), str(message.string), tuple(aliases))
            rows.append(entry)
        out[locale] = rows
    return out


def document() -> str:
    """locales/catalogues.json: ``{locale: [[vocabulary, code, label, [aliases]], …]}``, one
    message a line."""
    blocks = []
    for locale, rows in entries().items():
        lines = ",\n".join(json.dumps([*row[:3], list(row[3])], ensure_ascii=False) for row in rows)
        blocks.append(f"{json.dumps(locale)}: [\n{lines}\n]")
    return "{\n" + ",\n".join(blocks) + "\n}\n"


if __name__ == "__main__":
    sys.stdout.write(document())
