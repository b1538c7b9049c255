"""The contracts in docs/ say what the code does: each file kind's column table is its importer's columns,
and each command page names exactly the command's options."""

import os
import re
from pathlib import Path

import pytest
from django.core.management import get_commands, load_command_class

from cardholders.importers import IMPORTERS

DOCS = Path(__file__).resolve().parent.parent / "docs"
FILE_PAGES = {
    "roster": "roster.md",
    "interviews": "interviews.md",
    "progress": "progress.md",
    "delegated": "delegated.md",
}
COMMAND_PAGES = {
    "import_roster": "roster.md",
    "import_interviews": "interviews.md",
    "import_progress": "progress.md",
    "check_names": "check_names.md",
    "report": "report.md",
    "run_matching": "run_matching.md",
    "create_account": "create_account.md",
    "create_province_accounts": "create_province_accounts.md",
}


def column_table(text: str) -> dict[str, bool]:
    """The first table headed `| column | required | takes |`: Thai column name → required."""
    lines = text.split("| column | required | takes |", 1)[1].splitlines()[2:]
    rows = [
        line.strip("|").split("|") for line in lines[: next(i for i, x in enumerate(lines) if not x.startswith("|"))]
    ]
    return {cells[0].strip(): cells[1].strip() == "*" for cells in rows}


@pytest.mark.parametrize("kind", sorted(FILE_PAGES))
def test_a_file_kinds_page_lists_its_importers_columns(kind):
    documented = column_table((DOCS / FILE_PAGES[kind]).read_text(encoding="utf-8"))
    assert documented == {name: required for name, (_, required) in IMPORTERS[kind].columns.items()}


def test_every_file_kind_has_a_page():
    assert set(IMPORTERS) == set(FILE_PAGES)


@pytest.mark.parametrize("command", sorted(COMMAND_PAGES))
def test_a_commands_page_names_its_options(command):
    parser = load_command_class(get_commands()[command], command).create_parser("manage.py", command)
    options = {o for action in parser._actions for o in action.option_strings if o.startswith("--")}
    ours = options - {
        "--version",
        "--verbosity",
        "--settings",
        "--pythonpath",
        "--traceback",
        "--no-color",
        "--force-color",
        "--skip-checks",
        "--help",
    }
    text = (DOCS / COMMAND_PAGES[command]).read_text(encoding="utf-8")
    usage = re.search(rf"manage\.py {command}\b[^`\n]*(?:\n[^`\n]+)*", text)
    assert usage is not None, command
    assert set(re.findall(r"--[a-z][a-z-]*", usage.group(0))) == ours


def test_every_page_is_in_the_index_and_the_readme_points_at_docs():
    index = (DOCS / "README.md").read_text(encoding="utf-8")
    for page in DOCS.glob("*.md"):
        if page.name != "README.md":
            assert f"]({page.name})" in index, page.name
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    assert "SPEC" not in readme and "docs/README.md" in readme


def test_the_readme_says_the_session_age_the_settings_use(settings):
    if "SESSION_COOKIE_AGE" in os.environ:
        pytest.skip("set in the environment")
    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    assert f"| `SESSION_COOKIE_AGE` | {settings.SESSION_COOKIE_AGE} (" in readme
