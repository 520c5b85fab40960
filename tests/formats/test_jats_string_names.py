"""A Chinese person's name a JATS source gives unsplit, as ``<string-name>`` (issue 17).

Every reader of a Han name splits it by the Chinese surnames (CNKI, Wanfang, the aggregator,
DC, RIS …): pinyin, merging and the writers that need family and given names rely on it. A
JATS ``string-name`` 欧阳明远 beside the source's own romanised form of it
(``<surname>Ouyang</surname><given-names>Mingyuan</given-names>``) was kept whole although the
source says where it splits: the same person had two shapes by source, and Dublin Core (which
writes every Han name run together, split or not) read it back split, one fact lost. It is now
split where its romanised form splits, and JATS writes it back as the ``string-name`` it came
as while the record's parts still spell it. Without a romanised form it stays whole: a
string-name may be a body's (新华社).
"""

from __future__ import annotations

import dataclasses

import normaliser
from normaliser.formats.jats import STRING_NAMES_KEY
from normaliser.record import Name, Record


def article(*contribs: str, lang: str = "zh") -> bytes:
    people = "".join(
        f'<contrib contrib-type="author"><name-alternatives>{c}</name-alternatives></contrib>'
        for c in contribs
    )
    return (
        f'<article xml:lang="{lang}"><front><article-meta>'
        "<title-group><article-title>城市韧性评价</article-title></title-group>"
        f"<contrib-group>{people}</contrib-group>"
        "</article-meta></front></article>"
    ).encode()


def one(document: bytes) -> Record:
    [record] = normaliser.read(document, "jats")
    return record


def parts(record: Record) -> list[tuple[str | None, str | None, str | None]]:
    return [(n.family, n.given, n.literal) for c in record.contributors for n in c.names]


OUYANG = '<name xml:lang="en"><surname>Ouyang</surname><given-names>Mingyuan</given-names></name>'
LIU = '<name xml:lang="en"><surname>Liu</surname><given-names>Siyuan</given-names></name>'


def test_a_chinese_string_name_is_split_where_its_romanised_form_splits() -> None:
    record = one(
        article(
            '<string-name name-style="eastern" xml:lang="zh">欧阳明远</string-name>' + OUYANG,
            LIU + "<string-name>刘思远</string-name>",
        )
    )
    assert parts(record) == [
        ("欧阳", "明远", None),
        ("Ouyang", "Mingyuan", None),
        ("Liu", "Siyuan", None),
        ("刘", "思远", None),
    ]
    assert record.extras[STRING_NAMES_KEY] == ["欧阳明远", "刘思远"]
    # The same person read from a source that gives the name in a plain field.
    [cnki] = normaliser.read(
        "{Reference Type}: Journal Article\n{Title}: 城市韧性评价\n{Author}: 欧阳明远\n".encode(),
        "noteexpress",
    )
    [person] = cnki.contributors
    assert (person.names[0].family, person.names[0].given) == ("欧阳", "明远")


def test_without_the_sources_split_a_string_name_stays_whole() -> None:
    record = one(
        article(
            "<string-name>新华社</string-name>",  # a body's name, as short as a person's
            "<string-name>欧阳明远</string-name>",  # no romanised form: nothing says the split
            # a romanised form that is not this name's
            "<string-name>欧阳明远</string-name><name><surname>Zhang</surname><given-names>Wei"
            "</given-names></name>",
            "<string-name>全国信息与文献标准化技术委员会</string-name>",  # a body
            "<string-name>约翰·史密斯</string-name>",  # a transliterated name
            "<string-name>P. N. Huamán</string-name>",  # Latin
        )
    )
    assert [c.names[0].literal for c in record.contributors] == [
        "新华社",
        "欧阳明远",
        "欧阳明远",
        "全国信息与文献标准化技术委员会",
        "约翰·史密斯",
        "P. N. Huamán",
    ]
    assert STRING_NAMES_KEY not in record.extras
    # A kanji name in a Japanese article is Japanese: never cut by the Chinese surnames.
    japanese = one(article("<string-name>山田太郎</string-name>", lang="ja"))
    assert parts(japanese) == [(None, None, "山田太郎")]


def test_jats_writes_the_string_name_back_as_it_came() -> None:
    source = article(
        '<string-name name-style="eastern" xml:lang="zh">欧阳 明远</string-name>' + OUYANG,
        '<name name-style="eastern" xml:lang="zh"><surname>欧阳</surname>'
        "<given-names>明远</given-names></name>" + OUYANG,
    )
    record = one(source)
    written = normaliser.write([record], "jats")
    # Each spelling once, in order: the string-name as it came, the structured name as a name.
    assert '<string-name name-style="eastern" xml:lang="zh-Hans">欧阳 明远</string-name>' in written
    assert written.count("<string-name") == 1
    assert "<surname>欧阳</surname>" in written
    [back] = normaliser.read(written.encode(), "jats")
    assert back.contributors == record.contributors
    assert back.extras[STRING_NAMES_KEY] == ["欧阳 明远"]


def test_an_edited_name_is_written_with_its_parts() -> None:
    record = one(article("<string-name>欧阳明远</string-name>" + OUYANG))
    [person] = record.contributors
    edited = dataclasses.replace(
        record,
        contributors=(
            dataclasses.replace(
                person, names=(Name("欧阳", "明达", style="eastern", lang="zh-Hans"),)
            ),
        ),
    )
    written = normaliser.write([edited], "jats")
    assert "<string-name" not in written
    assert "<surname>欧阳</surname>" in written and "<given-names>明达</given-names>" in written


def test_dublin_core_keeps_the_name() -> None:
    record = one(article('<string-name xml:lang="zh">欧阳明远</string-name>' + OUYANG))
    for format in ("dc", "qdc"):
        [back] = normaliser.read(normaliser.write([record], format).encode(), format)
        assert back.contributors == record.contributors
