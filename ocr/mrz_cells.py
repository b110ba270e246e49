"""Fixed-pitch reading of an MRZ band: Tesseract's characters placed in cells, OCR-B templates as
the arbiter, and per-cell alternatives ranked by how well they fit the pixels.

Tesseract's English model reads letters and digits of OCR-B well but long runs of the filler `<`
badly: it drops some and reads others as K, E or S. The zone is fixed pitch (every line has exactly
30, 36 or 44 cells), so we place each character Tesseract found in its cell by position, then
compare the cell's pixels with every OCR-B glyph (Debian `fonts-ocr-b`) the position may hold
(`mrz.position_alphabets`: dates are digits, country codes letters...). The cell keeps its glyph
scores: the runners-up, with what they cost against the chosen glyph, are the alternatives that
check-digit repair (`mrz.repair_mrz`) tries first, so a field the check digits prove wrong is
fixed where the pixels were ambiguous, not wherever a confusion table allows.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from .mrz import DIGITS, position_alphabets

OCRB_FONT = Path("/usr/share/fonts/opentype/ocr-b/OCRB.otf")
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
CELL = (24, 32)  # width, height of the normalised cell
# Tesseract's character stands unless a glyph fits the pixels better by this much (IoU points).
CONFUSION_MARGIN = 0.03
# Glyphs that fit within this much of the chosen one are its alternatives for the repair.
ALTERNATIVE_MARGIN = 0.12
SHIFTS = [(dy, dx) for dy in (-1, 0, 1) for dx in (-3, -2, -1, 0, 1, 2, 3)]


@dataclass
class CellReading:
    """The zone as read: one character per cell, and for each cell the other glyphs that fit, as
    (character, cost) with cost the IoU the cell's pixels lose against the chosen glyph."""

    lines: list[str]
    alternatives: list[list[list[tuple[str, float]]]]


def templates_available() -> bool:
    return OCRB_FONT.exists()


@functools.cache
def _templates(with_digits: bool) -> dict[str, np.ndarray]:
    """Each glyph cropped to the height a line's ink spans. OCR-B's digits stand taller than its
    capitals, so a line that holds digits (every line with check digits) spans the digits' height
    and a name line only the letters': cropping both the same way would make 0 and O look alike."""
    font = ImageFont.truetype(str(OCRB_FONT), 80)
    advance = int(round(font.getlength("<")))
    spanning = ALPHABET if with_digits else [c for c in ALPHABET if c not in DIGITS]
    top = min(font.getbbox(c)[1] for c in spanning)
    bottom = max(font.getbbox(c)[3] for c in spanning if c != "Q")  # Q's tail hangs below the line
    out = {}
    for char in ALPHABET:
        canvas = Image.new("L", (advance, bottom + 10), 255)
        ImageDraw.Draw(canvas).text((0, 0), char, font=font, fill=0)
        out[char] = _normalise(np.asarray(canvas.crop((0, top, advance, bottom))) < 128)
    return out


def _normalise(ink: np.ndarray) -> np.ndarray:
    image = Image.fromarray((ink * 255).astype(np.uint8))
    return np.asarray(image.resize(CELL, Image.Resampling.BILINEAR), dtype=np.float32) / 255.0


@functools.cache
def _template_matrix(with_digits: bool) -> np.ndarray:
    """Every glyph at every small shift (the grid is only approximately right), one row each:
    shape (len(ALPHABET) * len(SHIFTS), cell pixels)."""
    rows = []
    for template in _templates(with_digits).values():
        for dy, dx in SHIFTS:
            rows.append(np.roll(np.roll(template, dy, axis=0), dx, axis=1).reshape(-1))
    return np.stack(rows)


def glyph_scores(cells: np.ndarray, *, with_digits: bool) -> np.ndarray:
    """(cells, len(ALPHABET)): for each cell and glyph, the best soft intersection-over-union of
    ink over the shifts. One matrix product for a whole line keeps this cheap."""
    matrix = _template_matrix(with_digits)
    flat = cells.reshape(len(cells), -1)
    inter = flat @ matrix.T
    union = flat.sum(axis=1)[:, None] + matrix.sum(axis=1)[None, :] - inter
    iou = inter / np.maximum(union, 1e-6)
    return iou.reshape(len(cells), len(ALPHABET), len(SHIFTS)).max(axis=2)


def _runs(mask: np.ndarray) -> list[tuple[int, int]]:
    runs, start = [], None
    for i, on in enumerate(np.append(mask, False)):
        if on and start is None:
            start = i
        elif not on and start is not None:
            runs.append((start, i))
            start = None
    return runs


def _line_rows(ink: np.ndarray, count: int) -> list[tuple[int, int]]:
    """The `count` text lines of the band, top to bottom (the largest row runs)."""
    rows = ink.sum(axis=1) > max(2, ink.shape[1] * 0.02)
    runs = sorted(_runs(rows), key=lambda r: r[1] - r[0], reverse=True)[:count]
    return sorted(runs)


