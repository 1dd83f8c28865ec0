"""The document faces: Fandol 仿宋 / 黑体 / 楷体 installed from Debian's package, used by role,
with a per-character fallback to the Noto serif for what GB 2312 lacks."""

import io
import os
import subprocess
from collections import defaultdict

import pytest
from django.core.management import CommandError, call_command

from documents.management.commands import prepare_fonts
from documents.management.commands.prepare_fonts import (
    FANDOL_DOCS,
    FANDOL_FACES,
    FANDOL_LICENCE,
    FANDOL_SOURCE,
    FANDOL_STAMP,
    RECIPE,
    install_fandol,
)
from meetings.models import Meeting
from minutes.document import render_minutes_pdf
from people.models import Person

from .pdfutil import MM, open_pdf, pdf_text
from .test_rendering import _cmap

VERSION = "2022.20230122-1"


def _font(char: dict) -> str:
    return char["fontname"].split("+", 1)[-1]


def _in_gb2312(text: str) -> bool:
    try:
        text.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _fake_package(tmp_path, *, faces=FANDOL_FACES, version=VERSION):
    """A texlive-lang-chinese .deb built with dpkg-deb: the wanted faces (placeholder bytes),
    faces and files the documents do not use, the licence."""
    root = tmp_path / "package"
    (root / "DEBIAN").mkdir(parents=True)
    (root / "DEBIAN" / "control").write_text(
        f"Package: texlive-lang-chinese\nVersion: {version}\nArchitecture: all\n"
        "Maintainer: Test <test@example.org>\nDescription: test package\n"
    )
    fonts = root / FANDOL_SOURCE
    fonts.mkdir(parents=True)
    for name in [*faces, "FandolSong-Regular.otf", "FandolBraille-Regular.otf"]:
        (fonts / name).write_bytes(b"OTTO" + name.encode())
    docs = root / FANDOL_DOCS
    docs.mkdir(parents=True)
    for name in FANDOL_LICENCE:
        (docs / name).write_text(f"{name}: GPL with font exception")
    other = root / "usr/share/texlive/texmf-dist/tex/latex/ctex"
    other.mkdir(parents=True)
    (other / "ctex.sty").write_text("%")
    deb = tmp_path / f"texlive-lang-chinese_{version}_all.deb"
    subprocess.run(
        ["dpkg-deb", "-Zgzip", "--root-owner-group", "-b", str(root), str(deb)],
        check=True,
        capture_output=True,
    )
    return deb


