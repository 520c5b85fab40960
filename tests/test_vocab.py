"""The catalogues in locales/: complete, consistent, readable by babel and pybabel, and compiled
for vocab into locales/catalogues.json."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from hypothesis import given
from hypothesis import strategies as st

from normaliser import catalogues, vocab

from .conftest import ROOT

LOCALES = ROOT / "locales"


def _catalogue(path: Path, locale: str | None = None):  # type: ignore[no-untyped-def]
    with open(path, "rb") as fh:
        return read_po(fh, locale=locale)


def _entries(path: Path) -> set[tuple[str, str]]:
    return {(str(m.context), str(m.id)) for m in _catalogue(path) if m.id}


TEMPLATE = _entries(LOCALES / "normaliser.pot")


@pytest.mark.parametrize("locale", vocab.LOCALES)
def test_each_catalogue_has_exactly_the_templates_entries(locale: str) -> None:
    assert _entries(LOCALES / locale / "LC_MESSAGES" / "normaliser.po") == TEMPLATE


@pytest.mark.parametrize("locale", vocab.LOCALES)
def test_no_label_is_empty_or_shared_within_a_vocabulary(locale: str) -> None:
    seen: dict[str, dict[str, str]] = defaultdict(dict)
    for message in _catalogue(LOCALES / locale / "LC_MESSAGES" / "normaliser.po", locale):
        if not message.id:
            continue
        assert message.string, f"{message.context}/{message.id} has no {locale} label"
        key = str(message.string).casefold()
        owner = seen[str(message.context)].setdefault(key, str(message.id))
        assert owner == message.id, (
            f"{message.context}: {message.string!r} labels {owner} and {message.id}"
        )


def test_every_cas_category_of_the_2021_to_2025_tables() -> None:
    names = (
        "医学 工程技术 生物学 法学 农林科学 数学 计算机科学 心理学 地球科学 人文科学 管理学 "
        "经济学 材料科学 化学 环境科学与生态学 物理与天体物理 教育学 综合性期刊 社会学 哲学 "
        "历史学 文学 艺术学"
    )
    codes = {vocab.code_for("cas-category", name) for name in names.split()}
    assert None not in codes and len(codes) == 23


@pytest.mark.parametrize("label", ["医学", "醫學", "Medicine", "MEDICINE", " medicine "])
def test_code_for_any_locale(label: str) -> None:
    assert vocab.code_for("cas-category", label) == "medicine"


def test_aliases_and_unknown_labels() -> None:
    assert vocab.code_for("pub-model", "eCollection") == "electronic-ecollection"
    assert vocab.code_for("publication-type", "JournalArticle") == "journal-article"
    assert vocab.code_for("cas-category", "天文学") is None


def test_labels_in_every_language() -> None:
    assert vocab.labels("cas-category", "medicine") == {
        "en": "Medicine",
        "zh-Hans": "医学",
        "zh-Hant": "醫學",
    }
    assert vocab.label("cas-category", "nothing") is None


@pytest.mark.skipif(shutil.which("pybabel") is None, reason="pybabel is not installed")
def test_pybabel_update_keeps_every_label_and_alias(tmp_path: Path) -> None:
    copy = tmp_path / "locales"
    shutil.copytree(LOCALES, copy)
    subprocess.run(
        [
            "pybabel",
            "update",
            "-i",
            str(copy / "normaliser.pot"),
            "-d",
            str(copy),
            "-D",
            "normaliser",
            "--no-fuzzy-matching",
        ],
        check=True,
        capture_output=True,
    )
    for locale in vocab.LOCALES:
        before = _catalogue(LOCALES / locale / "LC_MESSAGES" / "normaliser.po", locale)
        after = _catalogue(copy / locale / "LC_MESSAGES" / "normaliser.po", locale)
        for message in before:
            if message.id:
                updated = after.get(message.id, message.context)
                assert updated is not None and updated.string == message.string
                assert updated.user_comments == message.user_comments


@given(st.text(max_size=12))
def test_the_label_key_keeps_the_alphanumerics_of_the_folded_label(label: str) -> None:
    import unicodedata

    folded = unicodedata.normalize("NFKC", label).casefold()
    assert vocab._key(label) == "".join(ch for ch in folded if ch.isalnum())


def test_the_compiled_catalogues_are_current() -> None:
    """vocab reads locales/catalogues.json, compiled from the .po files (the one source, read
    with babel): it must say what they say."""
    compiled = (LOCALES / "catalogues.json").read_text(encoding="utf-8")
    assert compiled == catalogues.document(), (
        "locales/catalogues.json is stale: `python -m normaliser.catalogues > "
        "locales/catalogues.json`"
    )


def test_vocab_reads_the_entries_babel_reads() -> None:
    assert vocab._entries() == catalogues.entries()


def test_a_look_up_does_not_import_babel() -> None:
    """A process that names one term paid ~20 ms of CPU for importing babel and parsing the
    three catalogues; it reads the compiled copy instead."""
    code = (
        "import sys; from normaliser import vocab; "
        "assert vocab.code_for('cas-category', '醫學') == 'medicine'; "
        "assert vocab.labels('pub-model', 'electronic-ecollection'); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'babel'))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"
