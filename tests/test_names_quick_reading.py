"""A Han name's pinyin without importing pypinyin (``names.quick_reading``) is pypinyin's own.

pypinyin segments a text into the phrases of its phrase dictionary and reads each as that
dictionary says, any other character by its first reading. ``quick_reading`` reads a text only
when none of its characters is one that some phrase reads otherwise (``PHRASE_READ``): then no
segmentation can change the reading. These tests check that claim against the installed pypinyin:
the table derived again, every character's reading, and every phrase of the dictionary read both
ways (the exhaustive sweeps are slow; a sample of them runs by default).
"""

from __future__ import annotations

import random
import subprocess
import sys
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from normaliser import names

pypinyin = pytest.importorskip("pypinyin")


def _pypinyin(text: str) -> list[str]:
    return list(pypinyin.lazy_pinyin(text, style=pypinyin.Style.NORMAL, v_to_u=True))


@cache
def _table() -> dict[str, str]:
    from pypinyin.pinyin_dict import pinyin_dict

    return {chr(code): readings.split(",", 1)[0] for code, readings in pinyin_dict.items()}


@cache
def _phrases() -> dict[str, list[list[str]]]:
    from pypinyin.phrases_dict import phrases_dict

    return dict(phrases_dict)


def _same_release() -> bool:
    return bool(pypinyin.__version__ == names.PHRASE_READ_RELEASE)


needs_release = pytest.mark.skipif(
    not _same_release(),
    reason=f"pypinyin {pypinyin.__version__} is installed, PHRASE_READ was derived from "
    f"{names.PHRASE_READ_RELEASE}: derive it again (test_phrase_read_is_derived_from_pypinyin "
    "prints it) and set PHRASE_READ_RELEASE; until then quick_reading gives None (exact)",
)


def test_the_quick_table_is_used_only_with_the_release_it_was_derived_from() -> None:
    assert (names._single_readings() is not None) == _same_release()


@needs_release
@pytest.mark.slow
def test_phrase_read_is_derived_from_pypinyin() -> None:
    single = {ch: names.toneless(r) for ch, r in _table().items()}
    derived = set()
    for phrase, readings in _phrases().items():
        read = _pypinyin(phrase)
        assert len(readings) == len(phrase) == len(read)
        for ch, own, pypinyins in zip(phrase, readings, read, strict=True):
            if single.get(ch) != names.toneless(own[0]) or single.get(ch) != pypinyins:
                derived.add(ch)
    assert derived == set(names.PHRASE_READ), "".join(sorted(derived))


@needs_release
@pytest.mark.slow
def test_every_character_reads_as_pypinyin_reads_it_alone() -> None:
    wrong = {
        ch: (names.quick_reading(ch), _pypinyin(ch))
        for ch in _table()
        if names.quick_reading(ch) not in (None, _pypinyin(ch))
    }
    assert not wrong
    assert sum(names.quick_reading(ch) is not None for ch in _table()) > 40_000


@needs_release
@pytest.mark.slow
def test_every_phrase_of_the_dictionary_reads_as_pypinyin_reads_it() -> None:
    for phrase in _phrases():
        quick = names.quick_reading(phrase)
        assert quick is None or quick == _pypinyin(phrase), phrase


@needs_release
def test_a_sample_of_phrases_and_names_reads_as_pypinyin_reads_it() -> None:
    phrases = sorted(_phrases())
    sample = random.Random(7714).sample(phrases, 3000)
    sample += [
        "明堂",
        "欧阳文博",
        "张伟",
        "王秀英",
        "李娜",
        "刘洋",
        "陈静",
        "杨帆",
        "赵婷瑞",
        "陈涛",
    ]
    read = 0
    for text in sample:
        quick = names.quick_reading(text)
        if quick is not None:
            read += 1
            assert quick == _pypinyin(text), text
    assert read > 1000  # most texts are read without pypinyin


