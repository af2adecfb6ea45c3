"""The start-up warm-up: what a worker's first pages would otherwise build, built before the fork."""

from pathlib import Path

from django.conf import settings
from django.urls import URLResolver, reverse
from django.utils import translation

from iproceeds.core.warmup import namespaces, project_template_names, warm_up

ROOT = Path(__file__).resolve().parents[2]


def test_warm_up_compiles_every_project_template_and_reads_nothing():
    # given the project's templates, counted here by their files, and no database access for this
    # test (pytest-django makes any query raise): the warm-up runs before the server forks
    files = [p for p in ROOT.glob("**/templates/**/*") if p.suffix in (".html", ".txt", ".ics")]
    # when the application warms up
    compiled = warm_up()
    # then every template was compiled, and no query was made
    assert compiled == project_template_names()
    assert len(compiled) == len(files)
    assert {"base.html", "cooperation/request_detail.html", "cooperation/includes/pdf_link.html"} <= set(
        compiled
    )


def test_after_warm_up_no_language_builds_a_reverse_lookup(monkeypatch):
    # given a warmed-up application
    warm_up()
    built: list[str] = []
    original = URLResolver._populate

    def counting(self):
        built.append(translation.get_language())
        original(self)

    monkeypatch.setattr(URLResolver, "_populate", counting)
    # when every language reverses names of the root and of nested namespaces
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            reverse("core:home")
            reverse("cooperation:inbox")
            reverse("cooperation_api:request_list")
            reverse("api:me")
    # then nothing was built on the way
    assert built == []


def test_namespaces_are_listed_nested():
    from django.urls import get_resolver

    found = set(namespaces(get_resolver()))
    assert {"core", "cooperation", "api", "cooperation_api"} <= found
