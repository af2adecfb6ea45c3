"""The cooperation models: the catalogue (data) and the requests built from it."""

from iproceeds.cooperation.models.catalogue import Field, RequestType, Section, Timer

__all__ = ["Field", "RequestType", "Section", "Timer"]
