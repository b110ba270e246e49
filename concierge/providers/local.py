"""The `local` concierge: offline, no key, no model download.

It answers from the hotel's own data only: the knowledge base (full-text search), the catalogue of
places, and the reply templates of the language files, in the guest's language. It is every
hotel's default and the fallback whenever a model cannot answer (no key, budget spent, timeout,
refusal, unreadable output).
"""

from __future__ import annotations

from .. import selectors
from ..lexicon import language
from ..models import Category
from ..replies import handoff_reply, places_reply
from ..understanding import escalation_verdict, read_message, read_sentiment
from .base import ConciergeProvider, ConciergeReply, GuestContext, HistoryItem, Recommendation, SentimentResult

# Intent -> knowledge-base topics that answer it.
INTENT_TOPICS = {
    "wifi": ["wifi"],
    "breakfast": ["breakfast"],
    "parking": ["parking"],
    "checkout": ["checkin"],
    "checkin": ["checkin"],
    "policy": ["policy"],
    "spa": ["amenity"],
    "pool": ["amenity"],
    "gym": ["amenity"],
    "housekeeping": ["faq", "amenity"],
    "room_service": ["faq", "amenity"],
    "luggage": ["faq"],
    "transport": ["transport"],
}
CATEGORY_ALIASES = {"restaurants": "restaurant", "dining": "restaurant", "bars": "bar", "cafes": "cafe",
                    "museums": "museum", "sights": "sight", "sightseeing": "sight", "attractions": "sight",
                    "pharmacies": "pharmacy", "parks": "park", "shops": "shopping"}  # fmt: skip


def normalize_category(category: str) -> str:
    category = (category or "").strip().lower()
    return CATEGORY_ALIASES.get(category, category)


def recommendation(place, reason: str = "") -> Recommendation:
    return Recommendation(
        place_id=place.pk,
        name=place.name,
        category=place.category,
        cuisine=place.cuisine,
        price_range=place.price_range,
        distance_m=place.distance_m,
        hours=place.hours,
        address=place.address,
        description=place.description,
        reason=reason,
    )


class LocalConcierge(ConciergeProvider):
    name = "local"
    label = "Offline concierge (hotel knowledge base, no API key)"
    config_fields = ()

    def process_message(self, message: str, history: list[HistoryItem], guest: GuestContext) -> ConciergeReply:
        reading = read_message(message, guest.language or "en")
        code = reading.language
        verdict = escalation_verdict(message)  # rules, and the classifier for what they miss
        mood = read_sentiment(message, verdict)
        reply = ConciergeReply(
            response="",
            sentiment=mood.sentiment,
            urgency=mood.urgency,
            language=code,
            provider=self.name,
        )
        if verdict is not None:
            settings = selectors.concierge_settings(self.hotel)
            department = escalation_department(settings, verdict.category)
            reply.requires_escalation = True
            reply.category = verdict.category
            reply.raised_by, reply.rule = verdict.raised_by, verdict.rule
            reply.response = handoff_reply(
                code,
                category=verdict.category,
                first_name=guest.first_name,
                department=department,
                emergency_number=settings.emergency_number,
                room=guest.room,
            )
            return reply
        reply.response, reply.place_ids, entries = self._answer(message, reading, guest)
        reply.suggestions = self._suggestions(message, reading, [e.title for e in entries[1:]])
        return reply

    def _answer(self, message: str, reading, guest: GuestContext) -> tuple[str, list[int], list]:
        lang = language(reading.language)
        values = {"first_name": guest.first_name or "", "hotel": guest.hotel_name or self.hotel.name}
        topics = [t for intent in reading.intents for t in INTENT_TOPICS.get(intent, [])]
        if topics:
            entries = selectors.search_knowledge(self.hotel, message, language=reading.language, topics=topics)
            if entries:
                return knowledge_reply(lang, entries[0]), [], entries
        if reading.place_category or "transport" in reading.intents:
            found = selectors.places(
                self.hotel,
                category=reading.place_category or "transport",
                cuisine=reading.cuisine,
                price_range=reading.price_range,
                limit=3,
            )
            return places_reply(reading.language, found), [p.pk for p in found], []
        entries = selectors.search_knowledge(self.hotel, message, language=reading.language)
        if entries:
            return knowledge_reply(lang, entries[0]), [], entries
        if "greeting" in reading.intents:
            return lang.reply("greeting", **values), [], []
        if "thanks" in reading.intents:
            return lang.reply("thanks", **values), [], []
        settings = selectors.concierge_settings(self.hotel)
        phone = settings.front_desk_phone or self.hotel.phone
        unknown = lang.reply("unknown", first_name=values["first_name"], desk_phone=f" ({phone})" if phone else "")
        return unknown, [], []

    def get_recommendations(self, category: str, prefs: dict | None = None) -> list[Recommendation]:
        prefs = prefs or {}
        found = selectors.places(
            self.hotel,
            category=normalize_category(category),
            cuisine=str(prefs.get("cuisine") or "").strip().lower(),
            price_range=str(prefs.get("price_range") or prefs.get("priceRange") or "").strip().lower(),
            limit=int(prefs.get("limit") or 5),
        )
        return [recommendation(place) for place in found]

    def analyze_sentiment(self, text: str) -> SentimentResult:
        mood = read_sentiment(text)
        return SentimentResult(sentiment=mood.sentiment, confidence=mood.confidence, urgency=mood.urgency)

    def generate_suggestions(self, query: str, guest: GuestContext) -> list[str]:
        """Follow-ups grounded in the hotel's own FAQ (titles matching the query), then the
        language's defaults, without repeating what the guest just asked about."""
        reading = read_message(query or "", guest.language or "en")
        matches = selectors.search_knowledge(self.hotel, query, language=reading.language) if query else []
        return self._suggestions(query, reading, [e.title for e in matches])

    def _suggestions(self, query: str, reading, titles: list[str]) -> list[str]:
        lang = language(reading.language)
        asked = set(reading.intents) - {"greeting", "thanks"}
        suggestions: list[str] = []
        defaults = [t for t in lang.replies.get("suggestions", []) if not asked & set(read_message(t).intents)]
        for text in [*titles, *defaults]:
            if text not in suggestions and text.strip().lower() != (query or "").strip().lower():
                suggestions.append(text)
        return suggestions[:4]


def knowledge_reply(lang, entry) -> str:
    if entry.hours:
        return lang.reply("knowledge_hours", answer=entry.answer.strip(), hours=entry.hours)
    return lang.reply("knowledge", answer=entry.answer.strip())


def escalation_department(settings, category: str) -> str:
    return {
        Category.EMERGENCY: settings.emergency_department,
        Category.COMPLAINT: settings.complaint_department,
        Category.REFUND: settings.billing_department,
        Category.CANCELLATION: settings.billing_department,
        Category.URGENT: settings.urgent_department,
    }.get(category, settings.urgent_department)
