"""Language files (concierge/languages/<code>.toml) and the matcher that reads guest text with them.

Each file holds, for one language: marker words (to guess a message's language), negators,
escalation rules per category, intents, sentiment words, cuisines and the reply templates. Adding
a language is adding a file.

Matching is tolerant of what guests type:
- accents and case are folded ("hôpital" = "hopital"), English "n't" is kept ("can't" -> "cant");
- a term is a sequence of token patterns: `word` (exact, or one typo away when 6+ letters and not itself a known word),
  `stem*` (any inflection: "rembours*" = rembourser, remboursement), `_` (any one word);
- terms of a `negatable` category are ignored when a negator precedes them in the same clause
  ("no problem at all", "pas de souci"); `unless` phrases cancel a match they contain
  ("not an emergency", "cancellation policy") when they overlap it.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

LANGUAGES_DIR = Path(__file__).resolve().parent / "languages"
_CONTRACTION = re.compile(r"n['’]t\b")
_CLAUSE = re.compile(r"[.!?;:,\n()]+")
_TOKEN = re.compile(r"[a-z0-9]+")


def fold(text: str) -> str:
    """Lower case, accents removed, "n't" kept as "nt", other apostrophes as spaces."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    return _CONTRACTION.sub("nt", text)


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


def clauses(text: str) -> list[list[str]]:
    """Tokens per clause: a negation does not reach across punctuation."""
    return [tokens for part in _CLAUSE.split(fold(text)) if (tokens := _TOKEN.findall(part))]


