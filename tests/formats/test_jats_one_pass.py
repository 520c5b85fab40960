"""The JATS reader gathers the children of the front matter's containers (article-meta,
journal-meta, a title group…) in one pass (``reader._Parts``) instead of one lxml search per
element it looks for. Each look-up must give exactly what that search gives (``_children``,
``_first``): the same elements, in document order, in any namespace, comments, processing
instructions and entity references left out."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from normaliser import xmlio
from normaliser.formats.jats.reader import _children, _first, _Parts

from .test_jats_markup import TAGS, _content, _jats_files, _parsed

#: Local names looked for: those the generated markup holds, and one it never holds.
_NAMES = sorted({t.rsplit(":", 1)[-1] for t in TAGS} | {"math", "absent"})


@given(_content, st.lists(st.sampled_from(_NAMES), min_size=1, max_size=3))
@example("<italic>a</italic><!-- c --><bold/><?pi x?><italic/>", ["italic"])
@example("<mml:math>x</mml:math><math/>&uuml;<sup>2</sup>", ["math", "sup"])
@example("<p>1</p><sec/><p>2</p>", ["sec", "p"])
def test_the_children_by_name_are_the_children_searched(content: str, names: list[str]) -> None:
    for node in _parsed(content).iter():
        if not isinstance(node.tag, str):
            continue
        parts = _Parts(node)
        assert parts.element is node
        assert parts.all(*names) == _children(node, *names)
        for name in names:
            assert parts.first(name) == _first(node, name)
            assert parts.all(name) == _children(node, name)


@pytest.mark.parametrize("path", _jats_files(), ids=lambda p: p.parent.name)
def test_the_children_by_name_on_every_element_of_the_samples(path: Path) -> None:
    root = xmlio.parse(path.read_bytes(), path.name)
    checked = 0
    for node in root.iter():
        if not isinstance(node.tag, str) or not len(node):
            continue
        parts = _Parts(node)
        names = sorted({xmlio.local(c) for c in node if isinstance(c.tag, str)} | {"absent"})
        for i, name in enumerate(names):
            assert parts.first(name) == _first(node, name)
            assert parts.all(name) == _children(node, name)
            pair = (name, names[i - 1])
            assert parts.all(*pair) == _children(node, *pair), f"{path}: {node.tag} {pair}"
            checked += 1
    assert checked > 10
