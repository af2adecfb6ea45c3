"""The cooperation models: the catalogue (data) and the requests built from it."""

from iproceeds.cooperation.models.catalogue import Field, RequestType, Section, Timer
from iproceeds.cooperation.models.conversation import Attachment, ConditionsAcceptance, Message
from iproceeds.cooperation.models.deadlines import DeadlineNotice
from iproceeds.cooperation.models.lifecycle import Transition
from iproceeds.cooperation.models.request import CooperationRequest

__all__ = [
    "Attachment",
    "ConditionsAcceptance",
    "CooperationRequest",
    "DeadlineNotice",
    "Field",
    "Message",
    "RequestType",
    "Section",
    "Timer",
    "Transition",
]
