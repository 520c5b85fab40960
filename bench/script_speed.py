"""Simplified/Traditional conversion speed: ``normaliser.script.convert_script`` beside
opencc-python-reimplemented on the same generated abstracts, in characters per second of CPU
time (best of several rounds, so that other processes on the machine count as little as
possible). Run: ``python bench/script_speed.py [--seconds N]``.

The abstracts are generated from the sentences of samples/script/ (written for this project),
shuffled with a fixed seed into texts of 300–600 characters, as aggregator abstracts are.
Every result is checked against the reference before it is timed.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections.abc import Callable
from pathlib import Path

import opencc

from normaliser.script import CONFIGS, convert_script

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "script"


def abstracts(name: str, count: int = 200, seed: int = 7) -> list[str]:
    """``count`` texts of 300–600 characters made of the sample's sentences, shuffled."""
    text = (SAMPLES / name).read_text(encoding="utf-8")
    sentences = [s for s in re.findall(r"[^。；]+[。；]?", text.replace("\n", "")) if s.strip()]
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        size = rng.randint(300, 600)
        parts: list[str] = []
        while sum(map(len, parts)) < size:
            parts.append(rng.choice(sentences))
        out.append("".join(parts)[:size])
    return out


def rate(convert: Callable[[str], object], texts: list[str], seconds: float) -> float:
    """Characters per CPU second, the best of rounds lasting about ``seconds`` in all."""
    chars = sum(map(len, texts))
    best = float("inf")
    spent = 0.0
    while spent < seconds or best == float("inf"):
        start = time.thread_time()
        for text in texts:
            convert(text)
        took = time.thread_time() - start
        best, spent = min(best, took), spent + took
    return chars / best if best > 0 else float("inf")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=3.0, help="time per measurement")
    args = parser.parse_args(argv)
    simplified, traditional = abstracts("zh-Hans.txt"), abstracts("zh-Hant.txt")
    latin = ["Background. " * 40 + "Sarcopenia and falls in older adults with diabetes."] * 50
    rows = []
    for target in ("hant", "hans", "tw", "hk"):
        texts = traditional if target == "hans" else simplified
        reference = opencc.OpenCC(CONFIGS[target])
        for text in texts:
            if convert_script(text, target) != reference.convert(text):
                raise SystemExit(f"{target}: convert_script differs from the reference on {text}")
        ours = rate(lambda t, target=target: convert_script(t, target), texts, args.seconds)
        theirs = rate(reference.convert, texts[:20], args.seconds)
        rows.append((f"{CONFIGS[target]} abstracts", ours, theirs))
    reference = opencc.OpenCC("s2t")
    ours = rate(lambda t: convert_script(t, "hant"), latin, args.seconds / 3)
    theirs = rate(reference.convert, latin[:5], args.seconds / 3)
    rows.append(("s2t Latin text", ours, theirs))
    print(f"{'conversion':<18}{'normaliser':>16}{'opencc-python':>16}{'ratio':>8}")
    for name, mine, ref in rows:
        print(f"{name:<18}{mine / 1e6:>14.2f} M{ref / 1e6:>14.3f} M{mine / ref:>7.0f}x")
    print("(characters per CPU second)")


if __name__ == "__main__":
    main()
