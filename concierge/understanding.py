"""Reading a guest message with the language files: escalation by rule, intent, sentiment, language.

The escalation rules of EVERY language run on every message (guests mix languages), before any
model is asked, and their verdict can only be raised by a model, never lowered. The offline
concierge adds a learned classifier (classifier.py) to the rules: escalation_verdict.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from . import classifier
from .categories import CATEGORY_PRIORITY, URGENCY_RANK, Category, Urgency
from .lexicon import Hit, analyze, detect_language, languages, tokenize

PLACE_INTENTS = {
    "restaurant": "restaurant",
    "bar": "bar",
    "cafe": "cafe",
    "museum": "museum",
    "sight": "sight",
    "shopping": "shopping",
    "pharmacy": "pharmacy",
    "health": "health",
    "nightlife": "nightlife",
    "park": "park",
}


@dataclass(frozen=True)
class RuleVerdict:
    category: str
    urgency: str
    hits: tuple[Hit, ...]

    @property
    def rule(self) -> str:
        first = next(h for h in self.hits if h.category == self.category)
        return f"{first.language}:{first.term}"


def max_urgency(*values: str) -> str:
    present = [v for v in values if v]
    return max(present, key=lambda v: URGENCY_RANK.get(v, 0)) if present else Urgency.LOW


def _hurry(hit: Hit) -> bool:
    """A hit on a word that only says "now" (the language file's `hurry` terms)."""
    rule = next(r for r in languages()[hit.language].rules if r.category == hit.category)
    return hit.term in rule.hurry


def escalation_by_rule(text: str) -> RuleVerdict | None:
    """The category a person must handle, by rule (None: no rule fired)."""
    hits = analyze(text).escalation_hits()
    if not hits:
        return None
    categories = {h.category for h in hits}
    if Category.COMPLAINT in categories and all(_hurry(h) for h in hits if h.category == Category.URGENT):
        # "The room is dirty, fix it now": a complaint said urgently, not a room the guest cannot use.
        categories.discard(Category.URGENT)
    category = next(c for c in CATEGORY_PRIORITY if c in categories)
    # An "urgent" word makes a complaint or refund more urgent; it never lowers anything.
    urgency = max_urgency(*(h.urgency for h in hits))
    return RuleVerdict(category=category, urgency=urgency, hits=tuple(hits))


# The urgency a classifier-raised escalation starts with: the language files' urgency per category.
CLASSIFIER_URGENCY = {
    Category.EMERGENCY: Urgency.CRITICAL,
    Category.COMPLAINT: Urgency.HIGH,
    Category.REFUND: Urgency.MEDIUM,
    Category.CANCELLATION: Urgency.MEDIUM,
    Category.URGENT: Urgency.HIGH,
}


@dataclass(frozen=True)
class EscalationVerdict:
    category: str
    urgency: str
    raised_by: str  # "rule" | "classifier" (models.Escalation.RaisedBy)
    rule: str  # what staff see: the rule's "language:term", or the classifier's class, probability, evidence
    by_rule: RuleVerdict | None


def escalation_verdict(text: str, model: classifier.Classifier | None = None) -> EscalationVerdict | None:
    """Rules and classifier together. A rule's verdict stands; the classifier may only add one where
    no rule fired, raise a rule's verdict to an emergency (when its emergency probability clears the
    higher over-a-rule threshold), or move a rule's other category to another one it is sure of
    (categories.MOVES: a complaint to a refund, a guest "locked out" yesterday to a complaint), each
    past its own bar, at the rule's urgency or more. Where no rule fired, a classifier emergency needs
    its own, higher bar (emergency_alone). It never lowers an urgency, removes an escalation, or
    moves an emergency. `model`: another classifier than the shipped one (classifier_training --loso
    scores the models it trains)."""
    model = model or classifier.classifier()
    verdict = escalation_by_rule(text)
    prediction = model.predict(text)
    if verdict is not None:
        if verdict.category != Category.EMERGENCY and prediction.emergency_over_rule:
            why = f"{prediction.describe()} over rule {verdict.rule} ({verdict.category})"
            return EscalationVerdict(Category.EMERGENCY, Urgency.CRITICAL, "classifier", why[:200], verdict)
        moved = prediction.move_to.get(verdict.category)
        if moved:
            # Along categories.MOVES, at the rule's urgency or more: staff still see how soon the
            # rule said, under the category that sends it to the right desk.
            urgency = max_urgency(verdict.urgency, CLASSIFIER_URGENCY[moved])
            p = prediction.probabilities[moved]
            why = f"classifier:{moved} p={p:.2f} over rule {verdict.rule} ({verdict.category})"
            return EscalationVerdict(moved, urgency, "classifier", why[:200], verdict)
        return EscalationVerdict(verdict.category, verdict.urgency, "rule", verdict.rule, verdict)
    if prediction.category == Category.NONE:
        return None
    if prediction.category == Category.EMERGENCY and not prediction.emergency_alone:
        # No rule saw an emergency and the classifier is not sure enough of one on its own: the words
        # of emergencies without one ("what's the emergency number?", a sea view, a barking dog).
        # The message still reaches a person, under the likeliest other category, if the other
        # categories together say it needs one.
        if not prediction.other_needs_person:
            return None
        category = prediction.likeliest_non_emergency
        evidence = model.evidence_for(text, category)
        words = ", ".join(dict.fromkeys(f.split(":", 1)[1].strip() for f in evidence))
        why = f"classifier:{category} p={prediction.probabilities[category]:.2f} [{words}] (emergency below its bar)"
        return EscalationVerdict(category, CLASSIFIER_URGENCY[category], "classifier", why[:200], None)
    category = prediction.category
    return EscalationVerdict(category, CLASSIFIER_URGENCY[category], "classifier", prediction.describe()[:200], None)


@dataclass(frozen=True)
class SentimentReading:
    sentiment: str
    confidence: float
    urgency: str


def read_sentiment(text: str, verdict: RuleVerdict | None = None) -> SentimentReading:
    """Lexicon sentiment with negation ("not bad" is not negative); a complaint is never positive
    ("great, the shower is broken again" reads as sarcasm)."""
    analysis = analyze(text)
    positive = negative = 0
    for match in analysis.matches:
        if match.entry.kind not in ("positive", "negative") or analysis.out_of_context(match):
            continue
        sign = 1 if match.entry.kind == "positive" else -1
        if analysis.negated(match):
            sign = -sign
        if sign > 0:
            positive += 1
        else:
            negative += 1
    intensifiers = frozenset().union(*(lang.intensifiers for lang in languages().values()))
    intense = any(token in intensifiers for clause in analysis.parts for token in clause)
    verdict = verdict if verdict is not None else escalation_by_rule(text)
    if verdict is not None and verdict.category in (Category.EMERGENCY, Category.COMPLAINT):
        sentiment = "negative"
        negative = max(negative, positive + 1)
    elif positive > negative:
        sentiment = "positive"
    elif negative > positive:
        sentiment = "negative"
    else:
        sentiment = "neutral"
    evidence = abs(positive - negative)
    confidence = (
        0.5 if sentiment == "neutral" and not evidence else min(0.95, 0.6 + 0.1 * evidence + (0.15 if intense else 0))
    )
    if verdict is not None:
        urgency = verdict.urgency
    elif sentiment == "negative":
        urgency = Urgency.MEDIUM
    else:
        urgency = Urgency.LOW
    return SentimentReading(sentiment=sentiment, confidence=round(confidence, 2), urgency=urgency)


@dataclass
class Reading:
    language: str
    intents: list[str] = field(default_factory=list)
    cuisine: str = ""
    price_range: str = ""

    @property
    def place_category(self) -> str:
        if self.cuisine:
            return "restaurant"
        return next((PLACE_INTENTS[i] for i in self.intents if i in PLACE_INTENTS), "")


def read_message(text: str, default_language: str = "en") -> Reading:
    """Language, intents (in file order), and cuisine / price preferences of a message."""
    code = detect_language(text, default_language)
    reading = Reading(language=code)
    # Terms of the message's own language first, then the others (a French guest may type "wifi").
    matches = sorted(analyze(text).matches, key=lambda m: (m.entry.language != code, m.clause, m.start))
    for match in matches:
        kind, name = match.entry.kind, match.entry.name
        if kind == "intent" and name not in reading.intents:
            reading.intents.append(name)
        elif kind == "cuisine" and not reading.cuisine:
            reading.cuisine = name
        elif kind == "price" and not reading.price_range:
            reading.price_range = name
    return reading


def significant_words(text: str) -> list[str]:
    """The words of a message worth searching for (markers and negators of every language left out)."""
    common = set()
    for lang in languages().values():
        common |= lang.markers | lang.negators
    return [t for t in tokenize(text) if t not in common and len(t) > 1]
