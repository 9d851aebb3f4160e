"""Paper seen through a scanner or a phone: page images of scanned forms and phone photos."""

from __future__ import annotations

import random
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from samples.document import EvidenceDocument
from samples.formats.text import plain_pages

SCAN_SIZE = (1275, 1650)  # letter at 150 dpi
SCAN_LINE_HEIGHT = 30
SCAN_LINES_PER_PAGE = 46


def scan_image(lines: Sequence[str], rng: random.Random) -> Image.Image:
    """A page as a photocopier would produce it: grey text, specks, slightly skewed."""
    page = Image.new("L", SCAN_SIZE, 255)
    draw = ImageDraw.Draw(page)
    font = ImageFont.load_default(size=22)
    for number, line in enumerate(lines):
        draw.text((100, 110 + number * SCAN_LINE_HEIGHT), line, fill=rng.randint(20, 70), font=font)
    for _ in range(300):
        draw.point(
            (rng.randrange(SCAN_SIZE[0]), rng.randrange(SCAN_SIZE[1])), fill=rng.randint(90, 200)
        )
    return page.rotate(rng.uniform(-0.8, 0.8), resample=Image.Resampling.BICUBIC, fillcolor=255)


def scan_form_image(lines: Sequence[str], rng: random.Random) -> Image.Image:
    """A printed form filled in by hand and fed through an office scanner: the title in
    large print, the fill-ins (who signed, initials) in a wobbly hand, specks, a grey
    cast and a skew of a degree or two."""
    page = Image.new("L", SCAN_SIZE, 255)
    draw = ImageDraw.Draw(page)
    title_font = ImageFont.load_default(size=34)
    font = ImageFont.load_default(size=22)
    hand_font = ImageFont.load_default(size=25)
    by_hand = False
    y = 100
    for number, line in enumerate(lines):
        if line.startswith("Name | Sign"):
            by_hand = True  # the sign-in rows below the printed header
        elif not line.strip():
            by_hand = False
        if number <= 1 and line.isupper():
            draw.text((100, y), line, fill=15, font=title_font)
            y += 48
            continue
        label, _, filled = line.partition("Signed: ")
        if by_hand and "|" in line:
            draw_handwriting(draw, (100, y), line.replace(" | ", "      "), hand_font, rng)
        elif filled:
            draw.text((100, y), label + "Signed:", fill=rng.randint(20, 60), font=font)
            draw_handwriting(draw, (210, y), filled, hand_font, rng)
        else:
            draw.text((100, y), line, fill=rng.randint(20, 60), font=font)
        y += SCAN_LINE_HEIGHT
    for _ in range(900):
        draw.point(
            (rng.randrange(SCAN_SIZE[0]), rng.randrange(SCAN_SIZE[1])), fill=rng.randint(60, 200)
        )
    page = page.filter(ImageFilter.GaussianBlur(0.5)).point(lambda level: 30 + level * 0.85)
    return page.rotate(rng.uniform(-2.0, 2.0), resample=Image.Resampling.BICUBIC, fillcolor=246)


def draw_handwriting(
    draw: ImageDraw.ImageDraw,
    origin: tuple[int, int],
    text: str,
    font: ImageFont.FreeTypeFont,
    rng: random.Random,
) -> None:
    """Letters set one by one, each nudged up or down and spaced unevenly, in ballpoint."""
    x, y = origin
    ink = rng.randint(40, 90)
    for letter in text:
        draw.text((x, y + rng.randint(-3, 3)), letter, fill=ink, font=font)
        x += int(draw.textlength(letter, font=font) * rng.uniform(0.9, 1.25))


PHOTO_SIZE = (1600, 1200)  # a phone photo, already scaled down by the messaging app


def write_photo_jpeg(path: Path, document: EvidenceDocument) -> None:
    """A phone photo of a printed form lying on a desk: turned, in perspective, unevenly lit."""
    rng = random.Random(document.path)
    lines = next(iter(plain_pages(document.body.blocks, width=60)))[:40]
    sheet = scan_form_image(lines, rng).convert("RGB")
    desk = Image.new("RGB", PHOTO_SIZE, (118, 96, 74))
    height = int(PHOTO_SIZE[1] * 1.15)
    width = int(height * SCAN_SIZE[0] / SCAN_SIZE[1])
    sheet = sheet.resize((width, height), Image.Resampling.LANCZOS)
    # Held a little off square: the top edge is narrower than the bottom one.
    squeeze = rng.randint(40, 70)
    coefficients = perspective_coefficients(
        [(squeeze, 0), (width - squeeze, 0), (width, height), (0, height)],
        [(0, 0), (width, 0), (width, height), (0, height)],
    )
    sheet = sheet.transform(
        (width, height),
        Image.Transform.PERSPECTIVE,
        coefficients,
        Image.Resampling.BICUBIC,
        fillcolor=(118, 96, 74),
    )
    sheet = sheet.rotate(
        rng.uniform(-6, -3), resample=Image.Resampling.BICUBIC, expand=True, fillcolor=(118, 96, 74)
    )
    desk.paste(sheet, ((PHOTO_SIZE[0] - sheet.width) // 2, (PHOTO_SIZE[1] - sheet.height) // 2))
    shade = Image.linear_gradient("L").resize(PHOTO_SIZE).point(lambda level: 255 - level // 5)
    photo = Image.composite(desk, Image.new("RGB", PHOTO_SIZE, (30, 30, 30)), shade)
    photo.save(path, "JPEG", quality=85)


def perspective_coefficients(
    source: Sequence[tuple[int, int]], target: Sequence[tuple[int, int]]
) -> tuple[float, ...]:
    """The eight coefficients Pillow's perspective transform takes, mapping target corners
    to source corners (solved with plain Gaussian elimination: no numpy needed here)."""
    rows, values = [], []
    for (x, y), (u, v) in zip(target, source, strict=True):
        rows.append([x, y, 1, 0, 0, 0, -u * x, -u * y])
        values.append(u)
        rows.append([0, 0, 0, x, y, 1, -v * x, -v * y])
        values.append(v)
    size = len(rows)
    matrix = [[*row, value] for row, value in zip(rows, values, strict=True)]
    for column in range(size):
        pivot = max(range(column, size), key=lambda r: abs(matrix[r][column]))
        matrix[column], matrix[pivot] = matrix[pivot], matrix[column]
        for row in range(size):
            if row != column:
                factor = matrix[row][column] / matrix[column][column]
                matrix[row] = [
                    a - factor * b for a, b in zip(matrix[row], matrix[column], strict=True)
                ]
    return tuple(matrix[row][size] / matrix[row][row] for row in range(size))
