"""Train the concierge's escalation classifier (concierge/classifier.py) and export its weights.

    nice -n 19 .venv/bin/python -m concierge.classifier_training [--check]
    (or: manage.py train_concierge_classifier)
    nice -n 19 .venv/bin/python -m concierge.classifier_training --loso heldout8,train7,train8 \
        [--without train5,train6]

A multinomial logistic regression (numpy and scipy's sparse rows, full-batch Adam from zero weights, L2, balanced class
weights: the same data gives the same file) over the features of classifier.vectorize, trained on
every labelled split of fixtures/concierge/eval_messages.jsonl EXCEPT the held-out ones
(HELD_OUT). The decision thresholds are chosen on out-of-fold probabilities of a 5-fold
cross-validation of the training rows only, each fold made of whole splits (folds(); vocabulary
rebuilt in each fold), those that depend on a rule's verdict on the splits the language files were
never adjusted on (RULES_UNSEEN): for recall, "needs a person" reaches NEEDS_PERSON_RECALL and emergency
EMERGENCY_RECALL (an emergency missed costs more than a false alarm); the bar for raising a rule's
other category to an emergency, the cheapest on the rows where a rule fired with another category
(MISSED_RAISE_COST); the bars for moving a rule's category to another (categories.MOVES), each the
cheapest on the rows where a rule said the one moved from (at least 0.5: the class must be the
classifier's likeliest reading); and the bars for an emergency where no rule fired, one for
statements and one for questions, the lowest of the cheapest on those rows (MISSED_EMERGENCY_COST).
`--check` trains and prints without writing the file. `--loso` (leave_one_split_out) estimates
what a new writer's messages would read, and is what every choice above is made on.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from functools import cache
from pathlib import Path

import numpy as np
from scipy import sparse

from .categories import MOVES, move_bar
from .classifier import EMERGENCY, NONE, WEIGHTS, Classifier, alone_threshold, feature_counts, move_over, weigh

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "concierge" / "eval_messages.jsonl"
# Never trained on, never used to choose anything: the set measured once at the end.
HELD_OUT = frozenset({"heldout26"})
# Splits whose errors the language files were never adjusted on: the rules read them as they read a
# new guest's messages. The bars that depend on what a rule said (raising a rule's category, an
# emergency where no rule fired) are chosen on these rows only. On the splits the rules were tuned
# on, a rule catches nearly every emergency, so the few left for the classifier pushed its bars to
# 1.0 and switched its safety net off exactly where the rules miss (fixtures/concierge/README.md).
# train11, train12, train13, train15 and train17 are not among them: the language files' precision
# fixes after heldout11 was sealed were made on their errors; nor train19, train20, train22 and
# train23, the tuning splits of the precision round after heldout12 was sealed; nor train26 and
# train27, those of the round after heldout13 was sealed, nor heldout12, whose errors were read and
# named in train27's brief (the rules round on train27 then fixed some of them); nor heldout13 (with
# train26 and train27) and train29, the tuning splits of the rules rounds after heldout14 was sealed;
# nor heldout14, train31 and train32, those of the round after heldout15 was sealed; nor heldout15
# (whose errors were read and named in the briefs of train37–train40), train34, train35 and train37,
# those of the rules rounds after heldout16 was sealed; nor heldout16 (whose errors were read and
# named in the briefs of train41–train44), train38 and train39, those of the rules rounds after
# heldout17 was sealed; nor heldout17 (whose errors were read and named in the briefs of
# train45–train48), train40 and train41, those of the rules rounds after heldout18 was sealed; nor
# heldout18 (whose errors were read and named in the briefs of train49–train52), train42 and
# train43, those of the rules rounds after heldout19 was sealed; nor heldout19 (whose errors were read
# and named in the briefs of train57–train60), train45, train46, train49, train50 and train51, those of
# the first rules rounds after heldout22 was sealed, nor train57, train58 and train59, those of the
# second; nor heldout22 (whose errors were read and named in the briefs of train61–train64), train47
# and train48, those of the first rules rounds after heldout23 was sealed, nor train61, train62 and
# train63, those of the second; nor heldout23 (whose errors were read and named in the briefs of
# train65–train68) and train64, those of the first rules rounds after heldout24 was sealed, nor
# train65, train66 and train67, those of the second; nor heldout24 (whose errors were read and named
# in the briefs of train69–train72), train68, train69, train70 and train71, those of the rules
# rounds after heldout25 was sealed; nor heldout25 (whose errors were read and named in the briefs of
# train73–train76), train72, train73, train74 and train75, those of the rules rounds after heldout26
# was sealed.
RULES_UNSEEN = frozenset(
    {
        "heldout8",
        "train7",
        "train8",
        "heldout9",
        "train9",
        "train10",
        "heldout10",
        "train14",
        "train16",
        "train18",
        "heldout11",
        "train21",
        "train24",
        "train25",
        "train28",
        "train30",
        "train33",
        "train36",
        "train44",
        "train52",
        "train60",
        "train76",
    }
)
CLASSES = [NONE, EMERGENCY, "complaint", "refund", "cancellation", "urgent"]
FOLDS = 5
MIN_DOCUMENTS = 2  # a feature seen in one message only is noise, not a pattern
L2 = 1e-6  # chosen by cross-validation on the training splits (1e-7 … 1e-5 compared)
STEPS = 300
NEEDS_PERSON_RECALL = 0.98
# 0.96 until heldout9, 0.98 until heldout11. With 0.97, --loso heldout10,heldout9,heldout8 (990
# rules-unseen messages, 143 emergencies) found every emergency as with 0.98, for 15 false ones
# instead of 22 (precision 86.7 → 90.5 %), complaint recall 91.8 → 94.8 %, urgent 95.5 → 96.3 %.
EMERGENCY_RECALL = 0.97
# Raising a rule's other category to an emergency: the threshold that costs least on the rows where a
# rule fired with another category, an emergency left at the rule's category costing this many false
# emergencies (the rule already brings a person, so a missed raise costs less than a missed emergency).
MISSED_RAISE_COST = 40  # 10, then 20 until heldout9 was sealed (see MISSED_EMERGENCY_COST)
# Raising an emergency where no rule fired: the threshold that costs least on those rows, a missed
# emergency costing this many false ones (below it the message still reaches a person under its
# likeliest other category when it needs one; a false emergency pulls the wrong people at once).
# 20 until heldout9 was sealed; with 40 (and EMERGENCY_RECALL 0.98) `--loso heldout8,train7,train8`
# (1,446 rules-unseen messages) found 215 of its 219 emergencies instead of 210, for 8 false ones
# more (emergency precision 87.5 → 85.0 %), every other category within a point: the target is
# every emergency, and a person told of a false one loses minutes, not a guest.
MISSED_EMERGENCY_COST = 40
# The bar of a move (categories.MOVES) that does not pay on the rules-unseen rows: above any
# probability, so the move is off (1.0 until heldout17 was measured: a certain classifier still moved).
MOVE_OFF = 1.01


def load_training() -> list[dict]:
    rows = [json.loads(line) for line in FIXTURE.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r for r in rows if r["split"] not in HELD_OUT]


@cache
def counts(text: str):
    """classifier.feature_counts, once per message (cross-validation and --loso rebuild the
    vocabulary many times over the same texts)."""
    return feature_counts(text)


def build_vocabulary(texts: list[str]) -> list[str]:
    documents: Counter = Counter()
    for text in texts:
        documents.update(set().union(*counts(text)))
    return sorted(f for f, n in documents.items() if n >= MIN_DOCUMENTS)


def matrix(texts: list[str], vocabulary: list[str]) -> sparse.csr_array:
    """The weighted features of each text (classifier.weigh), one row per text, in scipy's
    compressed-row form: training's two products per step (x @ w, x.T @ error) over ~6 million
    non-zero values take ~40 ms each there, against ~1 s as gathers and segmented sums in numpy
    (what made a retraining ~45 min on a 2-core machine)."""
    index = {f: i for i, f in enumerate(vocabulary)}
    indptr, cols, values = [0], [], []
    for text in texts:
        for feature, value in weigh(counts(text), index).items():
            cols.append(index[feature])
            values.append(value)
        indptr.append(len(cols))
    return sparse.csr_array(
        (np.array(values), np.array(cols, dtype=np.int64), np.array(indptr, dtype=np.int64)),
        shape=(len(texts), len(vocabulary)),
    )


def fit(x: sparse.csr_array, labels: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Weighted softmax regression; weights balance the classes so that the small ones (urgent,
    cancellation) are not drowned by "none"."""
    y = np.array([CLASSES.index(label) for label in labels])
    onehot = np.eye(len(CLASSES))[y]
    counts = np.bincount(y, minlength=len(CLASSES))
    sample = (len(y) / (len(CLASSES) * np.maximum(counts, 1)))[y][:, None]
    w = np.zeros((x.shape[1], len(CLASSES)))
    b = np.zeros(len(CLASSES))
    xt = x.T.tocsr()  # x.T @ error row by row, in a fixed order (the same data gives the same bytes)
    m = [np.zeros_like(w), np.zeros_like(b)]
    v = [np.zeros_like(w), np.zeros_like(b)]
    rate, beta1, beta2 = 0.05, 0.9, 0.999
    for step in range(1, STEPS + 1):
        p = softmax(x @ w + b)
        error = sample * (p - onehot) / len(y)
        grads = [xt @ error + L2 * w, error.sum(axis=0)]
        for i, (param, grad) in enumerate(zip((w, b), grads, strict=True)):
            m[i] = beta1 * m[i] + (1 - beta1) * grad
            v[i] = beta2 * v[i] + (1 - beta2) * grad**2
            param -= rate * (m[i] / (1 - beta1**step)) / (np.sqrt(v[i] / (1 - beta2**step)) + 1e-8)
    return w, b


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(axis=1, keepdims=True)


