"""Prepare the document fonts once, at install time, so each render subsets less.

The Debian Noto Serif CJK collection holds five regional faces of 65,000 glyphs each; every
PDF subsets the Simplified Chinese face out of it again. This command extracts that face once,
keeps GB 2312, the basic CJK block, ASCII and the punctuation blocks (what official documents
use), and installs the result as the family PREPARED_FAMILY in the user's fontconfig directory.
DOCUMENT_FONTS lists that family before the full collection, so a character outside it (an
extension-block name character) still comes from the full face: nothing can go missing, and
nothing changes for an office that installed licensed fonts (they come first).
"""

import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

PREPARED_FAMILY = "CNAS Serif SC"
SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")
WEIGHTS = ["Regular", "Bold"]
RECIPE = "2"  # bump when the recipe below changes, to rebuild installed fonts


def _code_points() -> set[int]:
    """GB 2312 (symbols included), the whole basic CJK block (names often need characters GB 2312
    lacks: 杜旻), ASCII, Latin-1 and the punctuation blocks."""
    chars = set()
    for high in range(0xA1, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([high, low]).decode("gb2312")))
            except UnicodeDecodeError:
                continue
    blocks = [
        (0x20, 0x7F),
        (0xA0, 0x100),
        (0x2000, 0x2070),
        (0x3000, 0x3040),
        (0x4E00, 0x9FA6),
        (0xFF00, 0xFFF0),
    ]
    for start, end in blocks:
        chars.update(range(start, end))
    return chars


def _prepare(source: Path, target: Path, weight: str, code_points: set[int]) -> None:
    from fontTools import subset
    from fontTools.ttLib import TTCollection

    collection = TTCollection(str(source))
    font = next(f for f in collection.fonts if f["name"].getDebugName(1).endswith(" SC"))
    options = subset.Options()
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=code_points)
    subsetter.subset(font)
    names = {
        1: PREPARED_FAMILY,
        16: PREPARED_FAMILY,
        4: f"{PREPARED_FAMILY} {weight}",
        6: f"{PREPARED_FAMILY.replace(' ', '')}-{weight}",
    }
    for record in font["name"].names:
        if record.nameID in names:
            record.string = names[record.nameID]
    font.save(str(target))


class Command(BaseCommand):
    help = "把公文字体预先裁剪为常用字符集并安装（安装时运行一次，约两分钟）。"

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="即使已准备过也重新生成。")

    def handle(self, *args, force=False, **options):
        target_dir = Path(settings.PREPARED_FONT_DIR)
        stamp = target_dir / f".recipe-{RECIPE}"
        if stamp.exists() and not force:
            self.stdout.write(f"公文字体已准备好：{target_dir}")
            return
        target_dir.mkdir(parents=True, exist_ok=True)
        for old in [*target_dir.glob("*.otf"), *target_dir.glob(".recipe-*")]:
            old.unlink()
        code_points = _code_points()
        for weight in WEIGHTS:
            source = SOURCE_DIR / f"NotoSerifCJK-{weight}.ttc"
            if not source.exists():
                raise CommandError(f"找不到 {source}；请先安装 fonts-noto-cjk（make run 会自动安装）。")
            target = target_dir / f"{PREPARED_FAMILY.replace(' ', '')}-{weight}.otf"
            self.stdout.write(f"正在准备 {target.name} …")
            _prepare(source, target, weight, code_points)
        subprocess.run(["fc-cache", "-f", str(target_dir)], check=True)
        stamp.touch()
        self.stdout.write(self.style.SUCCESS(f"公文字体已准备好：{target_dir}"))
