"""Validate a writer's new split and list the rows too close to existing ones.

    python3 scripts/concierge_data/check_rows.py NEW.jsonl [--fixture fixtures/concierge/eval_messages.jsonl]

Prints format errors, label/lang/tag counts, and every row whose word-set overlap (Jaccard of the
sets of words of 3+ letters, lower-cased, accents folded) with a fixture row or an earlier row of
the same file is >= 0.5 (the writer rewrites those with another situation). Used by every writer
of fixtures/concierge (writer_brief.md); it reads no sealed set.
"""

import argparse
import collections
import json
import re
import unicodedata
from pathlib import Path

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "concierge" / "eval_messages.jsonl"
LABELS = {"emergency", "complaint", "refund", "cancellation", "urgent", "none"}
LANGS = {"en", "fr", "mixed"}
TAGS = {"negation", "sarcasm", "typo", "mixed", "tricky"}
KEYS = {"id", "split", "label", "lang", "tags", "text"}
TOO_CLOSE = 0.5


def words(text: str) -> frozenset[str]:
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    return frozenset(w for w in re.findall(r"[a-z0-9]+", folded) if len(w) >= 3)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def read_rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def problems_of(row: dict, old_ids: set[int]) -> list[str]:
    problems = []
    if set(row) != KEYS:
        problems.append(f"keys {sorted(row)}")
    if row.get("label") not in LABELS:
        problems.append(f"label {row.get('label')!r}")
    if row.get("lang") not in LANGS:
        problems.append(f"lang {row.get('lang')!r}")
    if not set(row.get("tags", [])) <= TAGS:
        problems.append(f"tags {row.get('tags')!r}")
    if not isinstance(row.get("id"), int) or row["id"] in old_ids:
        problems.append(f"id {row.get('id')!r} is not a new integer")
    if not str(row.get("text", "")).strip():
        problems.append("empty text")
    return problems


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("new", type=Path)
    parser.add_argument("--fixture", type=Path, default=FIXTURE)
    args = parser.parse_args()
    old = read_rows(args.fixture)
    old_ids = {r["id"] for r in old}
    old_words = [words(r["text"]) for r in old]
    by_word = collections.defaultdict(list)
    for i, ws in enumerate(old_words):
        for w in ws:
            by_word[w].append(i)
    new = read_rows(args.new)
    errors = 0
    for row in new:
        problems = problems_of(row, old_ids)
        if problems:
            errors += 1
            print(f"id {row.get('id')}: " + "; ".join(problems))
    duplicates = [i for i, n in collections.Counter(r.get("id") for r in new).items() if n > 1]
    if duplicates:
        errors += 1
        print("duplicate ids:", duplicates[:20])
    close, seen = 0, []
    for row in new:
        ws = words(row.get("text", ""))
        candidates = {i for w in ws for i in by_word.get(w, ())}
        best_old = max((jaccard(ws, old_words[i]) for i in candidates), default=0.0)
        best_new = max((jaccard(ws, s) for s in seen), default=0.0)
        if max(best_old, best_new) >= TOO_CLOSE:
            close += 1
            where = "an existing row" if best_old >= best_new else "an earlier row of this file"
            print(f"id {row.get('id')}: overlap {max(best_old, best_new):.2f} with {where} -> rewrite")
        seen.append(ws)
    print(f"{len(new)} rows, {errors} format errors, {close} rows too close")
    for key in ("label", "lang"):
        print(key, dict(collections.Counter(r.get(key) for r in new)))
    print("tags", dict(collections.Counter(t for r in new for t in r.get("tags", []))))


if __name__ == "__main__":
    main()