def folds(rows: list[dict]) -> list[int]:
    """The fold of each row: whole splits, never a split cut in two (rows of one split share their
    writer's phrasings, so random folds give out-of-fold probabilities surer than those of a new
    writer's messages, and bars chosen on them too high). Splits go, largest first, to the fold with
    the fewest rows so far (ties: the lower fold), which is deterministic."""
    sizes = Counter(r["split"] for r in rows)
    fold_rows = [0] * FOLDS
    fold_of_split = {}
    for split in sorted(sizes, key=lambda s: (-sizes[s], s)):
        k = min(range(FOLDS), key=lambda f: (fold_rows[f], f))
        fold_of_split[split] = k
        fold_rows[k] += sizes[split]
    return [fold_of_split[r["split"]] for r in rows]


def out_of_fold(rows: list[dict]) -> np.ndarray:
    fold_of = folds(rows)
    probs = np.zeros((len(rows), len(CLASSES)))
    for k in range(FOLDS):
        train = [r for r, f in zip(rows, fold_of, strict=True) if f != k]
        test = [i for i, f in enumerate(fold_of) if f == k]
        vocabulary = build_vocabulary([r["text"] for r in train])
        w, b = fit(matrix([r["text"] for r in train], vocabulary), [r["label"] for r in train])
        probs[test] = softmax(matrix([rows[i]["text"] for i in test], vocabulary) @ w + b)
    return probs


