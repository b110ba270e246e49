"""Fixed-pitch alignment of Tesseract's reading of an MRZ, with OCR-B templates as the arbiter.

Tesseract's English model reads letters and digits of OCR-B well but long runs of the filler `<`
badly: it drops some and reads others as K, E or S. The zone is fixed pitch (every line has exactly
30, 36 or 44 cells), so we place each character Tesseract found in its cell by position, then
compare the cell's pixels with the OCR-B glyphs (Debian `fonts-ocr-b`) of Tesseract's character
and of the filler: the filler wins only when it fits clearly better, and an empty cell gets the
best-fitting glyph. Check-digit repair (ocr.mrz.repair_mrz) then deals with O/0-type confusions.
"""

from __future__ import annotations

import functools
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from .mrz import ALNUM_ALTERNATIVES, digit_positions

OCRB_FONT = Path("/usr/share/fonts/opentype/ocr-b/OCRB.otf")
ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<"
CELL = (24, 32)  # width, height of the normalised cell
FILLER_MARGIN = 0.06
CONFUSION_MARGIN = 0.08


def templates_available() -> bool:
    return OCRB_FONT.exists()


@functools.cache
def _templates() -> dict[str, np.ndarray]:
    font = ImageFont.truetype(str(OCRB_FONT), 80)
    advance = int(round(font.getlength("<")))
    top = font.getbbox("H")[1]
    bottom = font.getbbox("H")[3]
    out = {}
    for char in ALPHABET:
        canvas = Image.new("L", (advance, bottom + 10), 255)
        ImageDraw.Draw(canvas).text((0, 0), char, font=font, fill=0)
        out[char] = _normalise(np.asarray(canvas.crop((0, top, advance, bottom))) < 128)
    return out


def _normalise(ink: np.ndarray) -> np.ndarray:
    image = Image.fromarray((ink * 255).astype(np.uint8))
    return np.asarray(image.resize(CELL, Image.Resampling.BILINEAR), dtype=np.float32) / 255.0


SHIFTS = [(dy, dx) for dy in (-2, -1, 0, 1, 2) for dx in (-3, -2, -1, 0, 1, 2, 3)]


@functools.cache
def _shifted(char: str) -> np.ndarray:
    """The template moved by every small shift (the grid is only approximately right), stacked."""
    template = _templates()[char]
    return np.stack([np.roll(np.roll(template, dy, axis=0), dx, axis=1) for dy, dx in SHIFTS])


def _score(cell: np.ndarray, char: str) -> float:
    """Best overlap (intersection over union of ink) of the cell and the glyph over the shifts."""
    stack = _shifted(char)
    inter = np.minimum(stack, cell).sum(axis=(1, 2))
    union = np.maximum(stack, cell).sum(axis=(1, 2))
    return float((inter / np.maximum(union, 1e-6)).max())


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


def align_lines(band: Image.Image, boxes: list[tuple[str, int, int, int, int]], width: int, count: int) -> list[str]:
    """The zone's lines, one character per cell. `boxes` are Tesseract's (char, x1, y1, x2, y2) in
    image coordinates with y downwards."""
    ink = _ink_mask(band)
    digits = digit_positions(count, width)
    lines = []
    for line_index, (top, bottom) in enumerate(_line_rows(ink, count)):
        strip = ink[top:bottom]
        # Glyphs, not specks: a run of columns with real ink in it (noise and the page edge go).
        counts = strip.sum(axis=0)
        columns = [(a, b) for a, b in _runs(counts > 0) if counts[a:b].sum() >= 0.6 * (bottom - top)]
        if not columns:
            lines.append("")
            continue
        left, right = columns[0][0], columns[-1][1]
        first = (columns[0][0] + columns[0][1]) / 2
        last = (columns[-1][0] + columns[-1][1]) / 2
        pitch = (last - first) / (width - 1)
        rough = (right - left) / width
        if not 0.8 * rough < pitch < 1.2 * rough:  # merged glyphs at an end: fall back to the extent
            pitch, first = rough, left + rough / 2
        in_line = [b for b in boxes if top - 4 <= (b[2] + b[4]) / 2 <= bottom + 4]
        cells: list[list[tuple[float, str]]] = [[] for _ in range(width)]
        for char, x1, _y1, x2, _y2 in in_line:
            index = int(round(((x1 + x2) / 2 - first) / pitch))
            if 0 <= index < width:
                cells[index].append((abs((x1 + x2) / 2 - (first + index * pitch)), char))
        text = []
        for index in range(width):
            x0 = int(round(first + (index - 0.5) * pitch))
            x1 = int(round(first + (index + 0.5) * pitch))
            cell = _normalise(strip[:, max(0, x0) : max(x0 + 1, x1)])
            read = min(cells[index])[1] if cells[index] else None
            text.append(_choose(cell, read, digit=index in digits.get(line_index, ())))
        lines.append("".join(text))
    return lines


def _choose(cell: np.ndarray, read: str | None, *, digit: bool = False) -> str:
    """Tesseract's character unless the filler, or a glyph OCR commonly confuses with it, fits the
    cell's pixels clearly better. A position that must hold a digit gets the best-fitting digit."""
    if digit and (read is None or not read.isdigit()):
        return max("0123456789", key=lambda c: _score(cell, c))
    if read is None or read not in ALPHABET:
        return max(ALPHABET, key=lambda c: _score(cell, c))
    if read == "<":
        return read
    own = _score(cell, read)
    if _score(cell, "<") > own + FILLER_MARGIN:
        return "<"
    rivals = [c for c in ALNUM_ALTERNATIVES.get(read, "") if c != "<"]
    if rivals:
        best = max(rivals, key=lambda c: _score(cell, c))
        if _score(cell, best) > own + CONFUSION_MARGIN:
            return best
    return read