def _ink_mask(band: Image.Image) -> np.ndarray:
    # A 3x3 median first: sensor and JPEG noise would otherwise join the lines into one.
    gray = np.asarray(band.convert("L").filter(ImageFilter.MedianFilter(3)), dtype=np.int16)
    low, paper = int(np.percentile(gray, 1)), int(np.median(gray))
    ink = gray < low + (paper - low) * 0.4  # nearer the ink than the paper
    # Columns that are mostly dark are the table beside the page, not text.
    ink[:, np.median(gray, axis=0) < low + (paper - low) * 0.7] = False
    return ink


def zone_width(band: Image.Image, count: int) -> int:
    """30, 36 or 44 characters per line: OCR-B glyphs stand apart, so count them in each line."""
    if count == 3:
        return 30
    ink = _ink_mask(band)
    glyphs = [len(_runs(ink[top:bottom].any(axis=0))) for top, bottom in _line_rows(ink, count)]
    seen = max(glyphs) if glyphs else 44
    return 44 if abs(seen - 44) <= abs(seen - 36) else 36


def _grid(strip: np.ndarray, width: int) -> tuple[float, float] | None:
    """(centre of the first cell, pitch) of a line, from the glyphs at its two ends."""
    # Glyphs, not specks: a run of columns with real ink in it (noise and the page edge go).
    counts = strip.sum(axis=0)
    columns = [(a, b) for a, b in _runs(counts > 0) if counts[a:b].sum() >= 0.6 * strip.shape[0]]
    if not columns:
        return None
    left, right = columns[0][0], columns[-1][1]
    first = (columns[0][0] + columns[0][1]) / 2
    last = (columns[-1][0] + columns[-1][1]) / 2
    pitch = (last - first) / (width - 1)
    rough = (right - left) / width
    if not 0.8 * rough < pitch < 1.2 * rough:  # merged glyphs at an end: fall back to the extent
        pitch, first = rough, left + rough / 2
    return first, pitch


def read_cells(band: Image.Image, boxes: list[tuple[str, int, int, int, int]], width: int, count: int) -> CellReading:
    """The zone's lines, one character per cell, with each cell's alternatives. `boxes` are
    Tesseract's (char, x1, y1, x2, y2) in image coordinates with y downwards."""
    ink = _ink_mask(band)
    alphabets = position_alphabets(count, width)
    lines, alternatives = [], []
    for line_index, (top, bottom) in enumerate(_line_rows(ink, count)):
        strip = ink[top:bottom]
        grid = _grid(strip, width)
        if grid is None:
            lines.append("")
            alternatives.append([])
            continue
        first, pitch = grid
        reads: list[list[tuple[float, str]]] = [[] for _ in range(width)]
        for char, x1, y1, x2, y2 in boxes:
            if not top - 4 <= (y1 + y2) / 2 <= bottom + 4:
                continue
            index = int(round(((x1 + x2) / 2 - first) / pitch))
            if 0 <= index < width:
                reads[index].append((abs((x1 + x2) / 2 - (first + index * pitch)), char))
        cells = np.stack(
            [
                _normalise(strip[:, max(0, x0) : max(x0 + 1, x1)])
                for x0, x1 in (
                    (int(round(first + (i - 0.5) * pitch)), int(round(first + (i + 0.5) * pitch))) for i in range(width)
                )
            ]
        )
        line_alphabets = alphabets[line_index] if line_index < len(alphabets) else [ALPHABET] * width
        scores = glyph_scores(cells, with_digits=any(a == DIGITS for a in line_alphabets))
        text, line_alternatives = [], []
        for index in range(width):
            read = min(reads[index])[1] if reads[index] else None
            char, others = _choose(scores[index], read, line_alphabets[index])
            text.append(char)
            line_alternatives.append(others)
        lines.append("".join(text))
        alternatives.append(line_alternatives)
    return CellReading(lines, alternatives)


def _choose(scores: np.ndarray, read: str | None, allowed: str) -> tuple[str, list[tuple[str, float]]]:
    """Tesseract's character, unless it is not allowed in the position or a glyph that is fits the
    cell's pixels clearly better; and the other allowed glyphs that fit nearly as well."""
    fit = {c: float(scores[ALPHABET.index(c)]) for c in allowed}
    best = max(fit, key=fit.get)
    chosen = read if read in fit and fit[best] <= fit[read] + CONFUSION_MARGIN else best
    others = sorted(
        ((c, round(max(0.0, fit[chosen] - score), 4)) for c, score in fit.items() if c != chosen),
        key=lambda item: item[1],
    )
    return chosen, [item for item in others if item[1] <= ALTERNATIVE_MARGIN]
