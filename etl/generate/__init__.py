"""Synthetic articles of the genre, with the ground truth of each (`newsetl generate`).

`generate(n, out)` writes n raw files into `out/` (plain scraped text, HTML, Markdown
with front matter, crawler JSON; UTF-8, GBK/GB18030, UTF-16; simplified or traditional
script with converter debris; site boilerplate and spam) and beside them
`out/.truth/<stem>.json`, the record an ideal extractor would give, in the shape of
`../shared/gold/seeds/*.json`, so that

    python3 ../shared/tools/score.py --gold out/.truth --pred records.jsonl

scores an extractor on them. Article i of seed s is the same bytes on every run.

Bodies run as long as the genre's (the five seed reports: 870-2,516 characters), most of their
length the leaders' speeches in numbered points (一要……二要……): about 1,100 characters on average,
370-1,950 from the 10th to the 90th percentile. Everything measured per article (the benchmark's
throughput, the tokenizer reference) depends on that length.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

PROGRESS_FROM = 2000


@dataclass
class GenerateSummary:
    n: int
    out: Path
    seed: int
    start: int
    seconds: float = 0.0      # wall clock, writing included
    cpu_seconds: float = 0.0  # this process's CPU time: what the machine's other load does not change
    bytes: int = 0
    containers: Counter = field(default_factory=Counter)
    encodings: Counter = field(default_factory=Counter)
    scripts: Counter = field(default_factory=Counter)
    features: Counter = field(default_factory=Counter)   # noise and boilerplate kinds

    def count(self, features: tuple[str, ...]) -> None:
        """Tally one article's features: container:…, encoding:…, script:…, and noise/boilerplate kinds."""
        tallies = {"container": self.containers, "encoding": self.encodings, "script": self.scripts}
        for feature in features:
            kind, _, value = feature.partition(":")
            if kind in tallies:
                tallies[kind][value] += 1
            else:
                self.features[feature] += 1

    @property
    def articles_per_second(self) -> float:
        return self.n / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict:
        return {"n": self.n, "out": str(self.out), "seed": self.seed, "start": self.start,
                "seconds": round(self.seconds, 3), "cpu_seconds": round(self.cpu_seconds, 3),
                "articles_per_second": round(self.articles_per_second, 1),
                "bytes": self.bytes, "containers": dict(self.containers), "encodings": dict(self.encodings),
                "scripts": dict(self.scripts), "features": dict(sorted(self.features.items()))}


@dataclass(frozen=True)
class Article:
    """One generated article: its file name, raw bytes and ground-truth record."""
    name: str
    raw: bytes
    truth: dict
    features: tuple[str, ...]


def make_article(index: int, seed: int = 0, *, with_body: bool = False) -> Article:
    """Article `index` of `seed`: a pure function of the two (same bytes and truth every time)."""
    from etl.generate.page import render
    from etl.generate.story import FastRandom, write_story

    rng = FastRandom(f"newsetl-generate:{seed}:{index}")
    story = write_story(rng)
    page = render(story, rng)
    sha = hashlib.sha256(page.raw).hexdigest()
    name = f"gen_{index:06d}_{sha[:8]}.{page.ext}"
    article = dict(page.article)
    if with_body:
        article["body"] = page.body
    truth = story.truth.record(name, sha, article)
    return Article(name, page.raw, truth, tuple(page.features))


def generate(n: int, out: Path, seed: int = 0, start: int = 0, *, with_body: bool = False,
             progress: bool | None = None) -> GenerateSummary:
    """Write articles start … start+n-1 of `seed` into `out/` and their truth into `out/.truth/`.

    Creates the folders; overwrites files of the same name. `with_body` adds the clean
    body text to each truth's article (the gold files have none). `progress` shows a
    tqdm bar; by default when n is at least 2000.
    """
    if n < 0 or start < 0:
        raise ValueError(f"n and start must not be negative (got n={n}, start={start})")
    out = Path(out)
    truth_dir = out / ".truth"
    truth_dir.mkdir(parents=True, exist_ok=True)
    summary = GenerateSummary(n=n, out=out, seed=seed, start=start)
    indexes = range(start, start + n)
    if progress if progress is not None else n >= PROGRESS_FROM:
        from tqdm import tqdm

        indexes = tqdm(indexes, total=n, unit="art", desc="generate")
    began, began_cpu = time.perf_counter(), time.process_time()
    for index in indexes:
        article = make_article(index, seed, with_body=with_body)
        (out / article.name).write_bytes(article.raw)
        stem = article.name.rsplit(".", 1)[0]
        (truth_dir / f"{stem}.json").write_text(
            json.dumps(article.truth, ensure_ascii=False), encoding="utf-8")
        summary.bytes += len(article.raw)
        summary.count(article.features)
    summary.seconds = time.perf_counter() - began
    summary.cpu_seconds = time.process_time() - began_cpu
    return summary


def main(argv: list[str] | None = None) -> int:
    """`python -m etl.generate --n N --out DIR [--seed S] [--start I]`: print the summary as JSON."""
    ap = argparse.ArgumentParser(prog="newsetl generate", description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, required=True, help="number of articles")
    ap.add_argument("--out", type=Path, required=True, help="folder to write them into")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--start", type=int, default=0, help="index of the first article")
    ap.add_argument("--with-body", action="store_true", help="put the clean body into each truth file")
    args = ap.parse_args(argv)
    summary = generate(args.n, args.out, args.seed, args.start, with_body=args.with_body)
    print(json.dumps(summary.as_dict(), ensure_ascii=False, indent=1))
    return 0
