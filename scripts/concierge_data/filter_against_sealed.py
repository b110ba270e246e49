"""Delete training rows close to a sealed held-out set, printing counts only (never its text).

    python3 scripts/concierge_data/filter_against_sealed.py SEALED.jsonl IN.jsonl OUT.jsonl

A row of IN whose word-set overlap (check_rows.words) with any sealed row is >= 0.4 is left out of
OUT, so the classifier never trains on a paraphrase of the set that measures it. The lead runs it
before a new training split joins the fixture (fixtures/concierge/README.md says how many went).
"""

import json
import sys
from pathlib import Path

from check_rows import jaccard, read_rows, words

CLOSE = 0.4


def main(sealed_path: str, in_path: str, out_path: str) -> None:
    sealed = [words(r["text"]) for r in read_rows(Path(sealed_path))]
    rows = read_rows(Path(in_path))
    kept = [r for r in rows if max(jaccard(words(r["text"]), s) for s in sealed) < CLOSE]
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in kept)
    Path(out_path).write_text(text, encoding="utf-8")
    print(f"{in_path}: {len(rows)} rows, {len(rows) - len(kept)} deleted (overlap >= {CLOSE}), {len(kept)} kept")


if __name__ == "__main__":
    main(*sys.argv[1:4])
