"""Build concierge/languages/<code>.real_words.txt: the real words of each language that the
matcher would otherwise read as a typo of a term ("frames" one letter from "flames", "fier" from
"fire"), so that it reads them as what they are (concierge/lexicon.py, Tolerance.real_words).

    apt-get install wamerican-small wbritish-small hunspell-fr hunspell-tools
    .venv/bin/python scripts/concierge_data/build_real_words.py

Sources (Debian packages, read where Debian installs them):
- en: SCOWL's small American and British word lists (wamerican-small, wbritish-small: the common
  words only, so that a rare word that is mostly a typo, "chocking", still reads as "choking";
  SCOWL's licence is permissive, see /usr/share/doc/wamerican-small/copyright);
- fr: Grammalecte's French dictionary for Hunspell (hunspell-fr, MPL 2.0), every inflected form
  expanded with `unmunch`.
Only the words within typo reach of some term's word are kept (the list is read nowhere else), so
rerun this after adding terms to a language file; a word missing from the list only means the old
behaviour (read as a possible typo). The lists are committed so that the rules stay deterministic
and need no dictionary at run time.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mystay.settings")

from concierge import lexicon  # noqa: E402
from concierge.text import (  # noqa: E402
    MIN_SWAP_LENGTH,
    MIN_TYPO_LENGTH,
    deletions,
    fold,
    swaps,
    typo_of,
    within_one_edit,
)

ELISION = re.compile(r"^(?:[a-z]+['’])+")
WORD = re.compile(r"^[a-z]+$")


def english() -> set[str]:
    words = set()
    for name in ("american-english-small", "british-english-small"):
        words |= set(Path("/usr/share/dict", name).read_text(encoding="utf-8").split())
    return words


def french() -> set[str]:
    run = subprocess.run(
        ["/usr/bin/unmunch", "/usr/share/hunspell/fr_FR.dic", "/usr/share/hunspell/fr_FR.aff"],
        capture_output=True,
        check=True,
    )
    out = set()
    for line in run.stdout.decode("utf-8", errors="ignore").splitlines():
        out.add(ELISION.sub("", line.strip().split("/")[0].lower()))
    return out


SOURCES = {"en": english, "fr": french}


def folded(words: set[str]) -> set[str]:
    out = set()
    for raw in words:
        for part in re.split(r"[-\s]", fold(raw)):
            if WORD.match(part) and len(part) >= MIN_SWAP_LENGTH:
                out.add(part)
    return out


def same_word(a: str, b: str) -> bool:
    """Two forms of one word, not two words ("peignoirs"/"peignoir", "terribly"/"terrible"): the
    matcher may keep reading one as the other."""
    return a.rstrip("sxey") == b.rstrip("sxey")


class TermWords:
    """Every word and stem of every pattern of every language, indexed for typo lookups."""

    def __init__(self) -> None:
        self.words: set[str] = set()
        self.stems: set[str] = set()
        for lang in lexicon.languages().values():
            for entry in lang.entries():
                for pattern in entry.term.patterns:
                    self.words |= pattern.words
                    self.stems |= set(pattern.stems)
        self.endings = frozenset().union(*(lang.endings for lang in lexicon.languages().values()))
        self.by_deletion: dict[str, set[str]] = defaultdict(set)
        for word in self.words:
            if len(word) >= MIN_TYPO_LENGTH:
                for key in deletions(word):
                    self.by_deletion[key].add(word)
        self.stem_by_deletion: dict[str, set[str]] = defaultdict(set)
        for stem in self.stems:
            if len(stem) >= MIN_TYPO_LENGTH:
                for key in deletions(stem):
                    self.stem_by_deletion[key].add(stem)
        self.stem_lengths = {len(s) for s in self.stems if len(s) >= MIN_TYPO_LENGTH}

    def read_as_typo(self, token: str) -> bool:
        """Would the matcher read this token as a typo of some term word or stem (text.typo_of,
        lexicon.Pattern.matches)?"""
        if token in self.words or any(token.startswith(s) for s in self.stems):
            return False  # read exactly: the guard is not consulted
        candidates = {w for key in deletions(token) for w in self.by_deletion.get(key, ())}
        candidates |= {w for w in swaps(token) if w in self.words}
        if any(typo_of(token, w, self.endings) and not same_word(token, w) for w in candidates):
            return True
        heads = {token[:k] for n in self.stem_lengths for k in (n - 1, n, n + 1) if k <= len(token)}
        stems = {s for head in heads for key in deletions(head) for s in self.stem_by_deletion.get(key, ())}
        return any(
            within_one_edit(token[:k], stem)
            for stem in stems
            if token[0] == stem[0]
            for k in (len(stem) - 1, len(stem), len(stem) + 1)
            if k <= len(token)
        )


def main() -> None:
    terms = TermWords()
    for code, source in SOURCES.items():
        words = sorted(w for w in folded(source()) if terms.read_as_typo(w))
        path = lexicon.LANGUAGES_DIR / f"{code}.real_words.txt"
        header = (
            f"# Real {code} words within typo reach of a term (scripts/concierge_data/build_real_words.py;"
            " do not edit by hand).\n"
        )
        path.write_text(header + "\n".join(words) + "\n", encoding="utf-8")
        print(f"{path.relative_to(ROOT)}: {len(words)} words")


if __name__ == "__main__":
    main()
