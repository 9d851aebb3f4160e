"""The OCR engine: one page image in, its text lines and the engine's confidence out.

Owns the RapidOCR (PP-OCR on onnxruntime) engine of this process, created on first use
with one thread per operator, so that each extraction worker uses one core and the pool,
not onnxruntime, decides how many cores are busy. It also owns page orientation: the
engine's angle classifier turns upside-down lines; a page scanned sideways is tried at
90 and 270 degrees and kept the way it reads best; a page scanned askew (its text lines
slope by more than a few degrees) is straightened by the slope the detector measured and
read again.
"""

from __future__ import annotations

import contextlib
import ctypes
import functools
import gc
import importlib.metadata
import math
import re
from dataclasses import dataclass

from PIL import Image, ImageStat

ENGINE_DISTRIBUTION = "rapidocr-onnxruntime"
#: The longest side a page is given to the engine, in pixels (about 145 dpi on letter
#: paper: printed text of 8 points and more still reads at full confidence).
PAGE_SIDE_PIXELS = 1600
#: The text detector sees the page at most this large. Its working memory grows with the
#: area; at this size a worker stays well inside the pool's default 1,536 MB address-space
#: limit (onnxruntime, OpenCV and the models map about 1 GB of it before any page).
DETECTOR_SIDE_PIXELS = 960
# A page whose grey levels barely vary is blank paper: nothing to detect.
BLANK_PAGE_STDDEV = 4.0
# Lines read sideways come out short, few and unsure: such a page is tried turned.
SIDEWAYS_TALL_BOX_SHARE = 0.5
#: A page whose text lines slope by more than this many degrees is straightened and read
#: again: from about 10 degrees the lines' boxes overlap and lines are read merged, and at
#: 20 degrees words at the ends of lines are lost.
DESKEW_MIN_DEGREES = 3.0
# The straightened reading replaces the first unless it reads clearly worse.
DESKEW_KEEP_SHARE = 0.9


@dataclass(frozen=True)
class PageText:
    """What the engine read on one page: lines top to bottom, and its confidence."""

    lines: tuple[str, ...]
    #: The engine's confidence per character read, averaged (0 to 1); 0 for no text.
    confidence: float
    #: Degrees the page was turned (counter-clockwise) to read it: 0, 90 or 270 when it
    #: was scanned sideways, or the small angle that straightened a skewed scan.
    turned: float = 0

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    @property
    def chars(self) -> int:
        return sum(len("".join(line.split())) for line in self.lines)


NO_TEXT = PageText(lines=(), confidence=0.0)


def engine_name() -> str:
    """The engine and its version, as recorded with every extraction it made."""
    return f"{ENGINE_DISTRIBUTION} {importlib.metadata.version(ENGINE_DISTRIBUTION)}"


@functools.cache
def _engine():
    # Imported here: onnxruntime and OpenCV take a second to load, and a worker that only
    # meets text PDFs and Word files should not pay for them.
    _one_malloc_arena()
    import cv2
    from rapidocr_onnxruntime import RapidOCR

    cv2.setNumThreads(1)
    ocr = RapidOCR(
        intra_op_num_threads=1,
        inter_op_num_threads=1,
        det_limit_side_len=DETECTOR_SIDE_PIXELS,
        det_limit_type="max",
    )
    _detect_at_most(ocr.text_det, DETECTOR_SIDE_PIXELS)
    return ocr


def _detect_at_most(detector, side_pixels: int) -> None:
    """Make the text detector scale every page down to ``side_pixels`` on its longest side.

    RapidOCR 1.4 ignores its ``det_limit_side_len`` setting with ``det_limit_type="max"``:
    it picks 960, 1,500 or 2,000 from the page's own size, so a 1,600-pixel page was
    detected at full size. Measured on the SECOR sample's scans and photo with one
    thread, detecting at 960 cut a page's CPU time by 40% and read more characters at a
    higher confidence (the detector's boxes then keep the spaces between words).
    """
    from rapidocr_onnxruntime.ch_ppocr_det.utils import DetPreProcess

    def preprocess(_longest_side: int) -> DetPreProcess:
        return DetPreProcess(side_pixels, "max", detector.mean, detector.std)

    detector.get_preprocess = preprocess


def read_page(image: Image.Image) -> PageText:
    """Read one page or photo; a sideways page is read turned the way it reads best.

    A worker that has read many pages of many sizes holds onnxruntime buffers for each;
    under the pool's address-space limit an allocation can then fail. The page is then
    read once more by a fresh engine, with the old one's memory given back first.
    """
    try:
        return _read_page(image)
    except Exception as error:
        if "bad_alloc" not in str(error):
            raise
        _engine.cache_clear()
        gc.collect()
        _give_back_freed_memory()
        return _read_page(image)


def _one_malloc_arena() -> None:
    # glibc reserves 64 MB of address space for each thread's malloc arena, and the pool
    # limits address space, not memory in use: OpenCV's and onnxruntime's threads would
    # spend a third of the limit on reservations. One shared arena is plenty for OCR.
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").mallopt(_M_ARENA_MAX, 1)


