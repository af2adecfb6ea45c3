"""The cooperation models: the catalogue (data) and the requests built from it."""

from iproceeds.cooperation.models.catalogue import Field, RequestType, Section, Timer
from iproceeds.cooperation.models.lifecycle import Transition
from iproceeds.cooperation.models.request import CooperationRequest

__all__ = ["CooperationRequest", "Field", "RequestType", "Section", "Timer", "Transition"]
