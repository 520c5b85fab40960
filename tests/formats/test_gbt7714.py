"""The gbt7714 format: GB/T 7714 formatted references (write only).

The standard's examples are transcribed from GB/T 7714-2015 (the clause each comes from is in the
test's name and comment; text as the standard prints it, via the transcription in
zepinglee/gbt7714-bibtex-style ``test/standard.txt``). Each is built as a record and must come
out character for character. The 2025 checks follow the rules the issue quotes from the revised
standard's examples (full-width ``，：（）`` in a Chinese item, family names as written).
"""

from __future__ import annotations

import dataclasses

import pytest

import normaliser
from normaliser import formats
from normaliser.errors import UsageError
from normaliser.record import (
    Contributor,
    Dated,
    Degree,
    Identifier,
    Journal,
    Link,
    Name,
    PartialDate,
    Publisher,
    Record,
    Term,
    Text,
)


def _person(family: str, given: str = "", lang: str = "en") -> Contributor:
    han = lang.startswith("zh")
    return Contributor(
        (Name(family, given or None, style="eastern" if han else "western", lang=lang),)
    )


def _body(name: str) -> Contributor:
    return Contributor((Name(literal=name, lang="zh"),))


def _record(
    kind: str,
    title: str,
    authors: list[Contributor],
    lang: str,
    year: PartialDate,
    **fields: object,
) -> Record:
    return Record(
        titles=(Text(title, lang),),
        contributors=tuple(authors),
        language=lang,
        publication_types=(Term("publication-type", code=kind),),
        dates=(Dated("published", year),),
        **fields,  # type: ignore[arg-type]
    )


def _imprint(place: str, name: str, lang: str) -> Publisher:
    return Publisher(names=(Text(name, lang),), places=(Text(place, lang),))


def _journal(title: str, lang: str) -> Journal:
    return Journal(titles=(Text(title, lang),))


def _ref(record: Record, **options: str) -> str:
    return normaliser.write(record, "gbt7714", **options).rstrip("\n")


# --- GB/T 7714-2015 §4.1 专著 (monographs) ----------------------------------------------------


def test_2015_clause_4_1_book_with_two_han_authors() -> None:
    record = _record(
        "book",
        "物质结构",
        [_person("徐", "光宪", "zh"), _person("王", "祥云", "zh")],
        "zh",
        PartialDate(2010),
        publisher=_imprint("北京", "科学出版社", "zh"),
    )
    assert _ref(record) == "[1] 徐光宪, 王祥云. 物质结构[M]. 北京: 科学出版社, 2010."


def test_2015_clause_4_1_standard_with_its_number_and_pages() -> None:
    record = _record(
        "standard",
        "信息与文献 都柏林核心元数据元素集",
        [_body("全国信息与文献标准化技术委员会")],
        "zh",
        PartialDate(2010),
        publisher=_imprint("北京", "中国标准出版社", "zh"),
        identifiers=(Identifier("standard-number", "GB/T 25100—2010"),),
        fpage="2",
        lpage="3",
    )
    assert _ref(record) == (
        "[1] 全国信息与文献标准化技术委员会. 信息与文献 都柏林核心元数据元素集: "
        "GB/T 25100—2010[S]. 北京: 中国标准出版社, 2010: 2-3."
    )


# --- §4.4 连续出版物中的析出文献 (journal articles) ---------------------------------------------


def test_2015_clause_4_4_chinese_article_with_four_authors_prints_three_and_deng() -> None:
    authors = [_person(f, g, "zh") for f, g in (("袁", "训来"), ("陈", "哲"), ("肖", "书海"))]
    record = _record(
        "journal-article",
        "蓝田生物群: 一个认识多细胞生物起源和早期演化的新窗口",
        [*authors, _person("周", "传明", "zh")],
        "zh",
        PartialDate(2012),
        journal=_journal("科学通报", "zh"),
        volume="57",
        issue="34",
        fpage="3219",
    )
    assert _ref(record) == (
        "[1] 袁训来, 陈哲, 肖书海, 等. 蓝田生物群: 一个认识多细胞生物起源和早期演化的新窗口[J]. "
        "科学通报, 2012, 57(34): 3219."
    )


