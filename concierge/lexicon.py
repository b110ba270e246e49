"""Language files (concierge/languages/<code>.toml) and the matcher that reads guest text with them.

Each file holds, for one language: marker words (to guess a message's language), negators,
concepts (named word lists: body parts, symptoms, equipment…), escalation rules per category,
intents, sentiment words, cuisines and the reply templates. Adding a language is adding a file.

A term is a sequence of token patterns:
- `word`: the word, an inflection of it (the language's `endings`: "swell" reads "swelling",
  "fire" reads "fires") or a typo of it (concierge/text.py: one edit from 6 letters, two swapped
  letters from 4), unless the typed word is itself a known word ("policy" is not "police") or a
  real word of a language the clause may be in (`<code>.real_words.txt`: "frames" is not "flames");
- `stem*`: any ending ("rembours*" = rembourser, remboursement);
- `@concept`: any word of that concept of the same file ("@body_part ~3 @swelling"); a concept may
  also list number shapes, "#" standing for any digit ("20##": any year from 2000 to 2099);
- `_`: any one word; `~N`: up to N words skipped (a concept near another, whatever lies between).

Terms of a `negatable` category are ignored when a negator precedes them in their clause, or lies
inside their span ("no problem at all", "pas de souci", "the TV is not broken"); `unless` phrases
cancel a match they overlap ("not an emergency", "cancellation policy"); a category marked
`exempt_in_policy_questions` is not raised by a sentence that asks about a policy ("what happens if
I cancel?", "est-ce remboursé si… ?"). None of this applies to emergencies, which are never negated.

Two more per-category lists: `question_unless` phrases cancel a match they overlap only in a clause
that asks something (a question about a fire alarm is about the equipment, "the fire alarm is
ringing, should we leave?" is not a question about it), and `together` pairs of terms match when
both occur in one sentence, in any clause ("you billed us for four nights, we stayed three").
`unless_with` pairs cancel a match the first term overlaps when the second occurs anywhere in the
message: a word that is a figure of speech there ("SOS" for a taxi, "EMERGENCY: need an iron") or a
danger the message explains away ("the 'smoke' is just steam").
A danger that is only the reason for cancelling: in a message where a term of a category named
by `over_with` stands (a cancellation, a refund: one category or a list), an `over` phrase (the
danger is over, cared for or away from the hotel: "he's stable", "admitted", "back home") cancels
every match of the category, unless a `here_and_now` phrase says it is happening here ("send help",
"call an ambulance"); "please cancel, my father was rushed to hospital, he's stable" is a
cancellation, "cancel my massage, my husband has chest pain, send help" an emergency.
A loose reading (typo or inflection) of a term of one language does not count in a clause written
in another language only ("aggressive" is English, not a typo of the French "agress*").
"""

from __future__ import annotations

import re
import tomllib
from collections import defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from .text import (
    MIN_SWAP_LENGTH,
    MIN_TYPO_LENGTH,
    clauses,
    deletions,
    fold,
    inflection_bases,
    one_edit_variants,
    swaps,
    tokenize,
    typo_of,
    within_one_edit,
)

__all__ = ["fold", "tokenize", "analyze", "languages", "language", "detect_language", "reload"]

LANGUAGES_DIR = Path(__file__).resolve().parent / "languages"
_TOKEN = re.compile(r"[a-z0-9]+")
_GAP = re.compile(r"~(\d+)")


@dataclass(frozen=True)
class Tolerance:
    """What the matcher may read loosely: tokens that are not known words, with these endings."""

    vocabulary: frozenset[str]
    endings: frozenset[str]
    known: frozenset[str] = frozenset()  # the real words of the language files (not their terms)
    exact: bool = False  # no typo or inflection at all
    # Dictionary words of the languages the text may be in, near a term ("<code>.real_words.txt").
    real_words: frozenset[str] = frozenset()

    def loose(self, token: str) -> bool:
        return not self.exact and token not in self.vocabulary

    def real_words_one_edit_from(self, token: str) -> set[str]:
        """The known and real words one edit from the token, with its first letter (text.typo_of)."""
        return {w for w in one_edit_variants(token) if w[:1] == token[:1] and (w in self.known or w in self.real_words)}

    def may_be_typo(self, token: str) -> bool:
        """A real word is that word, not a typo of a term one letter away ("frames" is not
        "flames"); nor is a word that inflects a known word ("voler", to fly, is "vol" + "er", not
        a misspelt "voleur")."""
        return token not in self.real_words and not (inflection_bases(token, self.endings) & self.known)


