"""Which characters the document faces can print, read from the font files themselves.

settings.DOCUMENT_FONTS names families per role; fontconfig resolves each family to the files
installed under that name (a licensed 仿宋_GB2312 an office installed, the prepared CNAS Serif SC,
the Noto collections); fontTools reads each file's cmap. A character none of them maps would
print as a missing-glyph box (or in whatever system face fontconfig falls back to), so the
typed-text validators (cnas_minutes.validators) refuse it before it is stored.
"""

import functools
import subprocess

from django.conf import settings


def _pattern(family: str) -> str:
    # fontconfig's pattern syntax gives '-' (size), ':' and ',' a meaning: escape them.
    for special in "\\-:,":
        family = family.replace(special, "\\" + special)
    return family


def family_files(family: str) -> list[tuple[str, int]]:
    """(file, face index) of every installed face of `family`; none when it is not installed
    (fc-list matches the family's own names only, unlike fc-match, which always substitutes)."""
    try:
        out = subprocess.run(
            ["fc-list", "--format", "%{file}|%{index}\n", _pattern(family)],
            capture_output=True,
            text=True,
            check=True,
            timeout=30,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    files = []
    for line in out.splitlines():
        path, _, index = line.rpartition("|")
        if path:
            files.append((path, int(index or 0)))
    return sorted(set(files))


@functools.cache
def _file_code_points(path: str, index: int) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(path, fontNumber=index, lazy=True) as font:
        return frozenset(font.getBestCmap() or ())


@functools.cache
def _coverage(families: tuple[str, ...]) -> frozenset[int]:
    points: set[int] = set()
    for family in families:
        for path, index in family_files(family):
            points |= _file_code_points(path, index)
    return frozenset(points)


def document_code_points() -> frozenset[int]:
    """Every code point some face of settings.DOCUMENT_FONTS maps to a glyph (computed once per
    process for a given setting)."""
    families = dict.fromkeys(family for role in settings.DOCUMENT_FONTS.values() for family in role)
    return _coverage(tuple(families))