def test_2015_clause_4_4_english_article_family_upper_case_initials_without_stops() -> None:
    record = _record(
        "journal-article",
        "Shaking without quaking",
        [_person("Kanamori", "H.")],
        "en",
        PartialDate(1998),
        journal=_journal("Science", "en"),
        volume="279",
        issue="5359",
        fpage="2063",
    )
    assert (
        _ref(record)
        == "[1] KANAMORI H. Shaking without quaking[J]. Science, 1998, 279(5359): 2063."
    )


# --- §4.5 专利文献 (patents) --------------------------------------------------------------------


def test_2015_clause_4_5_patent_with_its_number_and_date() -> None:
    record = _record(
        "patent",
        "全智能节电器",
        [_person("邓", "一刚", "zh")],
        "zh",
        PartialDate(2006, 12, 13),
        identifiers=(Identifier("patent-number", "200610171314.3"),),
    )
    assert _ref(record) == "[1] 邓一刚. 全智能节电器: 200610171314.3[P]. 2006-12-13."


# --- §9.1 顺序编码制 and §9.2 著者-出版年制: the standard's two lists of the same items -----------


def _baker() -> Record:
    return _record(
        "book",
        "The future of resource sharing",
        [_person("Baker", "S K"), _person("Jackson", "M E")],
        "en",
        PartialDate(1995),
        publisher=_imprint("New York", "The Haworth Press", "en"),
    )


def _wang_bing() -> Record:
    return _record(
        "book",
        "电子图书馆理论与实践研究",
        [_person("汪", "冰", "zh")],
        "zh",
        PartialDate(1997),
        publisher=_imprint("北京", "北京图书馆出版社", "zh"),
        fpage="16",
    )


def _yang() -> Record:
    return _record(
        "journal-article",
        "电子图书馆的现实模型",
        [_person("杨", "宗英", "zh")],
        "zh",
        PartialDate(1996),
        journal=_journal("中国图书馆学报", "zh"),
        issue="2",
        fpage="24",
        lpage="29",
    )


def _dowler() -> Record:
    return _record(
        "journal-article",
        "The research university’s dilemma: Resource sharing and research in a "
        "transinstitutional environment",
        [_person("Dowler", "L")],
        "en",
        PartialDate(1995),
        journal=_journal("Journal of library administration", "en"),
        volume="21",
        issue="1/2",
        fpage="5",
        lpage="26",
    )


def test_2015_clause_9_1_numeric_list() -> None:
    text = normaliser.write([_baker(), _wang_bing(), _yang(), _dowler()], "gbt7714")
    assert text == (
        "[1] BAKER S K, JACKSON M E. The future of resource sharing[M]. New York: The Haworth "
        "Press, 1995.\n"
        "[2] 汪冰. 电子图书馆理论与实践研究[M]. 北京: 北京图书馆出版社, 1997: 16.\n"
        "[3] 杨宗英. 电子图书馆的现实模型[J]. 中国图书馆学报, 1996(2): 24-29.\n"
        "[4] DOWLER L. The research university’s dilemma: Resource sharing and research in a "
        "transinstitutional environment[J]. Journal of library administration, 1995, 21(1/2): "
        "5-26.\n"
    )


def test_2015_clause_9_2_author_year_list() -> None:
    records = [_baker(), _wang_bing(), _yang(), _dowler()]
    text = normaliser.write(records, "gbt7714", gbt_style="author-year")
    assert text == (
        "BAKER S K, JACKSON M E, 1995. The future of resource sharing[M]. New York: The Haworth "
        "Press.\n"
        "汪冰, 1997. 电子图书馆理论与实践研究[M]. 北京: 北京图书馆出版社: 16.\n"
        "杨宗英, 1996. 电子图书馆的现实模型[J]. 中国图书馆学报(2): 24-29.\n"
        "DOWLER L, 1995. The research university’s dilemma: Resource sharing and research in a "
        "transinstitutional environment[J]. Journal of library administration, 21(1/2): 5-26.\n"
    )