STRICT = Tolerance(frozenset(), frozenset())
EXACT = Tolerance(frozenset(), frozenset(), exact=True)


@dataclass(frozen=True)
class Pattern:
    """One position of a term: a set of words and stems, any word (`_`), or a gap (`~N`)."""

    words: frozenset[str] = frozenset()
    stems: tuple[str, ...] = ()
    wildcard: bool = False
    gap: int = 0
    shapes: tuple[str, ...] = ()  # numbers written with "#" for any digit: "20##" is any year 2000-2099

    def matches(self, token: str, tolerance: Tolerance = STRICT) -> bool:
        if self.wildcard or token in self.words or any(token.startswith(s) for s in self.stems):
            return True
        if self.shapes and token.isdigit() and any(_has_shape(token, shape) for shape in self.shapes):
            return True
        if not tolerance.loose(token):
            return False
        if self.words & inflection_bases(token, tolerance.endings):
            return True
        if not tolerance.may_be_typo(token):
            return False
        if any(typo_of(token, w, tolerance.endings) for w in self.words):
            return True
        # A typo inside a long stem ("rembourssement", "refnd"): compare the stem-long head (the
        # first letter typed right, as for words).
        heads = {
            k
            for stem in self.stems
            if len(stem) >= MIN_TYPO_LENGTH and token[0] == stem[0]
            for k in (len(stem) - 1, len(stem), len(stem) + 1)
            if k <= len(token) and within_one_edit(token[:k], stem)
        }
        # A head that leaves letters over explains only part of the word: a word one edit from a
        # whole real word is that word typed wrong ("literaly" is "literally", not "loiter*" with
        # "liter" one edit from "loiter"), while "refnd" is all stem.
        return bool(heads) and (len(token) in heads or not self._misspells_another_word(token, tolerance))

    def _misspells_another_word(self, token: str, tolerance: Tolerance) -> bool:
        return any(
            not (word in self.words or any(word.startswith(s) for s in self.stems))
            for word in tolerance.real_words_one_edit_from(token)
        )


def _has_shape(token: str, shape: str) -> bool:
    return len(token) == len(shape) and all(s == "#" or s == t for s, t in zip(shape, token, strict=True))


_SHAPE = re.compile(r"[0-9#]*#[0-9#]*")


def _piece_pattern(piece: str) -> list[Pattern]:
    if "#" in piece:  # the tokenizer would read "20##" as "20"
        raise ValueError(f"Number shapes belong in a concept: {piece!r}")
    words = _TOKEN.findall(piece)
    out = [Pattern(words=frozenset([w])) for w in words[:-1]]
    if words:
        last = words[-1]
        out.append(Pattern(stems=(last,)) if piece.endswith("*") else Pattern(words=frozenset([last])))
    return out


def concept_pattern(name: str, raw_words: list[str]) -> Pattern:
    """A concept is one position: each entry is a single word or stem."""
    words, stems, shapes = set(), [], []
    for raw in raw_words:
        if _SHAPE.fullmatch(raw):
            shapes.append(raw)
            continue
        pieces = _piece_pattern(fold(raw))
        if len(pieces) != 1:
            raise ValueError(f"Concept {name!r}: {raw!r} must be one word (write phrases as terms)")
        words |= pieces[0].words
        stems += pieces[0].stems
    return Pattern(words=frozenset(words), stems=tuple(stems), shapes=tuple(shapes))


