"""Throughput from text to assessment on the 981 UK statement texts, in one process, and memory over the run.

Every text goes through assess() with uk-msa-s54 (detection, facts, sentences, every rule). The first 50
texts warm the caches (compiled patterns, rulesets); then one full pass is timed. RSS is sampled every 100
statements to show that memory stays flat. An optional ruleset (e.g. au-msa-2018, whose content rules run the
AU sentence model) times that ruleset over the same texts instead.

Run: /work/venv/bin/python bench/scoring_throughput.py [RULESET]
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _data import uk_statements

from app.scoring.engine import assess


def rss_mb() -> float:
    """Current resident set size in MB (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    """Warm up, then time one full pass and print statements/s, characters/s and RSS samples."""
    ruleset = sys.argv[1] if len(sys.argv) > 1 else "uk-msa-s54"
    texts = [text for _, text in uk_statements()]
    for text in texts[:50]:
        assess(text, ruleset)
    samples = [rss_mb()]
    cpu_started, wall_started = time.process_time(), time.perf_counter()
    for index, text in enumerate(texts, start=1):
        assess(text, ruleset)
        if index % 100 == 0:
            samples.append(rss_mb())
    cpu, wall = time.process_time() - cpu_started, time.perf_counter() - wall_started
    characters = sum(len(text) for text in texts)
    print(f"{len(texts)} statements, {characters / 1e6:.1f} M characters, ruleset {ruleset}")
    print(
        f"CPU time {cpu:.2f} s -> {len(texts) / cpu:.0f} statements per CPU-second "
        f"({characters / cpu / 1e6:.2f} M chars/s)"
    )
    print(f"wall time {wall:.2f} s -> {len(texts) / wall:.0f} statements/s (machine shared)")
    print(f"RSS every 100 statements (MB): {' '.join(f'{s:.0f}' for s in samples)}")
    print(f"peak RSS: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")


if __name__ == "__main__":
    main()