def decide(probs: np.ndarray, needs_person: float, emergency: float) -> list[str]:
    """The same decision as classifier.Classifier.predict, on a matrix of probabilities."""
    out = []
    for p in probs:
        if p[1] >= emergency:
            out.append(EMERGENCY)
        elif 1 - p[0] >= needs_person:
            out.append(CLASSES[1 + int(np.argmax(p[1:]))])
        else:
            out.append(NONE)
    return out


def combine(rows: list[dict], by_rule: np.ndarray, probs: np.ndarray, thresholds: dict) -> list[str]:
    """understanding.escalation_verdict's category (Classifier.predict, then the verdict), on
    out-of-fold probabilities and the rules' categories: what the thresholds do to the whole
    concierge, not to the classifier alone. A test checks that it agrees with escalation_verdict."""
    out = []
    for row, rule, p in zip(rows, by_rule, probs, strict=True):
        if rule != NONE:
            if rule != EMERGENCY and p[1] >= thresholds["emergency_over_rule"]:
                out.append(EMERGENCY)
            else:
                by_class = dict(zip(CLASSES, p, strict=True))
                out.append(move_over(str(rule), by_class, thresholds) or str(rule))
            continue
        if p[1] >= thresholds[EMERGENCY]:
            category = EMERGENCY
        elif 1 - p[0] >= thresholds["needs_person"]:
            category = CLASSES[1 + int(np.argmax(p[1:]))]
        else:
            category = NONE
        if category == EMERGENCY and p[1] < thresholds[alone_threshold(row["text"])]:
            # below the bar for an emergency no rule saw: the likeliest other category, if those
            # together say the message needs a person
            category = CLASSES[2 + int(np.argmax(p[2:]))] if 1 - p[0] - p[1] >= thresholds["needs_person"] else NONE
        out.append(category)
    return out