@dataclass(frozen=True)
class Term:
    raw: str
    patterns: tuple[Pattern, ...]

    @classmethod
    def parse(cls, raw: str, concepts: dict[str, Pattern] | None = None) -> Term:
        patterns: list[Pattern] = []
        for piece in fold(raw).split():
            if piece == "_":
                patterns.append(Pattern(wildcard=True))
            elif gap := _GAP.fullmatch(piece):
                patterns.append(Pattern(gap=int(gap.group(1))))
            elif piece.startswith("@"):
                name = piece[1:]
                if not concepts or name not in concepts:
                    raise ValueError(f"Unknown concept {piece!r} in {raw!r}")
                patterns.append(concepts[name])
            else:
                patterns.extend(_piece_pattern(piece))
        if not patterns or patterns[0].wildcard or patterns[0].gap or patterns[-1].gap:
            raise ValueError(f"A term must start and end with a word: {raw!r}")
        return cls(raw, tuple(patterns))

    def match_at(self, tokens, start: int, tolerance: Tolerance = STRICT) -> int:
        """The end of the term's match starting at `start` (the shortest), or -1."""
        return _match(self.patterns, 0, tokens, start, tolerance)

    def find(self, tokens, tolerance: Tolerance = STRICT) -> list[tuple[int, int]]:
        """(start, end) spans where the term occurs in the tokens."""
        spans = ((i, self.match_at(tokens, i, tolerance)) for i in range(len(tokens)))
        return [(i, end) for i, end in spans if end >= 0]

    def has_word_in(self, words: frozenset[str]) -> bool:
        return any(p.words & words for p in self.patterns)


def _match(patterns: tuple[Pattern, ...], p: int, tokens, i: int, tolerance: Tolerance) -> int:
    if p == len(patterns):
        return i
    pattern = patterns[p]
    if pattern.gap:
        for skip in range(pattern.gap + 1):
            if i + skip > len(tokens):
                break
            end = _match(patterns, p + 1, tokens, i + skip, tolerance)
            if end >= 0:
                return end
        return -1
    if i < len(tokens) and pattern.matches(tokens[i], tolerance):
        return _match(patterns, p + 1, tokens, i + 1, tolerance)
    return -1


def _terms(raw_list, concepts: dict[str, Pattern] | None = None) -> tuple[Term, ...]:
    return tuple(Term.parse(r, concepts) for r in raw_list or ())


@dataclass(frozen=True)
class Rule:
    """One escalation category of one language."""

    category: str
    urgency: str
    terms: tuple[Term, ...]
    unless: tuple[Term, ...] = ()
    negatable: bool = False
    exempt_in_policy_questions: bool = False
    # Terms that only say "now" ("asap", "tout de suite"): they match like the others, but a rule
    # verdict does not put this category before another one on them alone (understanding.py).
    hurry: frozenset[str] = frozenset()
    question_unless: tuple[Term, ...] = ()
    together: tuple[tuple[Term, Term], ...] = ()
    unless_with: tuple[tuple[Term, Term], ...] = ()
    over: tuple[Term, ...] = ()
    over_with: tuple[str, ...] = ()  # the categories a danger may only be the reason for
    here_and_now: tuple[Term, ...] = ()
    # A term wholly inside a short quotation is a name (a dish, a show, a book: "Ring of Fire")
    names_in_quotes: bool = False


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
    # escalation | unless | question_unless | together | unless_with | over | here_and_now | intent |
    # positive | negative | cuisine | price
    kind: str
    name: str  # the category, intent, cuisine or price range ("" for sentiment words)
    term: Term
    urgency: str = ""
    negatable: bool = False
    exempt_in_policy_questions: bool = False
    pair: tuple[int, int] = (-1, -1)  # a `together` or `unless_with` term: (pair number, 0 or 1)
    names_in_quotes: bool = False


@dataclass(frozen=True)
class Match:
    entry: Entry
    clause: int
    start: int
    end: int


def _real_words(path: Path) -> frozenset[str]:
    """The language's dictionary words near a term (scripts/concierge_data/build_real_words.py)."""
    if not path.exists():
        return frozenset()
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def _categories(raw) -> tuple[str, ...]:
    """`over_with`: one category ("cancellation") or several (["cancellation", "refund"])."""
    if not raw:
        return ()
    return (raw,) if isinstance(raw, str) else tuple(raw)