_M_ARENA_MAX = -8


def _give_back_freed_memory() -> None:
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _read_page(image: Image.Image) -> PageText:
    page = _prepared(image)
    if ImageStat.Stat(page.convert("L")).stddev[0] < BLANK_PAGE_STDDEV:
        return NO_TEXT
    upright = _read_turned(page, 0)
    if upright.tall_share < SIDEWAYS_TALL_BOX_SHARE and upright.text.chars:
        if abs(upright.slope) < DESKEW_MIN_DEGREES:
            return upright.text
        straightened = _read_turned(page, -upright.slope).text
        keep = _score(straightened) >= DESKEW_KEEP_SHARE * _score(upright.text)
        return straightened if keep else upright.text
    candidates = [upright.text] + [_read_turned(page, angle).text for angle in (90, 270)]
    return max(candidates, key=_score)


def _score(found: PageText) -> float:
    return found.chars * found.confidence


def _prepared(image: Image.Image) -> Image.Image:
    page = image.convert("RGB")
    longest = max(page.size)
    if longest > PAGE_SIDE_PIXELS:
        scale = PAGE_SIDE_PIXELS / longest
        size = (max(1, round(page.width * scale)), max(1, round(page.height * scale)))
        page = page.resize(size, Image.Resampling.LANCZOS)
    return page


@dataclass(frozen=True)
class _Reading:
    text: PageText
    #: Share of the text boxes taller than wide (a page read sideways has many).
    tall_share: float = 0.0
    #: The median slope of the text boxes' top edges, in degrees counter-clockwise.
    slope: float = 0.0


def _read_turned(page: Image.Image, angle: float) -> _Reading:
    """Read the page turned counter-clockwise by ``angle`` degrees."""
    import numpy

    turned = (
        page.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True, fillcolor="white")
        if angle
        else page
    )
    # RapidOCR expects OpenCV's channel order.
    pixels = numpy.asarray(turned)[:, :, ::-1]
    found, _ = _engine()(pixels)
    if not found:
        return _Reading(PageText(lines=(), confidence=0.0, turned=angle))
    boxes = [(box, text, float(score)) for box, text, score in found if text.strip()]
    tall = sum(_box_height(box) > 1.5 * _box_width(box) for box, _, _ in boxes)
    chars = sum(len(text) for _, text, _ in boxes) or 1
    confidence = sum(len(text) * score for _, text, score in boxes) / chars
    page_text = PageText(lines=_lines(boxes), confidence=confidence, turned=angle)
    return _Reading(page_text, tall / max(1, len(boxes)), _median_slope(boxes))


def _median_slope(boxes: list[tuple[list, str, float]]) -> float:
    """The slope of the page's lines: the median of the long boxes' top edges (short boxes,
    a word or two, slope by the detector's rounding as much as by the page)."""
    slopes = sorted(
        math.degrees(math.atan2(box[0][1] - box[1][1], box[1][0] - box[0][0]))
        for box, _, _ in boxes
        if _box_width(box) > 4 * _box_height(box)
    )
    return slopes[len(slopes) // 2] if slopes else 0.0


def _box_width(box) -> float:
    return abs(box[1][0] - box[0][0])


def _box_height(box) -> float:
    return abs(box[3][1] - box[0][1])


def _lines(boxes: list[tuple[list, str, float]]) -> tuple[str, ...]:
    """Group the boxes into lines (their vertical centres overlap), left to right."""
    rows: list[list[tuple[float, float, float, str]]] = []
    for box, text, _ in sorted(boxes, key=lambda found: _centre_y(found[0])):
        top, bottom = min(p[1] for p in box), max(p[1] for p in box)
        centre, left = (top + bottom) / 2, min(p[0] for p in box)
        row = rows[-1] if rows else None
        if row is not None and abs(centre - row[0][0]) <= (row[0][1] / 2):
            row.append((centre, bottom - top, left, text))
        else:
            rows.append([(centre, bottom - top, left, text)])
    return tuple(
        respace(" ".join(text for _, _, _, text in sorted(row, key=lambda item: item[2])))
        for row in rows
    )


def _centre_y(box) -> float:
    return sum(p[1] for p in box) / len(box)


# The recogniser often drops the space after a label's colon or between a number and the
# next word ("Date:2026-04-12Site:"); dates and labels are what matter most, so put it back.
_GLUED_AFTER_COLON = re.compile(r"(?<=[A-Za-z]):(?=[A-Za-z0-9])")
_GLUED_NUMBER_WORD = re.compile(r"(?<=\d)(?=[A-Z][a-z])")
_GLUED_WORDS = re.compile(r"(?<=[a-z]{2})(?=[A-Z][a-z])")


def respace(line: str) -> str:
    """Put back the spaces the recogniser is known to drop around labels and dates."""
    line = _GLUED_AFTER_COLON.sub(": ", line)
    line = _GLUED_NUMBER_WORD.sub(" ", line)
    return _GLUED_WORDS.sub(" ", line)
