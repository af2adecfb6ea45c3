"""Errors raised by services; views and the API turn them into messages and status codes."""

from django.core.exceptions import PermissionDenied, ValidationError

__all__ = ["PermissionDenied", "ValidationError"]