def _words(data: dict, key: str) -> frozenset[str]:
    return frozenset(tokenize(" ".join(data.get(key, []))))


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
    endings: frozenset[str] = frozenset()
    breakers: frozenset[str] = frozenset()
    question_starters: frozenset[str] = frozenset()
    policy_cues: frozenset[str] = frozenset()
    courtesy_after_cue: frozenset[str] = frozenset()
    concepts: dict[str, Pattern] = field(default_factory=dict)
    replies: dict[str, str | list[str]] = field(default_factory=dict)
    departments: dict[str, str] = field(default_factory=dict)
    real_words: frozenset[str] = frozenset()

    @classmethod
    def load(cls, path: Path) -> Language:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        concepts = {name: concept_pattern(name, words) for name, words in data.get("concepts", {}).items()}
        rules = tuple(
            Rule(
                category=category,
                urgency=spec["urgency"],
                terms=_terms([*spec["terms"], *spec.get("hurry", ())], concepts),
                unless=_terms(spec.get("unless"), concepts),
                hurry=frozenset(spec.get("hurry", ())),
                question_unless=_terms(spec.get("question_unless"), concepts),
                together=tuple((Term.parse(a, concepts), Term.parse(b, concepts)) for a, b in spec.get("together", ())),
                negatable=bool(spec.get("negatable", False)),
                exempt_in_policy_questions=bool(spec.get("exempt_in_policy_questions", False)),
                unless_with=tuple(
                    (Term.parse(a, concepts), Term.parse(b, concepts)) for a, b in spec.get("unless_with", ())
                ),
                over=_terms(spec.get("over"), concepts),
                over_with=_categories(spec.get("over_with")),
                here_and_now=_terms(spec.get("here_and_now"), concepts),
                names_in_quotes=bool(spec.get("names_in_quotes", False)),
            )
            for category, spec in data.get("escalation", {}).items()
        )
        questions = data.get("questions", {})
        return cls(
            code=data["code"],
            name=data.get("name", data["code"]),
            markers=_words(data, "markers"),
            negators=_words(data, "negators"),
            negation_window=int(data.get("negation_window", 3)),
            known_words=_words(data, "known_words"),
            negation_particles=_words(data, "negation_particles"),
            context_terms=frozenset(data.get("context_terms", [])),
            rules=rules,
            intents={name: _terms(terms, concepts) for name, terms in data.get("intents", {}).items()},
            positive=_terms(data.get("sentiment", {}).get("positive"), concepts),
            negative=_terms(data.get("sentiment", {}).get("negative"), concepts),
            intensifiers=_words(data.get("sentiment", {}), "intensifiers"),
            cuisines={name: _terms(terms, concepts) for name, terms in data.get("cuisines", {}).items()},
            prices={name: _terms(terms, concepts) for name, terms in data.get("prices", {}).items()},
            endings=frozenset(data.get("endings", [])),
            breakers=_words(data, "breakers"),
            question_starters=_words(questions, "starters"),
            policy_cues=_words(questions, "policy_cues"),
            courtesy_after_cue=_words(questions, "courtesy_after_cue"),
            concepts=concepts,
            replies=data.get("replies", {}),
            departments=data.get("departments", {}),
            real_words=_real_words(path.with_name(f"{data['code']}.real_words.txt")),
        )

    def entries(self) -> list[Entry]:
        out: list[Entry] = []
        for rule in self.rules:
            out += [self._rule_entry(rule, t) for t in rule.terms]
            out += [Entry(self.code, "unless", rule.category, t) for t in rule.unless]
            out += [Entry(self.code, "question_unless", rule.category, t) for t in rule.question_unless]
            out += [
                Entry(self.code, "unless_with", rule.category, t, pair=(n, side))
                for n, pair in enumerate(rule.unless_with)
                for side, t in enumerate(pair)
            ]
            out += [Entry(self.code, "over", rule.category, t) for t in rule.over]
            out += [Entry(self.code, "here_and_now", rule.category, t) for t in rule.here_and_now]
            out += [
                self._rule_entry(rule, t, "together", (n, side))
                for n, pair in enumerate(rule.together)
                for side, t in enumerate(pair)
            ]
        for kind, groups in (("intent", self.intents), ("cuisine", self.cuisines), ("price", self.prices)):
            out += [Entry(self.code, kind, name, t) for name, terms in groups.items() for t in terms]
        out += [Entry(self.code, "positive", "", t) for t in self.positive]
        out += [Entry(self.code, "negative", "", t) for t in self.negative]
        return out

    def _rule_entry(self, rule: Rule, term: Term, kind: str = "escalation", pair=(-1, -1)) -> Entry:
        return Entry(
            self.code,
            kind,
            rule.category,
            term,
            rule.urgency,
            rule.negatable,
            rule.exempt_in_policy_questions,
            pair,
            rule.names_in_quotes,
        )

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