# --- the 2025 edition, the item's language, /OL and DOI ----------------------------------------


def _zhang() -> Record:
    names = (("张", "群"), ("程", "志宝"), ("石", "志飞"), ("刘", "维宁"))
    return _record(
        "journal-article",
        "惯性增强动力吸振器-浮置板轨道低频减振性能研究",
        [_person(f, g, "zh") for f, g in names],
        "zh",
        PartialDate(2024),
        journal=_journal("铁道学报", "zh"),
        volume="46",
        issue="8",
        fpage="102",
        lpage="111",
    )


def _myburg() -> Record:
    names = (("Myburg", "Alexander A."), ("Grattapaglia", "Dario"), ("Tuskan", "Gerald A."))
    return _record(
        "journal-article",
        "The genome of Eucalyptus grandis",
        [*(_person(f, g) for f, g in names), _person("Jenkins", "Jerry")],
        "en",
        PartialDate(2014),
        journal=_journal("Nature", "en"),
        volume="510",
        issue="7505",
        fpage="356",
        lpage="362",
        identifiers=(Identifier("doi", "10.1038/nature13308"),),
    )


def test_2025_chinese_item_has_full_width_punctuation() -> None:
    assert _ref(_zhang(), gbt_edition="2025") == (
        "[1] 张群，程志宝，石志飞，等. 惯性增强动力吸振器-浮置板轨道低频减振性能研究[J]. "
        "铁道学报，2024，46（8）：102-111."
    )
    assert _ref(_zhang()) == (
        "[1] 张群, 程志宝, 石志飞, 等. 惯性增强动力吸振器-浮置板轨道低频减振性能研究[J]. "
        "铁道学报, 2024, 46(8): 102-111."
    )


def test_an_english_item_says_et_al_and_a_doi_makes_it_online() -> None:
    assert _ref(_myburg()) == (
        "[1] MYBURG A A, GRATTAPAGLIA D, TUSKAN G A, et al. The genome of Eucalyptus grandis"
        "[J/OL]. Nature, 2014, 510(7505): 356-362. DOI:10.1038/nature13308."
    )
    assert _ref(_myburg(), gbt_edition="2025") == (
        "[1] Myburg A A, Grattapaglia D, Tuskan G A, et al. The genome of Eucalyptus grandis"
        "[J/OL]. Nature, 2014, 510(7505): 356-362. DOI:10.1038/nature13308."
    )


def test_a_link_is_printed_before_the_doi() -> None:
    record = dataclasses.replace(_myburg(), links=(Link("https://example.org/a"),))
    assert _ref(record).endswith("356-362. https://example.org/a. DOI:10.1038/nature13308.")


def test_a_thesis_names_its_grantor_and_a_missing_place() -> None:
    record = _record(
        "thesis",
        "面向中文信息处理的现代汉语并列结构研究",
        [_person("吴", "云芳", "zh")],
        "zh",
        PartialDate(2003),
        degree=Degree(grantors=(Text("北京大学", "zh"),)),
    )
    assert _ref(record) == (
        "[1] 吴云芳. 面向中文信息处理的现代汉语并列结构研究[D]. [出版地不详]: 北京大学, 2003."
    )
    placed = dataclasses.replace(record, publisher=Publisher(places=(Text("北京", "zh"),)))
    assert _ref(placed).endswith("[D]. 北京: 北京大学, 2003.")


def test_a_preprint_is_a_in_2015_and_pp_in_2025() -> None:
    record = _record("preprint", "A title", [_person("Li", "Hua")], "en", PartialDate(2024))
    assert "[A]" in _ref(record)
    assert "[PP]" in _ref(record, gbt_edition="2025")


