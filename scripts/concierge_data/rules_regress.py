"""Rules-alone regression for a round of changes to the language files (concierge/languages).

    .venv/bin/python scripts/concierge_data/rules_regress.py baseline BASE.json   # before any change
    TUNING=train19,train20 .venv/bin/python scripts/concierge_data/rules_regress.py compare BASE.json

A row's verdict is concierge.understanding.escalation_by_rule(text).category, or "none". `compare`
prints every changed verdict and every current rule error on the TUNING splits only, and for every
other split counts only (wrong->right, right->wrong, wrong->wrong, false escalations now): a rules
writer fixes what the tuning splits show, and learns nothing of the other splits but whether a
change turned one of their rows wrong (rules_writer_brief.md).
"""

import collections
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mystay.settings")

import django  # noqa: E402

django.setup()

from concierge.understanding import escalation_by_rule  # noqa: E402

FIXTURE = ROOT / "fixtures" / "concierge" / "eval_messages.jsonl"


def verdicts(rows: list[dict]) -> dict[str, str]:
    out = {}
    for row in rows:
        verdict = escalation_by_rule(row["text"])
        out[str(row["id"])] = str(verdict.category) if verdict else "none"
    return out


def compare(rows: list[dict], base: dict[str, str], now: dict[str, str], tuning: set[str]) -> None:
    changes = collections.defaultdict(collections.Counter)
    for row in rows:
        key, label, split = str(row["id"]), row["label"], row["split"]
        before, after = base.get(key, "none"), now[key]
        if before == after:
            continue
        kind = "wrong->right" if after == label else ("right->wrong" if before == label else "wrong->wrong")
        changes[split][kind] += 1
        if split in tuning:
            print(f"CHANGED {split} {key} label={label} before={before} now={after} | {row['text']}")
    print("\n== rule errors on the tuning splits (a row no rule caught is not listed) ==")
    for row in rows:
        said = now[str(row["id"])]
        if row["split"] in tuning and said not in ("none", row["label"]):
            print(f"ERR {row['split']} {row['id']} label={row['label']} rules={said} | {row['text']}")
    print("\n== per split: changes since the baseline; false escalations now ==")
    for split in sorted({r["split"] for r in rows}):
        wrong = collections.Counter(
            now[str(r["id"])] for r in rows if r["split"] == split and now[str(r["id"])] not in ("none", r["label"])
        )
        print(f"{split:10} {dict(changes.get(split, {})) or '-'}  false escalations now: {dict(wrong)}")


def main(command: str, base_path: str) -> None:
    rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]
    now = verdicts(rows)
    if command == "baseline":
        Path(base_path).write_text(json.dumps(now), encoding="utf-8")
        print(f"baseline of {len(now)} rows written to {base_path}")
        return
    tuning = {s for s in os.environ.get("TUNING", "").split(",") if s}
    compare(rows, json.loads(Path(base_path).read_text(encoding="utf-8")), now, tuning)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
