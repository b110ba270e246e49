"""A learned second opinion on whether a guest message needs a person, and why.

The word-concept rules (lexicon.py) only know the phrasings someone listed; on messages nobody had
read they found about 60 % of those needing a person (fixtures/concierge/README.md). This linear
model, trained on the labelled messages (concierge/classifier_training.py), weighs folded words,
word pairs and character 3-5-grams, so "breathin", "twitching" or "étouffe" still count through the
pieces they share with words it has seen, and what the language files read in the message (the
rules' categories, cancelled ones, concepts: reading_features).

It only ever ADDS an escalation (understanding.escalation_verdict): a rule's verdict is never
lowered, and nothing a guest writes switches either off. Inference is pure Python over the
exported weights (concierge/classifier_weights.json, committed): no model download, no network,
well under a millisecond per message.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .categories import MOVES, move_bar
from .lexicon import analyze, languages
from .text import fold

WEIGHTS = Path(__file__).with_name("classifier_weights.json")
NONE = "none"
EMERGENCY = "emergency"
_TOKEN = re.compile(r"[a-z0-9]+")
CHAR_SIZES = (3, 4, 5)


def feature_counts(text: str) -> tuple[Counter, ...]:
    """Word features (folded words and neighbouring pairs, and whether the guest asks something:
    a question is more often a request for information than for a person), character n-grams
    of each word, padded with spaces so that word starts and ends are features of their own, and
    what the language files read in it (reading_features)."""
    return (*surface_counts(text), reading_features(text))


def surface_counts(text: str) -> tuple[Counter, Counter]:
    tokens = _TOKEN.findall(fold(text))
    words = Counter(f"w:{t}" for t in tokens)
    words.update(f"p:{mark}" for mark in "?!" if mark in text)
    words.update(f"b:{a}_{b}" for a, b in zip(tokens, tokens[1:], strict=False))
    chars: Counter = Counter()
    for token in tokens:
        padded = f" {token} "
        for n in CHAR_SIZES:
            chars.update(f"c:{padded[i : i + n]}" for i in range(len(padded) - n + 1))
    return words, chars


def reading_features(text: str) -> Counter:
    """The language files' reading of the message (lexicon.analyze, which the rules run anyway): the
    escalation categories their rules raise ("r:"; after negations, `unless` phrases and policy
    questions), the categories whose words are there but were cancelled ("m:" without "r:": "no
    problem at all", "cancellation policy"), intents, sentiment, a policy question, and each concept
    a word belongs to ("k:": "gamin" and "toddler" are both a person, "étouffe" a symptom), so that
    what the rules know generalises beyond the phrasings their terms list."""
    analysis = analyze(text)
    out: Counter = Counter(f"r:{hit.category}" for hit in analysis.escalation_hits())
    for match in analysis.matches:
        kind, name = match.entry.kind, match.entry.name
        if kind == "escalation":
            out[f"m:{name}"] += 1
        elif kind in ("intent", "unless"):
            out[f"{kind[0]}:{name}"] += 1
        elif kind in ("positive", "negative"):
            out[f"s:{kind}"] += 1
    if analysis.policy_questions:
        out["q:policy"] += 1
    words, stems = concept_index()
    for clause in analysis.parts:
        for token in clause:
            out.update(f"k:{name}" for name in words.get(token, ()))
            for n, by_stem in stems.items():
                out.update(f"k:{name}" for name in by_stem.get(token[:n], ()) if len(token) >= n)
    return out


@lru_cache(maxsize=1)
def concept_index() -> tuple[dict[str, list[str]], dict[int, dict[str, list[str]]]]:
    """Concept names by word, and by stem (per stem length), over every language file."""
    words: dict[str, list[str]] = defaultdict(list)
    stems: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for lang in languages().values():
        for name, pattern in lang.concepts.items():
            for word in pattern.words:
                words[word].append(name)
            for stem in pattern.stems:
                stems[len(stem)][stem].append(name)
    return dict(words), {n: dict(by_stem) for n, by_stem in sorted(stems.items())}


def vectorize(text: str, vocabulary) -> dict[str, float]:
    """Sublinear counts of the known features, each block (words, characters, the language files'
    reading) scaled to the same length, so a long message weighs no more than a short one. Training
    uses this same function."""
    return weigh(feature_counts(text), vocabulary)


def weigh(blocks: tuple[Counter, ...], vocabulary) -> dict[str, float]:
    """vectorize on the feature counts of a text (training computes them once per message)."""
    out: dict[str, float] = {}
    for block in blocks:
        known = {f: 1.0 + math.log(c) for f, c in block.items() if f in vocabulary}
        norm = math.sqrt(sum(v * v for v in known.values())) * math.sqrt(len(blocks))
        for feature, value in known.items():
            out[feature] = value / norm
    return out


@dataclass(frozen=True)
class Prediction:
    category: str  # "none" or the escalation category
    probabilities: dict[str, float]
    evidence: tuple[str, ...]  # the features that pushed most towards the category
    # Sure enough of an emergency to raise a rule's other category to one (a higher bar than where
    # no rule fired: the rule already brings a person, a false emergency pulls the wrong one).
    emergency_over_rule: bool = False
    # Sure enough of an emergency to raise one where no rule fired (a question about the emergency
    # number, a sea view, a barking dog: the words of emergencies without one; alone_threshold). Below
    # it, a message no rule caught goes to the likeliest other category only if the other categories
    # together reach the "needs a person" threshold (other_needs_person).
    emergency_alone: bool = True
    other_needs_person: bool = False
    # A rule's category -> the other one the classifier is sure enough of to move it to
    # (categories.MOVES, each past its own bar; the likeliest when several are): "I'm owed for the
    # night we lost to the leak" is a refund behind a complaint's words.
    move_to: dict[str, str] = field(default_factory=dict)

    @property
    def needs_person(self) -> float:
        return 1.0 - self.probabilities[NONE]

    @property
    def likeliest_escalation(self) -> str:
        """The escalation category the model finds likeliest, whether or not it reaches a threshold."""
        return max((c for c in self.probabilities if c != NONE), key=self.probabilities.__getitem__)

    @property
    def likeliest_non_emergency(self) -> str:
        return max((c for c in self.probabilities if c not in (NONE, EMERGENCY)), key=self.probabilities.__getitem__)

    def describe(self) -> str:
        """What staff see as the escalation's `rule`: the class, its probability and why."""
        words = ", ".join(dict.fromkeys(f.split(":", 1)[1].strip() for f in self.evidence))
        return f"classifier:{self.category} p={self.probabilities[self.category]:.2f} [{words}]"


class Classifier:
    def __init__(self, data: dict):
        self.classes: list[str] = data["classes"]
        self.bias: list[float] = data["bias"]
        self.weights: dict[str, list[float]] = data["weights"]
        self.thresholds: dict[str, float] = data["thresholds"]
        self.meta: dict = data.get("meta", {})

    def probabilities(self, text: str) -> tuple[dict[str, float], dict[str, float]]:
        x = vectorize(text, self.weights)
        scores = list(self.bias)
        for feature, value in x.items():
            for k, w in enumerate(self.weights[feature]):
                scores[k] += w * value
        top = max(scores)
        exps = [math.exp(s - top) for s in scores]
        total = sum(exps)
        return {c: e / total for c, e in zip(self.classes, exps, strict=True)}, x

    def predict(self, text: str) -> Prediction:
        """Emergency first when its probability reaches its (low, recall-first) threshold; otherwise
        the likeliest escalation category when "needs a person" (1 - P(none)) reaches its threshold."""
        probs, x = self.probabilities(text)
        if probs[EMERGENCY] >= self.thresholds[EMERGENCY]:
            category = EMERGENCY
        elif 1.0 - probs[NONE] >= self.thresholds["needs_person"]:
            category = max((c for c in self.classes if c != NONE), key=probs.__getitem__)
        else:
            category = NONE
        k = self.classes.index(category)
        pushes = sorted(((self.weights[f][k] * v, f) for f, v in x.items()), reverse=True)
        evidence = tuple(f for push, f in pushes[:5] if push > 0)
        over_rule = probs[EMERGENCY] >= self.thresholds.get("emergency_over_rule", self.thresholds[EMERGENCY])
        alone = probs[EMERGENCY] >= self.thresholds.get(alone_threshold(text), self.thresholds[EMERGENCY])
        return Prediction(
            category=category,
            probabilities=probs,
            evidence=evidence,
            emergency_over_rule=over_rule,
            emergency_alone=alone,
            move_to=self.moves(probs),
            other_needs_person=1.0 - probs[NONE] - probs[EMERGENCY] >= self.thresholds["needs_person"],
        )

    def moves(self, probs: dict[str, float]) -> dict[str, str]:
        """For each rule category, the likeliest other one past its bar (move_over)."""
        sources = dict.fromkeys(source for _, source in MOVES)
        return {source: to for source in sources if (to := move_over(source, probs, self.thresholds))}

    def evidence_for(self, text: str, category: str) -> tuple[str, ...]:
        """The features that pushed most towards `category`."""
        x = vectorize(text, self.weights)
        k = self.classes.index(category)
        pushes = sorted(((self.weights[f][k] * v, f) for f, v in x.items()), reverse=True)
        return tuple(f for push, f in pushes[:5] if push > 0)


def move_over(source: str, probs, thresholds: dict) -> str | None:
    """The category (categories.MOVES) the classifier moves a rule's `source` one to: the likeliest
    past its own bar (a missing bar: never), or None. `probs`: by class name (training passes a row
    of its probability matrix through the same function)."""
    past = [to for to, s in MOVES if s == source and probs[to] >= thresholds.get(move_bar(to, s), 1.01)]
    return max(past, key=lambda to: probs[to]) if past else None


def alone_threshold(text: str) -> str:
    """Which bar a classifier emergency with no rule behind it must clear: a question's is its own
    (no rule firing on a question is, in the training data, a guest asking about emergencies, not
    having one: "is there a doctor on call?"), both chosen by cross-validation."""
    return "emergency_alone_question" if "?" in text else "emergency_alone"


@lru_cache(maxsize=1)
def classifier() -> Classifier:
    return Classifier(json.loads(WEIGHTS.read_text(encoding="utf-8")))


def classify(text: str) -> Prediction:
    return classifier().predict(text)
