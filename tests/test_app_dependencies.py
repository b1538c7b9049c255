"""The apps follow the guideline's stages and depend one way (README, "What each app holds"):
reporting → development → matching → cardholders → welfare_portal. No module of an app imports an app to its left,
deferred imports inside functions included."""

import ast
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)
ORDER = ["welfare_portal", "cardholders", "matching", "development", "reporting"]


def _imported_apps(path: Path) -> set[str]:
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            names.add(".".join(part for part in (base, node.module) if part))
        elif isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
    return {name.split(".")[0] for name in names}


def test_it_imports_no_app_from_a_later_stage():
    wrong = []
    for position, app in enumerate(ORDER):
        later = set(ORDER[position + 1 :])
        for path in sorted((ROOT / app).rglob("*.py")):
            wrong += [f"{path.relative_to(ROOT)} imports {name}" for name in sorted(_imported_apps(path) & later)]
    assert wrong == []
