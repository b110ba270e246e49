"""Reads: the hotel's knowledge base (full-text search), its catalogue of places, conversations and
the escalations queue."""

from __future__ import annotations

from django.db import connection
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from .lexicon import tokenize
from .models import ConciergeSettings, Conversation, Escalation, KnowledgeEntry, Message, Place
from .understanding import significant_words

PG_CONFIG = {"en": "english", "fr": "french"}


def concierge_settings(hotel) -> ConciergeSettings:
    """The hotel's settings row, or an unsaved one with the defaults."""
    found = ConciergeSettings.objects.filter(hotel_id=hotel.pk).first()
    return found or ConciergeSettings(hotel=hotel)


# -- knowledge base -------------------------------------------------------------------------------
PG_SEARCH = """
    SELECT e.*, ts_rank(to_tsvector(%(config)s::regconfig, e.search_text),
                        to_tsquery(%(config)s::regconfig, %(query)s)) AS rank
    FROM concierge_knowledgeentry e
    WHERE e.hotel_id = %(hotel)s AND e.is_active AND (%(any_topic)s OR e.topic = ANY(%(topics)s))
    ORDER BY (e.language = %(language)s) DESC, rank DESC, e.id
    LIMIT 50
"""


def search_knowledge(hotel, query: str, *, language: str = "en", topics: list[str] | None = None, limit: int = 3):
    """The hotel's entries that best answer `query`, in one query: PostgreSQL full-text search
    (stemmed in the language's configuration, over accent-folded text), a word-overlap score on
    other databases (SQLite). Entries in the guest's language come first. With `topics` (from the
    message's intent) only entries of those topics are candidates, and the best of them is returned
    even when no word matches ("wifi?" -> the Wi-Fi entry)."""
    words = significant_words(query)
    if connection.vendor == "postgresql":
        params = {
            "config": PG_CONFIG.get(language, "simple"),
            # Words are [a-z0-9]+ (folded tokens), so joining them with | is a safe tsquery.
            "query": " | ".join(words) or "nothingtosearchfor",
            "hotel": hotel.pk,
            "any_topic": not topics,
            "topics": list(topics or []),
            "language": language,
        }
        candidates = list(KnowledgeEntry.objects.raw(PG_SEARCH, params))
    else:
        candidates = _overlap_ranked(
            KnowledgeEntry.objects.filter(
                hotel_id=hotel.pk, is_active=True, **({"topic__in": topics} if topics else {})
            ),
            words,
            language,
        )
    found = [e for e in candidates if e.rank > 0][:limit]
    if not found and topics:
        found = candidates[:limit]
    return found


def _overlap_ranked(qs, words: list[str], language: str) -> list[KnowledgeEntry]:
    """Plain fallback: entries scored by the words they share with the query (4-letter stems)."""
    stems = {w[:4] for w in words}
    entries = list(qs)
    for entry in entries:
        entry.rank = len(stems & {t[:4] for t in tokenize(entry.search_text)})
    entries.sort(key=lambda e: (e.language != language, -e.rank, e.pk))
    return entries


# -- places ---------------------------------------------------------------------------------------
PRICE_ORDER = ["budget", "moderate", "upscale", "luxury"]


def places(hotel, *, category: str = "", cuisine: str = "", price_range: str = "", limit: int = 5) -> list[Place]:
    """Places of the hotel's own catalogue, nearest first. A cuisine or price filter that matches
    nothing is relaxed (price first) rather than leaving the guest with no answer."""
    qs = Place.objects.filter(hotel_id=hotel.pk, is_active=True)
    if category:
        qs = qs.filter(category=category)
    qs = qs.order_by(Case(When(distance_m__isnull=True, then=Value(1)), default=Value(0)), "distance_m", "name")
    if cuisine:
        with_cuisine = qs.filter(Q(cuisine__iexact=cuisine) | Q(cuisine__icontains=cuisine))
        if price_range and (both := list(with_cuisine.filter(price_range=price_range)[:limit])):
            return both
        return list(with_cuisine[:limit])
    if price_range and (priced := list(qs.filter(price_range=price_range)[:limit])):
        return priced
    return list(qs[:limit])


def places_by_ids(hotel, ids) -> dict[int, Place]:
    clean = [int(i) for i in ids if isinstance(i, int) or str(i).isdigit()]
    return {p.pk: p for p in Place.objects.filter(hotel_id=hotel.pk, is_active=True, pk__in=clean)}


# -- conversations --------------------------------------------------------------------------------
def conversation_for_stay(stay) -> Conversation | None:
    return Conversation.objects.filter(stay_id=stay.pk).first()


def recent_messages(conversation: Conversation | None, limit: int = 10) -> list[Message]:
    if conversation is None:
        return []
    latest = list(Message.objects.filter(conversation=conversation).order_by("-created_at", "-id")[:limit])
    return latest[::-1]


def messages_for_stay(stay) -> QuerySet[Message]:
    return Message.objects.filter(stay_id=stay.pk).order_by("created_at", "id")


# -- escalations ----------------------------------------------------------------------------------
STATUS_ORDER = Case(
    When(status=Escalation.Status.OPEN, then=Value(0)),
    When(status=Escalation.Status.ACKNOWLEDGED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def sees_every_department(user) -> bool:
    return bool(
        user.is_superuser
        or getattr(user, "role", "") in ("manager", "hotel_admin")
        or "management" in (getattr(user, "departments", None) or [])
    )


def escalation_queue(user, qs: QuerySet[Escalation] | None = None) -> QuerySet[Escalation]:
    """Escalations a staff member handles: their hotel, their departments (managers: all), open
    first, then acknowledged, then resolved; by urgency, oldest first."""
    qs = qs if qs is not None else Escalation.objects.all()
    if not user.is_superuser:
        qs = qs.filter(hotel_id=user.hotel_id)
    if not sees_every_department(user):
        qs = qs.filter(department__in=list(getattr(user, "departments", None) or []))
    return qs.annotate(status_order=STATUS_ORDER).order_by("status_order", "-urgency_rank", "created_at")


def open_escalation(stay, category: str) -> Escalation | None:
    return (
        Escalation.objects.filter(stay_id=stay.pk, category=category)
        .exclude(status=Escalation.Status.RESOLVED)
        .order_by("-created_at")
        .first()
    )