def highest_threshold(scores: np.ndarray, positive: np.ndarray, recall: float) -> float:
    """The highest threshold whose recall (score >= threshold among positives) reaches `recall`."""
    ranked = np.sort(scores[positive])[::-1]
    needed = int(np.ceil(recall * len(ranked)))
    return float(np.floor(ranked[needed - 1] * 1000) / 1000)


def cheapest_threshold(scores: np.ndarray, positive: np.ndarray, miss_cost: float, nothing: float = 1.0) -> float:
    """The threshold (among the scores themselves) with the least cost: each positive below it costs
    `miss_cost`, each negative at or above it costs 1; the highest such threshold on a tie. Where no
    threshold costs less than letting nothing through, `nothing`."""
    best, best_cost = nothing, miss_cost * int(positive.sum())
    for t in sorted({float(np.floor(v * 1000) / 1000) for v in scores}, reverse=True):
        above = scores >= t
        cost = miss_cost * int((positive & ~above).sum()) + int((~positive & above).sum())
        if cost < best_cost:
            best, best_cost = t, cost
    return best


def lowest_cheapest_threshold(scores: np.ndarray, positive: np.ndarray, miss_cost: float) -> float:
    """Like cheapest_threshold, but the LOWEST threshold on a tie, the candidates including a step
    above each score: with no positive at all, the bar sits just above the highest negative (no false
    alarm on these rows) rather than at 1.0, so an unlike emergency above it is still raised."""
    candidates = sorted({float(np.floor(v * 1000) / 1000) + d for v in scores for d in (0.0, 0.001)} | {1.0})
    best, best_cost = 1.0, None
    for t in candidates:
        above = scores >= t
        cost = miss_cost * int((positive & ~above).sum()) + int((~positive & above).sum())
        if best_cost is None or cost < best_cost:
            best, best_cost = round(t, 3), cost
    return best


def scores(labels: list[str], predicted: list[str]) -> dict:
    """Precision and recall per escalation category, and of "needs a person" (any escalation)."""
    out = {}
    pairs = list(zip(labels, predicted, strict=True))
    for category in CLASSES[1:]:
        tp = sum(1 for a, p in pairs if a == p == category)
        actual = sum(1 for a, _ in pairs if a == category)
        said = sum(1 for _, p in pairs if p == category)
        out[category] = (tp / said if said else 0.0, tp / actual if actual else 0.0)
    tp = sum(1 for a, p in pairs if a != NONE and p != NONE)
    flagged, needed = sum(1 for _, p in pairs if p != NONE), sum(1 for a, _ in pairs if a != NONE)
    out["needs_person"] = (tp / max(1, flagged), tp / max(1, needed))
    return out


def report(result: dict, title: str) -> None:
    print(f"\n{title}")
    for key, (precision, recall) in result.items():
        print(f"  {key:<14} precision {precision * 100:5.1f} %  recall {recall * 100:5.1f} %")


def rule_categories(rows: list[dict]) -> np.ndarray:
    """The rules' category of each row ("none" where no rule fired)."""
    from .understanding import escalation_by_rule

    def category(text: str) -> str:
        counts(text)  # the features need lexicon.analyze too: read each message once (its cache is small)
        return getattr(escalation_by_rule(text), "category", NONE)

    return np.array([category(r["text"]) for r in rows])


