"""The AI concierge capability: the seed's four methods, returning normalized dataclasses.

    concierge = get_integration_manager(hotel).get_ai_concierge()
    reply = concierge.process_message("Any Italian restaurant nearby?", history, guest)
    reply.response, reply.requires_escalation

Providers never decide alone that a message needs no person: the conversation service runs the
escalation rules first and only lets a provider raise an escalation (concierge.services).
"""

from __future__ import annotations

import datetime as dt
from abc import ABC, abstractmethod
from dataclasses import dataclass, field


@dataclass(frozen=True)
class GuestContext:
    """All a provider knows of the guest: first name, room, dates (the only personal data sent
    to a model), plus the hotel and the language to answer in."""

    first_name: str = ""
    room: str = ""
    arrival: dt.date | None = None
    departure: dt.date | None = None
    language: str = "en"
    hotel_name: str = ""


@dataclass(frozen=True)
class HistoryItem:
    role: str  # guest | assistant | staff
    text: str


@dataclass
class ConciergeReply:
    response: str
    requires_escalation: bool = False
    category: str = "none"  # none | emergency | complaint | refund | cancellation | urgent
    sentiment: str = "neutral"  # positive | neutral | negative
    urgency: str = "low"  # low | medium | high | critical
    suggestions: list[str] = field(default_factory=list)
    place_ids: list[int] = field(default_factory=list)
    language: str = "en"
    provider: str = ""
    model: str = ""
    prompt_tokens: int | None = None
    completion_tokens: int | None = None
    # Who decided the escalation when the provider knows better than "the model" ("rule" or
    # "classifier" for the offline concierge), and the rule or evidence staff should see.
    raised_by: str = ""
    rule: str = ""


@dataclass(frozen=True)
class SentimentResult:
    sentiment: str
    confidence: float
    urgency: str


@dataclass(frozen=True)
class Recommendation:
    place_id: int
    name: str
    category: str
    cuisine: str = ""
    price_range: str = ""
    distance_m: int | None = None
    hours: str = ""
    address: str = ""
    description: str = ""
    reason: str = ""


class ConciergeProvider(ABC):
    name = ""
    label = ""
    config_fields: tuple = ()

    def __init__(self, *, hotel, config: dict | None = None):
        self.hotel = hotel
        self.config = config or {}

    @abstractmethod
    def process_message(self, message: str, history: list[HistoryItem], guest: GuestContext) -> ConciergeReply: ...

    @abstractmethod
    def get_recommendations(self, category: str, prefs: dict | None = None) -> list[Recommendation]: ...

    @abstractmethod
    def analyze_sentiment(self, text: str) -> SentimentResult: ...

    @abstractmethod
    def generate_suggestions(self, query: str, guest: GuestContext) -> list[str]: ...

    def health_check(self) -> bool:
        return True
