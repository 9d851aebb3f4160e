"""Fixtures: printed forms drawn as scans and photos, and a plugin manager holding this plugin."""

from __future__ import annotations

import io
import random
from collections.abc import Callable, Sequence
from pathlib import Path

import evidencekit_ocr.plugin
import pytest
from fpdf import FPDF
from PIL import Image, ImageDraw, ImageFilter, ImageFont

from evidencekit.models import ExtractionLimits
from evidencekit.plugins import make_plugin_manager

FORM_LINES = (
    "FIELD LEVEL HAZARD ASSESSMENT (FLHA)",
    "Date: 2026-04-14    Site: Fort Road substation",
    "Task: replace the feeder breaker",
    "Hazards identified",
    "Energized equipment nearby, controls: lockout and barriers",
    "Working at heights, controls: harness and tie-off",
    "Crew signatures",
)


@pytest.fixture(autouse=True)
def _isolated_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """No test may write state into the real user data folder."""
    monkeypatch.setenv("EVIDENCEKIT_HOME", str(tmp_path_factory.mktemp("home")))


@pytest.fixture
def plugin_manager():
    """The built-ins and this plugin only, whatever else is installed."""
    return make_plugin_manager(load_entrypoints=False, extra=[evidencekit_ocr.plugin])


@pytest.fixture
def extract(plugin_manager) -> Callable:
    def run(path: Path, limits: ExtractionLimits | None = None):
        return plugin_manager.hook.extract_document(
            path=path, file_type=path.suffix.lower(), limits=limits or ExtractionLimits()
        )

    return run


def form_image(
    lines: Sequence[str] = FORM_LINES, skew: float = 1.2, turn: int = 0, seed: int = 1
) -> Image.Image:
    """A printed form at 150 dpi, slightly skewed, with specks and a scribbled signature."""
    rng = random.Random(seed)
    page = Image.new("L", (1275, 1650), 255)
    draw = ImageDraw.Draw(page)
    title = ImageFont.load_default(size=40)
    body = ImageFont.load_default(size=28)
    for number, line in enumerate(lines):
        draw.text((110, 120 + number * 70), line, fill=30, font=title if number == 0 else body)
    for _ in range(600):
        draw.point((rng.randrange(1275), rng.randrange(1650)), fill=rng.randint(80, 200))
    draw.line(
        [(rng.randrange(200, 900), rng.randrange(700, 800)) for _ in range(8)], fill=40, width=3
    )
    page = page.filter(ImageFilter.GaussianBlur(0.6))
    page = page.rotate(skew, resample=Image.Resampling.BICUBIC, fillcolor=255)
    return page.rotate(turn, expand=True) if turn else page


def image_pdf(path: Path, images: Sequence[Image.Image]) -> Path:
    """An image-only PDF, as a scanner writes it: no text layer at all."""
    pdf = FPDF(format="letter")
    for image in images:
        pdf.add_page()
        pdf.image(image, x=0, y=0, w=pdf.w, h=pdf.h)
    pdf.output(str(path))
    return path


def text_pdf(path: Path, text: str) -> Path:
    pdf = FPDF(format="letter")
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.multi_cell(0, 8, text)
    pdf.output(str(path))
    return path


def jpeg_bytes(image: Image.Image, quality: int = 80) -> bytes:
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()
