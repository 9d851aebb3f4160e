"""Builders of the hostile images and scans the tests and benchmarks/hostile_inputs.py try."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

from conftest import form_image, image_pdf, jpeg_bytes
from PIL import Image


def png_declaring(path: Path, width: int, height: int) -> Path:
    """A PNG declaring ``width`` x ``height`` pixels whose data is a few bytes."""
    path.write_bytes(_png_header(width, height) + _png_chunk(b"IDAT", zlib.compress(b"")))
    return path


def decompression_bomb(path: Path) -> Path:
    """100,000 x 100,000 pixels declared: Pillow's own bomb limit refuses it."""
    return png_declaring(path, 100_000, 100_000)


def tiff_declaring(path: Path, width: int = 30_000, height: int = 30_000) -> Path:
    """An uncompressed greyscale TIFF whose header declares ``width`` x ``height`` pixels
    and whose one strip holds a few bytes."""
    entries = [
        (256, 4, width),  # ImageWidth, LONG
        (257, 4, height),  # ImageLength
        (258, 3, 8),  # BitsPerSample, SHORT
        (259, 3, 1),  # Compression: none
        (262, 3, 1),  # Photometric: black is zero
        (273, 4, 8 + 2 + 12 * 9 + 4),  # StripOffsets: just after the IFD
        (277, 3, 1),  # SamplesPerPixel
        (278, 4, height),  # RowsPerStrip
        (279, 4, width * height),  # StripByteCounts, as declared
    ]
    ifd = struct.pack("<H", len(entries))
    for tag, kind, value in entries:
        packed = struct.pack("<H", value) + b"\0\0" if kind == 3 else struct.pack("<I", value)
        ifd += struct.pack("<HHI", tag, kind, 1) + packed
    path.write_bytes(b"II*\0" + struct.pack("<I", 8) + ifd + b"\0\0\0\0" + bytes(64))
    return path


def truncated_jpeg(path: Path) -> Path:
    path.write_bytes(jpeg_bytes(form_image())[:5000])
    return path


def truncated_png(path: Path) -> Path:
    form_image().save(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 3])
    return path


def zero_bytes(path: Path) -> Path:
    path.write_bytes(b"")
    return path


def blank_scan(path: Path, pages: int = 1) -> Path:
    """A scanned PDF of blank paper (a little grey, as a scanner sees white)."""
    return image_pdf(path, [Image.new("L", (1275, 1650), 250)] * pages)


def binder_scan(path: Path, pages: int = 300) -> Path:
    """A scan of a whole binder: ``pages`` pages of one printed form (the PDF holds the
    image once, so the file stays small)."""
    return image_pdf(path, [form_image()] * pages)


def skewed_scan(path: Path, degrees: float = 10.0) -> Path:
    """A form fed into the scanner askew by ``degrees``."""
    return image_pdf(path, [form_image(skew=degrees)])


def upside_down_scan(path: Path) -> Path:
    return image_pdf(path, [form_image(turn=180)])


def sideways_photo(path: Path) -> Path:
    form_image(turn=90).convert("RGB").save(path, "JPEG", quality=85)
    return path


def _png_header(width: int, height: int) -> bytes:
    return b"\x89PNG\r\n\x1a\n" + _png_chunk(
        b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    )


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    checksum = zlib.crc32(kind + data)
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", checksum)
