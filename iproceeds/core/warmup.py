"""Load at start-up what Django otherwise loads on the first request of each worker process."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.template.loader import get_template
from django.urls import NoReverseMatch, URLResolver, get_resolver, reverse
from django.utils import translation

TEMPLATE_SUFFIXES = (".html", ".txt", ".ics")


def project_template_names() -> list[str]:
    """The names of the project's own templates (its templates folder and every app's)."""
    root = Path(settings.BASE_DIR) / "iproceeds"
    folders = [root / "templates", *sorted(root.glob("*/templates"))]
    return sorted(
        path.relative_to(folder).as_posix()
        for folder in folders
        for path in folder.rglob("*")
        if path.suffix in TEMPLATE_SUFFIXES
    )


def namespaces(resolver: URLResolver, prefix: str = "") -> Iterator[str]:
    """Every URL namespace under a resolver, nested ones as "outer:inner"."""
    for name, (_pattern, included) in resolver.namespace_dict.items():
        yield prefix + name
        yield from namespaces(included, f"{prefix}{name}:")


def populate_reverse_lookups(resolver: URLResolver) -> None:
    """Build the URL reverse lookups of the active language: the root's and each namespace's."""
    resolver.reverse_dict  # noqa: B018 - the property builds the root's
    for namespace in namespaces(resolver):
        # reverse() builds (and keeps) the namespace's lookup before it looks for the name, which
        # deliberately names nothing
        with contextlib.suppress(NoReverseMatch):
            reverse(f"{namespace}:-warm-up-")


def warm_up() -> list[str]:
    """Import every URLconf and view, load every language's catalogue and URL reverse lookup, and
    compile the templates.

    Called once in the server's master process before it forks its workers (gunicorn --preload), so
    that no worker's first request pays seconds of imports (the money-tracing engine and its
    libraries) and every worker shares these pages of memory. Reads nothing from the database.
    Returns the names of the templates compiled.
    """
    for model in apps.get_models():
        model._meta.get_fields()  # and the field maps the ORM builds on first use
    resolver = get_resolver()
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Inbox")
            # Django keeps one reverse lookup per language: a worker's first page in a language
            # otherwise spends a third of a second building it
            populate_reverse_lookups(resolver)
    names = project_template_names()
    for name in names:
        get_template(name)
    return names
