"""Guest concierge API: own stay only, validation, throttled per stay, constant query counts."""

import pytest
from django.core.cache import cache

from concierge import services
from concierge.models import Message
from tests.stays.fixtures import guest_token

pytestmark = pytest.mark.django_db

URL = "/api/v1/guest/concierge/messages"


def test_send_a_message_and_get_the_reply(guest_api, guest_stay):
    response = guest_api.post(URL, {"text": "What is the Wi-Fi password?"}, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["message"]["role"] == "guest" and body["message"]["text"] == "What is the Wi-Fi password?"
    assert body["reply"]["role"] == "assistant" and "croissant42" in body["reply"]["text"]
    assert body["reply"]["provider"] == "local" and body["escalation"] is None
    assert set(body["reply"]) == {"id", "role", "text", "language", "provider", "requires_escalation", "category",
                                  "urgency", "suggestions", "place_ids", "created_at"}  # fmt: skip


def test_an_emergency_answers_with_the_escalation(guest_api, reception):
    body = guest_api.post(URL, {"text": "my child can't breathe"}, format="json").json()
    assert body["escalation"]["category"] == "emergency" and body["escalation"]["status"] == "open"
    assert body["escalation"]["department"] == "reception" and "112" in body["reply"]["text"]


def test_history_is_the_guests_own_conversation(api, guest_api, guest_stay, tokyo_stay):
    services.send_guest_message(stay=tokyo_stay, text="Hello from Tokyo")
    guest_api.post(URL, {"text": "hello"}, format="json")
    response = guest_api.get(URL)
    assert response.status_code == 200
    texts = [m["text"] for m in response.json()["results"]]
    assert texts[0] == "hello" and "Hello from Tokyo" not in texts and response.json()["count"] == 2


def test_history_query_count_does_not_grow(guest_api, guest_stay, django_assert_max_num_queries):
    for i in range(3):
        services.send_guest_message(stay=guest_stay, text=f"hello {i}")
    with django_assert_max_num_queries(6) as few:
        guest_api.get(URL)
    for i in range(10):
        services.send_guest_message(stay=guest_stay, text=f"hello again {i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        guest_api.get(URL)


def test_validation_errors_and_auth(api, guest_api):
    missing = guest_api.post(URL, {}, format="json")
    assert missing.status_code == 400 and missing.json()["code"] == "validation_error"
    blank = guest_api.post(URL, {"text": "   "}, format="json")
    assert blank.status_code == 400
    long = guest_api.post(URL, {"text": "x" * 2001}, format="json")
    assert long.status_code == 400 and long.json()["code"] == "validation_error"
    assert not Message.objects.exists()
    api.credentials()
    assert api.post(URL, {"text": "hi"}, format="json").status_code == 401
    assert api.get("/api/v1/guest/concierge/recommendations").status_code == 401


def test_staff_tokens_cannot_use_the_guest_endpoints(api, reception):
    from stays.services import tokens

    raw, _ = tokens.issue_staff_token(reception)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert api.post(URL, {"text": "hi"}, format="json").status_code == 403


def test_recommendations_come_from_the_hotel_catalogue(guest_api, tokyo_stay):
    response = guest_api.get(
        "/api/v1/guest/concierge/recommendations", {"category": "restaurant", "cuisine": "italian"}
    )
    assert response.status_code == 200
    names = [r["name"] for r in response.json()["results"]]
    assert names == ["Trattoria Roma", "Luigi Lusso"]
    bad = guest_api.get("/api/v1/guest/concierge/recommendations", {"category": "casino"})
    assert bad.status_code == 400 and bad.json()["code"] == "validation_error"


def test_suggestions(guest_api):
    response = guest_api.get("/api/v1/guest/concierge/suggestions", {"query": "luggage"})
    assert response.status_code == 200 and response.json()["suggestions"][0] == "Luggage storage"


def test_throttled_per_stay(api, guest_stay, kb_hotel, settings):
    from tests.stays.factories import StayFactory

    rates = settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]
    original = rates["concierge"]
    rates["concierge"] = "2/min"
    cache.clear()
    try:
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {guest_token(api, guest_stay)}")
        assert [api.post(URL, {"text": "hi"}, format="json").status_code for _ in range(3)] == [201, 201, 429]
        limited = api.post(URL, {"text": "hi"}, format="json")
        assert limited.json()["code"] == "rate_limited" and "Retry-After" in limited
        other = StayFactory(hotel=kb_hotel, confirmation_number="OTHER1")
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {guest_token(api, other)}")
        assert api.post(URL, {"text": "hi"}, format="json").status_code == 201  # another stay, its own budget
    finally:
        rates["concierge"] = original


# -- staff API: the escalations queue -------------------------------------------------------------
def staff_api(api, user):
    from stays.services import tokens

    raw, _ = tokens.issue_staff_token(user)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {raw}")
    return api


def test_staff_queue_acknowledge_reply_resolve(api, guest_stay, tokyo_stay, reception, spa_staff):
    complaint = services.send_guest_message(stay=guest_stay, text="The TV is broken").escalation
    emergency = services.send_guest_message(stay=guest_stay, text="There is smoke in the room").escalation
    services.send_guest_message(stay=tokyo_stay, text="There is a fire!")
    staff_api(api, reception)
    queue = api.get("/api/v1/staff/concierge/escalations")
    assert queue.status_code == 200
    rows = queue.json()["results"]
    assert [r["id"] for r in rows] == [emergency.pk, complaint.pk]
    assert rows[0]["room_number"] == "305" and rows[0]["message"] == "There is smoke in the room"
    base = f"/api/v1/staff/concierge/escalations/{emergency.pk}"
    assert api.post(f"{base}/acknowledge").json()["status"] == "acknowledged"
    reply = api.post(f"{base}/reply", {"text": "Security is on the way."}, format="json")
    assert reply.status_code == 201 and reply.json()["role"] == "staff"
    resolved = api.post(f"{base}/resolve").json()
    assert resolved["status"] == "resolved" and resolved["resolved_by"] == "desk@par.test"
    assert api.post(f"{base}/acknowledge").json()["code"] == "escalation_state"
    active = api.get("/api/v1/staff/concierge/escalations", {"status": "active"}).json()["results"]
    assert [r["id"] for r in active] == [complaint.pk]
    staff_api(api, spa_staff)
    assert api.get("/api/v1/staff/concierge/escalations").json()["results"] == []
    missing = api.post(f"/api/v1/staff/concierge/escalations/{complaint.pk}/resolve")
    assert missing.status_code == 404 and missing.json()["code"] == "escalation_not_found"


def test_guest_tokens_cannot_read_the_queue(guest_api):
    assert guest_api.get("/api/v1/staff/concierge/escalations").status_code == 403
