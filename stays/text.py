"""Normalisation of what guests type: case, surrounding spaces and accents do not matter."""

import unicodedata


def fold_name(value: str) -> str:
    """'  Dupré-Lefèvre ' -> 'dupre-lefevre' (accents stripped, case folded, inner spaces collapsed)."""
    decomposed = unicodedata.normalize("NFKD", value or "")
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


def normalize_confirmation(value: str) -> str:
    return "".join((value or "").split()).upper()
