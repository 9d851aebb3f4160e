"""Whoosh against tantivy in one run: indexing speed, query latency, index size, agreement.

    python plugins/evidencekit-tantivy/benchmarks/bench_backends.py [--docs 10000] [--work DIR]

Both backends index the same generated texts through their ``SearchIndex`` (the mixed
corpus of ``scripts/samples/corpus.py``, as plain pages, in the scan's batches of 200
and one commit, as a rebuild from the catalog does), then answer the same fixed queries:
every query of the bundled COR and SECOR mappings (as the mapper asks them: up to 2,000
hits, no snippets) and the README's search examples (as ``evidencekit search`` asks them:
10 hits with snippets), three rounds each. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import yaml
from evidencekit_tantivy.index import TantivySearchIndex

from evidencekit.builtins.whoosh_index import WhooshSearchIndex
from evidencekit.hookspecs import SearchIndex
from evidencekit.models import IndexEntry

REPO = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(REPO / "scripts"))

from samples.corpus import plan_mixed_document  # noqa: E402
from samples.formats.text import plain_pages  # noqa: E402

BATCH = 200
ROUNDS = 3
MAPPER_HITS = 2000
SEARCH_HITS = 10
#: The README's examples of the query language, as a person types them.
PEOPLE_QUERIES = (
    '"field level hazard assessment"',
    "inspection OR audit",
    "ladder NOT training",
    "title:policy",
    "filename:flha",
    "folder:inspections",
    "filetype:pdf guardrail",
    "modified:[2025-01 to 2025-03] inspection",
    "modified:2025 toolbox",
    "fire extinguisher",
    '"corrective action" overdue',
    "first aid certificate",
)


def mapping_queries() -> list[str]:
    queries: set[str] = set()
    for path in sorted((REPO / "mappings").glob("*.yaml")):
        tool = yaml.safe_load(path.read_text(encoding="utf-8"))
        for element in tool["elements"]:
            for requirement in element["requirements"]:
                queries.update(requirement.get("evidence", {}).get("queries", []))
    return sorted(queries)


def generated_entries(count: int) -> list[IndexEntry]:
    entries = []
    for number in range(count):
        document = plan_mixed_document(0, number)
        pages = tuple("\n".join(lines) for lines in plain_pages(document.body.blocks, 90))
        suffix = "." + document.path.rsplit(".", 1)[-1]
        modified = datetime.combine(document.body.effective, datetime.min.time())
        entries.append(
            IndexEntry(number + 1, document.path, suffix, document.body.title, modified, pages)
        )
    return entries


def indexing_seconds(index: SearchIndex, entries: list[IndexEntry]) -> float:
    started = time.perf_counter()
    index.clear()
    for start in range(0, len(entries), BATCH):
        index.add(entries[start : start + BATCH])
    index.commit()
    return time.perf_counter() - started


def latencies(run: Callable[[str], object], queries: list[str]) -> list[float]:
    times = []
    for _round in range(ROUNDS):
        for query in queries:
            started = time.perf_counter()
            run(query)
            times.append(time.perf_counter() - started)
    return times


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[round(share * 100) - 1]


def agreement(
    first: SearchIndex, second: SearchIndex, queries: list[str], everything: int
) -> tuple[int, float]:
    """Queries whose hit sets (every matching file) are the same, and the mean overlap
    (Jaccard) of the rest. Every file, not the best 2,000: ties at a cut-off fall either way."""
    same = 0
    overlaps = []
    for query in queries:
        a = {hit.path for hit in first.search(query, everything, snippets=False)}
        b = {hit.path for hit in second.search(query, everything, snippets=False)}
        if a == b:
            same += 1
        else:
            overlaps.append(len(a & b) / len(a | b))
    return same, statistics.mean(overlaps) if overlaps else 1.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--work", type=Path, default=None)
    args = parser.parse_args()
    work = Path(args.work or tempfile.mkdtemp(prefix="bench-backends-"))

    started = time.perf_counter()
    entries = generated_entries(args.docs)
    pages = sum(len(entry.pages) for entry in entries)
    chars = sum(len(page) for entry in entries for page in entry.pages)
    print(
        f"{len(entries)} documents, {pages} pages, {chars / len(entries) / 1000:.1f} kB of "
        f"text each on average (generated in {time.perf_counter() - started:.0f} s)"
    )
    mapper = mapping_queries()
    print(f"queries: {len(mapper)} from the mappings, {len(PEOPLE_QUERIES)} typed; x{ROUNDS}")

    backends: dict[str, SearchIndex] = {
        "whoosh": WhooshSearchIndex(work / "whoosh"),
        "tantivy": TantivySearchIndex(work / "tantivy"),
    }
    rows: dict[str, dict[str, str]] = {}
    for name, index in backends.items():
        seconds = indexing_seconds(index, entries)
        opened = time.perf_counter()
        index.search("warm up", 1)  # the first search opens the reader
        first_search = time.perf_counter() - opened
        mapped = latencies(lambda q, i=index: i.search(q, MAPPER_HITS, snippets=False), mapper)
        typed = latencies(lambda q, i=index: i.search(q, SEARCH_HITS), list(PEOPLE_QUERIES))
        rows[name] = {
            "indexing, docs/s": f"{len(entries) / seconds:,.0f}",
            "indexing, total s": f"{seconds:.1f}",
            "first search (opens reader), ms": f"{first_search * 1000:.0f}",
            "mapper queries p50, ms": f"{percentile(mapped, 0.5) * 1000:.1f}",
            "mapper queries p95, ms": f"{percentile(mapped, 0.95) * 1000:.1f}",
            "typed queries + snippets p50, ms": f"{percentile(typed, 0.5) * 1000:.1f}",
            "typed queries + snippets p95, ms": f"{percentile(typed, 0.95) * 1000:.1f}",
            "index size, MB": f"{index.size_bytes() / 1e6:.1f}",
        }
        print(f"  {name}: done")
    same, overlap = agreement(
        backends["whoosh"], backends["tantivy"], mapper + list(PEOPLE_QUERIES), len(entries)
    )
    for index in backends.values():
        index.close()

    width = max(len(label) for label in rows["whoosh"])
    print()
    print(f"{'':{width}}  {'whoosh':>10}  {'tantivy':>10}")
    for label in rows["whoosh"]:
        print(f"{label:{width}}  {rows['whoosh'][label]:>10}  {rows['tantivy'][label]:>10}")
    total = len(mapper) + len(PEOPLE_QUERIES)
    print(
        f"\nsame files found (all matches) by {same} of {total} queries; "
        f"the others overlap {overlap:.0%} on average"
    )
    print(f"indexes kept in {work}")


if __name__ == "__main__":
    main()
