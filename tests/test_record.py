from __future__ import annotations

import pickle

import pytest
from hypothesis import given, settings

from normaliser.errors import InvalidRecord, UsageError
from normaliser.record import (
    Contributor,
    Journal,
    Mark,
    Name,
    PartialDate,
    Prose,
    Record,
    Reject,
    Text,
    rebuild,
    subtitles,
    texts,
    with_subtitle,
    without_subtitles,
)

from .strategies import records
from .strategies import texts as text_strategy


def test_marks_are_kept_in_a_canonical_order() -> None:
    a = Text("bold italic", "en", marks=(Mark(0, 11, "italic"), Mark(0, 11, "bold")))
    b = Text("bold italic", "en", marks=(Mark(0, 11, "bold"), Mark(0, 11, "italic")))
    assert a == b


@pytest.mark.parametrize(
    "marks",
    [(Mark(0, 5, "sup"), Mark(3, 8, "sub")), (Mark(0, 20, "bold"),)],
)
def test_overlapping_or_overlong_marks_are_refused(marks: tuple[Mark, ...]) -> None:
    with pytest.raises(InvalidRecord):
        Text("eight ch", "en", marks=marks)


def test_a_subtitle_is_marked_where_it_is_joined_to_its_title() -> None:
    title = Text("黄河流域城市韧性的时空演变", "zh-Hans", marks=(Mark(0, 4, "italic"),))
    joined = with_subtitle(title, Text("以中游城市群为例", "zh-Hans", marks=(Mark(0, 8, "bold"),)))
    assert joined.value == "黄河流域城市韧性的时空演变——以中游城市群为例"
    # The subtitle holds the marks of its own span (first of marks over one span).
    assert joined.marks == (Mark(0, 4, "italic"), Mark(15, 23, "subtitle"), Mark(15, 23, "bold"))
    twice = with_subtitle(Text("Urban resilience", "en"), Text("A review", "en"))
    twice = with_subtitle(twice, Text("2010–2022", "en"))
    assert twice.value == "Urban resilience: A review: 2010–2022"
    head, subs = subtitles(twice)
    assert (head, subs) == (
        Text("Urban resilience", "en"),
        (Text("A review", "en"), Text("2010–2022", "en")),
    )
    assert without_subtitles(twice) == Text(twice.value, "en")
    assert subtitles(head) == (head, ())


@pytest.mark.parametrize(
    ("value", "marks"),
    [
        ("Title; Subtitle", (Mark(7, 15, "subtitle"),)),  # no separator before it
        (": Subtitle", (Mark(2, 10, "subtitle"),)),  # no title before it
        ("Title: Sub and more", (Mark(7, 10, "subtitle"),)),  # not running to the end
        ("Title: Subtitle", (Mark(0, 15, "bold"), Mark(7, 15, "subtitle"))),  # inside a mark
    ],
)
def test_a_subtitle_mark_out_of_place_is_refused(value: str, marks: tuple[Mark, ...]) -> None:
    with pytest.raises(InvalidRecord, match="subtitle"):
        Text(value, "en", marks=marks)


@given(text_strategy(), text_strategy(), text_strategy())
def test_a_title_and_its_subtitles_split_as_they_were_joined(
    title: Text, first: Text, second: Text
) -> None:
    first, second = (Text(t.value, title.lang, title.variant, t.marks) for t in (first, second))
    joined = with_subtitle(with_subtitle(title, first), second)
    assert subtitles(joined) == (title, (first, second))


@pytest.mark.parametrize("value", ["", "   "])
def test_empty_text_is_refused(value: str) -> None:
    with pytest.raises(InvalidRecord):
        Text(value, "en")


def test_prose_paragraphs_share_a_language() -> None:
    with pytest.raises(InvalidRecord):
        Prose((Text("a", "en"), Text("b", "zh-Hans")))


@pytest.mark.parametrize(
    ("y", "m", "d"), [(2025, 13, None), (2025, 2, 29), (2025, None, 1), (0, None, None)]
)
def test_impossible_dates_are_refused(y: int, m: int | None, d: int | None) -> None:
    with pytest.raises(InvalidRecord):
        PartialDate(y, m, d)


def test_partial_date_precision() -> None:
    assert PartialDate(2024, 2, 29).iso() == "2024-02-29"
    assert PartialDate(2025, 5).iso() == "2025-05" and PartialDate(2025, 5).precision == "month"
    assert PartialDate(2025).iso() == "2025"


def test_name_needs_something() -> None:
    with pytest.raises(InvalidRecord):
        Name()
    assert Name(family="曾", given="明堂", style="eastern", lang="zh-Hans").display == "曾明堂"
    assert Name(family="Zeng", given="Mingtang").display == "Mingtang Zeng"


