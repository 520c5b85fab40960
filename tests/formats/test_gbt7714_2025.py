"""The gbt7714 format, 2025 edition: the examples printed in GB/T 7714-2025 that the formatter's
types cover, each built as a record and written with ``gbt_edition="2025"``.

Source of the examples: typst-doc-cn/bib-csl-dev-data, ``data/GB-T_7714—2025.original.toml``
(commit 0076e89c0e80e9cf36bd848e855e958cf643eb47), which records the standard's examples, clause
by clause, as the text embedded in a PDF of the standard. Its own notes say that embedded text is
not the text the page shows: the colons (and the other separators) look full-width on the page
but are embedded as ``: , ( )``, and spaces are embedded where the page has none and missing where
it has a gap (its transcriber added some by rule). So each test checks two things:

- ``EXPECTED``: the reference as the formatter writes it (full-width ``，：（）`` in a Chinese
  reference, half-width ``, : ( )`` in another; ``. `` after each element), character for
  character;
- that the reference and the transcription (``STANDARD``, copied verbatim from the toml, its
  number dropped) are the same text once the embedded text's known artefacts are taken out of
  both (``embedded``: separators to half-width, no space beside a separator or between Han and
  Latin text). That check cannot see the width of a separator or a space: the page can.

Where two sources disagree, the test says so in a comment. The rules the formatter follows beyond
the examples (§7.1.1 pinyin given names in full, §6.2 the separators) are the standard's text as
hushidong/biblatex-gb7714-2025 ``gbT7714-2025.tex`` reproduces it.
"""

from __future__ import annotations

import dataclasses
import re

import pytest

