"""Precision of each rule term, counts only: which terms of the language files escalate mostly wrongly.

    .venv/bin/python scripts/concierge_data/rules_audit.py [--category emergency] [--min 3] [--most 40]

For every labelled row but the held-out split, the rules' verdict (understanding.escalation_by_rule)
and the term that decided it (RuleVerdict.rule, "language:term"); per term: how often it decided a
verdict, how often that verdict was the label, and how often the label was `none` or another
category, on the rules-unseen splits (classifier_training.RULES_UNSEEN: what a new guest's messages
would show) and on the splits the rules were tuned on. No message text is printed, so a rules writer
may run it without reading the rules-unseen rows: a term that decides wrongly on them is a term to
narrow (an `unless`, a guard) or drop, the rows themselves stay unseen. Since a rule's escalation is
never lowered by the classifier (issue 13), a rule's precision is the concierge's: the emergency
terms with the most false alarms are where round 17's false emergencies came from.
"""

import argparse
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

from concierge.classifier_training import FIXTURE, HELD_OUT, RULES_UNSEEN  # noqa: E402
from concierge.understanding import escalation_by_rule  # noqa: E402


def audit(rows: list[dict]) -> dict[tuple[str, str], dict[str, collections.Counter]]:
    """(category, term) -> {"unseen" | "tuned": Counter(fired, right, none, other)}."""
    out = collections.defaultdict(lambda: {"unseen": collections.Counter(), "tuned": collections.Counter()})
    for row in rows:
        verdict = escalation_by_rule(row["text"])
        if verdict is None:
            continue
        counts = out[str(verdict.category), verdict.rule]["unseen" if row["split"] in RULES_UNSEEN else "tuned"]
        counts["fired"] += 1
        label = row["label"]
        counts["right" if label == verdict.category else ("none" if label == "none" else "other")] += 1
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--category", help="Only this category's terms (emergency, complaint, ...).")
    parser.add_argument("--min", type=int, default=3, help="Only terms deciding at least this many rules-unseen rows.")
    parser.add_argument("--most", type=int, default=40, help="How many terms to list, worst precision first.")
    args = parser.parse_args()
    rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if r["split"] not in HELD_OUT]
    terms = audit(rows)
    listed = [
        (key, c) for key, c in terms.items()
        if c["unseen"]["fired"] >= args.min and (not args.category or key[0] == args.category)
    ]  # fmt: skip
    listed.sort(key=lambda kc: (kc[1]["unseen"]["right"] / kc[1]["unseen"]["fired"], -kc[1]["unseen"]["fired"]))
    print(f"{len(rows)} rows ({len(RULES_UNSEEN)} rules-unseen splits); terms deciding >= {args.min} unseen rows")
    print(f"{'category':<13}{'term':<44}{'unseen: fired right none other':>32}{'   tuned: fired right':>22}")
    for (category, term), c in listed[: args.most]:
        u, t = c["unseen"], c["tuned"]
        print(f"{category:<13}{term[:43]:<44}{u['fired']:>15}{u['right']:>6}{u['none']:>5}{u['other']:>6}"
              f"{t['fired']:>16}{t['right']:>6}")  # fmt: skip
    for category in sorted({k[0] for k in terms}):
        u = collections.Counter()
        for (c, _), counts in terms.items():
            if c == category:
                u += counts["unseen"]
        print(f"  {category}: rules-unseen precision {u['right'] / max(1, u['fired']):.1%} ({u['right']}/{u['fired']})")


if __name__ == "__main__":
    main()
