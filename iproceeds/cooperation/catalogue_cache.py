"""A request type's sections, fields and timers, read once per process and catalogue version.

Every request page, form, validation and deadline reads its type's catalogue; it changes only when
the catalogue is loaded or a timer value is changed, and both give the type a new
``catalogue_version`` (services.catalogue.catalogue_touch). The version is read with the type itself,
so a worker never serves a catalogue older than the type row it was given. The rows kept here are
shared by every request of the process: read them, never change them.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from django.db.models import Prefetch

from iproceeds.cooperation.models import Field, RequestType, Section, Timer


@dataclass(frozen=True)
class TypeCatalogue:
    """One version of a type's catalogue: sections in template order with their fields, and timers."""

    sections: tuple[tuple[Section, tuple[Field, ...]], ...]
    timers: tuple[Timer, ...]


# type id -> (version, catalogue): one version per type, the newest read replacing an older one
_KEPT: dict[int, tuple[UUID, TypeCatalogue]] = {}


def _read(request_type: RequestType) -> TypeCatalogue:
    # the fields in their Meta order within a section, without that ordering's joins
    fields = Prefetch("fields", queryset=Field.objects.order_by("section_id", "order"))
    sections = Section.objects.filter(request_type=request_type).prefetch_related(fields).order_by("order")
    timers = Timer.objects.filter(request_type=request_type).order_by("key")
    return TypeCatalogue(
        sections=tuple((section, tuple(section.fields.all())) for section in sections),
        timers=tuple(timers),
    )


def type_catalogue(request_type: RequestType) -> TypeCatalogue:
    """The catalogue of the type's version: three queries the first time in a process, none after."""
    kept = _KEPT.get(request_type.pk)
    if kept is not None and kept[0] == request_type.catalogue_version:
        return kept[1]
    found = _read(request_type)
    _KEPT[request_type.pk] = (request_type.catalogue_version, found)  # one assignment: thread-safe
    return found
