"""The time to add one disclosure to a large index: `bench/scale.py --add-one` past what can be built.

    python bench/add_at_scale.py serve-10000/index serve-1000/corpus [--profile OUT.prof]

A 10,000-document index is made by bench/replicate.py (copies of a built 1,000-document
generation under ids `<id>-c<k>`), not built from a corpus, so there is no corpus a build could
carry it over from. This writes one beside the index (`<index>/../corpus-of-index`): for every
document of the current generation a hard link named after it to the source disclosure it was
copied from (its manifest entry keeps that file's sha256, so the build reuses it unread). The
generation's params.json is given the current `pipeline_key` and its retrieval.json the current
tokenizer and chunking (the lexicon changes between sessions: a stale key would rebuild every
document, stale user words every chunk): the timings are those of an index built by this checkout. Then it times, each an incremental `build_index(embed=False)` as
`python app.py`'s first index is built: adding one new synthetic disclosure, replacing it by a
changed version, and rebuilding with nothing changed; and what the new generation wrote apart
from hard links. Leaves the index at the last generation (10,001 documents). Prints numbers,
asserts nothing.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

_COPY = re.compile(r"-c\d+$")


def corpus_of_index(generation: Path, source: Path, out: Path) -> int:
    """Hard links named after every document of `generation` to the file it was copied from."""
    out.mkdir(parents=True, exist_ok=True)
    manifest = json.loads((generation / "manifest.json").read_text(encoding="utf-8"))
    made = 0
    for e in manifest["documents"]:
        target = out / f"{e['doc']}.txt"
        if not target.exists():
            os.link(source / f"{_COPY.sub('', e['doc'])}.txt", target)
            made += 1
    return made


def with_current_key(generation: Path) -> bool:
    """Give the generation's params.json this checkout's pipeline_key, and its retrieval.json
    this checkout's tokenizer and chunking (the lexicon's words are jieba's user words); True
    when one changed."""
    from qa.build import pipeline_key
    from qa.chunking import chunking_params
    from qa.retrieval.tokenize import Tokenizer

    return any([_rekeyed(generation / "params.json", pipeline_key()),
                _rekeyed(generation / "retrieval.json", {"tokenizer": Tokenizer().signature, "chunking": chunking_params()})])


def _rekeyed(path: Path, key: dict) -> bool:
    params = json.loads(path.read_text(encoding="utf-8"))
    if all(params.get(k) == v for k, v in key.items()):
        return False
    path.unlink()  # a hard link shared with the source generation: write a file of its own
    path.write_text(json.dumps({**params, **key}, ensure_ascii=False, indent=1), encoding="utf-8")
    return True


def new_disclosure(corpus: Path, seed: int) -> Path:
    """One synthetic disclosure no document of the index was made from (scale.py's generator)."""
    from scale import generate

    made = generate(ROOT / "corpus", corpus.parent / "new-disclosure", 1, seed)[0]
    return made.rename(made.with_name(f"new{seed}-{made.name}"))


def written_mb(generation: Path) -> float:
    """MB of the generation's files that are not hard links to an earlier generation's."""
    return sum(p.stat().st_size for p in generation.rglob("*") if p.is_file() and p.stat().st_nlink == 1) / 2**20


def timed_build(corpus: Path, index: Path, profile: Path | None) -> tuple[float, dict]:
    from qa.build import build_index
    from qa.indexdir import resolve

    prof = cProfile.Profile() if profile else None
    t = time.perf_counter()
    if prof:
        prof.enable()
    report = build_index(corpus, index, progress=None, embed=False)
    if prof:
        prof.disable()
        prof.dump_stats(profile)
    seconds = time.perf_counter() - t
    return seconds, {**report, "written_mb": round(written_mb(resolve(index)), 1)}


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("index")
    p.add_argument("source_corpus", help="the disclosures the index's source generation was built from")
    p.add_argument("--seed", type=int, default=11)
    p.add_argument("--profile", help="cProfile the adding build into this file")
    a = p.parse_args()
    from qa.indexdir import resolve

    index, source = Path(a.index), Path(a.source_corpus)
    generation = resolve(index)
    corpus = index.parent / "corpus-of-index"
    t = time.perf_counter()
    linked = corpus_of_index(generation, source, corpus)
    rekeyed = with_current_key(generation)
    print(f"corpus of the index: {linked} links made in {time.perf_counter() - t:.1f} s; params rekeyed: {rekeyed}")
    new = new_disclosure(corpus, a.seed)
    added = corpus / new.name
    os.replace(new, added)
    print(f"{'step':>8} {'seconds':>8} {'processed':>9} {'documents':>9} {'written MB':>10}")
    for step in ("add", "replace", "no-op"):
        if step == "replace":
            added.write_text(added.read_text(encoding="utf-8") + "\n（本文件另有补充说明。）\n", encoding="utf-8")
        profile = Path(a.profile) if a.profile and step == "add" else None
        seconds, r = timed_build(corpus, index, profile)
        print(f"{step:>8} {seconds:>8.1f} {r['processed']:>9} {r['documents']:>9} {r['written_mb']:>10.1f}", flush=True)


if __name__ == "__main__":
    main()
