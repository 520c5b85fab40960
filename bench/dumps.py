"""Deterministic, realistic aggregator dumps for the benchmark.

Three kinds of record, each in the aggregator's text-dump shape (authors line, one JSON object,
then labelled sections), all distinct (DOIs, titles, authors, abstracts):

- ``english``: seed-like (samples/ijn-2025): an HTML abstract of 150–260 words repeated as a plain
  ``Abstract`` section, an English journal description;
- ``bilingual``: English plus ``TitleCN``/``AbstractTextCN`` in Simplified Chinese (300–600 Han
  characters), affiliations and keywords sections, a Chinese journal description, some authors
  written in Han characters;
- ``traditional``: the same in Traditional Chinese (the corpus converted with opencc's s2tw),
  Taiwanese romanised author names;
- ``compact``: English records without a journal description or metrics and with shorter
  abstracts: the source of the JATS and DC documents of about 3 KB of front matter.
"""

from __future__ import annotations

import html
import json
import random
import re
from collections.abc import Callable, Iterator
from typing import Any

import corpus

HAN = re.compile(r"[\u3400-\u9fff]")
_TAG = re.compile(r"<[^>]+>")
KINDS = ("english", "bilingual", "traditional", "compact")


def han_count(text: str) -> int:
    return len(HAN.findall(text))


