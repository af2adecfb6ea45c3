"""The seven catalogues are complete and match the strings in the code."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib  # type: ignore[import-untyped]
import pytest

ROOT = Path(__file__).resolve().parents[3]
LOCALES = ["fr", "sq", "sr_Latn", "sr", "mk", "bs", "tr"]
IGNORE = [".venv/*", "node_modules/*", "moneytrace/*", "benchmarks/*", "e2e/*", "var/*"]


def _catalogue(locale_dir: Path, locale: str) -> polib.POFile:
    return polib.pofile(str(locale_dir / locale / "LC_MESSAGES" / "django.po"))


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory):
    """Run makemessages in a scratch copy of the project, so the real catalogues stay untouched.

    makemessages writes to the nearest `locale/` above each source file, so pointing LOCALE_PATHS
    elsewhere is not enough: the sources themselves are copied.
    """
    scratch = tmp_path_factory.mktemp("project")
    for name in ("config", "iproceeds", "locale"):
        shutil.copytree(ROOT / name, scratch / name, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    shutil.copy(ROOT / "manage.py", scratch / "manage.py")
    env = {**os.environ, "DJANGO_DEBUG": "1"}
    args = [sys.executable, "manage.py", "makemessages", "--no-obsolete", "--no-location"]
    args += [f"--locale={code}" for code in LOCALES] + [f"--ignore={pattern}" for pattern in IGNORE]
    subprocess.run(args, cwd=scratch, env=env, check=True, capture_output=True)
    return scratch / "locale"


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_is_not_stale(locale, fresh_catalogues):
    # given the strings the code uses now
    wanted = {(e.msgctxt, e.msgid) for e in _catalogue(fresh_catalogues, locale)}
    # then the committed catalogue has exactly those (run `make messages` to refresh it)
    committed = {(e.msgctxt, e.msgid) for e in _catalogue(ROOT / "locale", locale) if not e.obsolete}
    assert sorted(wanted - committed, key=str) == []
    assert sorted(committed - wanted, key=str) == []


@pytest.mark.parametrize("locale", LOCALES)
def test_catalogue_is_fully_translated(locale):
    catalogue = _catalogue(ROOT / "locale", locale)
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert (untranslated, fuzzy) == ([], [])


@pytest.mark.parametrize("locale", LOCALES)
def test_placeholders_survive_translation(locale):
    # a translation that drops or renames a %(name)s or {{ name }} placeholder breaks the page
    problems = []
    for entry in _catalogue(ROOT / "locale", locale).translated_entries():
        for source, translated in _pairs(entry):
            if _placeholders(source) != _placeholders(translated):
                problems.append(entry.msgid)
    assert problems == []


def _pairs(entry: polib.POEntry) -> list[tuple[str, str]]:
    if entry.msgid_plural:
        return [(entry.msgid_plural, text) for text in entry.msgstr_plural.values()]
    return [(entry.msgid, entry.msgstr)]


def _placeholders(text: str) -> list[str]:
    import re

    return sorted(re.findall(r"%\(\w+\)[sdf]|\{\{?\s*\w+\s*\}?\}|%[sd]", text))
