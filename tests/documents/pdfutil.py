"""Reading what a rendered PDF says and where it puts it."""

import io
import re
from pathlib import Path

import pdfplumber

MM = 25.4 / 72
LINE = 225 / 22  # the 22-line grid of the type area, mm
SEED = (
    Path(__file__).resolve().parents[1] / "fixtures" / "seed_package.txt"
)  # = shared/seed/000_c9de0890fcbccce7.txt


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def pdf_text(data: bytes, *, max_size: float | None = None) -> str:
    """All text, whitespace and page numbers (— N —) removed; with `max_size`, characters
    larger than that (a draft's diagonal 草稿 mark) are left out."""

    def keep(obj) -> bool:
        return max_size is None or obj.get("object_type") != "char" or obj["size"] <= max_size

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = [squash(page.filter(keep).extract_text() or "") for page in pdf.pages]
    return "".join(re.sub(r"—\d+—$", "", page) for page in pages)


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[。：；])", squash(text)) if s]


def missing_in_order(expected: list[str], text: str) -> list[str]:
    """The expected pieces not found in text after the previous one."""
    missing, position = [], 0
    for piece in expected:
        found = text.find(piece, position)
        if found < 0:
            missing.append(piece)
        else:
            position = found + len(piece)
    return missing


def em_top(char: dict, page_height: float) -> float:
    """Top of the ideographic em box (ascent 0.88 em) from the baseline, mm from the page top."""
    return (page_height - char["matrix"][5]) * MM - 0.88 * char["size"] * MM


def em_bottom(char: dict, page_height: float) -> float:
    return em_top(char, page_height) + char["size"] * MM


def open_pdf(data: bytes):
    return pdfplumber.open(io.BytesIO(data))


def pdf_text_unmarked(data: bytes) -> str:
    """pdf_text of a draft without its diagonal 草稿 / 未签发 mark (large, rotated letters laid over
    the text, which an extraction would interleave with it)."""

    def kept(obj) -> bool:
        return obj.get("object_type") != "char" or (obj.get("upright", True) and obj.get("size", 0) < 40)

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        pages = [squash(page.filter(kept).extract_text() or "") for page in pdf.pages]
    return "".join(re.sub(r"—\d+—$", "", page) for page in pages)
