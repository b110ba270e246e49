"""The `mock` concierge: fixed, predictable answers for development and front-end work. It still
recommends only places of the hotel's catalogue and never calls anything outside."""

from __future__ import annotations

from .base import ConciergeProvider, ConciergeReply, GuestContext, HistoryItem, Recommendation, SentimentResult
from .local import LocalConcierge


class MockConcierge(ConciergeProvider):
    name = "mock"
    label = "Mock concierge (fixed answers, for development)"
    config_fields = ()

    def process_message(self, message: str, history: list[HistoryItem], guest: GuestContext) -> ConciergeReply:
        name = guest.first_name or "there"
        return ConciergeReply(
            response=f"Hello {name}, this is the mock concierge. You said: {message[:200]}",
            language=guest.language or "en",
            provider=self.name,
            suggestions=["What is the Wi-Fi password?", "Can you recommend a restaurant nearby?"],
        )

    def get_recommendations(self, category: str, prefs: dict | None = None) -> list[Recommendation]:
        return LocalConcierge(hotel=self.hotel).get_recommendations(category, prefs)

    def analyze_sentiment(self, text: str) -> SentimentResult:
        return SentimentResult(sentiment="neutral", confidence=0.5, urgency="low")

    def generate_suggestions(self, query: str, guest: GuestContext) -> list[str]:
        return ["What is the Wi-Fi password?", "When is breakfast served?", "Can you recommend a restaurant nearby?"]
