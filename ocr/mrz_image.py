"""Finding the machine-readable zone in a photo: grayscale, deskew, crop of the MRZ band.

The zone is two or three long, evenly spaced lines of equal length at the bottom of the document.
We straighten the photo (the angle at which the rows of text are sharpest), then find text lines
from the row profile of dark pixels and keep the bottom-most group of 2-3 wide lines of the same
height. Tesseract then reads only that band, which is both faster and far more accurate.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter, ImageOps

WORK_WIDTH = 1000  # analysis happens on a copy this wide
SKEW_RANGE = 6.0  # degrees either way
TD1_MAX_ASPECT = 42  # length / height of a 30-character line is about 30-38
TARGET_LINE_HEIGHT = 36  # pixels per MRZ line handed to tesseract (characters ~24 px high)


@dataclass
class Band:
    image: Image.Image  # the cropped, straightened zone in grayscale
    lines: int  # text lines found in it (2 or 3), 0 when it is a fallback crop
    angle: float


def to_gray(image: Image.Image) -> Image.Image:
    return ImageOps.exif_transpose(image).convert("L")


def _ink(gray: Image.Image, *, offset: int = 18) -> np.ndarray:
    """Dark strokes: pixels darker than their neighbourhood by `offset` (an adaptive threshold, so
    a dark table around the document or a shadow across it is not taken for text)."""
    local = np.asarray(gray.filter(ImageFilter.BoxBlur(12)), dtype=np.int16)
    return np.asarray(gray, dtype=np.int16) < local - offset


def _sharpness(ink: np.ndarray) -> float:
    rows = ink.sum(axis=1).astype(np.float64)
    return float(np.square(np.diff(rows)).sum())


def _border_level(gray: Image.Image) -> int:
    """The median grey of the image's edge: what a rotation fills the corners with, so that the
    corners do not draw new edges."""
    pixels = np.asarray(gray)
    edge = np.concatenate([pixels[0], pixels[-1], pixels[:, 0], pixels[:, -1]])
    return int(np.median(edge))


def estimate_skew(gray: Image.Image) -> float:
    """The rotation (degrees) that makes the text rows sharpest: coarse 1° steps, then 0.25°.
    The ink mask is found once and rotated, which is cheap."""
    small = gray.copy()
    small.thumbnail((480, 480))
    mask = Image.fromarray((_ink(small) * 255).astype(np.uint8))

    def score(angle):
        rotated = mask.rotate(angle, resample=Image.Resampling.NEAREST, expand=False, fillcolor=0)
        return _sharpness(np.asarray(rotated) > 0)

    best_angle, best = 0.0, score(0.0)
    for angle in np.arange(-SKEW_RANGE, SKEW_RANGE + 0.01, 1.0):
        value = score(angle)
        if value > best:
            best_angle, best = float(angle), value
    for angle in np.arange(best_angle - 0.75, best_angle + 0.76, 0.25):
        value = score(angle)
        if value > best:
            best_angle, best = float(angle), value
    return round(best_angle, 2)


def _text_lines(ink: np.ndarray) -> list[tuple[int, int, int, int, float]]:
    """(top, bottom, left, right, fill) of each horizontal run of text rows; `fill` is the share of
    20-px column bins between left and right that hold ink (an MRZ line is ink from end to end)."""
    height, width = ink.shape
    ink = ink.copy()
    ink[:, ink.mean(axis=0) > 0.5] = False  # the document's vertical edges against the background
    ink[ink.mean(axis=1) > 0.85] = False  # and its horizontal ones
    # Erode 2x2: fine security print (guilloche) and noise go, character strokes stay.
    ink[:-1, :-1] = ink[:-1, :-1] & ink[1:, :-1] & ink[:-1, 1:] & ink[1:, 1:]
    rows = ink.sum(axis=1)
    on = rows > max(6, width * 0.03)
    lines, start = [], None
    for y, active in enumerate(np.append(on, False)):
        if active and start is None:
            start = y
        elif not active and start is not None:
            if y - start >= 8:
                band = ink[start:y]
                cols = np.flatnonzero(band.sum(axis=0) >= 2)
                if len(cols):
                    left, right = int(cols[0]), int(cols[-1])
                    bins = band[:, left : right + 1].any(axis=0)
                    usable = len(bins) // 20 * 20
                    fill = float(bins[:usable].reshape(-1, 20).any(axis=1).mean()) if usable else 0.0
                    glyphs = int(np.count_nonzero(np.diff(bins.astype(np.int8)) == 1))
                    if glyphs < 8:  # an edge or a rule, not characters
                        fill = 0.0
                    lines.append((start, y, left, right, fill))
            start = None
    return lines


def _mrz_group(lines, width: int) -> list[tuple[int, int, int, int, float]] | None:
    """The bottom-most 2 or 3 consecutive long, full lines of similar height and spacing."""
    wide = [ln for ln in lines if (ln[3] - ln[2]) > width * 0.4 and ln[4] > 0.8]
    for end in range(len(wide), 1, -1):
        for count in (3, 2):
            group = wide[max(0, end - count) : end]
            if len(group) != count:
                continue
            heights = [ln[1] - ln[0] for ln in group]
            if max(heights) > 2.0 * min(heights):
                continue
            gaps = [group[k + 1][0] - group[k][1] for k in range(count - 1)]
            if any(g > 1.5 * max(heights) for g in gaps):
                continue
            lengths = [ln[3] - ln[2] for ln in group]
            if max(lengths) > 1.3 * min(lengths):
                continue
            # TD1 lines hold 30 characters: far shorter for their height than a passport's 44.
            if count == 3 and min(lengths) / max(heights) > TD1_MAX_ASPECT:
                continue
            return group
    return None


def find_mrz_band(image: Image.Image) -> Band:
    gray = to_gray(image)
    if gray.width > WORK_WIDTH * 2:
        gray.thumbnail((WORK_WIDTH * 2, WORK_WIDTH * 2))
    angle = estimate_skew(gray)
    if angle:
        gray = gray.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor=_border_level(gray))
    scale = WORK_WIDTH / gray.width
    work = gray.resize((WORK_WIDTH, max(1, int(gray.height * scale))), Image.Resampling.BILINEAR)
    ink = _ink(ImageOps.autocontrast(work, cutoff=1))
    group = _mrz_group(_text_lines(ink), WORK_WIDTH)
    if group is None:  # no clear zone: hand over the bottom 40 %, where the zone is on every layout
        top = int(gray.height * 0.6)
        return Band(_normalize(gray.crop((0, top, gray.width, gray.height)), 2), 0, angle)
    line_height = max(ln[1] - ln[0] for ln in group)
    top = max(0, group[0][0] - line_height // 2)
    bottom = min(work.height, group[-1][1] + line_height // 2)
    left = max(0, min(ln[2] for ln in group) - line_height // 2)
    right = min(WORK_WIDTH, max(ln[3] for ln in group) + line_height // 2)
    box = tuple(int(v / scale) for v in (left, top, right, bottom))
    band = gray.crop(box)
    return Band(_normalize(band, len(group)), len(group), angle)


def _normalize(band: Image.Image, line_count: int) -> Image.Image:
    """Scaled so each line is about TARGET_LINE_HEIGHT px, contrast stretched, with a white border."""
    per_line = band.height / max(1, line_count) / 1.6
    factor = max(0.5, min(4.0, TARGET_LINE_HEIGHT / max(per_line, 1)))
    size = (max(1, int(band.width * factor)), max(1, int(band.height * factor)))
    band = band.resize(size, Image.Resampling.LANCZOS)
    band = ImageOps.autocontrast(band, cutoff=1)
    return ImageOps.expand(band, border=20, fill=255)
