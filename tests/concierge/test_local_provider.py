"""The offline concierge: answers from the hotel's knowledge base (PostgreSQL full-text search, a
plain fallback elsewhere), recommendations from the catalogue only, templates in the guest's language."""

import pytest

from concierge import selectors
from concierge.models import KnowledgeEntry
from concierge.providers.base import GuestContext
from concierge.providers.local import LocalConcierge

pytestmark = pytest.mark.django_db

MARCO = GuestContext(first_name="Marco", room="305", language="en", hotel_name="Paris")


@pytest.fixture
def local(kb_hotel):
    return LocalConcierge(hotel=kb_hotel)


def test_wifi_password_comes_from_the_knowledge_base(local):
    reply = local.process_message("What's the wifi password?", [], MARCO)
    assert reply.response == "The network is Paris-Guest and the password is croissant42."
    assert not reply.requires_escalation and reply.provider == "local" and reply.language == "en"
    assert reply.suggestions and not any("Wi-Fi" in s for s in reply.suggestions)


def test_french_question_gets_the_french_entry(local):
    reply = local.process_message("Quel est le mot de passe du wifi ?", [], MARCO)
    assert reply.language == "fr"
    assert reply.response == "Le réseau est Paris-Guest, mot de passe : croissant42."


def test_full_text_search_finds_an_entry_by_its_words_and_shows_hours(local):
    assert "winter garden" in local.process_message("when is breakfast served", [], MARCO).response
    assert "(Hours: 07:00–10:30)" in local.process_message("breakfast?", [], MARCO).response
    luggage = local.process_message("Can you keep my suitcases after I leave?", [], MARCO)
    assert luggage.response == "We keep your suitcases for free on your departure day."


def test_inactive_entries_are_never_said(local):
    reply = local.process_message("Do you accept dogs?", [], MARCO)
    assert "10 kg" not in reply.response
    assert "front desk (dial 9)" in reply.response  # the honest "I don't know", with the desk's number


def test_italian_restaurant_comes_from_the_catalogue(local, kb_hotel, tokyo_stay):
    reply = local.process_message("Can you recommend an Italian restaurant?", [], MARCO)
    assert "Trattoria Roma" in reply.response and "Luigi Lusso" in reply.response
    assert "Closed Pizza" not in reply.response and "Tokyo Trattoria" not in reply.response
    assert "Le Bistrot" not in reply.response
    assert reply.place_ids == [p.pk for p in selectors.places(kb_hotel, category="restaurant", cuisine="italian")]


def test_get_recommendations_filters_and_never_invents(local, tokyo_stay):
    results = local.get_recommendations("restaurants", {"cuisine": "Italian", "priceRange": "luxury"})
    assert [r.name for r in results] == ["Luigi Lusso"]
    relaxed = local.get_recommendations("restaurant", {"cuisine": "italian", "price_range": "budget"})
    assert [r.name for r in relaxed] == ["Trattoria Roma", "Luigi Lusso"]  # no budget one: price relaxed
    assert local.get_recommendations("museum", {}) == []
    assert [r.name for r in local.get_recommendations("bar")] == ["Bar Harry"]
    first = local.get_recommendations("restaurant", {"limit": 1})[0]
    assert first.name == "Le Bistrot" and first.distance_m == 100


def test_escalation_by_rule_answers_with_a_person_and_the_emergency_number(local):
    reply = local.process_message("my child can't breathe", [], MARCO)
    assert reply.requires_escalation and reply.category == "emergency" and reply.urgency == "critical"
    assert "112" in reply.response and "room 305" in reply.response


def test_analyze_sentiment_and_suggestions(local):
    mood = local.analyze_sentiment("I'm very disappointed with the room service")
    assert (mood.sentiment, mood.urgency) == ("negative", "high") and mood.confidence >= 0.8
    suggestions = local.generate_suggestions("luggage", MARCO)
    assert suggestions[0] == "Luggage storage" and len(suggestions) <= 4
    french = local.generate_suggestions("", GuestContext(language="fr"))
    assert "Quel est le mot de passe Wi-Fi ?" in french


def test_plain_search_fallback_off_postgresql(kb_hotel, monkeypatch):
    class SQLite:
        vendor = "sqlite"

    monkeypatch.setattr(selectors, "connection", SQLite())
    found = selectors.search_knowledge(kb_hotel, "keep my suitcases please", language="en")
    assert [e.title for e in found] == ["Luggage storage"]
    wifi = selectors.search_knowledge(kb_hotel, "wifi?", language="fr", topics=["wifi"])
    assert wifi[0].language == "fr"


def test_search_text_is_accent_folded(kb_hotel):
    entry = KnowledgeEntry.objects.create(hotel=kb_hotel, language="fr", title="Hammam", answer="Ouvert l'été")
    assert "ete" in entry.search_text and "hammam" in entry.search_text
