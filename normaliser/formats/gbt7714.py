"""GB/T 7714 formatted references (write only): a plain-text reference list as Chinese theses and
journals print it, in the 2015 or 2025 edition, numeric (顺序编码制) or author-year (著者-出版年制).

A reference is built from the record's facts, never read back: the format has no reader, and its
``KEEPS`` is empty (nothing of a record survives a write and a read). What a reference does not
print is lost: abstracts, keywords, affiliations, ORCID iDs, identifiers other than the DOI, the
CSTR and the numbers of standards and patents, every history date, extras but the access date
and the CSTR.

The rules (GB/T 7714-2015 clauses 4 and 8; GB/T 7714-2025 clauses 7 and 8, as its examples
print them):

- the document type code after the title, ``[J] [M] [C] [D] [R] [S] [P] [N] [A] [EB] [DS] [Z]``
  (2025: ``[PP]`` for a preprint), ``/OL`` added when the record has a link or a DOI (2025: or
  a CSTR);
- up to three names, then ``等`` in a Chinese item and ``et al.`` in any other (the item's
  language decides); a Han name whole (``张群``); a Latin name family first, given names as
  initials without stops (``MYBURG A A`` upper-case in 2015, ``Myburg A A`` in 2025); a pinyin
  name's given name by syllable in 2015 (§8.1.1: ``ZENG M T``), in full in 2025 (§7.1.1:
  ``Zeng Mingtang``);
- the translators after the title and its code (``[M]. 胡泳, 范海燕, 译.``, ``trans.`` in a
  reference in another language);
- 2015 punctuation is half-width (``, : ( )``); 2025 prints ``，：（）`` in a Chinese item;
- journal ``作者. 题名[J]. 刊名, 年, 卷(期): 起页-止页. DOI:….`` (2025: an article online
  before its issue ``刊名, 2024-05-09``); a serial as a whole (§4.3) ``题名[J]. 1984, 1(1)-.
  武汉: 出版者, 1984-.``; thesis ``[D]. 地点: 单位, 年.``;
  conference paper and chapter ``[C]//编者. 论文集名. 出版地: 出版者, 年: 页码.`` (2025, with
  no publisher: ``[C]//会议名称，年：页码.``);
  book ``题名: 第1卷[M]. 版本. 出版地: 出版者, 年: 页码.``;
  standard and patent ``题名: 编号[S]`` (2025 standard: ``编号 题名[S].``, nothing else);
  newspaper ``报名, 年-月-日(版次).``; 2025 preprint and dataset ``版本. 平台(日期)[引用日期].``;
- a link printed after the reference (its access date before it; 2025: only for web pages,
  datasets, preprints and software), then the DOI, then (2025) the CSTR.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Iterator
from typing import IO, Any
from urllib.parse import quote

from ..dates import publication_date
from ..record import UND, Contributor, Name, PartialDate, Record, Text
from ..text import has_han

NAME = "gbt7714"
#: Nothing is read back: the format has no reader.
KEEPS: frozenset[str] = frozenset()

EDITIONS = ("2015", "2025")
STYLES = ("numeric", "author-year")
LANGUAGES = ("zh", "en", "both")
MARKUPS = ("text", "html")

#: Publication type → document type code (GB/T 7714-2015 Appendix B).
CODES = {
    "journal-article": "J",
    "review": "J",
    "systematic-review": "J",
    "meta-analysis": "J",
    "case-report": "J",
    "clinical-trial": "J",
    "randomized-controlled-trial": "J",
    "editorial": "J",
    "letter": "J",
    "comment": "J",
    "erratum": "J",
    "retraction": "J",
    "newspaper-article": "N",
    "news": "N",
    "book": "M",
    "book-chapter": "M",
    "conference-paper": "C",
    "thesis": "D",
    "report": "R",
    "study": "R",
    "standard": "S",
    "patent": "P",
    "dataset": "DS",
    "preprint": "A",
    "periodical": "J",
}
_ISO_DAY = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
#: Codes the 2025 edition changes.
CODES_2025 = {"preprint": "PP"}
#: Publication types of a serial as a whole (§4.3, 2025 §8.4): CSL's ``periodical``.
SERIALS = frozenset({"periodical"})
#: The codes whose access date (引用日期) the 2025 edition prints (§8.11 web sites and pages,
#: §8.14 datasets, §8.15 preprints; its journal, book and thesis formats have none).
ACCESSED_2025 = frozenset({"EB", "DS", "PP", "CP"})


def _code_of(record: Record) -> str | None:
    return next(
        (t.code for t in record.publication_types if t.vocabulary == "publication-type" and t.code),
        None,
    )


def _is_zh(lang: str | None) -> bool:
    return bool(lang) and (lang or "").split("-")[0].lower() in ("zh", "cmn", "zho", "chi")


class _Punct:
    """The separators of one reference: half-width, or the 2025 edition's full-width ones in a
    Chinese item."""

    def __init__(self, full: bool) -> None:
        self.comma = "，" if full else ", "
        self.colon = "：" if full else ": "
        self.open = "（" if full else "("
        self.close = "）" if full else ")"


#: The syllables of Hanyu Pinyin (toneless, ü written v or u), for splitting a pinyin given name
#: into the syllables whose initials GB/T 7714-2015 §8.1.1 prints (``Mingtang`` → ``M T``).
_SYLLABLES = """
    a ai an ang ao ba bai ban bang bao bei ben beng bi bian biao bie bin bing bo bu ca cai can
    cang cao ce cen ceng cha chai chan chang chao che chen cheng chi chong chou chu chua chuai
    chuan chuang chui chun chuo ci cong cou cu cuan cui cun cuo da dai dan dang dao de dei den
    deng di dia dian diao die ding diu dong dou du duan dui dun duo e ei en eng er fa fan fang
    fei fen feng fo fou fu ga gai gan gang gao ge gei gen geng gong gou gu gua guai guan guang
    gui gun guo ha hai han hang hao he hei hen heng hong hou hu hua huai huan huang hui hun huo
    ji jia jian jiang jiao jie jin jing jiong jiu ju juan jue jun ka kai kan kang kao ke kei ken
    keng kong kou ku kua kuai kuan kuang kui kun kuo la lai lan lang lao le lei leng li lia lian
    liang liao lie lin ling liu lo long lou lu luan lun luo lv lve lü lüe ma mai man mang mao me
    mei men meng mi mian miao mie min ming miu mo mou mu na nai nan nang nao ne nei nen neng ni
    nian niang niao nie nin ning niu nong nou nu nuan nuo nv nve nü nüe o ou pa pai pan pang pao
    pei pen peng pi pian piao pie pin ping po pou pu qi qia qian qiang qiao qie qin qing qiong
    qiu qu quan que qun ran rang rao re ren reng ri rong rou ru rua ruan rui run ruo sa sai san
    sang sao se sen seng sha shai shan shang shao she shei shen sheng shi shou shu shua shuai
    shuan shuang shui shun shuo si song sou su suan sui sun suo ta tai tan tang tao te teng ti
    tian tiao tie ting tong tou tu tuan tui tun tuo wa wai wan wang wei wen weng wo wu xi xia
    xian xiang xiao xie xin xing xiong xiu xu xuan xue xun ya yan yang yao ye yi yin ying yo yong
    you yu yuan yue yun za zai zan zang zao ze zei zen zeng zha zhai zhan zhang zhao zhe zhei
    zhen zheng zhi zhong zhou zhu zhua zhuai zhuan zhuang zhui zhun zhuo zi zong zou zu zuan zui
    zun zuo"""
PINYIN_SYLLABLES = frozenset(_SYLLABLES.split())
#: Two-syllable family names written as one word (GB/T 28039-2011 §5.1.1: ``Ouyang Wen``).
_COMPOUNDS = """
    ouyang sima zhuge shangguan situ xiahou zhangsun murong huangfu dongfang gongsun linghu
    yuwen duanmu nangong wenren ximen zhongli taishi"""
COMPOUND_SURNAMES = frozenset(_COMPOUNDS.split())


def syllables(word: str) -> list[str] | None:
    """``word`` cut into pinyin syllables, the longest first at each step (``Mingtang`` →
    ``ming tang``; an apostrophe or hyphen cuts too: ``Xi'an`` → ``xi an``), or None when it is
    not pinyin throughout. Linear in the word's length (each tail is cut once)."""
    parts = [p for p in re.split(r"['’\-]", word.lower()) if p]
    out: list[str] = []
    for part in parts:
        found = _cut(part)
        if found is None:
            return None
        out += found
    return out or None


def _cut(text: str) -> list[str] | None:
    """The longest-first cut of ``text``, remembered by position: a tail that cannot be cut is
    tried once, not once for every way of reaching it (``anan…anq`` would be exponential)."""
    failed: set[int] = set()

    def cut(start: int) -> list[str] | None:
        if start == len(text):
            return []
        if start in failed:
            return None
        for size in range(min(6, len(text) - start), 0, -1):
            head = text[start : start + size]
            if head in PINYIN_SYLLABLES:
                rest = cut(start + size)
                if rest is not None:
                    return [head, *rest]
        failed.add(start)
        return None

    return cut(0) if len(text) <= 60 else None  # no given name is longer; bounds the recursion


def _looks_pinyin(family: str, given: str) -> bool:
    """A romanised Chinese name by its spelling alone: a family name of one pinyin syllable (or a
    compound surname) and a given name of one to three pinyin syllables (``Chen Tao``; a Western
    name spelt so, ``Long Ben``, is taken for pinyin: tag it ``en`` to keep it Western)."""
    cut = syllables(given)
    surname = family.lower()
    return (
        cut is not None
        and 1 <= len(cut) <= 3
        and (surname in PINYIN_SYLLABLES or surname in COMPOUND_SURNAMES)
    )


def _initials(given: str, edition: str) -> str:
    """``Alexander A.`` → ``A A``; a hyphenated pinyin given name ``Hong-wei`` → ``H W`` (2015),
    ``H-W`` (2025, hyphen kept)."""
    words = [w for w in re.split(r"[\s.]+", given) if w]
    out = []
    for word in words:
        parts = [p for p in word.split("-") if p]
        letters = [p[0].upper() for p in parts]
        out.append(("-" if edition == "2025" else " ").join(letters))
    return " ".join(out)


def _name(name: Name, edition: str, pinyin: bool = False) -> str:
    """One name as the edition prints it. A pinyin name (``pinyin``: the contributor has a Han
    form, or the name is tagged ``zh-Latn``, or it looks like one): 2015 gives the initial of each
    syllable of the given name (§8.1.1, after GB/T 28039: ``ZENG M T`` for Zeng Mingtang), 2025
    the given name in full (§7.1.1 "名宜用全称": ``Zeng Mingtang``)."""
    if name.literal:
        return name.literal
    family, given = name.family or "", name.given or ""
    if has_han(family + given):
        return family + given  # a Han name whole: 张群
    if not family:
        return given
    western = (name.lang or "").lower().startswith("en")
    pinyin = pinyin or (not western and _looks_pinyin(family, given))
    shown = family.upper() if edition == "2015" else family
    cut = syllables(given) if pinyin and given and " " not in given.strip() else None
    if cut is not None:  # a given name that is not pinyin throughout (Motohiko) is initialled
        if edition == "2025":
            return f"{shown} {given}"
        return f"{shown} {' '.join(c[0].upper() for c in cut)}"
    initials = _initials(given, edition) if given else ""
    return f"{shown} {initials}".strip()


def _is_pinyin(contributor: Contributor, name: Name) -> bool:
    """Whether a Latin name is the pinyin of a Chinese name: tagged so (``zh-Latn-pinyin``), or
    its contributor also has a Han form."""
    if (name.lang or "").lower().startswith(("zh", "cmn")):
        return True
    return any(
        has_han((n.family or "") + (n.given or "") + (n.literal or "")) for n in contributor.names
    )


def _pick_name(contributor: Contributor, zh: bool) -> Name:
    """The name form in the reference's language: a Han form in a Chinese reference, a Latin one
    in another, else the first."""
    names = contributor.names
    for name in names:
        text = (name.literal or "") + (name.family or "") + (name.given or "")
        if has_han(text) == zh:
            return name
    return names[0]


def _names(record: Record, zh: bool, edition: str, role: str = "author") -> str:
    people = [c for c in record.contributors if c.role == role and c.names]
    shown = []
    for contributor in people[:3]:
        name = _pick_name(contributor, zh)
        shown.append(_name(name, edition, _is_pinyin(contributor, name)))
    if len(people) > 3:
        shown.append("等" if zh else "et al.")
    return ", ".join(shown)


def _text_in(texts: Iterable[Text], zh: bool) -> str | None:
    """The first text in the reference's language (by its tag, else its script), else the
    first."""
    items = list(texts)
    if not items:
        return None
    for text in items:
        if text.lang != UND and _is_zh(text.lang) == zh:
            return text.value
    for text in items:
        if has_han(text.value) == zh:
            return text.value
    return items[0].value


def _language(record: Record) -> str | None:
    if record.language:
        return record.language
    return next((t.lang for t in record.titles if t.lang != UND), None)


def _has_both(record: Record) -> bool:
    langs = {_is_zh(t.lang) for t in record.titles if t.lang != UND}
    return langs == {True, False}


def _pages(record: Record) -> str | None:
    # A statement (iii-xii, 1-20; 94-98, 93) is cited whole: its first range alone drops pages.
    pages = record.page_range or "-".join(p for p in (record.fpage, record.lpage) if p)
    return pages or record.elocation_id


def _date(date: PartialDate) -> str:
    parts = [f"{date.year:04d}"]
    parts += [f"{p:02d}" for p in (date.month, date.day) if p is not None]
    return "-".join(parts)


def _doi(record: Record) -> str | None:
    return next((i.value for i in record.identifiers if i.scheme == "doi"), None)


def _accessed(record: Record) -> str | None:
    """The access date (引用日期) the record's extras hold: CSL's ``accessed`` (date-parts), or
    a BibTeX ``urldate`` written as an ISO date; anything else is not printed."""
    csl = record.extras.get("accessed")
    if isinstance(csl, dict):
        parts = csl.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            first = parts[0]
            if all(isinstance(n, int) and not isinstance(n, bool) for n in first[:3]):
                return "-".join([f"{first[0]:04d}", *(f"{n:02d}" for n in first[1:3])])
    urldate = record.extras.get("urldate")
    if isinstance(urldate, str) and _ISO_DAY.match(urldate.strip()):
        return urldate.strip()
    return None


def _number(record: Record, scheme: str) -> str | None:
    return next((i.value for i in record.identifiers if i.scheme == scheme), None)


def reference(
    record: Record, *, edition: str = "2015", style: str = "numeric", zh: bool | None = None
) -> str:
    """One reference of ``record`` without its number: in Chinese (``zh``) or in the other
    language; None takes the record's own language."""
    if edition not in EDITIONS:
        raise ValueError(f"unknown GB/T 7714 edition {edition!r} ({', '.join(EDITIONS)})")
    if style not in STYLES:
        raise ValueError(f"unknown GB/T 7714 style {style!r} ({', '.join(STYLES)})")
    if zh is None:
        zh = _is_zh(_language(record)) or (
            _language(record) is None and has_han("".join(t.value for t in record.titles))
        )
    p = _Punct(full=edition == "2025" and zh)
    kind = _code_of(record) or ""
    code = (CODES_2025 if edition == "2025" else {}).get(kind) or CODES.get(kind)
    url = next((link.url for link in record.links), None)
    if code is None:  # other or none: a journal's article, an electronic resource, else Z
        in_journal = record.journal is not None and bool(record.journal.titles)
        code = "J" if in_journal else ("EB" if url else "Z")
    doi = _doi(record)
    cstr = _cstr(record) if edition == "2025" else None
    online = "/OL" if url or doi or cstr else ""
    date = publication_date(record)
    year = str(date.year) if date is not None else None
    authors = _names(record, zh, edition).replace(", ", p.comma)
    title = _text_in(record.titles, zh) or ""
    number = _number(record, f"{kind}-number") if kind in ("standard", "patent") else None
    if kind == "standard" and edition == "2025":
        # 2025 §8.9.2: "标准编号 标准名称[S]. 获取和访问路径. 永久标识符." (no author, no imprint)
        out = f"{number} {title}[{code}{online}]." if number else f"{title}[{code}{online}]."
        return out + _tail(url, doi, cstr)
    if number:
        title = f"{title}{p.colon}{number}"
    if code == "M" and kind == "book" and record.volume:
        title = f"{title}{p.colon}{_volume(record.volume, zh)}"  # §4.1: 国史旧闻: 第1卷
    head = authors
    if style == "author-year" and year:
        head = f"{authors}{p.comma}{year}" if authors else year
    out = (head if head.endswith(".") else head + ".") + " " if head else ""
    out += f"{title}[{code}{online}]"
    translators = _names(record, zh, edition, role="translator").replace(", ", p.comma)
    if translators:
        # 其他责任者 after the title (2015 §9.1 [3], 2025 §8.2.2 [5], §8.5.3 [2]): 胡泳, 范海燕, 译
        out += f". {translators}{p.comma}{'译' if zh else 'trans.'}"
    pages = _pages(record)
    body: list[str] = []
    shown_year = None if style == "author-year" else year

    def imprint(with_pages: bool = True, suffix: str = "") -> str:
        place = None
        publisher = None
        if record.publisher is not None:
            place = _text_in(record.publisher.places, zh)
            publisher = _text_in(record.publisher.names, zh)
        if kind == "thesis" and record.degree is not None and record.degree.grantors:
            publisher = _text_in(record.degree.grantors, zh)
        place = place or ("[出版地不详]" if zh else "[S.l.]")
        publisher = publisher or ("[出版者不详]" if zh else "[s.n.]")
        text = f"{place}{p.colon}{publisher}"
        if shown_year:
            text += f"{p.comma}{shown_year}{suffix}"
        if with_pages and pages:
            text += f"{p.colon}{pages}"
        return text

    journal = (
        _text_in(record.journal.titles, zh) if record.journal and record.journal.titles else None
    )
    if kind in SERIALS:
        # §4.3 (2025 §8.4.2) a serial as a whole: "年, 卷(期)-. 出版地: 出版者, 年-."
        # 2015 §7: "-" between the ends of a range; the 2025 examples print "—"
        dash = "—" if edition == "2025" else "-"
        part = year or ""
        if record.volume:
            part += f"{p.comma}{record.volume}" if part else record.volume
        if record.issue:
            part += f"{p.open}{record.issue}{p.close}"
        if part:
            body.append(part + dash)
        body.append(imprint(with_pages=False, suffix=dash))
    elif code in ("PP", "DS") and edition == "2025":
        # 2025 §8.14.3, §8.15.2: "版本. 发布平台(发布日期)[引用日期]."
        platform = journal
        if not platform and record.publisher is not None:
            platform = _text_in(record.publisher.names, zh)
        when = f"{p.open}{_date(date)}{p.close}" if date is not None else ""
        if platform and when and not p.open.startswith("（"):
            when = " " + when  # Global Health Data Exchange (2021)
        if record.edition:
            body.append(record.edition)
        if platform or when:
            body.append(f"{platform or ''}{when}".strip())
    elif code == "J" and _online_first(record, edition, pages, date):
        # 2025 §8.5.1.1 示例7: an article online before its issue, by its day (铁道学报, 2024-05-09)
        body.append(p.comma.join(t for t in (journal, _date(date) if date else None) if t))
    elif code == "J" or (code in ("A", "PP") and journal):
        part = journal or ""
        if shown_year:
            part += f"{p.comma}{shown_year}" if part else shown_year
        if record.volume:
            part += f"{p.comma}{record.volume}" if part else record.volume
        if record.issue:
            part += f"{p.open}{record.issue}{p.close}"
        if pages:
            part += f"{p.colon}{pages}"
        if part:
            body.append(part)
    elif code == "N":
        part = journal or ""
        day = _date(date) if date is not None else ""
        if day:
            part += f"{p.comma}{day}" if part else day
        if record.issue:
            part += f"{p.open}{record.issue}{p.close}"
        if part:
            body.append(part)
    elif code == "C" and edition == "2025" and record.publisher is None:
        # 2025 §8.6.3, a paper of unpublished proceedings: "//会议名称，会议年份：引文页码."
        meeting = journal
        if record.conference is not None and record.conference.names:
            meeting = _text_in(record.conference.names, zh)
        out += "//" + p.comma.join(t for t in (meeting, shown_year) if t)
        if pages:
            out += f"{p.colon}{pages}"
    elif code == "C" or kind == "book-chapter":
        # 析出文献 (§4.2): //the container's editors. its title. imprint
        container = journal
        if not container and record.conference is not None and record.conference.names:
            container = _text_in(record.conference.names, zh)
        editors = _names(record, zh, edition, role="editor").replace(", ", p.comma)
        out += "//" + ". ".join(t for t in (editors, container) if t)
        if kind == "book-chapter" and record.edition and record.edition.strip() not in ("1", "1st"):
            body.append(record.edition)
        body.append(imprint())
    elif code in ("M", "D", "R", "S"):
        if code == "M" and record.edition and record.edition.strip() not in ("1", "1st"):
            body.append(record.edition)
        body.append(imprint())
    elif code == "P":
        if date is not None:
            # 2025 §8.10.2 adds the cited pages: "公告(公开)日期: 引文页码"
            with_pages = edition == "2025" and pages
            body.append(_date(date) + (f"{p.colon}{pages}" if with_pages else ""))
    elif shown_year:
        body.append(f"{p.open}{_date(date)}{p.close}" if date is not None else shown_year)
    accessed = _accessed(record) if url else None
    if edition == "2025" and code not in ACCESSED_2025:
        accessed = None  # 2025: 引用日期 only for web pages, datasets, preprints, software
    if accessed and body:
        body[-1] += f"[{accessed}]"
    elif accessed:
        body.append(f"[{accessed}]")
    for part in body:
        out += part if out.endswith("//") else (f" {part}" if out.endswith(".") else f". {part}")
    return out + ("" if out.endswith(".") else ".") + _tail(url, doi, cstr)


def _online_first(
    record: Record, edition: str, pages: str | None, date: PartialDate | None
) -> bool:
    """A 2025 journal article published online before its issue: a link, a date to the day, no
    volume, issue or pages."""
    return (
        edition == "2025"
        and bool(record.links)
        and date is not None
        and date.day is not None
        and not (record.volume or record.issue or pages)
    )


def _tail(url: str | None, doi: str | None, cstr: str | None) -> str:
    """The access path, then the persistent identifiers: `` URL. DOI:…. CSTR:….``."""
    out = ""
    if url:
        out += f" {url}."
    if doi:
        out += f" DOI:{doi}."
    if cstr:
        out += f" CSTR:{cstr}."
    return out


def _volume(volume: str, zh: bool) -> str:
    """A book's volume as other title information: ``第1卷`` (2015 §4.1 示例, 2025 B.1), ``v.1``
    in another language (2025 B.1 [19]); a volume that is not a number as written."""
    if not volume.strip().isdigit():
        return volume
    return f"第{volume.strip()}卷" if zh else f"v.{volume.strip()}"


def _cstr(record: Record) -> str | None:
    """The record's CSTR (科技资源标识, the persistent identifier of Chinese science and
    technology resources), which the 2025 edition prints beside the DOI: an identifier of
    scheme ``cstr``, else the ``cstr`` field of a BibTeX entry or the ``CSTR`` variable of a CSL
    item, kept in extras."""
    found = _number(record, "cstr")
    if found:
        return _strip_cstr(found)
    for key in ("cstr", "CSTR"):
        value = record.extras.get(key)
        if isinstance(value, str) and value.strip():
            return _strip_cstr(value)
    return None


def _strip_cstr(value: str) -> str:
    value = value.strip()
    return value[5:].strip() if value.upper().startswith("CSTR:") else value


def references(
    record: Record, *, edition: str = "2015", style: str = "numeric", language: str = "zh"
) -> list[str]:
    """The references of ``record`` in ``language``: ``zh`` the Chinese reference when the
    record has Chinese text (else its own language), ``en`` the English one when it has English
    text, ``both`` (a bilingual record) the Chinese reference followed by its English
    translation."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown GB/T 7714 language {language!r} ({', '.join(LANGUAGES)})")
    if not _has_both(record):
        return [reference(record, edition=edition, style=style)]
    if language == "both":
        return [
            reference(record, edition=edition, style=style, zh=True),
            reference(record, edition=edition, style=style, zh=False),
        ]
    return [reference(record, edition=edition, style=style, zh=language == "zh")]


def _html(record: Record, text: str, zh: bool) -> str:
    """One reference as an HTML paragraph: its text escaped, the link and the DOI as links."""
    escaped = html.escape(text, quote=False)
    doi = _doi(record)
    if doi:
        target = html.escape("https://doi.org/" + quote(doi, safe="/:;()._-"), quote=True)
        tail = f" DOI:{html.escape(doi, quote=False)}."
        if escaped.endswith(tail):
            link = f'<a href="{target}">{html.escape(doi, quote=False)}</a>'
            escaped = escaped[: -len(tail)] + f" DOI:{link}."
    url = next((link.url for link in record.links), None)
    if url:
        shown = html.escape(url, quote=False)
        cut = escaped.rfind(f" {shown}.")
        if cut >= 0:
            anchor = f'<a href="{html.escape(url, quote=True)}">{shown}</a>'
            escaped = escaped[:cut] + f" {anchor}" + escaped[cut + 1 + len(shown) :]
    lang = "zh" if zh else "en"
    return f'<p class="gbt7714" lang="{lang}">{escaped}</p>'


def write(
    records: Iterable[Record],
    out: IO[str],
    *,
    edition: str = "2015",
    style: str = "numeric",
    language: str = "zh",
    markup: str = "text",
    **options: Any,
) -> None:
    """A reference list, one reference a line: numbered ``[1] `` in the numeric style; a
    parallel (``both``) reference's English translation on the next line, unnumbered.
    ``markup="html"``: each reference an HTML paragraph (``<p class="gbt7714" lang="zh">``), its
    text escaped, its link and DOI as links (a fragment, for a page to include)."""
    if markup not in MARKUPS:
        raise ValueError(f"unknown GB/T 7714 markup {markup!r} ({', '.join(MARKUPS)})")

    def lines() -> Iterator[str]:
        for number, record in enumerate(records, 1):
            written = references(record, edition=edition, style=style, language=language)
            if style == "numeric":
                written[0] = f"[{number}] {written[0]}"
            if markup == "text":
                yield from written
                continue
            langs = _reference_languages(record, language)
            yield from (_html(record, text, zh) for text, zh in zip(written, langs, strict=True))

    for line in lines():
        out.write(line + "\n")


def _reference_languages(record: Record, language: str) -> list[bool]:
    """Whether each reference ``references`` gives for ``record`` is in Chinese."""
    if not _has_both(record):
        own = _language(record)
        return [_is_zh(own) or (own is None and has_han("".join(t.value for t in record.titles)))]
    return {"both": [True, False], "zh": [True], "en": [False]}[language]


_FIRST = re.compile(r"^(<p [^>]*>)?\[1\] ")


def join(documents: Iterable[str], out: IO[str]) -> None:
    """The documents of single records (``--jobs``) as one list: each numbered ``[1]`` by its
    own write (in text or HTML), renumbered in order (an author-year document has no number
    and is kept)."""
    for number, document in enumerate(documents, 1):
        found = _FIRST.match(document)
        if found is not None:
            document = f"{found.group(1) or ''}[{number}] " + document[found.end() :]
        out.write(document)
