"""CNKI E-Study (知网研学) and 自定义 (custom) exports: bilingual labels ``Title-题名: value``; an
E-Study record opens with ``DataType: 1``, a 自定义 one with ``SrcDatabase-来源库``. Labels vary
by database (``Source-文献来源``, ``Year-年鉴年份``), so they match on either half; read only."""

from __future__ import annotations

from collections.abc import Iterator

from .. import sniffs, tagged
from ..record import Record, Reject
from ..sources import Source

NAME = "cnki"
KEEPS: frozenset[str] = frozenset()

TABLE = tagged.Table(
    tags=(
        ("DataType", "type"),
        ("来源库", "type"),
        ("题名", "title"),
        ("Title", "title"),
        ("英文篇名", "title_tr"),
        ("作者", "author"),
        ("Author", "author"),
        ("英文作者", "author_tr"),
        ("机构", "affiliation"),
        ("单位", "affiliation"),
        ("Organ", "affiliation"),
        ("刊名", "journal"),
        ("文献来源", "journal"),
        ("Source", "journal"),
        ("年", "year"),
        ("Year", "year"),
        ("出版时间", "date"),
        ("发表时间", "date"),
        ("PubTime", "date"),
        ("卷", "volume"),
        ("Roll", "volume"),
        ("Volume", "volume"),
        ("期", "issue"),
        ("Period", "issue"),
        ("页码", "pages"),
        ("Page", "pages"),
        ("关键词", "keywords"),
        ("Keyword", "keywords"),
        ("英文关键词", "keywords_tr"),
        ("摘要", "abstract"),
        ("Summary", "abstract"),
        ("英文摘要", "abstract_tr"),
        ("ISSN", "issn"),
        ("ISBN", "isbn"),
        ("统一刊号", "cn"),
        ("CN", "cn"),
        ("中图分类号", "clc"),
        ("CLC", "clc"),
        ("DOI", "doi"),
        ("链接", "url"),
        ("网址", "url"),
        ("Link", "url"),
        ("URL", "url"),
        ("出版单位", "publisher"),
        ("Publisher", "publisher"),
        ("学位授予单位", "publisher"),
        ("导师", "supervisor"),
        ("Tutor", "supervisor"),
        ("会议名称", "secondary_title"),
        ("Conference", "secondary_title"),
        ("会议地点", "place"),
    ),
    types=(
        ("1", "journal-article"),
        ("期刊", "journal-article"),
        ("博士", "thesis"),
        ("硕士", "thesis"),
        ("会议", "conference-paper"),
        ("国际会议", "conference-paper"),
        ("报纸", "newspaper-article"),
        ("标准", "standard"),
        ("专利", "patent"),
        ("图书", "book"),
    ),
    label_halves=True,
    # The page count, the first responsible person, the funding: no canonical home yet.
    kept=("页数", "第一责任人", "基金"),
)

SYNTAX = sniffs.CNKI


#: How sure (0–100) that a document starts in this format (light: ``normaliser.sniffs``).
sniff = sniffs.cnki


def read(source: Source, *, strict: bool = False) -> Iterator[Record | Reject]:
    """Every record, or a Reject with its original text and reason; the rest goes on."""
    return tagged.read(source, SYNTAX, TABLE, NAME, strict=strict)


write = None