import normaliser
from normaliser.record import (
    Conference,
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

_HALF = str.maketrans("，：（）；", ",:();")
_SEPARATOR = re.compile(r"\s*([.,:;()\[\]/?])\s*")
_SCRIPTS = re.compile(r"(?<=[\u3400-\u9fff])\s+(?=[\w“])|(?<=[\w”])\s+(?=[\u3400-\u9fff])")


def embedded(text: str) -> str:
    """``text`` without what the PDF's embedded text cannot tell (see the module docstring)."""
    return _SCRIPTS.sub("", _SEPARATOR.sub(r"\1", text.translate(_HALF)))


def _person(family: str, given: str = "", lang: str = "und") -> Contributor:
    han = lang.startswith("zh")
    style = "eastern" if han else "western"
    return Contributor((Name(family, given or None, style=style, lang=lang),))


def _han(*names: str) -> list[Contributor]:
    """Han names, the first character the family name (复姓 not needed here)."""
    return [_person(n[0], n[1:], "zh") for n in names]


def _body(name: str, lang: str = "zh") -> Contributor:
    return Contributor((Name(literal=name, lang=lang),))


def _record(
    kind: str,
    title: str,
    authors: list[Contributor],
    lang: str,
    date: PartialDate | None,
    url: str | None = None,
    **fields: object,
) -> Record:
    return Record(
        titles=(Text(title, lang),),
        contributors=tuple(authors),
        language=lang,
        publication_types=(Term("publication-type", code=kind),),
        dates=(Dated("published", date),) if date else (),
        links=(Link(url),) if url else (),
        **fields,  # type: ignore[arg-type]
    )


def _imprint(place: str | None, name: str, lang: str) -> Publisher:
    places = (Text(place, lang),) if place else ()
    return Publisher(names=(Text(name, lang),), places=places)


def _journal(title: str, lang: str) -> Journal:
    return Journal(titles=(Text(title, lang),))


def _accessed(day: tuple[int, int, int]) -> dict[str, object]:
    return {"extras": {"accessed": {"date-parts": [list(day)]}}}


def _written(record: Record, style: str = "numeric") -> str:
    text = normaliser.write(record, "gbt7714", gbt_edition="2025", gbt_style=style)
    return re.sub(r"^\[1\] ", "", text.rstrip("\n"))


# (clause and number, the standard's text as transcribed, the formatter's text, the record)
EXAMPLES: list[tuple[str, str, str, Record]] = [
    (
        "8.2.2-1",
        "[1] 张伯伟.全唐五代诗格汇考[M].南京:江苏古籍出版社,2002:288.",
        "张伯伟. 全唐五代诗格汇考[M]. 南京：江苏古籍出版社，2002：288.",
        _record(
            "book",
            "全唐五代诗格汇考",
            _han("张伯伟"),
            "zh",
            PartialDate(2002),
            publisher=_imprint("南京", "江苏古籍出版社", "zh"),
            fpage="288",
        ),
    ),
    (
        "B.1-3",  # a book's volume as other title information
        "[3] 陈登原.国史旧闻:第1卷[M].北京:中华书局,2000:29.",
        "陈登原. 国史旧闻：第1卷[M]. 北京：中华书局，2000：29.",
        _record(
            "book",
            "国史旧闻",
            _han("陈登原"),
            "zh",
            PartialDate(2000),
            publisher=_imprint("北京", "中华书局", "zh"),
            volume="1",
            fpage="29",
        ),
    ),
    (
        "B.1-14",  # an online book: 2025 prints no access date for it (2015 §4.1 did)
        "[14] 赵学功.当代美国外交[M/OL].北京: 社会科学文献出版社,2001."
        "http://www.cadal.zju.edu.cn/book/trySinglePage/33023884/1.",
        "赵学功. 当代美国外交[M/OL]. 北京：社会科学文献出版社，2001. "
        "http://www.cadal.zju.edu.cn/book/trySinglePage/33023884/1.",
        _record(
            "book",
            "当代美国外交",
            _han("赵学功"),
            "zh",
            PartialDate(2001),
            "http://www.cadal.zju.edu.cn/book/trySinglePage/33023884/1",
            publisher=_imprint("北京", "社会科学文献出版社", "zh"),
            **_accessed((2014, 6, 11)),
        ),
    ),
    (
        "B.4-5",
        "[5] 陈建军.从数字地球到智慧地球[J/OL].国土资源导刊,2010,7 (10):93."
        "https://d.wanfangdata.com.cn/periodical/hunandz201010038."
        "DOI:10.3969/j.issn.1672-5603.2010.10.038.",
        "陈建军. 从数字地球到智慧地球[J/OL]. 国土资源导刊，2010，7（10）：93. "
        "https://d.wanfangdata.com.cn/periodical/hunandz201010038. "
        "DOI:10.3969/j.issn.1672-5603.2010.10.038.",
        _record(
            "journal-article",
            "从数字地球到智慧地球",
            _han("陈建军"),
            "zh",
            PartialDate(2010),
            "https://d.wanfangdata.com.cn/periodical/hunandz201010038",
            journal=_journal("国土资源导刊", "zh"),
            volume="7",
            issue="10",
            fpage="93",
            identifiers=(Identifier("doi", "10.3969/j.issn.1672-5603.2010.10.038"),),
        ),
    ),
    (
        "B.4-12",
        "[12] Caplan P.Cataloging internet resources[J].The Public-access Computer Systems "
        "Review,1993,4 (2):61-66.",
        "Caplan P. Cataloging internet resources[J]. The Public-access Computer Systems Review, "
        "1993, 4(2): 61-66.",
        _record(
            "journal-article",
            "Cataloging internet resources",
            [_person("Caplan", "Priscilla", "en")],
            "en",
            PartialDate(1993),
            journal=_journal("The Public-access Computer Systems Review", "en"),
            volume="4",
            issue="2",
            fpage="61",
            lpage="66",
        ),
    ),
    (
        "B.4-15",  # a hyphenated given name keeps its hyphen in 2025 (J-R)
        "[15] Park J-R,Tosaka Y.Metadata quality control in digital repositories and "
        "collections:criteria,semantics,and mechanisms[J/OL].Cataloging & Classification "
        "Quarterly,2010,48 (8):696-715.https://www.tandfonline.com/doi/full/10.1080/"
        "01639374.2010.508711.",
        "Park J-R, Tosaka Y. Metadata quality control in digital repositories and "
        "collections: criteria, semantics, and mechanisms[J/OL]. Cataloging & Classification "
        "Quarterly, 2010, 48(8): 696-715. https://www.tandfonline.com/doi/full/10.1080/"
        "01639374.2010.508711.",
        _record(
            "journal-article",
            "Metadata quality control in digital repositories and collections: criteria, "
            "semantics, and mechanisms",
            [_person("Park", "Jung-ran", "en"), _person("Tosaka", "Yuji", "en")],
            "en",
            PartialDate(2010),
            "https://www.tandfonline.com/doi/full/10.1080/01639374.2010.508711",
            journal=_journal("Cataloging & Classification Quarterly", "en"),
            volume="48",
            issue="8",
            fpage="696",
            lpage="715",
        ),
    ),
    (
        "8.2.2-5",  # translators (其他责任者) after the title, then the edition
        "[5] 扬奎斯特,萨金特.递归宏观经济理论[M].杨斌,王忠玉,陈彦斌,等,译.2版."
        "北京:中国人民大学出版社,2010:798.",
        "扬奎斯特，萨金特. 递归宏观经济理论[M]. 杨斌，王忠玉，陈彦斌，等，译. 2版. "
        "北京：中国人民大学出版社，2010：798.",
        _record(
            "book",
            "递归宏观经济理论",
            [
                _body("扬奎斯特"),
                _body("萨金特"),
                *(
                    Contributor((Name(n[0], n[1:], style="eastern", lang="zh"),), role="translator")
                    for n in ("杨斌", "王忠玉", "陈彦斌", "陈小彬")  # the fourth is not printed
                ),
            ],
            "zh",
            PartialDate(2010),
            publisher=_imprint("北京", "中国人民大学出版社", "zh"),
            edition="2版",
            fpage="798",
        ),
    ),
    (
        "8.5.3-2",  # a translated article
        "[2] 久保智康.花枝蝶鸟方镜的镜范:以平安后期的铜镜制作工艺为中心[J].顾幼静,译.东方博物,"
        "2009(1):85-92.",
        "久保智康. 花枝蝶鸟方镜的镜范：以平安后期的铜镜制作工艺为中心[J]. 顾幼静，译. "
        "东方博物，2009（1）：85-92.",
        _record(
            "journal-article",
            "花枝蝶鸟方镜的镜范：以平安后期的铜镜制作工艺为中心",
            [
                _body("久保智康"),
                Contributor((Name("顾", "幼静", style="eastern", lang="zh"),), role="translator"),
            ],
            "zh",
            PartialDate(2009),
            journal=_journal("东方博物", "zh"),
            issue="1",
            fpage="85",
            lpage="92",
        ),
    ),
    (
        "9.2.2-3",
        "[3] 尼葛洛庞帝.数字化生存[M].胡泳,范海燕,译.海口:海南出版社,1996.",
        "尼葛洛庞帝. 数字化生存[M]. 胡泳，范海燕，译. 海口：海南出版社，1996.",
        _record(
            "book",
            "数字化生存",
            [
                _body("尼葛洛庞帝"),
                *(
                    Contributor((Name(n[0], n[1:], style="eastern", lang="zh"),), role="translator")
                    for n in ("胡泳", "范海燕")
                ),
            ],
            "zh",
            PartialDate(1996),
            publisher=_imprint("海口", "海南出版社", "zh"),
        ),
    ),
    (
        "8.4.2-1",  # a serial as a whole, its range open
        "[1] 中华医学会湖北分会.临床内科杂志[J].1984,1 (1)—.武汉:中华医学会湖北分会,1984—.",
        "中华医学会湖北分会. 临床内科杂志[J]. 1984，1（1）—. 武汉：中华医学会湖北分会，1984—.",
        _record(
            "periodical",
            "临床内科杂志",
            [_body("中华医学会湖北分会")],
            "zh",
            PartialDate(1984),
            volume="1",
            issue="1",
            publisher=_imprint("武汉", "中华医学会湖北分会", "zh"),
        ),
    ),
    (
        "8.4.2-3",
        "[3] American Association for the Advancement of Science.Science[J].1883,1 (1)—."
        "Washington,D.C.:American Association for the Advancement of Science,1883—.",
        "American Association for the Advancement of Science. Science[J]. 1883, 1(1)—. "
        "Washington, D.C.: American Association for the Advancement of Science, 1883—.",
        _record(
            "periodical",
            "Science",
            [_body("American Association for the Advancement of Science", "en")],
            "en",
            PartialDate(1883),
            volume="1",
            issue="1",
            publisher=_imprint(
                "Washington, D.C.", "American Association for the Advancement of Science", "en"
            ),
        ),
    ),
    (
        "8.5.3-1",
        "[1] 丁文详.数字革命与竞争国际化[N].中国青年报,2000-11-20 (15).",
        "丁文详. 数字革命与竞争国际化[N]. 中国青年报，2000-11-20（15）.",
        _record(
            "newspaper-article",
            "数字革命与竞争国际化",
            _han("丁文详"),
            "zh",
            PartialDate(2000, 11, 20),
            journal=_journal("中国青年报", "zh"),
            issue="15",
        ),
    ),
    (
        "8.5.3-3",  # four authors: three, then 等
        "[3] 于潇,刘义,柴跃廷,等.互联网药品可信交易环境中主体资质审核备案模式[J]."
        "清华大学学报(自然科学版),2012,52 (11):1518-1523.",
        "于潇，刘义，柴跃廷，等. 互联网药品可信交易环境中主体资质审核备案模式[J]. "
        "清华大学学报（自然科学版），2012，52（11）：1518-1523.",
        _record(
            "journal-article",
            "互联网药品可信交易环境中主体资质审核备案模式",
            # the fourth author is not printed; the example does not name them
            [*_han("于潇", "刘义", "柴跃廷"), _body("第四作者")],
            "zh",
            PartialDate(2012),
            journal=_journal("清华大学学报（自然科学版）", "zh"),
            volume="52",
            issue="11",
            fpage="1518",
            lpage="1523",
        ),
    ),
    (
        "8.5.3-4",  # online before its issue: the day, no volume
        "[4] 张群,程志宝,石志飞.惯性增强动力吸振器-浮置板轨道低频减振性能研究[J/OL]."
        "铁道学报,2024-05-09.https://kns.cnki.net/kcms/detail/11.2104.u.20240507.1737.002.html.",
        "张群，程志宝，石志飞. 惯性增强动力吸振器-浮置板轨道低频减振性能研究[J/OL]. "
        "铁道学报，2024-05-09. https://kns.cnki.net/kcms/detail/11.2104.u.20240507.1737.002.html.",
        _record(
            "journal-article",
            "惯性增强动力吸振器-浮置板轨道低频减振性能研究",
            _han("张群", "程志宝", "石志飞"),
            "zh",
            PartialDate(2024, 5, 9),
            "https://kns.cnki.net/kcms/detail/11.2104.u.20240507.1737.002.html",
            journal=_journal("铁道学报", "zh"),
        ),
    ),
    (
        "8.5.3-5",
        "[5] 张群,程志宝,石志飞.惯性增强动力吸振器-浮置板轨道低频减振性能研究[J]."
        "铁道学报,2024,46(8):102-111.",
        "张群，程志宝，石志飞. 惯性增强动力吸振器-浮置板轨道低频减振性能研究[J]. "
        "铁道学报，2024，46（8）：102-111.",
        _record(
            "journal-article",
            "惯性增强动力吸振器-浮置板轨道低频减振性能研究",
            _han("张群", "程志宝", "石志飞"),
            "zh",
            PartialDate(2024),
            journal=_journal("铁道学报", "zh"),
            volume="46",
            issue="8",
            fpage="102",
            lpage="111",
        ),
    ),
    (
        "8.5.3-9",  # family names as written, initials, et al., the link then the DOI
        "[9] Myburg A A,Grattapaglia D,Tuskan G A,et al.The genome of Eucalyptus grandis[J/OL]."
        "Nature,2014,510:356-362.https://www.nature.com/articles/nature13308.pdf."
        "DOI:10.1038/nature13308.",
        "Myburg A A, Grattapaglia D, Tuskan G A, et al. The genome of Eucalyptus grandis[J/OL]. "
        "Nature, 2014, 510: 356-362. https://www.nature.com/articles/nature13308.pdf. "
        "DOI:10.1038/nature13308.",
        _record(
            "journal-article",
            "The genome of Eucalyptus grandis",
            [
                _person("Myburg", "Alexander A.", "en"),
                _person("Grattapaglia", "Dario", "en"),
                _person("Tuskan", "Gerald A.", "en"),
                _person("Jenkins", "Jerry", "en"),
            ],
            "en",
            PartialDate(2014),
            "https://www.nature.com/articles/nature13308.pdf",
            journal=_journal("Nature", "en"),
            volume="510",
            fpage="356",
            lpage="362",
            identifiers=(Identifier("doi", "10.1038/nature13308"),),
        ),
    ),
    (
        "8.6.3-1",  # a paper of unpublished proceedings: //会议名称，会议年份：页码
        "[1] 李妍,王莹.医疗机构保洁人员“一前五后”手卫生干预效果研究[C]//"
        "中华预防医学会医院感染控制分会第31次全国医院感染学术年会,2022:2.",
        "李妍，王莹. 医疗机构保洁人员“一前五后”手卫生干预效果研究[C]//"
        "中华预防医学会医院感染控制分会第31次全国医院感染学术年会，2022：2.",
        _record(
            "conference-paper",
            "医疗机构保洁人员“一前五后”手卫生干预效果研究",
            _han("李妍", "王莹"),
            "zh",
            PartialDate(2022),
            conference=Conference(
                names=(Text("中华预防医学会医院感染控制分会第31次全国医院感染学术年会", "zh"),)
            ),
            fpage="2",
        ),
    ),
    (
        "8.6.3-3",  # pinyin names with their given names in full (§7.1.1)
        "[3] Yu Yang,Pan Erting,Wang Xinya,et al.Unmixing before fusion:a generalized paradigm "
        "for multi-source-based hyperspectral image synthesis[C/OL]//CVPR,2024:4.https://"
        "openaccess.thecvf.com/content/CVPR2024/html/Yu_Unmixing_Before_Fusion_A_Generalized_"
        "Paradigm_for_Multi-Source-based_Hyperspectral_Image_CVPR_2024_paper.html.",
        "Yu Yang, Pan Erting, Wang Xinya, et al. Unmixing before fusion: a generalized paradigm "
        "for multi-source-based hyperspectral image synthesis[C/OL]//CVPR, 2024: 4. https://"
        "openaccess.thecvf.com/content/CVPR2024/html/Yu_Unmixing_Before_Fusion_A_Generalized_"
        "Paradigm_for_Multi-Source-based_Hyperspectral_Image_CVPR_2024_paper.html.",
        _record(
            "conference-paper",
            "Unmixing before fusion: a generalized paradigm for multi-source-based hyperspectral "
            "image synthesis",
            # the fourth author is not printed; the example does not name them
            [
                *(_person(f, g) for f, g in (("Yu", "Yang"), ("Pan", "Erting"), ("Wang", "Xinya"))),
                _body("Fourth Author", "en"),
            ],
            "en",
            PartialDate(2024),
            "https://openaccess.thecvf.com/content/CVPR2024/html/Yu_Unmixing_Before_Fusion_A_"
            "Generalized_Paradigm_for_Multi-Source-based_Hyperspectral_Image_CVPR_2024_paper.html",
            conference=Conference(names=(Text("CVPR", "en"),)),
            fpage="4",
        ),
    ),
    (
        "8.7.2-1",
        "[1] 王琦.融合星载GNSS-R 和SAR 数据的高时空分辨率土壤湿度反演方法研究[D].武汉: "
        "武汉大学,2022:87.",
        "王琦. 融合星载GNSS-R和SAR数据的高时空分辨率土壤湿度反演方法研究[D]. "
        "武汉：武汉大学，2022：87.",
        _record(
            "thesis",
            "融合星载GNSS-R和SAR数据的高时空分辨率土壤湿度反演方法研究",
            _han("王琦"),
            "zh",
            PartialDate(2022),
            degree=Degree(grantors=(Text("武汉大学", "zh"),)),
            publisher=Publisher(places=(Text("武汉", "zh"),)),
            fpage="87",
        ),
    ),
    (
        "8.7.2-3",  # a CSTR after the link
        "[3] 井丽南.支持状态可编程的SDN 交换机关键技术研究[D/OL].北京: 中国科学院大学,2022:43."
        "http://dpaper.las.ac.cn/Dpaper/detail/detailNew? paperID=20209289."
        "CSTR:35001.37.01.33142.20220037.",
        "井丽南. 支持状态可编程的SDN交换机关键技术研究[D/OL]. 北京：中国科学院大学，2022：43. "
        "http://dpaper.las.ac.cn/Dpaper/detail/detailNew?paperID=20209289. "
        "CSTR:35001.37.01.33142.20220037.",
        _record(
            "thesis",
            "支持状态可编程的SDN交换机关键技术研究",
            _han("井丽南"),
            "zh",
            PartialDate(2022),
            "http://dpaper.las.ac.cn/Dpaper/detail/detailNew?paperID=20209289",
            degree=Degree(grantors=(Text("中国科学院大学", "zh"),)),
            publisher=Publisher(places=(Text("北京", "zh"),)),
            fpage="43",
            identifiers=(Identifier("cstr", "35001.37.01.33142.20220037"),),
        ),
    ),
    (
        "7.9.2",  # a DOI the link does not hold
        "刘乃安.生物质材料热解失重动力学及其分析方法研究[D/OL].合肥:中国科学技术大学,2000:17-18."
        "https://d.wanfangdata.com.cn/thesis/Y351065.DOI:10.7666/d.y351065.",
        "刘乃安. 生物质材料热解失重动力学及其分析方法研究[D/OL]. 合肥：中国科学技术大学，"
        "2000：17-18. https://d.wanfangdata.com.cn/thesis/Y351065. DOI:10.7666/d.y351065.",
        _record(
            "thesis",
            "生物质材料热解失重动力学及其分析方法研究",
            _han("刘乃安"),
            "zh",
            PartialDate(2000),
            "https://d.wanfangdata.com.cn/thesis/Y351065",
            degree=Degree(grantors=(Text("中国科学技术大学", "zh"),)),
            publisher=Publisher(places=(Text("合肥", "zh"),)),
            fpage="17",
            lpage="18",
            identifiers=(Identifier("doi", "10.7666/d.y351065"),),
        ),
    ),
    (
        "8.7.2-5",
        "[5] Christou A.Improving knowledge graph understanding with contextual views[D/OL]."
        "Ohio:Wright State University,2024:18."
        "http://rave.ohiolink.edu/etdc/view?acc_num=wright1715878159408301.",
        "Christou A. Improving knowledge graph understanding with contextual views[D/OL]. "
        "Ohio: Wright State University, 2024: 18. "
        "http://rave.ohiolink.edu/etdc/view?acc_num=wright1715878159408301.",
        _record(
            "thesis",
            "Improving knowledge graph understanding with contextual views",
            [_person("Christou", "Antrea", "en")],
            "en",
            PartialDate(2024),
            "http://rave.ohiolink.edu/etdc/view?acc_num=wright1715878159408301",
            degree=Degree(grantors=(Text("Wright State University", "en"),)),
            publisher=Publisher(places=(Text("Ohio", "en"),)),
            fpage="18",
        ),
    ),
    (
        "8.9.2-1",  # a standard: its number, then its name; no author, no imprint
        "[1] GB/T 3792—2021 信息与文献 资源描述[S].",
        "GB/T 3792—2021 信息与文献 资源描述[S].",
        _record(
            "standard",
            "信息与文献 资源描述",
            [_body("全国信息与文献标准化技术委员会")],
            "zh",
            PartialDate(2021),
            identifiers=(Identifier("standard-number", "GB/T 3792—2021"),),
        ),
    ),
    (
        "8.9.2-4",
        "[4] ISO 21378:2019 Audit data collection[S].",
        "ISO 21378:2019 Audit data collection[S].",
        _record(
            "standard",
            "Audit data collection",
            [],
            "en",
            PartialDate(2019),
            identifiers=(Identifier("standard-number", "ISO 21378:2019"),),
        ),
    ),
    (
        "8.10.2-1",  # a patent's cited pages after its date
        "[1] 邓一刚.全智能节电器:CN200610171314.3[P].2008-01-16:8-9.",
        "邓一刚. 全智能节电器：CN200610171314.3[P]. 2008-01-16：8-9.",
        _record(
            "patent",
            "全智能节电器",
            _han("邓一刚"),
            "zh",
            PartialDate(2008, 1, 16),
            identifiers=(Identifier("patent-number", "CN200610171314.3"),),
            fpage="8",
            lpage="9",
        ),
    ),
    (
        "8.10.2-2",
        "[2] 西安电子科技大学.光折变自适应光外差探测方法:CN01128777.2[P/OL].2002-03-06."
        "http://211.152.9.47/sipoasp/zljs/hyjs-yx-new.asp?recid=01128777.2&leixin=0.",
        "西安电子科技大学. 光折变自适应光外差探测方法：CN01128777.2[P/OL]. 2002-03-06. "
        "http://211.152.9.47/sipoasp/zljs/hyjs-yx-new.asp?recid=01128777.2&leixin=0.",
        _record(
            "patent",
            "光折变自适应光外差探测方法",
            [_body("西安电子科技大学")],
            "zh",
            PartialDate(2002, 3, 6),
            "http://211.152.9.47/sipoasp/zljs/hyjs-yx-new.asp?recid=01128777.2&leixin=0",
            identifiers=(Identifier("patent-number", "CN01128777.2"),),
            # an access date the record holds is not printed for a patent in 2025
            **_accessed((2002, 5, 28)),
        ),
    ),
    (
        "8.11.2.2-1",  # a web site: its access date only
        "[1] 中国国家博物馆[EB/OL].[2025-05-06].https://www.chnmuseum.cn/.",
        "中国国家博物馆[EB/OL]. [2025-05-06]. https://www.chnmuseum.cn/.",
        _record(
            "other",
            "中国国家博物馆",
            [],
            "zh",
            None,
            "https://www.chnmuseum.cn/",
            **_accessed((2025, 5, 6)),
        ),
    ),
    (
        "8.11.3.2-3",  # a web page: its date of publication, then its access date
        "[3] 许振超: “好好干,当一个好工人”[EB/OL].(2025-02-17)[2025-06-22]."
        "http://cpc.people.com.cn/n1/2025/0217/c443712-40419790.html.",
        "许振超：“好好干，当一个好工人”[EB/OL]. （2025-02-17）[2025-06-22]. "
        "http://cpc.people.com.cn/n1/2025/0217/c443712-40419790.html.",
        _record(
            "other",
            "许振超：“好好干，当一个好工人”",
            [],
            "zh",
            PartialDate(2025, 2, 17),
            "http://cpc.people.com.cn/n1/2025/0217/c443712-40419790.html",
            **_accessed((2025, 6, 22)),
        ),
    ),
    (
        "8.14.3-3",  # a dataset: its platform (date)[access date]
        "[3] IHME.Global burden of disease study 2019 (GBD 2019)data resources[DS/OL]."
        "Global Health Data Exchange (2021)[2025-07-15].https://ghdx.healthdata.org/gbd-2019.",
        "IHME. Global burden of disease study 2019 (GBD 2019) data resources[DS/OL]. "
        "Global Health Data Exchange (2021)[2025-07-15]. https://ghdx.healthdata.org/gbd-2019.",
        _record(
            "dataset",
            "Global burden of disease study 2019 (GBD 2019) data resources",
            [_body("IHME", "en")],
            "en",
            PartialDate(2021),
            "https://ghdx.healthdata.org/gbd-2019",
            publisher=Publisher(names=(Text("Global Health Data Exchange", "en"),)),
            **_accessed((2025, 7, 15)),
        ),
    ),
    (
        "8.15.2-1",  # a preprint: its platform (date)[access date], link, CSTR
        "[1] 肖玲, 张雪, 王永.数据要素的统计测算方法探究[PP/OL].PSSXiv (2024-07-02) "
        "[2024-09-30].https://zsyyb.cn/abs/202408.01096.CSTR:32012.36.PSSXiv.202408.01096.",
        "肖玲，张雪，王永. 数据要素的统计测算方法探究[PP/OL]. PSSXiv（2024-07-02）"
        "[2024-09-30]. https://zsyyb.cn/abs/202408.01096. CSTR:32012.36.PSSXiv.202408.01096.",
        _record(
            "preprint",
            "数据要素的统计测算方法探究",
            _han("肖玲", "张雪", "王永"),
            "zh",
            PartialDate(2024, 7, 2),
            "https://zsyyb.cn/abs/202408.01096",
            publisher=Publisher(names=(Text("PSSXiv", "zh"),)),
            identifiers=(Identifier("cstr", "32012.36.PSSXiv.202408.01096"),),
            **_accessed((2024, 9, 30)),
        ),
    ),
    (
        "8.15.2-3",  # a version, no platform
        "[3] Jenkins S D,Ruostekoski J.Controlled manipulation of light by cooperative response "
        "of atoms in an optical lattice[PP/OL].V2.(2012-03-18)[2020-06-24]."
        "https://doi.org/10.48550/arXiv.1112.6136.",
        "Jenkins S D, Ruostekoski J. Controlled manipulation of light by cooperative response "
        "of atoms in an optical lattice[PP/OL]. V2. (2012-03-18)[2020-06-24]. "
        "https://doi.org/10.48550/arXiv.1112.6136.",
        _record(
            "preprint",
            "Controlled manipulation of light by cooperative response of atoms in an optical "
            "lattice",
            [_person("Jenkins", "Stewart D.", "en"), _person("Ruostekoski", "Janne", "en")],
            "en",
            PartialDate(2012, 3, 18),
            "https://doi.org/10.48550/arXiv.1112.6136",
            edition="V2",
            **_accessed((2020, 6, 24)),
        ),
    ),
    (
        "7.1.3-3",  # no author in the numeric system: the title first
        "人物龙凤帛画[J].中国书法,2023 (3):5.",
        "人物龙凤帛画[J]. 中国书法，2023（3）：5.",
        _record(
            "journal-article",
            "人物龙凤帛画",
            [],
            "zh",
            PartialDate(2023),
            journal=_journal("中国书法", "zh"),
            issue="3",
            fpage="5",
        ),
    ),
    (
        "7.1.3-4",
        "Coffee drinking and cancer of the pancreas[J].Br Med J,1981,283 (6292):628.",
        "Coffee drinking and cancer of the pancreas[J]. Br Med J, 1981, 283(6292): 628.",
        _record(
            "journal-article",
            "Coffee drinking and cancer of the pancreas",
            [],
            "en",
            PartialDate(1981),
            journal=_journal("Br Med J", "en"),
            volume="283",
            issue="6292",
            fpage="628",
        ),
    ),
    (
        "9.2.2-1",
        "[1] Baker S K,Jackson M E.The future of resource sharing[M].New York:The Haworth Press,"
        "1995.",
        "Baker S K, Jackson M E. The future of resource sharing[M]. New York: The Haworth Press, "
        "1995.",
        _record(
            "book",
            "The future of resource sharing",
            [_person("Baker", "S K", "en"), _person("Jackson", "M E", "en")],
            "en",
            PartialDate(1995),
            publisher=_imprint("New York", "The Haworth Press", "en"),
        ),
    ),
    (
        "9.2.2-4",
        "[4] 汪冰.电子图书馆理论与实践研究[M].北京:北京图书馆出版社,1997:16.",
        "汪冰. 电子图书馆理论与实践研究[M]. 北京：北京图书馆出版社，1997：16.",
        _record(
            "book",
            "电子图书馆理论与实践研究",
            _han("汪冰"),
            "zh",
            PartialDate(1997),
            publisher=_imprint("北京", "北京图书馆出版社", "zh"),
            fpage="16",
        ),
    ),
    (
        "9.2.2-5",
        "[5] 杨宗英.电子图书馆的现实模型[J].中国图书馆学报,1996 (2):24-29.",
        "杨宗英. 电子图书馆的现实模型[J]. 中国图书馆学报，1996（2）：24-29.",
        _record(
            "journal-article",
            "电子图书馆的现实模型",
            _han("杨宗英"),
            "zh",
            PartialDate(1996),
            journal=_journal("中国图书馆学报", "zh"),
            issue="2",
            fpage="24",
            lpage="29",
        ),
    ),
    (
        "9.2.2-6",
        "[6] Dowler L.The research university’s dilemma:resource sharing and research in a "
        "transinstitutional environment[J].Journal of Library Administration,1995,21 (1/2):5-26.",
        "Dowler L. The research university’s dilemma: resource sharing and research in a "
        "transinstitutional environment[J]. Journal of Library Administration, 1995, 21(1/2): "
        "5-26.",
        _record(
            "journal-article",
            "The research university’s dilemma: resource sharing and research in a "
            "transinstitutional environment",
            [_person("Dowler", "L", "en")],
            "en",
            PartialDate(1995),
            journal=_journal("Journal of Library Administration", "en"),
            volume="21",
            issue="1/2",
            fpage="5",
            lpage="26",
        ),
    ),
]

#: The author-year examples (§9.3), written with ``gbt_style="author-year"``.
AUTHOR_YEAR: list[tuple[str, str, str, Record]] = [
    (
        "9.3.1.1-2",
        "Stieg M F,1981.The information needs of historians[J].College and Research Libraries,"
        "42 (6):549-560.",
        "Stieg M F, 1981. The information needs of historians[J]. College and Research "
        "Libraries, 42(6): 549-560.",
        _record(
            "journal-article",
            "The information needs of historians",
            [_person("Stieg", "M F", "en")],
            "en",
            PartialDate(1981),
            journal=_journal("College and Research Libraries", "en"),
            volume="42",
            issue="6",
            fpage="549",
            lpage="560",
        ),
    ),
    (
        "9.3.1.2",
        "Falout J,Elwood J,Hood M,2009.Demotivation:affective states and learning outcomes[J]."
        "System,37 (3):403-417.",
        "Falout J, Elwood J, Hood M, 2009. Demotivation: affective states and learning "
        "outcomes[J]. System, 37(3): 403-417.",
        _record(
            "journal-article",
            "Demotivation: affective states and learning outcomes",
            [_person(f, g, "en") for f, g in (("Falout", "J"), ("Elwood", "J"), ("Hood", "M"))],
            "en",
            PartialDate(2009),
            journal=_journal("System", "en"),
            volume="37",
            issue="3",
            fpage="403",
            lpage="417",
        ),
    ),
    (
        "9.3.1.4-2",  # no volume: the issue right after the journal, no comma
        "刘彻东,1998.中国的青年刊物:个性特色为本[J].中国出版(5):38-39.",
        "刘彻东，1998. 中国的青年刊物：个性特色为本[J]. 中国出版（5）：38-39.",
        _record(
            "journal-article",
            "中国的青年刊物：个性特色为本",
            _han("刘彻东"),
            "zh",
            PartialDate(1998),
            journal=_journal("中国出版", "zh"),
            issue="5",
            fpage="38",
            lpage="39",
        ),
    ),
]


def _number_dropped(text: str) -> str:
    return re.sub(r"^\[\d+\] ", "", text)


@pytest.mark.parametrize(
    ("clause", "standard", "expected", "record"), EXAMPLES, ids=[e[0] for e in EXAMPLES]
)
def test_2025_numeric_example(clause: str, standard: str, expected: str, record: Record) -> None:
    written = _written(record)
    assert written == expected
    assert embedded(written) == embedded(_number_dropped(standard))


@pytest.mark.parametrize(
    ("clause", "standard", "expected", "record"), AUTHOR_YEAR, ids=[e[0] for e in AUTHOR_YEAR]
)
def test_2025_author_year_example(
    clause: str, standard: str, expected: str, record: Record
) -> None:
    written = _written(record, "author-year")
    assert written == expected
    assert embedded(written) == embedded(standard)


def test_the_2015_edition_prints_no_cstr_and_keeps_its_own_standard_form() -> None:
    [thesis] = [e[3] for e in EXAMPLES if e[0] == "8.7.2-3"]
    text = normaliser.write(thesis, "gbt7714")
    assert "CSTR" not in text and text.rstrip().endswith("paperID=20209289.")
    [standard] = [e[3] for e in EXAMPLES if e[0] == "8.9.2-1"]
    assert normaliser.write(standard, "gbt7714") == (
        "[1] 全国信息与文献标准化技术委员会. 信息与文献 资源描述: GB/T 3792—2021[S]. "
        "[出版地不详]: [出版者不详], 2021.\n"
    )


def test_a_cstr_is_read_from_a_bibtex_or_csl_field_kept_in_extras() -> None:
    [thesis] = [e[3] for e in EXAMPLES if e[0] == "8.7.2-3"]
    bare = dataclasses.replace(thesis, identifiers=())
    for key, value in (("cstr", "35001.37.01.33142.20220037"), ("CSTR", "CSTR:35001.37.01.1")):
        record = dataclasses.replace(bare, extras={key: value})
        shown = value.removeprefix("CSTR:")
        assert _written(record).endswith(f"paperID=20209289. CSTR:{shown}.")
    assert "CSTR" not in _written(bare)


def test_embedded_takes_out_only_what_the_pdf_cannot_tell() -> None:
    assert embedded("铁道学报，2024，46（8）：102-111.") == "铁道学报,2024,46(8):102-111."
    assert embedded("Nature, 2014, 510: 356-362.") == "Nature,2014,510:356-362."
    assert embedded("SDN 交换机") == "SDN交换机"
    assert embedded("A B") != embedded("AB")  # a space between two words counts


def test_a_cstr_read_from_bibtex_and_csl_json_is_printed() -> None:
    # The fields the 2025 styles read: biblatex-gb7714-2025 / gbt7714-bibtex-style ``cstr``,
    # the zotero-chinese CSL style's ``CSTR``; both readers keep them in extras.
    bib = (
        "@phdthesis{jing2022,\n  author = {井丽南},\n"
        "  title = {支持状态可编程的SDN交换机关键技术研究},\n"
        "  school = {中国科学院大学},\n  address = {北京},\n  year = {2022},\n"
        "  url = {http://dpaper.las.ac.cn/Dpaper/detail/detailNew?paperID=20209289},\n"
        "  cstr = {35001.37.01.33142.20220037},\n  langid = {chinese},\n}\n"
    )
    csl = (
        '[{"id": "a", "type": "thesis", "title": "支持状态可编程的SDN交换机关键技术研究", '
        '"language": "zh-CN", "issued": {"date-parts": [[2022]]}, "publisher": "中国科学院大学", '
        '"publisher-place": "北京", "author": [{"family": "井", "given": "丽南"}], '
        '"URL": "http://dpaper.las.ac.cn/Dpaper/detail/detailNew?paperID=20209289", '
        '"CSTR": "35001.37.01.33142.20220037"}]'
    )
    expected = (
        "[1] 井丽南. 支持状态可编程的SDN交换机关键技术研究[D/OL]. 北京：中国科学院大学，2022. "
        "http://dpaper.las.ac.cn/Dpaper/detail/detailNew?paperID=20209289. "
        "CSTR:35001.37.01.33142.20220037.\n"
    )
    for data, name in ((bib, "bibtex"), (csl, "csl")):
        records = list(normaliser.read(data.encode(), name))
        assert normaliser.write(records, "gbt7714", gbt_edition="2025") == expected, name