def _fake_apt_get(tmp_path, monkeypatch, deb=None, *, offline=False):
    """An apt-get on PATH that logs its arguments; `download` fails until `update` ran, as on a
    fresh machine without package lists, then copies deb (when given) into the directory;
    `update` fails when offline."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "apt.log"
    script = bin_dir / "apt-get"
    script.write_text(
        "#!/bin/sh\n"
        f'echo "$*" >> {log}\n'
        'case "$1" in\n'
        + (
            "  update) echo 'E: Failed to fetch http://deb.debian.org' >&2; exit 100 ;;\n"
            if offline
            else f"  update) touch {tmp_path}/updated ;;\n"
        )
        + f"  download) [ -e {tmp_path}/updated ] || {{ echo 'E: Unable to locate' >&2; exit 100; }}\n"
        + (f"    cp {deb} . ;;\n" if deb else "    echo 'E: Unable to locate package' >&2; exit 100 ;;\n")
        + "esac\n"
    )
    script.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(prepare_fonts.os, "geteuid", lambda: 0)  # as `make run` runs: root
    return log


def _state(directory):
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in directory.iterdir()}


def test_only_the_faces_in_use_and_their_licence_are_extracted_once(tmp_path):
    deb = _fake_package(tmp_path)
    target = tmp_path / "fonts" / "fandol"
    assert install_fandol(target, deb) == VERSION
    assert sorted(p.name for p in target.iterdir()) == sorted([*FANDOL_FACES, *FANDOL_LICENCE, FANDOL_STAMP])
    assert (target / "FandolFang-Regular.otf").read_bytes() == b"OTTOFandolFang-Regular.otf"
    assert (target / FANDOL_STAMP).read_text() == f"texlive-lang-chinese {VERSION}\n"
    before = _state(target)
    # Again: a no-op, nothing rewritten.
    assert install_fandol(target, deb) is None
    assert _state(target) == before
    # A face gone (deleted by hand): installed again.
    (target / "FandolKai-Regular.otf").unlink()
    assert install_fandol(target, deb) == VERSION
    assert (target / "FandolKai-Regular.otf").exists()


def test_a_package_without_the_faces_is_refused_and_nothing_is_stamped(tmp_path):
    deb = _fake_package(tmp_path, faces=FANDOL_FACES[:1])
    target = tmp_path / "fandol"
    with pytest.raises(CommandError, match="FandolHei-Regular.otf"):
        install_fandol(target, deb)
    assert not (target / FANDOL_STAMP).exists()


def test_the_package_is_downloaded_after_updating_missing_package_lists(tmp_path, monkeypatch):
    deb = _fake_package(tmp_path)
    log = _fake_apt_get(tmp_path, monkeypatch, deb)
    target = tmp_path / "fandol"
    assert install_fandol(target, system_root=tmp_path / "no-texlive") == VERSION
    assert log.read_text().splitlines() == [
        "download -q texlive-lang-chinese",
        "update -qq",
        "download -q texlive-lang-chinese",
    ]
    assert all((target / name).exists() for name in FANDOL_FACES)
    assert install_fandol(target, system_root=tmp_path / "no-texlive") is None  # no second download
    assert len(log.read_text().splitlines()) == 3


def test_a_package_that_cannot_be_downloaded_stops_with_a_message(tmp_path, monkeypatch):
    _fake_apt_get(tmp_path, monkeypatch)
    with pytest.raises(CommandError, match="无法下载 texlive-lang-chinese"):
        install_fandol(tmp_path / "fandol", system_root=tmp_path / "no-texlive")
    assert not (tmp_path / "fandol" / FANDOL_STAMP).exists()


def test_a_machine_that_cannot_update_its_package_lists_stops_with_a_message(tmp_path, monkeypatch):
    log = _fake_apt_get(tmp_path, monkeypatch, _fake_package(tmp_path), offline=True)
    with pytest.raises(CommandError, match="apt-get update.*Failed to fetch"):
        install_fandol(tmp_path / "fandol", system_root=tmp_path / "no-texlive")
    assert log.read_text().splitlines() == ["download -q texlive-lang-chinese", "update -qq"]
    assert not (tmp_path / "fandol" / FANDOL_STAMP).exists()


def test_an_installed_texlive_is_copied_from_without_downloading(tmp_path, monkeypatch):
    log = _fake_apt_get(tmp_path, monkeypatch)
    system = tmp_path / "system"
    (system / FANDOL_SOURCE).mkdir(parents=True)
    for name in FANDOL_FACES:
        (system / FANDOL_SOURCE / name).write_bytes(name.encode())
    target = tmp_path / "fandol"
    assert install_fandol(target, system_root=system)
    assert (target / "FandolHei-Bold.otf").read_bytes() == b"FandolHei-Bold.otf"
    assert not log.exists()


def test_the_command_installs_from_a_local_package_then_does_nothing(settings, tmp_path):
    settings.PREPARED_FONT_DIR = tmp_path / "fonts"
    (tmp_path / "fonts").mkdir()
    (tmp_path / "fonts" / f".recipe-{RECIPE}").touch()  # the serif is prepared: not part of this test
    deb = _fake_package(tmp_path)
    out = io.StringIO()
    call_command("prepare_fonts", fandol_deb=deb, stdout=out)
    assert f"Fandol 字体（texlive-lang-chinese {VERSION}）已安装" in out.getvalue()
    installed = _state(tmp_path / "fonts" / "fandol")
    out = io.StringIO()
    call_command("prepare_fonts", stdout=out)
    assert "Fandol" not in out.getvalue()
    assert _state(tmp_path / "fonts" / "fandol") == installed
    with pytest.raises(CommandError, match="找不到"):
        call_command("prepare_fonts", fandol_deb=tmp_path / "missing.deb", stdout=io.StringIO())


def _installed_families() -> set[str]:
    out = subprocess.check_output(["fc-list", "--format", "%{family}\n"], text=True)
    return {name for line in out.splitlines() for name in line.split(",")}


def test_fandol_is_the_first_installed_face_of_body_heiti_and_kaiti(settings):
    """`make test` installed Fandol (prepare_fonts); no licensed face is on the test machine."""
    installed = _installed_families()
    first = {
        role: next(f for f in settings.DOCUMENT_FONTS[role] if f in installed)
        for role in ("body", "heiti", "kaiti")
    }
    assert first == {"body": "FandolFang", "heiti": "FandolHei", "kaiti": "FandolKai"}
    for role in ("body", "heiti", "kaiti"):  # licensed faces stay first
        assert settings.DOCUMENT_FONTS[role].index(first[role]) >= 3


def _chars_by_font(data: bytes) -> dict[str, list[dict]]:
    fonts = defaultdict(list)
    with open_pdf(data) as pdf:
        for page in pdf.pages:
            for char in page.chars:
                if char["top"] * MM < 262.5:  # not the page numbers (宋体 by GB/T 9704)
                    fonts[_font(char)].append(char)
    return fonts


@pytest.mark.django_db
def test_the_body_is_set_in_fandol_fang(package_pdf):
    fonts = _chars_by_font(package_pdf)
    body = [c for c in fonts["FandolFang"] if round(c["size"]) == 16]
    assert len(body) > 2000
    assert "会议分为两个阶段" in "".join(c["text"] for c in body)
    # Every character of the body and the 版记 that GB 2312 has is FandolFang; only the name
    # character outside it (杜旻) comes from the serif that follows in the list.
    for font, chars in fonts.items():
        if font in ("FandolFang", "CNAS-Serif-SC-Bold"):
            continue
        assert {c["text"] for c in chars} == {"旻"}, font
        assert not any(_in_gb2312(c["text"]) for c in chars)
    # Title and mark keep the bold serif (no free 小标宋).
    assert {round(c["size"]) for c in fonts["CNAS-Serif-SC-Bold"]} >= {22}


@pytest.mark.django_db
def test_name_characters_outside_gb2312_print_from_the_next_face(seed_meeting):
    Person.objects.filter(name="马坚").update(name="马堃𠮷")
    data = render_minutes_pdf(Meeting.objects.get(pk=seed_meeting.pk))
    assert "杜旻、马堃𠮷、杨学桐" in pdf_text(data)
    fonts = _chars_by_font(data)
    by_char = {c["text"]: font for font, chars in fonts.items() for c in chars}
    assert by_char["马"] == "FandolFang"
    assert by_char["堃"] == "CNAS-Serif-SC"  # basic CJK block, not GB 2312: the prepared serif
    assert by_char["𠮷"] == "Noto-Serif-CJK-SC"  # extension B: the full Noto face
    assert ord("堃") in _cmap("CNAS Serif SC") and ord("𠮷") in _cmap("Noto Serif CJK SC")
    assert not {ord("堃"), ord("𠮷")} & _cmap("FandolFang")
