"""Page-number pagination with a bounded, validated page size."""

from typing import Any

from django.core.paginator import InvalidPage
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from rest_framework import pagination
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.request import Request

MAX_PAGE_SIZE = 200


def _positive_int(request: Request, name: str, maximum: int | None = None) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    if not raw.isdigit() or int(raw) < 1:
        raise ValidationError({name: [_("Enter a whole number of 1 or more.")]})
    if maximum is not None and int(raw) > maximum:
        raise ValidationError({name: [_("Enter a number no larger than %(max)d.") % {"max": maximum}]})
    return int(raw)


class PageNumberPagination(pagination.PageNumberPagination):
    """`?page=N&page_size=M`; a malformed value is a 400 naming the parameter, a page past the end a 404."""

    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE

    def paginate_queryset(self, queryset: QuerySet[Any], request: Request, view: Any = None) -> list[Any]:  # type: ignore[override]
        """Validate both parameters before paging, so bad input is refused instead of ignored."""
        size = _positive_int(request, self.page_size_query_param, self.max_page_size) or self.page_size or 50
        number = _positive_int(request, self.page_query_param) or 1
        paginator = self.django_paginator_class(queryset, size)
        try:
            self.page = paginator.page(number)
        except InvalidPage as exc:
            raise NotFound(_("That page does not exist.")) from exc
        self.request = request
        return list(self.page)
