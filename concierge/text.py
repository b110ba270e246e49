"""Guest text as the language rules read it: folded words, sentences and clauses, and the small
spelling tolerances (typos, inflections) that the matcher allows.

Nothing here knows a language; the words that matter (negators, clause breakers, endings) come
from the language files (concierge/lexicon.py).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_CONTRACTION = re.compile(r"n['’]t\b")
_SENTENCE = re.compile(r"[^.!?\n]+[.!?\n]*")
_CLAUSE = re.compile(r"[.!?;:,\n()]+")
_TOKEN = re.compile(r"[a-z0-9]+")
_PART = re.compile(r"[^.!?;:,\n()]+")  # what _CLAUSE splits a sentence into
# A short run of words between quotation marks, capitalised: a name ("Ring of Fire" wings, « Le Poison »)
_QUOTED = re.compile(r'"([^"\n]{1,60})"|“([^”\n]{1,60})”|«([^»\n]{1,60})»')
MAX_QUOTED_WORDS = 5
# ...unless someone shouts or says it: 'a man yelled "Fire" in the corridor' is a cry, not a name.
_SAID_BEFORE = re.compile(
    r"\b(?:shout\w*|yell\w*|scream\w*|shriek\w*|cry|cried|cries|crying|call(?:ed|ing)? out|said|says|say"
    r"|cri|crie|criee|criaient|criait|crient|crier|criant|hurl\w*|dit|disait|disent)\W*$"
)


def fold(text: str) -> str:
    """Lower case, accents removed, "n't" kept as "nt", other apostrophes as spaces."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("œ", "oe").replace("æ", "ae").replace("ß", "ss")
    return _CONTRACTION.sub("nt", text)


def tokenize(text: str) -> list[str]:
    return _TOKEN.findall(fold(text))


@dataclass(frozen=True)
class Clause:
    tokens: tuple[str, ...]
    sentence: int
    question: bool  # the clause belongs to a sentence that asks something
    quoted: frozenset[int] = frozenset()  # tokens inside a short quotation (a name: "Ring of Fire")


def clauses(text: str, starters: frozenset[str] = frozenset()) -> list[Clause]:
    """Tokens per clause (a negation does not reach across punctuation). A sentence is a question
    when it ends with "?" or opens with a question word of any language."""
    out: list[Clause] = []
    folded = fold(text)
    # A name is capitalised ("Ring of Fire", « Le Poison »); a quotation that ends in "!" is a cry.
    names = [
        (len(fold(text[: m.start()])), len(fold(text[: m.end()])))
        for m in _QUOTED.finditer(text)
        if (inner := m.group(0)[1:-1].strip())
        and inner[0].isupper()
        and len(_TOKEN.findall(fold(inner))) <= MAX_QUOTED_WORDS
        and not inner.endswith("!")
        and not _SAID_BEFORE.search(fold(text[max(0, m.start() - 30) : m.start()]))
    ]
    for s, sm in enumerate(_SENTENCE.finditer(folded)):
        sentence = sm.group(0)
        words = _TOKEN.findall(sentence)
        question = sentence.rstrip().endswith("?") or bool(words and words[0] in starters)
        for pm in _PART.finditer(sentence):
            found = list(_TOKEN.finditer(pm.group(0)))
            if not found:
                continue
            at = sm.start() + pm.start()
            quoted = frozenset(i for i, t in enumerate(found) if any(a < at + t.start() < b for a, b in names))
            out.append(Clause(tuple(t.group(0) for t in found), s, question, quoted))
    return out


# -- spelling tolerance ------------------------------------------------------------------------------
# How far a typed word may be from a term's word grows with the word's length: short words are
# too easily another real word ("fire"/"fine", "flood"/"floor"), so below 6 letters only two swapped
# neighbouring letters count ("stoel" for "stole"), and from 6 letters one edit of any kind.
MIN_TYPO_LENGTH = 6
MIN_SWAP_LENGTH = 4


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
        return is_swap(a, b, diff)
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1 :]


def is_swap(a: str, b: str, diff: list[int] | None = None) -> bool:
    """True when b is a with two neighbouring letters swapped."""
    if len(a) != len(b):
        return False
    diff = diff if diff is not None else [i for i in range(len(a)) if a[i] != b[i]]
    return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]


def typo_of(token: str, word: str, endings: frozenset[str] = frozenset()) -> bool:
    """Is the token a plausible misspelling of the word (see MIN_TYPO_LENGTH)? Not when the first
    letter differs (people rarely mistype it, and "parked" is not "sparked", "picked" not "nicked"),
    nor when both are endings of one stem ("flashes" is another form of "flash", not a typo of
    "flashed")."""
    if not token or token[0] != word[0] or other_inflection(token, word, endings):
        return False
    if len(word) >= MIN_TYPO_LENGTH:
        return within_one_edit(token, word)
    return len(word) >= MIN_SWAP_LENGTH and is_swap(token, word)


def other_inflection(token: str, word: str, endings: frozenset[str]) -> bool:
    """Are token and word two different endings of one length on one stem ("flashes" / "flashed";
    "chargd" is still a typo of "charged")?"""
    if not endings or len(token) != len(word) or token == word:
        return False
    return bool(inflection_bases(token, endings) & (inflection_bases(word, endings) | {word}))


def deletions(word: str) -> set[str]:
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def swaps(word: str) -> set[str]:
    return {word[:i] + word[i + 1] + word[i] + word[i + 2 :] for i in range(len(word) - 1)}


LETTERS = "abcdefghijklmnopqrstuvwxyz"


def one_edit_variants(word: str) -> set[str]:
    """Every string one deletion, transposition, substitution or insertion away (within_one_edit)."""
    cuts = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    replaced = {a + c + b[1:] for a, b in cuts if b for c in LETTERS}
    inserted = {a + c + b for a, b in cuts for c in LETTERS}
    return deletions(word) | swaps(word) | replaced | inserted


def inflection_bases(token: str, endings: frozenset[str]) -> set[str]:
    """The words a token may be an inflection of: "swelling" -> swell, "fires" -> fire, "blessee" ->
    blesse, "breathing" -> breath(e). Only endings of 1+ letters leaving a base of 3+ letters."""
    bases = set()
    for ending in endings:
        if token.endswith(ending) and len(token) - len(ending) >= 3:
            base = token[: -len(ending)]
            bases.add(base)
            bases.add(base + "e")
    return bases


def inflects(token: str, word: str, endings: frozenset[str]) -> bool:
    return len(word) >= 4 and word in inflection_bases(token, endings)