def _union(attribute: str) -> frozenset[str]:
    return frozenset().union(*(getattr(lang, attribute) for lang in languages().values()))


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
class TermIndex:
    """Terms indexed by the words of their first position (exact words, stems, and typo keys), so
    that a message is read in one pass whatever the number of terms, concepts and languages."""

    def __init__(
        self,
        entries: list[Entry],
        vocabulary: frozenset[str] = frozenset(),
        endings=frozenset(),
        markers: dict[str, frozenset[str]] | None = None,
        language_endings: dict[str, frozenset[str]] | None = None,
        real_words: dict[str, frozenset[str]] | None = None,
    ):
        # Real words are never read as typos or inflections of a term ("policy" is not "police").
        words = set(vocabulary)
        self.markers = markers or {}
        self.exact: dict[str, list[Entry]] = defaultdict(list)
        self.prefix: dict[str, list[Entry]] = defaultdict(list)
        self.typo: dict[str, list[Entry]] = defaultdict(list)  # one-deletion keys of 6+ letter words
        self.numbers: list[Entry] = []  # terms that start with a number shape ("20##")
        self.prefix_lengths: set[int] = set()
        self.typo_prefix_lengths: set[int] = set()
        for entry in entries:
            first = entry.term.patterns[0]
            if first.shapes:
                self.numbers.append(entry)
            for word in first.words:
                self.exact[word].append(entry)
                if len(word) >= MIN_TYPO_LENGTH:
                    for key in deletions(word):
                        self.typo[key].append(entry)
            for stem in first.stems:
                self.prefix[stem].append(entry)
                self.prefix_lengths.add(len(stem))
                if len(stem) >= MIN_TYPO_LENGTH:
                    for key in deletions(stem):
                        self.typo[key].append(entry)
                    self.typo_prefix_lengths.add(len(stem))
            for pattern in entry.term.patterns:
                words |= pattern.words
        self.tolerance = Tolerance(frozenset(words), frozenset(endings), frozenset(vocabulary))
        # A term inflects with its own language's endings ("killer" is not the English "kill" + the
        # French "-er").
        self.tolerances = {
            code: Tolerance(self.tolerance.vocabulary, frozenset(own), self.tolerance.known)
            for code, own in (language_endings or {}).items()
        }
        self.real_words = real_words or {}
        self._clause_tolerances: dict[tuple[str, frozenset[str]], Tolerance] = {}

    def candidates(self, token: str) -> list[Entry]:
        found = list(self.exact.get(token, ()))
        if token.isdigit():
            found += self.numbers
        for n in self.prefix_lengths:
            if len(token) >= n:
                found += self.prefix.get(token[:n], ())
        if not self.tolerance.loose(token):
            return _unique(found)
        for base in inflection_bases(token, self.tolerance.endings):
            found += self.exact.get(base, ())
        if MIN_SWAP_LENGTH <= len(token) < MIN_TYPO_LENGTH:
            for key in swaps(token):
                found += self.exact.get(key, ())
        keys = deletions(token) if len(token) >= MIN_TYPO_LENGTH - 1 else set()
        for n in self.typo_prefix_lengths:
            for k in (n - 1, n, n + 1):
                if k <= len(token):
                    keys |= deletions(token[:k])
        for key in keys:
            found += self.typo.get(key, ())
        return _unique(found)

    def find(self, parts) -> list[Match]:
        matches = []
        for c, clause in enumerate(parts):
            foreign = self.foreign_languages(clause)
            for i, token in enumerate(clause):
                for entry in self.candidates(token):
                    end = entry.term.match_at(clause, i, self.clause_tolerance(entry.language, foreign))
                    if end < 0:
                        continue
                    # A typo or inflection of a term counts only where its language may be written.
                    if entry.language in foreign and entry.term.match_at(clause, i, EXACT) < 0:
                        continue
                    matches.append(Match(entry, c, i, end))
        return matches

    def clause_tolerance(self, code: str, foreign: frozenset[str]) -> Tolerance:
        """The tolerance of a language's terms in a clause: a dictionary word of a language the
        clause may be written in is never a typo ("fier", proud, is French; in an English clause
        it may be a misspelt "fire")."""
        key = (code, foreign)
        if key not in self._clause_tolerances:
            real = frozenset().union(*(words for lang, words in self.real_words.items() if lang not in foreign))
            self._clause_tolerances[key] = replace(self.tolerances.get(code, self.tolerance), real_words=real)
        return self._clause_tolerances[key]

    def foreign_languages(self, clause) -> frozenset[str]:
        """The languages a clause is clearly not written in: none of their marker words, while
        another language's are there."""
        counts = {code: sum(1 for t in clause if t in markers) for code, markers in self.markers.items()}
        if not any(counts.values()):
            return frozenset()
        return frozenset(code for code, n in counts.items() if n == 0)