def test_a_bilingual_record_in_either_language_or_both() -> None:
    zh = _zhang()
    record = dataclasses.replace(
        zh,
        titles=(*zh.titles, Text("Low-frequency vibration reduction", "en")),
        journal=Journal(
            titles=(Text("铁道学报", "zh"), Text("Journal of the China Railway Society", "en"))
        ),
    )
    chinese = _ref(record)
    english = _ref(record, gbt_language="en")
    assert chinese.startswith("[1] 张群, 程志宝, 石志飞, 等. 惯性增强")
    assert english == (
        "[1] 张群, 程志宝, 石志飞, et al. Low-frequency vibration reduction[J]. Journal of the "
        "China Railway Society, 2024, 46(8): 102-111."
    )
    both = _ref(record, gbt_language="both").split("\n")
    assert both == [chinese, english[len("[1] ") :]]


# --- a write-only format ------------------------------------------------------------------------


def test_the_format_is_write_only_and_declares_its_options() -> None:
    fmt = formats.get("gbt7714")
    assert fmt.writes and not fmt.reads
    assert {o.name for o in fmt.options} == {
        "gbt_edition",
        "gbt_style",
        "gbt_language",
        "gbt_markup",
    }
    assert "gbt7714" not in formats.readable()
    with pytest.raises(UsageError, match="can be written but not read"):
        list(normaliser.read(b"[1] x.", "gbt7714"))
    with pytest.raises(UsageError, match="gbt_edition"):
        normaliser.write(_zhang(), "gbt7714", gbt_edition="2005")


def test_documents_written_one_by_one_are_renumbered_when_joined() -> None:
    # (--jobs writes each record alone, each numbered [1].)
    import io

    fmt = formats.get("gbt7714")
    documents = [normaliser.write(r, "gbt7714") for r in (_zhang(), _myburg())]
    out = io.StringIO()
    fmt.join("", documents, out)
    assert out.getvalue() == normaliser.write([_zhang(), _myburg()], "gbt7714")


# --- online resources: the access date [引用日期] after the citation, then the link ---------------


def _accessed(record: Record, day: tuple[int, int, int], url: str) -> Record:
    extras = {"accessed": {"date-parts": [list(day)]}}
    return dataclasses.replace(record, links=(Link(url),), extras=extras)


def test_2015_clause_4_4_online_article_with_its_access_date() -> None:
    record = _record(
        "journal-article",
        "韩国图书馆法",
        [_person("李", "炳穆", "zh")],
        "zh",
        PartialDate(2008),
        journal=_journal("图书情报工作", "zh"),
        volume="52",
        issue="6",
        fpage="6",
        lpage="12",
    )
    record = _accessed(record, (2013, 10, 25), "http://www.docin.com/p-400265742.html")
    assert _ref(record) == (
        "[1] 李炳穆. 韩国图书馆法[J/OL]. 图书情报工作, 2008, 52(6): 6-12[2013-10-25]. "
        "http://www.docin.com/p-400265742.html."
    )


def test_2015_clause_4_4_online_article_with_access_date_link_and_doi() -> None:
    names = (("Frese", "Karen S."), ("Katus", "Hugo A."), ("Meder", "Benjamin"))
    record = _record(
        "journal-article",
        "Next-generation sequencing: from understanding biology to personalized medicine",
        [_person(f, g) for f, g in names],
        "en",
        PartialDate(2013),
        journal=_journal("Biology", "en"),
        volume="2",
        issue="1",
        fpage="378",
        lpage="398",
        identifiers=(Identifier("doi", "10.3390/biology2010378"),),
    )
    record = _accessed(record, (2013, 3, 19), "http://www.mdpi.com/2079-7737/2/1/378")
    assert _ref(record) == (
        "[1] FRESE K S, KATUS H A, MEDER B. Next-generation sequencing: from understanding "
        "biology to personalized medicine[J/OL]. Biology, 2013, 2(1): 378-398[2013-03-19]. "
        "http://www.mdpi.com/2079-7737/2/1/378. DOI:10.3390/biology2010378."
    )


