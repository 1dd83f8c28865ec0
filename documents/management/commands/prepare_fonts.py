"""Prepare the document fonts once, at install time: the Fandol faces, and a smaller serif.

GB/T 9704 sets the body in 仿宋, headings in 黑体 and 楷体. The free simplified-Chinese faces for
these roles are Fandol's (FandolFang, FandolHei, FandolKai; GPL with the font exception), which
Debian ships only inside texlive-lang-chinese (49 MB, pulling in TeX Live). This command fetches
that package with `apt-get download` (or takes a local .deb: --fandol-deb), extracts only the
faces the documents use into FANDOL_DIR_NAME below the app's font directory, and records the
package version in a stamp file: running it again is a no-op. An installed texlive-lang-chinese
is copied from instead of downloading.

The Debian Noto Serif CJK collection holds five regional faces of 65,000 glyphs each; every
PDF subsets the Simplified Chinese face out of it again. This command extracts that face once,
keeps GB 2312, the basic CJK block, ASCII and the punctuation blocks (what official documents
use), and installs the result as the family PREPARED_FAMILY in the user's fontconfig directory.
DOCUMENT_FONTS lists that family before the full collection, so a character outside it (an
extension-block name character) still comes from the full face: nothing can go missing, and
nothing changes for an office that installed licensed fonts (they come first).
"""

import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

PREPARED_FAMILY = "CNAS Serif SC"
SOURCE_DIR = Path("/usr/share/fonts/opentype/noto")
WEIGHTS = ["Regular", "Bold"]
RECIPE = "2"  # bump when the recipe below changes, to rebuild installed fonts

FANDOL_PACKAGE = "texlive-lang-chinese"
FANDOL_DIR_NAME = "fandol"
FANDOL_SOURCE = "usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"
FANDOL_DOCS = "usr/share/doc/texlive-doc/fonts/fandol"
# The faces the documents use (DOCUMENT_FONTS), and the licence that comes with them.
FANDOL_FACES = (
    "FandolFang-Regular.otf",
    "FandolHei-Regular.otf",
    "FandolHei-Bold.otf",
    "FandolKai-Regular.otf",
)
FANDOL_LICENCE = ("README", "COPYING.gz")
FANDOL_STAMP = ".installed"


def _wanted() -> dict[str, str]:
    """Paths inside the package → file names in the font directory."""
    wanted = {f"{FANDOL_SOURCE}/{name}": name for name in FANDOL_FACES}
    wanted.update({f"{FANDOL_DOCS}/{name}": name for name in FANDOL_LICENCE})
    return wanted


def _as_root(command: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return command
    if shutil.which("sudo"):
        return ["sudo", *command]
    raise CommandError(f"需要管理员权限运行：{' '.join(command)}（请以 root 运行 make，或安装 sudo）。")


def _download(directory: Path) -> Path:
    """`apt-get download` the package into directory; on a machine whose package lists are
    missing or stale (a fresh container), update them once and try again."""
    command = ["apt-get", "download", "-q", FANDOL_PACKAGE]
    result = subprocess.run(command, cwd=directory, capture_output=True, text=True)
    if result.returncode != 0:
        update = subprocess.run(_as_root(["apt-get", "update", "-qq"]), capture_output=True, text=True)
        if update.returncode != 0:
            raise CommandError(f"无法更新软件包列表（apt-get update）：{update.stderr.strip()[-500:]}")
        result = subprocess.run(command, cwd=directory, capture_output=True, text=True)
    debs = sorted(directory.glob(f"{FANDOL_PACKAGE}_*.deb"))
    if result.returncode != 0 or not debs:
        raise CommandError(f"无法下载 {FANDOL_PACKAGE}：{(result.stderr or result.stdout).strip()[-500:]}")
    return debs[0]


def _extract(deb: Path, target: Path) -> None:
    """Copy only the wanted files out of the package's data archive, each written atomically."""
    wanted = _wanted()
    found = set()
    command = ["dpkg-deb", "--fsys-tarfile", str(deb)]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        try:
            with tarfile.open(fileobj=proc.stdout, mode="r|") as archive:
                for member in archive:
                    name = wanted.get(member.name.removeprefix("./"))
                    if name is None or not member.isfile():
                        continue
                    partial = target / f".{name}.part"
                    with archive.extractfile(member) as source, partial.open("wb") as out:
                        shutil.copyfileobj(source, out)
                    partial.replace(target / name)
                    found.add(name)
        except tarfile.TarError:
            pass  # dpkg-deb's own message below says why
        while proc.stdout.read(1 << 16):  # let dpkg-deb finish writing, whatever is left
            pass
        errors = proc.stderr.read().decode(errors="replace").strip()
    if proc.returncode != 0:
        raise CommandError(f"无法解开 {deb}：{errors[-300:] or f'dpkg-deb 退出码 {proc.returncode}'}")
    missing = [name for name in FANDOL_FACES if name not in found]
    if missing:
        raise CommandError(f"{deb} 中没有 {'、'.join(missing)}。")


def install_fandol(target: Path, deb: Path | None = None, system_root: Path = Path("/")) -> str | None:
    """Install the Fandol faces into target once. Returns the installed package version, or
    None when they were already there (the stamp names the version, every face is present)."""
    stamp = target / FANDOL_STAMP
    if stamp.exists() and all((target / name).exists() for name in FANDOL_FACES):
        return None
    target.mkdir(parents=True, exist_ok=True)
    installed = system_root / FANDOL_SOURCE
    if deb is None and all((installed / name).exists() for name in FANDOL_FACES):
        for source, name in _wanted().items():
            if (system_root / source).exists():
                shutil.copyfile(system_root / source, target / name)
        version = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", FANDOL_PACKAGE], capture_output=True, text=True
        ).stdout.strip()
        version = version or "installed"
    else:
        with tempfile.TemporaryDirectory(prefix="fandol-") as tmp:
            deb = deb or _download(Path(tmp))
            _extract(deb, target)
            version = subprocess.run(
                ["dpkg-deb", "-f", str(deb), "Version"], capture_output=True, text=True
            ).stdout.strip()
            version = version or "unknown"
    stamp.write_text(f"{FANDOL_PACKAGE} {version}\n")
    return version


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
    help = (
        "安装公文用的 Fandol 仿宋、黑体、楷体，并把公文宋体预先裁剪为常用字符集（安装时运行一次，约两分钟）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="即使已准备过也重新生成。")
        parser.add_argument(
            "--fandol-deb", type=Path, help=f"从本地的 {FANDOL_PACKAGE} 软件包安装 Fandol 字体，不下载。"
        )

    def handle(self, *args, force=False, fandol_deb=None, **options):
        target_dir = Path(settings.PREPARED_FONT_DIR)
        fandol_dir = target_dir / FANDOL_DIR_NAME
        if fandol_deb is not None and not fandol_deb.is_file():
            raise CommandError(f"找不到 {fandol_deb}。")
        if force or fandol_deb:
            (fandol_dir / FANDOL_STAMP).unlink(missing_ok=True)
        version = install_fandol(fandol_dir, fandol_deb)
        if version is not None:
            subprocess.run(["fc-cache", "-f", str(fandol_dir)], check=True)
            self.stdout.write(
                self.style.SUCCESS(f"Fandol 字体（{FANDOL_PACKAGE} {version}）已安装：{fandol_dir}")
            )
        self._prepare_serif(target_dir, force)

    def _prepare_serif(self, target_dir: Path, force: bool) -> None:
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
