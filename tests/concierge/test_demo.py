"""The issue's "done when", on the demo data with no API key: the demo guest asks for the Wi-Fi
password and an Italian restaurant and gets the hotel's answers; "my child can't breathe" raises an
emergency escalation that front desk sees in the admin and receives by e-mail."""

import pytest
from django.core import mail

from concierge.models import ConciergeSettings, Escalation, KnowledgeEntry, Place
from stays.models import User
from stays.services.demo import seed_demo
from tests.stays.fixtures import guest_token

pytestmark = pytest.mark.django_db(transaction=True)
URL = "/api/v1/guest/concierge/messages"


def test_seed_demo_adds_the_concierge_data_idempotently(settings):
    seed_demo()
    counts = (KnowledgeEntry.objects.count(), Place.objects.count(), ConciergeSettings.objects.count())
    seed_demo()
    assert (KnowledgeEntry.objects.count(), Place.objects.count(), ConciergeSettings.objects.count()) == counts
    assert counts[0] > 20 and counts[1] > 15 and counts[2] == 2
    assert ConciergeSettings.objects.get(hotel__code="TYO").emergency_number.startswith("119")


def test_done_when_with_no_api_key(api, client, settings):
    settings.OPENAI_API_KEY = ""
    settings.CONCIERGE_PROVIDER = "local"
    data = seed_demo()
    stay = next(s for s in data.stays if s.confirmation_number == "PAR1002")
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {guest_token(api, stay)}")

    wifi = api.post(URL, {"text": "Hi! What's the wifi password?"}, format="json").json()
    assert "opera2026" in wifi["reply"]["text"] and wifi["reply"]["provider"] == "local"
    italian = api.post(URL, {"text": "Can you recommend an Italian restaurant?"}, format="json").json()
    assert "Trattoria Da Enzo" in italian["reply"]["text"] and "Il Carpaccio Opéra" in italian["reply"]["text"]

    mail.outbox.clear()
    emergency = api.post(URL, {"text": "my child can't breathe"}, format="json").json()
    assert emergency["escalation"]["category"] == "emergency" and "112" in emergency["reply"]["text"]
    front_desk = User.objects.get(email="frontdesk@paris.mystay.test")
    assert front_desk.email in {address for m in mail.outbox for address in m.to}

    client.force_login(front_desk)
    queue = client.get("/admin/concierge/escalation/")
    assert [e.pk for e in queue.context["cl"].result_list] == [emergency["escalation"]["id"]]
    assert Escalation.objects.get(pk=emergency["escalation"]["id"]).stay == stay