def test_2015_clause_4_1_online_book_with_its_access_date() -> None:
    record = _record(
        "book",
        "当代美国外交",
        [_person("赵", "学功", "zh")],
        "zh",
        PartialDate(2001),
        publisher=_imprint("北京", "社会科学文献出版社", "zh"),
    )
    url = "http://www.cadal.zju.edu.cn/book/trySinglePage/33023884/1"
    assert _ref(_accessed(record, (2014, 6, 11), url)) == (
        f"[1] 赵学功. 当代美国外交[M/OL]. 北京: 社会科学文献出版社, 2001[2014-06-11]. {url}."
    )


def test_2015_clause_4_5_online_patent_with_its_access_date() -> None:
    record = _record(
        "patent",
        "光折变自适应光外差探测方法",
        [_body("西安电子科技大学")],
        "zh",
        PartialDate(2002, 3, 6),
        identifiers=(Identifier("patent-number", "01128777.2"),),
    )
    url = "http://211.152.9.47/sipoasp/zljs/hyjs-yx-new.asp?recid=01128777.2&leixin=0"
    assert _ref(_accessed(record, (2002, 5, 28), url)) == (
        f"[1] 西安电子科技大学. 光折变自适应光外差探测方法: 01128777.2[P/OL]. "
        f"2002-03-06[2002-05-28]. {url}."
    )


def test_2015_clause_4_6_electronic_resource_with_update_and_access_dates() -> None:
    record = _record(
        "other",
        "Origins and concepts of digital literacy",
        [_person("Bawden", "D")],
        "en",
        PartialDate(2008, 5, 4),
    )
    url = "http://www.soi.city.ac.uk/~dbawden/digital%20literacy%20chapter.pdf"
    assert _ref(_accessed(record, (2013, 3, 8), url)) == (
        f"[1] BAWDEN D. Origins and concepts of digital literacy[EB/OL]. "
        f"(2008-05-04)[2013-03-08]. {url}."
    )


def test_an_access_date_is_printed_only_with_a_link_and_read_from_a_bibtex_urldate() -> None:
    record = dataclasses.replace(_zhang(), extras={"urldate": "2024-09-01"})
    assert "[2024-09-01]" not in _ref(record)
    linked = dataclasses.replace(record, links=(Link("https://example.org/z"),))
    assert _ref(linked).endswith("102-111[2024-09-01]. https://example.org/z.")


# --- §4.2 专著中的析出文献 (a chapter, a conference paper: //editors. container) ------------------


def _editor(literal: str) -> Contributor:
    return Contributor((Name(literal=literal, lang="zh"),), role="editor")


def test_2015_clause_4_2_chapter_in_a_book_with_its_editors() -> None:
    editors = [
        Contributor((Name("许", "厚泽", style="eastern", lang="zh"),), role="editor"),
        Contributor((Name("赵", "其国", style="eastern", lang="zh"),), role="editor"),
    ]
    record = _record(
        "book-chapter",
        "1998年长江洪水的成因与减灾对策",
        [_person("程", "根伟", "zh"), *editors],
        "zh",
        PartialDate(1999),
        journal=_journal("长江流域洪涝灾害与科技对策", "zh"),
        publisher=_imprint("北京", "科学出版社", "zh"),
        fpage="32",
        lpage="36",
    )
    assert _ref(record) == (
        "[1] 程根伟. 1998年长江洪水的成因与减灾对策[M]//许厚泽, 赵其国. "
        "长江流域洪涝灾害与科技对策. 北京: 科学出版社, 1999: 32-36."
    )