def within_one_edit(a: str, b: str) -> bool:
    """True when a and b differ by at most one insertion, deletion, substitution or transposition."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


MIN_TYPO_LENGTH = 6


@dataclass(frozen=True)
class Pattern:
    text: str
    prefix: bool = False
    wildcard: bool = False

    def matches(self, token: str) -> bool:
        if self.wildcard:
            return True
        if self.prefix:
            if token.startswith(self.text):
                return True
            # A typo inside the stem ("rembourssement", "refnd"): compare the stem-long head.
            if len(self.text) >= MIN_TYPO_LENGTH:
                n = len(self.text)
                return any(within_one_edit(token[:k], self.text) for k in (n - 1, n, n + 1) if k <= len(token))
            return False
        if token == self.text:
            return True
        return len(self.text) >= MIN_TYPO_LENGTH and within_one_edit(token, self.text)


@dataclass(frozen=True)
class Term:
    raw: str
    patterns: tuple[Pattern, ...]

    @classmethod
    def parse(cls, raw: str) -> Term:
        patterns: list[Pattern] = []
        for piece in fold(raw).split():
            if piece == "_":
                patterns.append(Pattern("", wildcard=True))
                continue
            words = _TOKEN.findall(piece)
            patterns.extend(Pattern(w) for w in words[:-1])
            if words:
                patterns.append(Pattern(words[-1], prefix=piece.endswith("*")))
        if not patterns:
            raise ValueError(f"Empty term {raw!r}")
        return cls(raw, tuple(patterns))

    def match_at(self, tokens: list[str], start: int) -> bool:
        if start + len(self.patterns) > len(tokens):
            return False
        return all(p.matches(tokens[start + i]) for i, p in enumerate(self.patterns))

    def find(self, tokens: list[str]) -> list[tuple[int, int]]:
        """(start, end) spans where the term occurs in the tokens."""
        n = len(self.patterns)
        return [(i, i + n) for i in range(len(tokens) - n + 1) if self.match_at(tokens, i)]


def _terms(raw_list) -> tuple[Term, ...]:
    return tuple(Term.parse(r) for r in raw_list or ())


@dataclass(frozen=True)
class Rule:
    """One escalation category of one language."""

    category: str
    urgency: str
    terms: tuple[Term, ...]
    unless: tuple[Term, ...] = ()
    negatable: bool = False


@dataclass(frozen=True)
class Hit:
    language: str
    category: str
    urgency: str
    term: str


@dataclass(frozen=True, eq=False)
class Entry:
    """One term of one language file, with what it means."""

    language: str
    kind: str  # escalation | unless | intent | positive | negative | cuisine | price
    name: str  # the category, intent, cuisine or price range ("" for sentiment words)
    term: Term
    urgency: str = ""
    negatable: bool = False


@dataclass(frozen=True)
class Match:
    entry: Entry
    clause: int
    start: int
    end: int


@dataclass
class Language:
    code: str
    name: str
    markers: frozenset[str]
    negators: frozenset[str]
    negation_window: int
    known_words: frozenset[str]
    negation_particles: frozenset[str]
    context_terms: frozenset[str]
    rules: tuple[Rule, ...]
    intents: dict[str, tuple[Term, ...]]
    positive: tuple[Term, ...]
    negative: tuple[Term, ...]
    intensifiers: frozenset[str]
    cuisines: dict[str, tuple[Term, ...]]
    prices: dict[str, tuple[Term, ...]]
    replies: dict[str, str | list[str]] = field(default_factory=dict)
    departments: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls, path: Path) -> Language:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        rules = tuple(
            Rule(
                category=category,
                urgency=spec["urgency"],
                terms=_terms(spec["terms"]),
                unless=_terms(spec.get("unless")),
                negatable=bool(spec.get("negatable", False)),
            )
            for category, spec in data.get("escalation", {}).items()
        )
        return cls(
            code=data["code"],
            name=data.get("name", data["code"]),
            markers=frozenset(tokenize(" ".join(data.get("markers", [])))),
            negators=frozenset(tokenize(" ".join(data.get("negators", [])))),
            negation_window=int(data.get("negation_window", 3)),
            known_words=frozenset(tokenize(" ".join(data.get("known_words", [])))),
            negation_particles=frozenset(tokenize(" ".join(data.get("negation_particles", [])))),
            context_terms=frozenset(data.get("context_terms", [])),
            rules=rules,
            intents={name: _terms(terms) for name, terms in data.get("intents", {}).items()},
            positive=_terms(data.get("sentiment", {}).get("positive")),
            negative=_terms(data.get("sentiment", {}).get("negative")),
            intensifiers=frozenset(tokenize(" ".join(data.get("sentiment", {}).get("intensifiers", [])))),
            cuisines={name: _terms(terms) for name, terms in data.get("cuisines", {}).items()},
            prices={name: _terms(terms) for name, terms in data.get("prices", {}).items()},
            replies=data.get("replies", {}),
            departments=data.get("departments", {}),
        )

    def entries(self) -> list[Entry]:
        out: list[Entry] = []
        for rule in self.rules:
            out += [Entry(self.code, "escalation", rule.category, t, rule.urgency, rule.negatable) for t in rule.terms]
            out += [Entry(self.code, "unless", rule.category, t) for t in rule.unless]
        for kind, groups in (("intent", self.intents), ("cuisine", self.cuisines), ("price", self.prices)):
            out += [Entry(self.code, kind, name, t) for name, terms in groups.items() for t in terms]
        out += [Entry(self.code, "positive", "", t) for t in self.positive]
        out += [Entry(self.code, "negative", "", t) for t in self.negative]
        return out

    def marker_score(self, tokens: list[str]) -> int:
        return sum(1 for token in tokens if token in self.markers)

    def reply(self, key: str, **values) -> str:
        template = self.replies.get(key, "")
        if isinstance(template, list):
            template = template[0] if template else ""
        return template.format(**values) if values else template


@lru_cache(maxsize=1)
def languages() -> dict[str, Language]:
    """Every language file, by code (read once per process)."""
    return {lang.code: lang for lang in (Language.load(p) for p in sorted(LANGUAGES_DIR.glob("*.toml")))}


def language(code: str) -> Language:
    langs = languages()
    return langs.get((code or "").lower()[:2]) or langs["en"]


def detect_language(text: str, default: str = "en") -> str:
    """The language whose marker words the text uses most; `default` on a tie or no evidence."""
    tokens = tokenize(text)
    scores = {code: lang.marker_score(tokens) for code, lang in languages().items()}
    best = max(scores.values(), default=0)
    if best == 0:
        return default if default in scores else "en"
    leaders = [code for code, score in scores.items() if score == best]
    if default in leaders:
        return default
    return leaders[0] if len(leaders) == 1 else (default if default in scores else leaders[0])


# -- finding every term of every language in a text, fast -------------------------------------------
def _deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


class TermIndex:
    """Terms indexed by their first word (exact, stem, and one-deletion keys for typos), so that a
    message is read in one pass whatever the number of terms and languages."""

    def __init__(self, entries: list[Entry], vocabulary: frozenset[str] = frozenset()):
        # Real words are never read as typos of a term ("policy" is not "police").
        self.vocabulary = set(vocabulary)
        self.exact: dict[str, list[Entry]] = defaultdict(list)
        self.prefix: dict[str, list[Entry]] = defaultdict(list)
        self.typo: dict[str, list[Entry]] = defaultdict(list)
        self.prefix_lengths: set[int] = set()
        self.typo_prefix_lengths: set[int] = set()
        for entry in entries:
            first = entry.term.patterns[0]
            if first.wildcard:
                raise ValueError(f"A term cannot start with _: {entry.term.raw!r}")
            if first.prefix:
                self.prefix[first.text].append(entry)
                self.prefix_lengths.add(len(first.text))
            else:
                self.exact[first.text].append(entry)
            self.vocabulary.update(p.text for p in entry.term.patterns if not p.prefix and not p.wildcard)
            if len(first.text) >= MIN_TYPO_LENGTH:
                for key in _deletions(first.text):
                    self.typo[key].append(entry)
                if first.prefix:
                    self.typo_prefix_lengths.add(len(first.text))

    def candidates(self, token: str) -> list[Entry]:
        found = list(self.exact.get(token, ()))
        for n in self.prefix_lengths:
            if len(token) >= n:
                found += self.prefix.get(token[:n], ())
        if token in self.vocabulary:
            return _unique(found)
        keys = _deletions(token) if len(token) >= MIN_TYPO_LENGTH - 1 else set()
        for n in self.typo_prefix_lengths:
            for k in (n - 1, n, n + 1):
                if k <= len(token):
                    keys |= _deletions(token[:k])
        for key in keys:
            found += self.typo.get(key, ())
        return _unique(found)

    def find(self, parts: list[list[str]]) -> list[Match]:
        matches = []
        for c, clause in enumerate(parts):
            for i, token in enumerate(clause):
                for entry in self.candidates(token):
                    if entry.term.match_at(clause, i):
                        matches.append(Match(entry, c, i, i + len(entry.term.patterns)))
        return matches


def _unique(entries: list[Entry]) -> list[Entry]:
    return list({id(entry): entry for entry in entries}.values())


@lru_cache(maxsize=1)
def term_index() -> TermIndex:
    langs = languages().values()
    vocabulary = frozenset().union(*(lang.markers | lang.negators | lang.known_words for lang in langs))
    return TermIndex([entry for lang in langs for entry in lang.entries()], vocabulary)


@lru_cache(maxsize=1)
def all_negators() -> frozenset[str]:
    return frozenset().union(*(lang.negators for lang in languages().values()))


@lru_cache(maxsize=1)
def negative_words() -> frozenset[str]:
    """Words that make a term a negative expression itself ("not working", "ne fonctionne plus")."""
    return all_negators() | frozenset().union(*(lang.negation_particles for lang in languages().values()))


@dataclass(frozen=True)
class Analysis:
    """Every term of every language found in one text (clause by clause)."""

    parts: tuple[tuple[str, ...], ...]
    matches: tuple[Match, ...]

    def of_kind(self, kind: str) -> list[Match]:
        return [m for m in self.matches if m.entry.kind == kind]

    def negated(self, match: Match) -> bool:
        """A negator of any language shortly before the match, in its clause ("no problem",
        "pas de souci"); terms that contain a negator themselves ("not working") are not negated."""
        if any(not p.prefix and not p.wildcard and p.text in negative_words() for p in match.entry.term.patterns):
            return False
        negators = all_negators()
        window = languages()[match.entry.language].negation_window
        clause = self.parts[match.clause]
        return any(token in negators for token in clause[max(0, match.start - window) : match.start])

    def out_of_context(self, match: Match) -> bool:
        """A term that is also a word of another language ("sale") counts only in a clause that
        uses its own language."""
        lang = languages()[match.entry.language]
        if match.entry.term.raw not in lang.context_terms:
            return False
        clause = self.parts[match.clause]
        return not any(token in lang.markers for i, token in enumerate(clause) if not match.start <= i < match.end)

    def escalation_hits(self) -> list[Hit]:
        unless = self.of_kind("unless")
        hits = []
        for m in self.of_kind("escalation"):
            if self.out_of_context(m):
                continue
            cancelled = any(
                u.entry.name == m.entry.name and u.clause == m.clause and u.start < m.end and m.start < u.end
                for u in unless
            )
            if cancelled or (m.entry.negatable and self.negated(m)):
                continue
            hits.append(Hit(m.entry.language, m.entry.name, m.entry.urgency, m.entry.term.raw))
        return hits


@lru_cache(maxsize=4096)
def analyze(text: str) -> Analysis:
    parts = tuple(tuple(c) for c in clauses(text))
    return Analysis(parts=parts, matches=tuple(term_index().find([list(c) for c in parts])))