@needs_release
def test_a_phrase_that_reads_a_character_otherwise_is_left_to_pypinyin() -> None:
    # 长 is cháng alone, zhǎng in 长大 and in a given name 长青 pypinyin reads by its phrases;
    # 乐 is lè alone and yuè in 音乐: neither may be read one character at a time.
    assert names.quick_reading("长江") is None
    assert names.quick_reading("音乐") is None
    assert names.quick_reading("文博") == ["wen", "bo"]
    assert names.quick_reading("绿") is None
    assert names.quick_reading("吕") == ["lü"]  # ü is kept, as v_to_u gives it


@needs_release
@given(
    st.lists(
        st.sampled_from(sorted(set("明堂文博伟秀英娜洋静帆婷瑞涛长乐曾行重华吕女略"))), max_size=5
    )
)
def test_any_name_of_common_characters_reads_as_pypinyin_reads_it(chars: list[str]) -> None:
    text = "".join(chars)
    quick = names.quick_reading(text)
    assert quick is None or quick == _pypinyin(text)
    if text and not names.PHRASE_READ.intersection(text):
        assert quick is not None


@needs_release
def test_a_han_name_is_romanised_without_importing_pypinyin() -> None:
    code = (
        "import sys\n"
        "from normaliser import names\n"
        "from normaliser.record import Name\n"
        "n = names.pinyin(Name(family='欧阳', given='文博', style='eastern', lang='zh-Hans'))\n"
        "print(n.family, n.given, 'pypinyin' in sys.modules)\n"
        "n = names.pinyin(Name(family='张', given='长青', style='eastern', lang='zh-Hans'))\n"
        "print(n.family, n.given, 'pypinyin' in sys.modules)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path.cwd()
    ).stdout.split("\n")
    assert out[0] == "Ouyang Wenbo False"
    # 长 is one pypinyin reads by its phrases: then pypinyin itself is imported and asked
    assert out[1] == f"Zhang {''.join(_pypinyin('长青')).capitalize()} True"


@cache
def _decoded() -> dict[str, str]:
    """pypinyin's single-character JSON decoded whole: code point (decimal) → readings."""
    import json

    home = Path(pypinyin.__file__).parent
    table = json.loads((home / "pinyin_dict.json").read_bytes())
    assert isinstance(table, dict)
    return table


def _found(code: str) -> str | None:
    table = names._single_readings()
    assert table is not None
    return table.get(chr(int(code)))


@needs_release
@pytest.mark.slow
def test_every_entry_is_found_as_the_decoded_table_has_it() -> None:
    """The quick table finds a character's line in pypinyin's JSON instead of decoding all
    790 KB of it (~15 ms of CPU); it must give what decoding gives, for every character."""
    wrong = {code: value for code, value in _decoded().items() if _found(code) != value}
    assert not wrong


@needs_release
@given(st.integers(min_value=0, max_value=0x3134F))
def test_any_code_point_is_found_as_the_decoded_table_has_it(point: int) -> None:
    table = names._single_readings()
    assert table is not None
    assert table.get(chr(point)) == _decoded().get(str(point))


@needs_release
def test_a_sample_of_entries_is_found_as_the_decoded_table_has_it() -> None:
    entries = list(_decoded())  # the file's first and last lines, and some between
    codes = [entries[0], entries[-1], *random.Random(19).sample(entries, 2000)]
    for code in codes:
        assert _found(code) == _decoded()[code], code


@needs_release
def test_a_name_is_read_without_decoding_the_whole_table() -> None:
    code = (
        "import json\n"
        "decoded = []\n"
        "real = json.loads\n"
        "json.loads = lambda s, *a, **k: decoded.append(len(s)) or real(s, *a, **k)\n"
        "from normaliser import names\n"
        "print(names.quick_reading('欧阳文博'), max(decoded, default=0) < 1000)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=Path.cwd()
    ).stdout.strip()
    assert out == "['ou', 'yang', 'wen', 'bo'] True"
