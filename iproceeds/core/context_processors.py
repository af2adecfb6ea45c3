"""Template context shared by every page."""

from django.conf import settings
from django.http import HttpRequest


def platform(request: HttpRequest) -> dict[str, object]:
    """Expose the demo flag and the language list to the base layout."""
    return {"DEMO_MODE": settings.DEMO_MODE, "PLATFORM_NAME": "iproceeds"}