def _unique(entries: list[Entry]) -> list[Entry]:
    return list({id(entry): entry for entry in entries}.values())


@lru_cache(maxsize=1)
def term_index() -> TermIndex:
    langs = languages().values()
    vocabulary = _union("markers") | _union("negators") | _union("known_words")
    return TermIndex(
        [entry for lang in langs for entry in lang.entries()],
        vocabulary,
        _union("endings"),
        {lang.code: lang.markers for lang in langs},
        {lang.code: lang.endings for lang in langs},
        {lang.code: lang.real_words for lang in langs},
    )


@lru_cache(maxsize=1)
def all_negators() -> frozenset[str]:
    return _union("negators")


@lru_cache(maxsize=1)
def negative_words() -> frozenset[str]:
    """Words that make a term a negative expression itself ("not working", "ne fonctionne plus")."""
    return all_negators() | _union("negation_particles")


@dataclass(frozen=True)
class Analysis:
    """Every term of every language found in one text (clause by clause)."""

    parts: tuple[tuple[str, ...], ...]
    matches: tuple[Match, ...]
    policy_questions: frozenset[int] = frozenset()  # clauses of sentences asking about a policy
    questions: frozenset[int] = frozenset()  # clauses that ask something themselves
    sentences: tuple[int, ...] = ()  # the sentence of each clause
    quoted: tuple[frozenset[int], ...] = ()  # per clause, the tokens inside a short quotation

    def of_kind(self, kind: str) -> list[Match]:
        return [m for m in self.matches if m.entry.kind == kind]

    def negated(self, match: Match) -> bool:
        """A negator of any language shortly before the match in its clause ("no problem", "pas de
        souci"), or inside it, skipped by a gap ("the TV is not broken"); terms that contain a
        negator themselves ("not working", "won't open") are not negated."""
        if match.entry.term.has_word_in(negative_words()):
            return False
        negators, breakers = all_negators(), _union("breakers")
        window = languages()[match.entry.language].negation_window
        clause = self.parts[match.clause]
        if any(token in negators for token in clause[match.start : match.end]):
            return True
        # Looking back, a breaker ends the negation's reach ("no towels but the TV is broken").
        for token in reversed(clause[max(0, match.start - window) : match.start]):
            if token in breakers:
                return False
            if token in negators:
                return True
        return False

    def out_of_context(self, match: Match) -> bool:
        """A term that is also a word of another language ("sale") counts only in a clause that
        uses its own language."""
        lang = languages()[match.entry.language]
        if match.entry.term.raw not in lang.context_terms:
            return False
        clause = self.parts[match.clause]
        return not any(token in lang.markers for i, token in enumerate(clause) if not match.start <= i < match.end)

    def stands(self, m: Match, unless: list[Match]) -> bool:
        """An escalation term's match that nothing around it cancels."""
        if self.out_of_context(m):
            return False
        if m.entry.exempt_in_policy_questions and m.clause in self.policy_questions:
            return False
        if m.entry.names_in_quotes and self.quoted and all(i in self.quoted[m.clause] for i in range(m.start, m.end)):
            return False
        cancelled = any(
            u.entry.name == m.entry.name
            and u.clause == m.clause
            and u.start < m.end
            and m.start < u.end
            and (u.entry.kind != "question_unless" or m.clause in self.questions)
            for u in unless
        )
        return not (cancelled or (m.entry.negatable and self.negated(m)))

    def escalation_hits(self) -> list[Hit]:
        # an `unless_with` pair's first term cancels like `unless` when its second is in the message
        pairs = self.of_kind("unless_with")
        seconds = {(m.entry.language, m.entry.name, m.entry.pair[0]) for m in pairs if m.entry.pair[1] == 1}
        firsts = [
            m for m in pairs if m.entry.pair[1] == 0 and (m.entry.language, m.entry.name, m.entry.pair[0]) in seconds
        ]
        unless = self.of_kind("unless") + self.of_kind("question_unless") + firsts
        hits = [
            Hit(m.entry.language, m.entry.name, m.entry.urgency, m.entry.term.raw)
            for m in self.of_kind("escalation")
            if self.stands(m, unless)
        ]
        # `together` pairs: both halves standing in one sentence.
        halves: dict[tuple, dict[int, set[int]]] = defaultdict(lambda: defaultdict(set))
        entries: dict[tuple, dict[int, Entry]] = defaultdict(dict)
        for m in self.of_kind("together"):
            if self.stands(m, unless):
                key = (m.entry.language, m.entry.name, m.entry.pair[0])
                halves[key][m.entry.pair[1]].add(self.sentences[m.clause])
                entries[key][m.entry.pair[1]] = m.entry
        for key, sides in halves.items():
            if sides[0] & sides[1]:
                a, b = entries[key][0], entries[key][1]
                hits.append(Hit(a.language, a.name, a.urgency, f"{a.term.raw} + {b.term.raw}"))
        reasons = self.only_a_reason(hits)
        return [h for h in hits if h.category not in reasons]

    def only_a_reason(self, hits: list[Hit]) -> set[str]:
        """The categories whose danger is only the reason for another request, over or away ("please
        cancel, my father was rushed to hospital last night"): `over_with`, `over`, `here_and_now`."""
        over = {m.entry.name for m in self.of_kind("over")}
        if not over:  # nearly every message: nothing said to be over or away
            return set()
        raised = {h.category for h in hits}
        now = {m.entry.name for m in self.of_kind("here_and_now")}
        return {
            rule.category
            for lang in languages().values()
            for rule in lang.rules
            if raised.intersection(rule.over_with) and rule.category in raised and rule.category in over - now
        }