class Generator:
    """Record ``i`` of a kind is the same on every run: each record has its own seeded RNG."""

    def __init__(self, kind: str, seed: int = 2025) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown kind {kind!r}")
        self.kind = kind
        self.seed = seed
        self._to_traditional: Callable[[str], str] | None = None
        self._converted: dict[str, str] = {}
        if kind == "traditional":
            import opencc

            self._to_traditional = opencc.OpenCC("s2tw").convert

    def records(self, n: int, start: int = 0) -> Iterator[str]:
        """The text of records ``start`` to ``start + n``, each ending with a newline."""
        for i in range(start, start + n):
            yield self.record(i)

    def record(self, i: int) -> str:
        rng = random.Random(f"{self.seed}:{self.kind}:{i}")
        journal = rng.choice(corpus.JOURNALS)
        name, pid, impact, quartile, jcr_name, zone, category, prefix = journal
        topic_en, topic_zh = rng.choice(corpus.TOPICS)
        year = rng.randint(2015, 2025)
        doi = f"{prefix}/bench.{year}.{self.kind[:2]}{i:07d}"
        compact = self.kind == "compact"
        authors, han_authors = self._authors(rng, 4 if compact else 8)
        abstract_html, abstract_plain = self._english_abstract(
            rng, topic_en, (60, 110) if compact else (150, 260)
        )
        title = self._english_title(rng, topic_en)
        title_cn = abstract_cn = None
        chinese = self.kind in ("bilingual", "traditional")
        if chinese:
            title_cn = self._chinese_title(rng, topic_zh)
            abstract_cn = self._chinese_abstract(rng, topic_zh)
        simplified, traditional = corpus.CATEGORIES[category]
        pub_model = rng.choice(corpus.PUB_MODELS)
        month, day = rng.randint(1, 12), rng.randint(1, 28)
        publication_date = (
            f"{year}-{month:02d}-{day:02d}" if rng.random() < 0.7 else f"{year}-{month:02d}"
        )
        epub = (
            f"{year}/1/1 0:00:00"
            if pub_model == "eCollection"
            else (f"{year}/{month}/{day} 0:00:00" if rng.random() < 0.5 else None)
        )
        first = rng.randint(1, 9000)
        pages = (
            f"e{rng.randint(100000, 999999)}"
            if rng.random() < 0.15
            else f"{first}-{first + rng.randint(4, 24)}"
        )
        pmc = f"PMC{rng.randint(8000000, 12999999)}" if rng.random() < 0.3 else None
        citations = rng.randint(0, 120)
        obj: dict[str, Any] = {
            "title": title,
            "authors": ", ".join(authors),
            "doi": doi,
            "DOIUrl": f"https://doi.org/{doi}" if rng.random() < 0.3 else None,
            "url": None,
            "abstract": abstract_html,
            "PeriodicalId": pid,
            "journal": {
                "name": name,
                "volume": f"{year - 2004 + rng.randint(0, 3)}"
                + (" " if rng.random() < 0.2 else ""),
                "pages": pages,
            },
            "PeriodicalIF": "@IF@",
            "publicationDate": publication_date,
            "publicationTypes": rng.choice(corpus.PUBLICATION_TYPES),
            "fieldsOfStudy": corpus.FIELDS_OF_STUDY[category] if rng.random() < 0.6 else None,
            "isOpenAccess": pmc is not None and rng.random() < 0.7,
            "openAccessPdf": f"https://www.ncbi.nlm.nih.gov/pmc/articles/{pmc}/pdf/"
            if pmc
            else None,
            "citationCount": str(citations),
            "resultStr": None,
            "platform": "Semanticscholar",
            "paperid": None,
            "PeriodicalName": name,
            "FirstCategoryId": str(rng.randint(1, 99)),
            "ListUrlMain": f"https://doi.org/{doi}",
            "RegionNum": zone,
            "RegionCategory": traditional if self.kind == "traditional" else simplified,
            "ArticlePicture": [],
            "TitleCN": title_cn,
            "AbstractTextCN": abstract_cn,
            "PMCID": None,
            "EPubDate": epub,
            "PubModel": pub_model,
            "JCR": quartile,
            "JCRName": jcr_name,
            "Score": None,
            "Total": 0,
        }
        if han_authors:
            obj["authors"] = ", ".join(han_authors)
        if compact:
            # As a publisher's own metadata would be: no impact factor, JCR or CAS zone.
            obj.update(PeriodicalIF=None, RegionNum=None, RegionCategory=None, JCR=None)
            obj.update(JCRName=None)
        line = json.dumps(obj, ensure_ascii=False, separators=(",", ":"))
        line = line.replace('"@IF@"', impact)
        lines = [", ".join(han_authors or authors), line, f"引用次数: {citations}"]
        lines += ["Abstract", *abstract_plain]
        if chinese:
            lines.append("作者单位:")
            for _ in range(rng.randint(1, 3)):
                university, school, place = rng.choice(corpus.ZH_AFFILIATIONS)
                lines.append(f"{self._zh(university)}{self._zh(school)}，{self._zh(place)}")
            keywords = rng.sample(corpus.ZH_KEYWORDS, rng.randint(3, 6))
            lines.append("关键词: " + "; ".join(map(self._zh, keywords)))
        if not compact:
            lines.append("期刊介绍:")
            if chinese:
                lines += [self._zh(s).format(name=name) for s in corpus.ZH_DESCRIPTION]
            else:
                lines += [s.format(name=name) for s in corpus.EN_DESCRIPTION[: rng.randint(2, 4)]]
        return "\n".join(lines) + "\n"

    def _zh(self, text: str) -> str:
        """Traditional records convert the corpus pieces (words, templates) once each, before
        they are put together: the reference converter is too slow to run on every record."""
        if self._to_traditional is None:
            return text
        converted = self._converted.get(text)
        if converted is None:
            converted = self._converted[text] = self._to_traditional(text)
        return converted

    def _authors(self, rng: random.Random, most: int) -> tuple[list[str], list[str]]:
        count = min(most, rng.choice([1, 2, 3, 3, 4, 4, 5, 5, 6, 7, 8]))
        if self.kind == "traditional":
            return [
                f"{rng.choice(corpus.TW_GIVENS)} {rng.choice(corpus.TW_FAMILIES)}"
                for _ in range(count)
            ], []
        people = [(rng.choice(corpus.FAMILIES), rng.choice(corpus.GIVENS)) for _ in range(count)]
        latin = [f"{given[0]} {family[0]}" for family, given in people]
        if rng.random() < 0.05:
            latin[-1] = rng.choice(corpus.WESTERN)
        if self.kind == "bilingual" and rng.random() < 0.4:
            return latin, [family[1] + given[1] for family, given in people]
        return latin, []

    def _english_title(self, rng: random.Random, topic: str) -> str:
        adjective = rng.choice(corpus.EN_ADJECTIVES)
        aspect = rng.choice(corpus.EN_ASPECTS)
        shapes = [
            f"{adjective} insights into the {aspect} of {topic}",
            f"{aspect.capitalize()} of {topic}: {rng.choice(corpus.EN_METHODS)}",
            f"{adjective} approaches to {rng.choice(corpus.EN_FINDINGS)} in {topic}",
        ]
        return rng.choice(shapes) + ("." if rng.random() < 0.5 else "")

    def _english_abstract(
        self, rng: random.Random, topic: str, words: tuple[int, int]
    ) -> tuple[str, list[str]]:
        target = rng.randint(*words)
        paragraphs: list[list[str]] = [[]]
        count = 0
        templates = rng.sample(corpus.EN_SENTENCES, len(corpus.EN_SENTENCES))
        while count < target:
            if not templates:
                templates = rng.sample(corpus.EN_SENTENCES, len(corpus.EN_SENTENCES))
            sentence = self._fill(rng, templates.pop(), topic)
            paragraphs[-1].append(sentence)
            count += len(sentence.split())
            if len(paragraphs) < 2 and count > target / 2 and rng.random() < 0.3:
                paragraphs.append([])
        parts = [" ".join(p) for p in paragraphs if p]
        wrapped = "".join(f"<p>{p}</p>" for p in parts)
        if rng.random() < 0.5:
            wrapped = f"<p>{wrapped}</p>" if len(parts) == 1 else wrapped
        plain = [html.unescape(_TAG.sub("", p)) for p in parts]
        return wrapped, plain

    def _fill(self, rng: random.Random, template: str, topic: str) -> str:
        n = rng.randint(24, 4800)
        lo = round(rng.uniform(0.5, 0.9), 2)
        return template.format(
            Topic=topic[0].upper() + topic[1:],
            topic=topic,
            aspect=rng.choice(corpus.EN_ASPECTS),
            method=rng.choice(corpus.EN_METHODS),
            method2=rng.choice(corpus.EN_METHODS),
            n=f"{n:,}",
            subjects=rng.choice(corpus.EN_SUBJECTS),
            verb=rng.choice(corpus.EN_VERBS),
            finding=rng.choice(corpus.EN_FINDINGS),
            pct=rng.randint(5, 60),
            lo=lo,
            hi=round(lo + rng.uniform(0.05, 0.6), 2),
            k=rng.randint(2, 6),
            y1=rng.randint(2005, 2014),
            y2=rng.randint(2015, 2024),
        )

    def _chinese_title(self, rng: random.Random, topic: str) -> str:
        return self._fill_zh(rng, rng.choice(corpus.ZH_TITLES), topic)

    def _chinese_abstract(self, rng: random.Random, topic: str) -> str:
        """Sentences until 300–600 Han characters."""
        target = rng.randint(300, 600)
        sentences: list[str] = []
        count = 0
        templates: list[str] = []
        while True:
            if not templates:
                templates = rng.sample(corpus.ZH_SENTENCES, len(corpus.ZH_SENTENCES))
            sentence = self._fill_zh(rng, templates.pop(), topic)
            size = han_count(sentence)
            if count + size > target and count >= 300:
                break
            if count + size > 600:
                continue
            sentences.append(sentence)
            count += size
        return "".join(sentences)

    def _fill_zh(self, rng: random.Random, template: str, topic: str) -> str:
        zh = self._zh
        return zh(template).format(
            topic=zh(topic),
            aspect=zh(rng.choice(corpus.ZH_ASPECTS)),
            method=zh(rng.choice(corpus.ZH_METHODS)),
            method2=zh(rng.choice(corpus.ZH_METHODS)),
            n=rng.randint(24, 4800),
            subjects=zh(rng.choice(corpus.ZH_SUBJECTS)),
            verb=zh(rng.choice(corpus.ZH_VERBS)),
            finding=zh(rng.choice(corpus.ZH_FINDINGS)),
            connective=zh(rng.choice(corpus.ZH_CONNECTIVES)),
            k=rng.randint(2, 6),
            y1=rng.randint(2005, 2014),
            y2=rng.randint(2015, 2024),
        )


def dump(kind: str, n: int, start: int = 0) -> str:
    """``n`` records of ``kind`` as one aggregator text dump."""
    return "".join(Generator(kind).records(n, start))


def write_dump(path: str, kind: str, n: int) -> int:
    """Stream ``n`` records of ``kind`` into the file ``path``; returns its size in bytes."""
    size = 0
    with open(path, "w", encoding="utf-8", newline="\n") as fh:
        for text in Generator(kind).records(n):
            size += fh.write(text)
    return size