def test_2015_clause_4_2_conference_paper_with_its_proceedings() -> None:
    record = _record(
        "conference-paper",
        "面向数字素养的高校图书馆数字服务体系研究",
        [_person("贾", "东琴", "zh"), _person("柯", "平", "zh"), _editor("中国图书馆学会")],
        "zh",
        PartialDate(2011),
        journal=_journal("中国图书馆学会年会论文集: 2011年卷", "zh"),
        publisher=_imprint("北京", "国家图书馆出版社", "zh"),
        fpage="45",
        lpage="52",
    )
    assert _ref(record) == (
        "[1] 贾东琴, 柯平. 面向数字素养的高校图书馆数字服务体系研究[C]//中国图书馆学会. "
        "中国图书馆学会年会论文集: 2011年卷. 北京: 国家图书馆出版社, 2011: 45-52."
    )


def test_2015_clause_4_1_thesis_online_with_its_publisher_and_access_date() -> None:
    record = _record(
        "thesis",
        "新闻道德论",
        [_person("杨", "保军", "zh")],
        "zh",
        PartialDate(2012),
        publisher=_imprint("北京", "中国人民大学出版社", "zh"),
    )
    url = (
        "http://apabi.lib.pku.edu.cn/usp/pku/pub.mvc?pid=book.detail&metaid="
        "m.20101104-BPO-889-1023&cult=CN"
    )
    assert _ref(_accessed(record, (2012, 11, 1), url)) == (
        f"[1] 杨保军. 新闻道德论[D/OL]. 北京: 中国人民大学出版社, 2012[2012-11-01]. {url}."
    )


def test_2015_clause_4_4_newspaper_article_online_with_its_page() -> None:
    record = _record(
        "newspaper-article",
        "我们的科技一直在追赶: 访中国工程院院长周济",
        [_person("余", "建斌", "zh")],
        "zh",
        PartialDate(2013, 1, 12),
        journal=_journal("人民日报", "zh"),
        issue="2",
    )
    url = "http://paper.people.com.cn/rmrb/html/2013-01/12/nw.D110000renmrb_20130112_5-02.htm"
    assert _ref(_accessed(record, (2013, 3, 20), url)) == (
        f"[1] 余建斌. 我们的科技一直在追赶: 访中国工程院院长周济[N/OL]. 人民日报, "
        f"2013-01-12(2)[2013-03-20]. {url}."
    )


# --- HTML: one paragraph a reference, the link and the DOI as links ---------------------------


def test_html_is_a_paragraph_a_reference_with_its_language_and_links() -> None:
    record = dataclasses.replace(_myburg(), links=(Link("https://example.org/a?b=1&c=2"),))
    html = normaliser.write([_zhang(), record], "gbt7714", gbt_markup="html")
    assert html == (
        '<p class="gbt7714" lang="zh">[1] 张群, 程志宝, 石志飞, 等. '
        "惯性增强动力吸振器-浮置板轨道低频减振性能研究[J]. 铁道学报, 2024, 46(8): 102-111.</p>\n"
        '<p class="gbt7714" lang="en">[2] MYBURG A A, GRATTAPAGLIA D, TUSKAN G A, et al. '
        "The genome of Eucalyptus grandis[J/OL]. Nature, 2014, 510(7505): 356-362. "
        '<a href="https://example.org/a?b=1&amp;c=2">https://example.org/a?b=1&amp;c=2</a>. '
        'DOI:<a href="https://doi.org/10.1038/nature13308">10.1038/nature13308</a>.</p>\n'
    )


def test_html_escapes_the_text_and_joins_renumbered() -> None:
    import io

    record = dataclasses.replace(_zhang(), titles=(Text("A <b> & c", "zh"),))
    one = normaliser.write(record, "gbt7714", gbt_markup="html")
    assert "A &lt;b&gt; &amp; c[J]" in one
    out = io.StringIO()
    formats.get("gbt7714").join("", [one, one], out)
    assert out.getvalue() == normaliser.write([record, record], "gbt7714", gbt_markup="html")


# --- §8.1.1 pinyin names: the initial of each syllable (2015), the given name in full (2025) ----


