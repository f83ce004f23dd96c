"""Imports point one way: an app may import the apps below it, never one above it.

core ← municipalities ← accounts ← courses ← enrollment ← introduction ← followup ← reports. Where a lower app must
tell a higher one it uses a signal or a hook registry instead (see README, "Layout").
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
LAYERS = [
    "core",
    "municipalities",
    "accounts",
    "courses",
    "enrollment",
    "introduction",
    "followup",
    "reports",
]


def imported_apps(path):
    """The project apps a module imports, with the line of each import."""
    tree = ast.parse(path.read_text(), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            app = name.split(".")[0]
            if app in LAYERS:
                yield app, node.lineno


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_imports_only_the_apps_below_it(app):
    allowed = set(LAYERS[: LAYERS.index(app) + 1])
    modules = sorted((ROOT / app).rglob("*.py"))
    assert modules, f"{app} has no modules"
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {imported}"
        for path in modules
        for imported, line in imported_apps(path)
        if imported not in allowed
    ]
    assert wrong == []


def test_the_check_sees_every_form_of_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "import reports.selectors\nfrom followup import hooks\nfrom .x import y\n"
        "def f():\n    from enrollment.models import Enrollment\n"
    )
    assert sorted(imported_apps(module)) == [("enrollment", 5), ("followup", 2), ("reports", 1)]