@lru_cache(maxsize=4096)
def analyze(text: str) -> Analysis:
    found = clauses(text, starters=_union("question_starters"))
    parts = tuple(c.tokens for c in found)
    # A question about a policy: a question whose sentence names a policy cue ("if", "fee", "si"…).
    cues, courtesy = _union("policy_cues"), _union("courtesy_after_cue")
    asking = {
        c.sentence
        for c in found
        if c.question
        and any(
            t in cues and (i + 1 == len(c.tokens) or c.tokens[i + 1] not in courtesy) for i, t in enumerate(c.tokens)
        )
    }
    policy_questions = frozenset(i for i, c in enumerate(found) if c.sentence in asking)
    # A clause that asks: in a question, the last clause, or one that opens with a question word or
    # a condition ("if the alarm goes off, where do we go?"); "the fire alarm is ringing, should we
    # leave?" reports the alarm, then asks.
    openers = _union("question_starters") | cues
    questions = frozenset(
        i
        for i, c in enumerate(found)
        if c.question and (i + 1 == len(found) or found[i + 1].sentence != c.sentence or c.tokens[0] in openers)
    )
    return Analysis(
        parts=parts,
        matches=tuple(term_index().find(parts)),
        policy_questions=policy_questions,
        questions=questions,
        sentences=tuple(c.sentence for c in found),
        quoted=tuple(c.quoted for c in found),
    )


def reload() -> None:
    """Forget the language files read so far (tests that add a language)."""
    for cached in (languages, term_index, all_negators, negative_words, analyze):
        cached.cache_clear()