def _ijn_authors() -> list[Contributor]:
    # The authors of samples/ijn-2025 (a realistic record: pinyin names, no Han form, no tag).
    names = (("Zeng", "Mingtang"), ("Hu", "Chenji"), ("Chen", "Tao"))
    return [Contributor((Name(f, g, style="western"),)) for f, g in names]


def test_2015_clause_8_1_1_a_pinyin_given_name_gives_the_initial_of_each_syllable() -> None:
    # GB/T 7714-2015 §8.1.1, after GB/T 28039-2011: 名可缩写，取每个汉字拼音的首字母.
    record = _record(
        "journal-article",
        "Advancements in cell membrane-derived biomimetic nanotherapeutics for breast cancer",
        [*_ijn_authors(), _person("Li", "Hua")],
        "en",
        PartialDate(2025),
        journal=_journal("International Journal of Nanomedicine", "en"),
        volume="20",
        fpage="6059",
        lpage="6083",
    )
    assert _ref(record).startswith("[1] ZENG M T, HU C J, CHEN T, et al. Advancements")
    # 2025 §7.1.1: 用汉语拼音著录个人责任者 … 名宜用全称.
    assert _ref(record, gbt_edition="2025").startswith(
        "[1] Zeng Mingtang, Hu Chenji, Chen Tao, et al. Advancements"
    )


def test_a_pinyin_name_is_known_by_its_tag_or_its_han_form_else_by_its_spelling() -> None:
    tagged = Contributor((Name("Shan", "Hongwei", style="western", lang="zh-Latn-pinyin"),))
    han = Contributor(
        (Name("欧阳", "文博", style="eastern", lang="zh"), Name("Ouyang", "Wenbo", lang="und"))
    )
    western = [_person("Grattapaglia", "Dario"), _person("Lin", "Anna")]  # tagged "en"
    record = _record("journal-article", "A title", [tagged, han], "en", PartialDate(2021))
    assert _ref(record).startswith("[1] SHAN H W, OUYANG W B. A title[J]")
    assert _ref(record, gbt_edition="2025").startswith("[1] Shan Hongwei, Ouyang Wenbo. A ti")
    japanese = Contributor(
        (Name("宮地", "元彦", style="eastern", lang="ja"), Name("Miyachi", "Motohiko", lang="und"))
    )
    record = _record("journal-article", "A title", [japanese], "en", PartialDate(2021))
    assert _ref(record).startswith("[1] MIYACHI M. A title")  # a Han form, but not pinyin
    assert _ref(record, gbt_edition="2025").startswith("[1] Miyachi M. A title")
    record = _record("journal-article", "A title", western, "en", PartialDate(2021))
    assert _ref(record).startswith("[1] GRATTAPAGLIA D, LIN A. A title[J]")  # not pinyin
    assert _ref(record, gbt_edition="2025").startswith("[1] Grattapaglia D, Lin A. A title")
    # untagged, a name spelt like pinyin is taken for pinyin; any English tag keeps it Western
    untagged = [_person("Long", "Ben", "und")]
    untagged_record = _record("journal-article", "A title", untagged, "en", PartialDate(2021))
    tagged = _record(
        "journal-article", "A title", [_person("Long", "Ben", "en-GB")], "en", PartialDate(2021)
    )
    assert _ref(untagged_record, gbt_edition="2025").startswith("[1] Long Ben. A title")
    assert _ref(tagged, gbt_edition="2025").startswith("[1] Long B. A title")


def test_pinyin_syllables_are_cut_longest_first_and_at_apostrophes() -> None:
    from normaliser.formats.gbt7714 import syllables

    assert syllables("Mingtang") == ["ming", "tang"]
    assert syllables("Xiaoyan") == ["xiao", "yan"]
    assert syllables("Xi'an") == ["xi", "an"]
    assert syllables("Jerry") is None
    assert syllables("Alexander") is None


