"""Fixtures for concierge tests: a hotel with a knowledge base and places, its staff, a guest token."""

import pytest

from concierge.models import ConciergeSettings, KnowledgeEntry, Place
from integrations.models import HotelIntegrations
from stays.models import Room
from tests.stays.factories import GuestFactory, HotelFactory, StaffFactory, StayFactory
from tests.stays.fixtures import guest_token


@pytest.fixture
def kb_hotel(hotel):
    hotel.email = "reception@par.test"
    hotel.phone = "+33 1 00 00 00 00"
    hotel.save()
    ConciergeSettings.objects.create(hotel=hotel, emergency_number="112", front_desk_phone="dial 9")
    KnowledgeEntry.objects.create(
        hotel=hotel, topic="wifi", language="en", title="Wi-Fi",
        answer="The network is Paris-Guest and the password is croissant42.", keywords="internet password",
    )  # fmt: skip
    KnowledgeEntry.objects.create(
        hotel=hotel, topic="wifi", language="fr", title="Wi-Fi",
        answer="Le réseau est Paris-Guest, mot de passe : croissant42.", keywords="internet mot de passe",
    )  # fmt: skip
    KnowledgeEntry.objects.create(
        hotel=hotel, topic="breakfast", language="en", title="Breakfast",
        answer="Breakfast is served in the winter garden.", hours="07:00–10:30",
    )  # fmt: skip
    KnowledgeEntry.objects.create(
        hotel=hotel, topic="faq", language="en", title="Luggage storage",
        answer="We keep your suitcases for free on your departure day.", keywords="bags",
    )  # fmt: skip
    KnowledgeEntry.objects.create(
        hotel=hotel, topic="policy", language="en", title="Pets", answer="Dogs under 10 kg are welcome.",
        is_active=False,
    )  # fmt: skip
    Place.objects.create(
        hotel=hotel, name="Trattoria Roma", category="restaurant", cuisine="italian", price_range="moderate",
        distance_m=300, hours="12:00–23:00", description="Fresh pasta.",
    )  # fmt: skip
    Place.objects.create(
        hotel=hotel, name="Luigi Lusso", category="restaurant", cuisine="italian", price_range="luxury",
        distance_m=900, description="Truffles.",
    )  # fmt: skip
    Place.objects.create(hotel=hotel, name="Le Bistrot", category="restaurant", cuisine="french", distance_m=100)
    Place.objects.create(hotel=hotel, name="Closed Pizza", category="restaurant", cuisine="italian", is_active=False)
    Place.objects.create(hotel=hotel, name="Bar Harry", category="bar", distance_m=500)
    return hotel


@pytest.fixture
def room(kb_hotel):
    return Room.objects.create(hotel=kb_hotel, number="305", room_type="Deluxe King")


@pytest.fixture
def guest_stay(kb_hotel, room):
    guest = GuestFactory(hotel=kb_hotel, first_name="Marco", last_name="Rossi", language="en")
    return StayFactory(hotel=kb_hotel, guest=guest, confirmation_number="CON123", room=room, status="checked_in")


@pytest.fixture
def reception(kb_hotel):
    return StaffFactory(hotel=kb_hotel, email="desk@par.test", departments=["reception"])


@pytest.fixture
def spa_staff(kb_hotel):
    return StaffFactory(hotel=kb_hotel, email="spa@par.test", departments=["spa"])


@pytest.fixture
def tokyo_stay(db):
    tokyo = HotelFactory(code="TYO", name="Tokyo", timezone="Asia/Tokyo", currency="JPY")
    Place.objects.create(hotel=tokyo, name="Tokyo Trattoria", category="restaurant", cuisine="italian", distance_m=50)
    return StayFactory(hotel=tokyo, confirmation_number="TYO999")


@pytest.fixture
def guest_api(api, guest_stay):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {guest_token(api, guest_stay)}")
    return api


def use_concierge(hotel, name, config=None):
    record, _ = HotelIntegrations.objects.get_or_create(hotel=hotel)
    record.set_provider("concierge", name, config or {})
    record.save()
    return record