def choose_thresholds(rows: list[dict], by_rule: np.ndarray, probs: np.ndarray) -> dict:
    """Every bar of classifier.Classifier.predict, from out-of-fold probabilities of `rows`: the
    classifier's own bars on every row, those that depend on the rules' verdict on the RULES_UNSEEN
    rows (all rows if there are none)."""
    labels = np.array([r["label"] for r in rows])
    needs_person = highest_threshold(1 - probs[:, 0], labels != NONE, NEEDS_PERSON_RECALL)
    emergency = highest_threshold(probs[:, 1], labels == EMERGENCY, EMERGENCY_RECALL)
    unseen = np.array([r["split"] in RULES_UNSEEN for r in rows])
    if not unseen.any():
        unseen[:] = True
    ruled = (by_rule != NONE) & (by_rule != EMERGENCY) & unseen
    over_rule = cheapest_threshold(probs[ruled, 1], labels[ruled] == EMERGENCY, MISSED_RAISE_COST)
    thresholds = {"needs_person": needs_person, EMERGENCY: emergency, "emergency_over_rule": max(emergency, over_rule)}
    # Moving a rule's category to another (categories.MOVES: "I'm owed for the night we lost to the
    # leak" is a refund behind a complaint's words): the cheapest bar on the rows where a rule said the
    # category moved from, either mistake costing the same, at least 0.5 (the category moved to must be
    # the classifier's likeliest reading). Where no bar pays, MOVE_OFF: no probability reaches it (at
    # 1.0 a classifier certain of a move no row supports would still make it).
    for to, source in MOVES:
        said = (by_rule == source) & unseen
        bar = cheapest_threshold(probs[said, CLASSES.index(to)], labels[said] == to, 1, nothing=MOVE_OFF)
        thresholds[move_bar(to, source)] = max(0.5, bar)
    bar = np.array([alone_threshold(r["text"]) for r in rows])
    for name in ("emergency_alone", "emergency_alone_question"):
        unruled = (by_rule == NONE) & (bar == name) & unseen
        alone = lowest_cheapest_threshold(probs[unruled, 1], labels[unruled] == EMERGENCY, MISSED_EMERGENCY_COST)
        thresholds[name] = max(emergency, alone)
    return thresholds


def learn(rows: list[dict], by_rule: np.ndarray, verbose: bool = True) -> dict:
    """The exported model (classifier_weights.json's content) trained on `rows`, its thresholds
    chosen by cross-validation on those rows only."""
    probs = out_of_fold(rows)
    thresholds = choose_thresholds(rows, by_rule, probs)
    labels = [r["label"] for r in rows]
    cv = scores(labels, decide(probs, thresholds["needs_person"], thresholds[EMERGENCY]))
    if verbose:
        print(f"thresholds from {FOLDS}-fold cross-validation: {thresholds}")
        report(cv, "classifier alone, out-of-fold (training splits)")
        combined = combine(rows, by_rule, probs, thresholds)
        report(scores(labels, combined), "rules + classifier, out-of-fold (training splits)")
    vocabulary = build_vocabulary([r["text"] for r in rows])
    w, b = fit(matrix([r["text"] for r in rows], vocabulary), labels)
    return {
        "classes": CLASSES,
        "bias": [round(float(v), 5) for v in b],
        "thresholds": thresholds,
        "meta": {
            "trained_on": sorted({r["split"] for r in rows}),
            "rows": len(rows),
            "l2": L2,
            "steps": STEPS,
            "missed_raise_cost": MISSED_RAISE_COST,
            "missed_emergency_cost": MISSED_EMERGENCY_COST,
            "cross_validation": {k: [round(p, 3), round(r, 3)] for k, (p, r) in cv.items()},
        },
        "weights": {f: [round(float(v), 5) for v in w[i]] for i, f in enumerate(vocabulary)},
    }