def test_restricted_to_keeps_only_the_named_fields() -> None:
    record = Record(
        titles=(Text("T", "en"),),
        volume="20",
        journal=Journal(titles=(Text("J", "en"),), publishers=(Text("P", "en"),)),
        contributors=(Contributor((Name(family="Zeng"),), orcid="0000-0002-1825-0097"),),
    )
    kept = record.restricted_to({"titles", "journal.titles", "contributors.names"})
    assert kept.titles == record.titles and kept.volume is None
    assert kept.journal == Journal(titles=(Text("J", "en"),))
    assert kept.contributors == (Contributor((Name(family="Zeng"),)),)


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("titels", "Record has no field 'titels'"),
        ("contributors.nmes", "Contributor has no field 'nmes'"),
        ("journal.titles.value.x", "'x' is a leaf"),
        ("volume.number", "'number' is a leaf"),
    ],
)
def test_restricting_to_a_path_that_names_no_field_is_an_error(path: str, message: str) -> None:
    """A misspelt path used to keep less without a word (``{'titels'}`` dropped the titles)."""
    record = Record(titles=(Text("T", "en"),))
    with pytest.raises(UsageError, match=message):
        record.restricted_to({"titles", path})


def test_every_field_path_can_be_restricted_to() -> None:
    record = Record(titles=(Text("T", "en"),))
    paths = {"journal.titles.value", "contributors.names.family", "metrics.category.code"}
    assert record.restricted_to(paths | {"titles"}) == record


@pytest.mark.slow
@given(records())
def test_records_and_rejects_pickle(record: Record) -> None:
    assert pickle.loads(pickle.dumps(record)) == record
    reject = Reject(InvalidRecord({"title": ["bad"]}, where="x"), "raw", 1, 2)
    again = pickle.loads(pickle.dumps(reject))
    assert again.messages == {"title": ["bad"]} and str(again.error) == str(reject.error)


# --- The record walker -----------------------------------------------------------------------


def _every_text(obj: object, path: str = "") -> list[tuple[str, Text]]:
    """The reference: every Text reachable through every field and tuple, by brute force."""
    import dataclasses

    if isinstance(obj, Text):
        return [(path, obj)]
    if isinstance(obj, tuple):
        return [found for item in obj for found in _every_text(item, path)]
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return [
            found
            for f in dataclasses.fields(obj)
            for found in _every_text(getattr(obj, f.name), f"{path}.{f.name}" if path else f.name)
        ]
    return []


@settings(max_examples=max(10, settings.default.max_examples // 3))
@given(records())
def test_texts_finds_every_text_with_its_path(record: Record) -> None:
    assert list(texts(record)) == _every_text(record)


@settings(max_examples=max(10, settings.default.max_examples // 3))
@given(records())
def test_rebuild_replaces_every_text_and_keeps_what_does_not_change(record: Record) -> None:
    assert rebuild(record, lambda t: t) is record
    assert rebuild(record, name=lambda n: n) is record

    def marked(text: Text) -> Text:
        return Text(text.value + "!", text.lang, text.variant)

    changed = rebuild(record, marked)
    assert [t for _, t in texts(changed)] == [marked(t) for _, t in texts(record)]
    assert changed.identifiers is record.identifiers and changed.dates is record.dates


def test_rebuild_unique_drops_repeats_in_every_tuple() -> None:
    title = Text("T", "en")
    record = Record(titles=(title, Text("T ", "en")), keywords=(Text("k", "en"),) * 2)
    cleaned = rebuild(record, lambda t: Text(t.value.strip(), t.lang), unique=True)
    assert cleaned.titles == (title,) and cleaned.keywords == (Text("k", "en"),)


@given(records())
@settings(max_examples=40)
def test_replaced_is_dataclasses_replace(record: Record) -> None:
    """``replaced`` (issue #19: rebuilding records without ``dataclasses.replace``'s per-call
    checks) gives what ``dataclasses.replace`` gives, on every node of a record, with and
    without a change."""
    import dataclasses

    from normaliser.record import replaced

    pending: list[object] = [record]
    while pending:
        node = pending.pop()
        if isinstance(node, tuple):
            pending.extend(node)
            continue
        if not dataclasses.is_dataclass(node) or isinstance(node, type):
            continue
        assert replaced(node) == dataclasses.replace(node)
        assert type(replaced(node)) is type(node)
        first = dataclasses.fields(node)[0].name
        value = getattr(node, first)
        assert replaced(node, **{first: value}) == dataclasses.replace(node, **{first: value})
        pending.extend(getattr(node, f.name) for f in dataclasses.fields(node))
    with pytest.raises(TypeError):
        replaced(record, no_such_field=1)
