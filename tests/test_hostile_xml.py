"""Hostile XML: every XML reader refuses or defuses attack documents quickly, reads no file and
opens no connection it was not given.

"No file read" is proved with a named pipe as the target: opening a pipe for reading blocks
until a writer comes, so a watcher that succeeds in opening it for writing (non-blocking) has
caught a reader in the act (and lets it go). "No connection" is proved with a listening socket
that must never accept one.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

import normaliser
from normaliser.errors import InvalidXML, NormaliserError

CANARY = "canary-3f9c1e"


@contextlib.contextmanager
def watched_pipe(folder: Path) -> Iterator[tuple[Path, list[str]]]:
    pipe = folder / "secret"
    os.mkfifo(pipe)
    opened: list[str] = []
    stop = threading.Event()

    def watch() -> None:
        while not stop.is_set():
            try:
                fd = os.open(pipe, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:  # no reader: nobody opened the file
                time.sleep(0.001)
                continue
            opened.append("opened")
            with contextlib.suppress(OSError):
                os.write(fd, CANARY.encode())
            os.close(fd)

    thread = threading.Thread(target=watch, daemon=True)
    thread.start()
    try:
        yield pipe, opened
    finally:
        stop.set()
        thread.join(timeout=2)


@contextlib.contextmanager
def listening() -> Iterator[tuple[int, list[str]]]:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(5)
    server.settimeout(0.05)
    accepted: list[str] = []
    stop = threading.Event()

    def serve() -> None:
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            accepted.append("connected")
            conn.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    try:
        yield server.getsockname()[1], accepted
    finally:
        stop.set()
        thread.join(timeout=2)
        server.close()


def article(title: str, doctype: str = "") -> str:
    return (
        f'<?xml version="1.0"?>{doctype}<article><front><article-meta><title-group>'
        f"<article-title>{title}</article-title></title-group></article-meta></front></article>"
    )


def laughs() -> str:
    entities = '<!ENTITY lol0 "lol">' + "".join(
        f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)
    )
    return article("&lol9;", f"<!DOCTYPE article [{entities}]>")


def documents(pipe: Path, port: int) -> dict[str, str]:
    url = f"http://127.0.0.1:{port}/x.dtd"
    return {
        "billion-laughs": laughs(),
        "quadratic-blowup": article(
            "&a;" * 2000, f'<!DOCTYPE article [<!ENTITY a "{"x" * 20000}">]>'
        ),
        "external-entity-file": article(
            "&x;", f'<!DOCTYPE article [<!ENTITY x SYSTEM "file://{pipe}">]>'
        ),
        "external-entity-url": article("&x;", f'<!DOCTYPE article [<!ENTITY x SYSTEM "{url}">]>'),
        "external-dtd-file": article("T &uuml;", f'<!DOCTYPE article SYSTEM "file://{pipe}">'),
        "external-dtd-url": article("T &uuml;", f'<!DOCTYPE article PUBLIC "-//X//EN" "{url}">'),
        "parameter-entity": article(
            "T", f'<!DOCTYPE article [<!ENTITY % p SYSTEM "file://{pipe}"> %p;]>'
        ),
        "xinclude": article(
            f'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="file://{pipe}" '
            'parse="text"/>'
        ),
        "internal-subset": article("&e;", '<!DOCTYPE article [<!ENTITY e "expanded">]>'),
        "deep-nesting": "<article>" + "<x>" * 10_000 + "</x>" * 10_000 + "</article>",
        "huge-text-node": article("a" * 50_000_000),
    }


NAMES = [
    "billion-laughs",
    "quadratic-blowup",
    "external-entity-file",
    "external-entity-url",
    "external-dtd-file",
    "external-dtd-url",
    "parameter-entity",
    "xinclude",
    "internal-subset",
    "deep-nesting",
    "huge-text-node",
]


@pytest.mark.parametrize("format", ["jats", "dc"])
@pytest.mark.parametrize("name", NAMES)
def test_attack_documents(name: str, format: str, tmp_path: Path) -> None:
    with watched_pipe(tmp_path) as (pipe, opened), listening() as (port, accepted):
        document = documents(pipe, port)[name].encode("utf-8")
        started = time.monotonic()
        try:
            items = list(normaliser.read(document, format, errors="yield"))
            outcome = repr(items)
        except NormaliserError as exc:
            outcome = str(exc)
        elapsed = time.monotonic() - started
        time.sleep(0.05)  # let the watchers see a late attempt
    assert opened == [], "a file the document named was opened"
    assert accepted == [], "a connection the document named was attempted"
    assert CANARY not in outcome and "expanded" not in outcome
    # A bound against blow-ups (exponential expansion takes minutes), not a speed measurement.
    assert elapsed < 5.0


def test_entity_declarations_and_bombs_are_invalid_xml_with_a_reason() -> None:
    with pytest.raises(InvalidXML, match=r"declares entities|amplification"):
        list(normaliser.read(laughs().encode(), "jats"))
    with pytest.raises(InvalidXML, match=r"deeper|depth"):
        list(normaliser.read(("<article>" + "<x>" * 10_000).encode(), "jats"))


def test_the_watchers_catch_a_file_read_and_a_connection(tmp_path: Path) -> None:
    """The proof above can fail: a reader that opens the pipe, or a client, is seen."""
    with watched_pipe(tmp_path) as (pipe, opened), listening() as (port, accepted):
        assert CANARY in pipe.read_text()
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        time.sleep(0.2)
    assert opened and accepted