def train(write: bool = True) -> dict:
    rows = load_training()
    print(f"training rows: {len(rows)} {dict(Counter(r['label'] for r in rows))}")
    data = learn(rows, rule_categories(rows))
    if write:
        WEIGHTS.write_text(serialize(data), encoding="utf-8")
        print(f"\nwrote {WEIGHTS} ({len(data['weights'])} features, {WEIGHTS.stat().st_size // 1024} KB)")
    return data


def leave_one_split_out(names: list[str], without: frozenset[str] = frozenset()) -> dict:
    """For each named split: train on every other training split (thresholds by cross-validation on
    those only), then score the rules alone and rules + classifier (understanding.escalation_verdict
    with that model) on the split left out. Rows of one split share their authors' phrasings, so
    this is closer to a fresh held-out set than k-fold figures over mixed splits."""
    from .understanding import escalation_verdict

    rows = [r for r in load_training() if r["split"] not in without]
    unknown = set(names) - {r["split"] for r in rows}
    if unknown:
        raise SystemExit(f"not training splits: {sorted(unknown)} (held out: {sorted(HELD_OUT)})")
    by_rule = rule_categories(rows)
    labels, rules_alone, combined, raisers = [], [], [], []
    for name in names:
        started = time.perf_counter()
        inside = np.array([r["split"] != name for r in rows])
        train_rows = [r for r, keep in zip(rows, inside, strict=True) if keep]
        model = Classifier(learn(train_rows, by_rule[inside], verbose=False))
        left_out = [r for r in rows if r["split"] == name]
        verdicts = [escalation_verdict(r["text"], model) for r in left_out]
        said = [v.category if v else NONE for v in verdicts]
        raisers += [v.raised_by if v else NONE for v in verdicts]
        truth = [r["label"] for r in left_out]
        labels += truth
        rules_alone += list(by_rule[~inside])
        combined += said
        print(f"\n=== {name} left out ({len(left_out)} messages; trained on {len(train_rows)}, "
              f"{time.perf_counter() - started:.0f} s)")  # fmt: skip
        report(scores(truth, list(by_rule[~inside])), f"rules alone — {name}")
        report(scores(truth, said), f"rules + classifier — {name}")
    print(f"\n=== pooled over {', '.join(names)} ({len(labels)} messages)")
    pooled = {"rules_alone": scores(labels, rules_alone), "combined": scores(labels, combined)}
    report(pooled["rules_alone"], "rules alone — pooled")
    report(pooled["combined"], "rules + classifier — pooled")
    confusion(labels, combined)
    wrong = Counter((p, by) for a, p, by in zip(labels, combined, raisers, strict=True) if p not in (a, NONE))
    print("\n  false escalations by who raised them: " + ", ".join(
        f"{c} {wrong[c, 'rule']} rule / {wrong[c, 'classifier']} classifier" for c in CLASSES[1:]
    ))  # fmt: skip
    return pooled


def confusion(labels: list[str], predicted: list[str]) -> None:
    """Rows: the label; columns: what rules + classifier said."""
    pairs = Counter(zip(labels, predicted, strict=True))
    print("\n  " + "label / said".ljust(14) + "".join(f"{c[:6]:>8}" for c in CLASSES))
    for label in CLASSES:
        print(f"  {label:<14}" + "".join(f"{pairs[label, c]:>8}" for c in CLASSES))


def serialize(data: dict) -> str:
    """The weights file's exact text (the same rows and seed give the same bytes: a test retrains)."""
    return json.dumps(data, separators=(",", ":"), sort_keys=False) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="Train and print, do not write the weights.")
    parser.add_argument(
        "--loso",
        metavar="SPLIT,SPLIT",
        help="Leave each of these training splits out in turn (train on the others, score rules + "
        "classifier on it); print per split and pooled. Writes nothing.",
    )
    parser.add_argument(
        "--without",
        metavar="SPLIT,SPLIT",
        default="",
        help="With --loso: leave these splits out of every training set too (what they add).",
    )
    args = parser.parse_args()
    if args.loso:
        leave_one_split_out([s for s in args.loso.split(",") if s], frozenset(s for s in args.without.split(",") if s))
    else:
        train(write=not args.check)


if __name__ == "__main__":
    main()