def test_cutting_syllables_takes_linear_time_on_a_hostile_given_name() -> None:
    import time

    from normaliser.formats.gbt7714 import syllables

    # "anan…an" has Fibonacci-many cuts (a na / an a); with a tail no cut ends, a search that
    # forgets which tails failed tries them all (1 s at 18 pairs, doubling every 1.4 pairs).
    started = time.perf_counter()
    assert syllables("an" * 28 + "q") is None
    assert syllables("an" * 28) is not None
    assert time.perf_counter() - started < 0.5


# --- §4.3 连续出版物 (a serial as a whole) -------------------------------------------


def test_2015_clause_4_3_serials_with_their_first_issue_and_open_range() -> None:
    hubei = _record(
        "periodical",
        "临床内科杂志",
        [_body("中华医学会湖北分会")],
        "zh",
        PartialDate(1984),
        volume="1",
        issue="1",
        publisher=_imprint("武汉", "中华医学会湖北分会", "zh"),
    )
    aaas = _record(
        "periodical",
        "Science",
        [Contributor((Name(literal="American Association for the Advancement of Science"),))],
        "en",
        PartialDate(1883),
        volume="1",
        issue="1",
        publisher=_imprint(
            "Washington, D.C.", "American Association for the Advancement of Science", "en"
        ),
    )
    # The open range is a hyphen, as 2015 §7 gives "-" to ranges and as the transcription in
    # zepinglee/gb-t-7714-csl-style standard-numeric.txt ([25], [27]) prints it; the one in
    # zepinglee/gbt7714-bibtex-style test/standard.txt has an en dash (1984--) instead.
    assert normaliser.write([hubei, aaas], "gbt7714") == (
        "[1] 中华医学会湖北分会. 临床内科杂志[J]. 1984, 1(1)-. 武汉: 中华医学会湖北分会, "
        "1984-.\n"
        "[2] American Association for the Advancement of Science. Science[J]. 1883, 1(1)-. "
        "Washington, D.C.: American Association for the Advancement of Science, 1883-.\n"
    )


# --- §4.1 a book's volume (其他题名信息: 第1卷) -------------------------------------


def test_2015_clause_4_1_a_volume_of_a_book_after_its_title() -> None:
    record = _record(
        "book",
        "国史旧闻",
        [_person("陈", "登原", "zh")],
        "zh",
        PartialDate(2000),
        publisher=_imprint("北京", "中华书局", "zh"),
        volume="1",
        fpage="29",
    )
    assert _ref(record) == "[1] 陈登原. 国史旧闻: 第1卷[M]. 北京: 中华书局, 2000: 29."
    named = dataclasses.replace(record, volume="第二卷 科学思想史")
    assert "国史旧闻: 第二卷 科学思想史[M]" in _ref(named)  # a volume not a number as written


# --- 其他责任者: translators after the title ----------------------------------------------------


def test_2015_clause_9_1_translators_after_the_title() -> None:
    translators = [
        Contributor((Name("胡", "泳", style="eastern", lang="zh"),), role="translator"),
        Contributor((Name("范", "海燕", style="eastern", lang="zh"),), role="translator"),
    ]
    record = _record(
        "book",
        "数字化生存",
        [_body("尼葛洛庞帝"), *translators],
        "zh",
        PartialDate(1996),
        publisher=_imprint("海口", "海南出版社", "zh"),
    )
    assert (
        _ref(record) == "[1] 尼葛洛庞帝. 数字化生存[M]. 胡泳, 范海燕, 译. 海口: 海南出版社, 1996."
    )
    english = _record(
        "book",
        "The travels of Marco Polo",
        [_person("Polo", "Marco"), Contributor((Name("Marsden", "William"),), role="translator")],
        "en",
        PartialDate(1997),
        publisher=_imprint("Hertfordshire", "Cumberland House", "en"),
    )
    assert _ref(english).startswith("[1] POLO M. The travels of Marco Polo[M]. MARSDEN W, trans. ")
