"""The apps' imports point one way, bottom up (docs/architecture.md)."""

import ast
from pathlib import Path

from django.conf import settings

# Layer of each app; a module may import its own app and apps of a lower layer only. Apps on
# one layer (attendees, resolutions) do not import each other.
LAYERS = {
    "documents": 0,  # the PDF engine
    "people": 1,
    "meetings": 2,
    "attendees": 3,
    "resolutions": 3,
    "minutes": 4,
    "notices": 5,
    "circulation": 6,
    "archive": 7,
    "registers": 8,
    "dashboard": 9,
    "demo": 9,
}
# The project package: its shared form and spreadsheet helpers sit at the bottom, its URLs and
# settings on top.
PROJECT_BOTTOM = {"cnas_minutes.forms", "cnas_minutes.spreadsheets", "cnas_minutes.validators"}
ROOT = Path(settings.BASE_DIR)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def _layer_of(module: str) -> int | None:
    top = module.split(".")[0]
    if top == "cnas_minutes":
        return -1 if module in PROJECT_BOTTOM else 99
    return LAYERS.get(top)


def upward_imports() -> list[str]:
    problems = []
    for app, layer in LAYERS.items():
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            for line, module in _imports(path):
                target = module.split(".")[0]
                target_layer = _layer_of(module)
                if target_layer is None or target == app:
                    continue
                if target_layer >= layer:
                    problems.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    return problems


def test_every_app_has_a_layer():
    project_apps = {
        name.split(".")[0] for name in settings.INSTALLED_APPS if (ROOT / name.split(".")[0]).is_dir()
    }
    # The project package is an app too (request-wide behaviour: idle sessions); it is the
    # roof, see _layer_of.
    assert project_apps - {"cnas_minutes"} == set(LAYERS)


def test_imports_point_down_only():
    assert upward_imports() == []


def test_the_check_finds_an_upward_import(tmp_path, monkeypatch):
    # The walker itself: a module of `people` that imports `meetings` is reported.
    (tmp_path / "people").mkdir()
    (tmp_path / "people" / "bad.py").write_text("from meetings.models import Meeting\n")
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    assert upward_imports() == ["people/bad.py:1 imports meetings.models"]


def test_the_document_engine_knows_no_domain():
    engine = [m for p in (ROOT / "documents").rglob("*.py") for _, m in _imports(p)]
    assert not [m for m in engine if m.split(".")[0] in set(LAYERS) - {"documents"}]
