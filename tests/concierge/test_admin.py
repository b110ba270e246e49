"""The escalations queue and the concierge's sections of the stay page, in the admin."""

import pytest

from concierge import services
from concierge.models import Escalation, KnowledgeEntry, Message
from stays.models import StaffRole
from tests.stays.factories import StaffFactory

pytestmark = pytest.mark.django_db

QUEUE = "/admin/concierge/escalation/"


@pytest.fixture
def desk(client, reception):
    client.force_login(reception)
    return client


@pytest.fixture
def escalations(guest_stay, tokyo_stay):
    complaint = services.send_guest_message(stay=guest_stay, text="The room is dirty").escalation
    emergency = services.send_guest_message(stay=guest_stay, text="my child can't breathe").escalation
    refund = services.send_guest_message(stay=guest_stay, text="I want a refund").escalation
    services.resolve_escalation(escalation=refund, user=None)
    tokyo = services.send_guest_message(stay=tokyo_stay, text="There is a fire!").escalation
    return {"complaint": complaint, "emergency": emergency, "refund": refund, "tokyo": tokyo}


def queue_ids(response):
    return [e.pk for e in response.context["cl"].result_list]


def test_queue_is_own_hotel_open_first_by_urgency(desk, escalations):
    response = desk.get(QUEUE)
    assert response.status_code == 200
    assert queue_ids(response) == [escalations[k].pk for k in ("emergency", "complaint", "refund")]
    assert b"Critical" in response.content


def test_staff_see_only_their_departments_managers_see_all(client, escalations, kb_hotel, spa_staff):
    client.force_login(spa_staff)
    assert queue_ids(client.get(QUEUE)) == []
    assert client.get(f"{QUEUE}{escalations['emergency'].pk}/change/").status_code == 302  # not in scope
    manager = StaffFactory(hotel=kb_hotel, email="boss@par.test", role=StaffRole.MANAGER, departments=[])
    client.force_login(manager)
    assert len(queue_ids(client.get(QUEUE))) == 3


def test_front_desk_sees_the_emergency_reply_and_resolve(desk, escalations, reception, guest_stay):
    emergency = escalations["emergency"]
    page = desk.get(f"{QUEUE}{emergency.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "my child can&#x27;t breathe" in html and "Reply to the guest" in html
    response = desk.post(f"{QUEUE}{emergency.pk}/change/", {"reply": "We are coming up with the defibrillator."})
    assert response.status_code == 302
    emergency.refresh_from_db()
    assert emergency.status == "acknowledged" and emergency.acknowledged_by == reception
    staff_message = Message.objects.get(role="staff")
    assert staff_message.text == "We are coming up with the defibrillator." and staff_message.author == reception
    desk.post(f"{QUEUE}{emergency.pk}/change/", {"reply": "", "mark_resolved": "on"})
    emergency.refresh_from_db()
    assert emergency.status == "resolved" and emergency.resolved_by == reception


def test_other_hotels_escalations_are_out_of_reach(desk, escalations):
    assert desk.get(f"{QUEUE}{escalations['tokyo'].pk}/change/").status_code == 302
    desk.post(QUEUE, {"action": "resolve_selected", "_selected_action": [escalations["tokyo"].pk]})
    escalations["tokyo"].refresh_from_db()
    assert escalations["tokyo"].status == "open"


def test_bulk_acknowledge_and_resolve(desk, escalations):
    ids = [escalations["complaint"].pk, escalations["emergency"].pk]
    desk.post(QUEUE, {"action": "acknowledge_selected", "_selected_action": ids})
    assert set(Escalation.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"acknowledged"}
    desk.post(QUEUE, {"action": "resolve_selected", "_selected_action": ids})
    assert set(Escalation.objects.filter(pk__in=ids).values_list("status", flat=True)) == {"resolved"}


def test_nobody_adds_or_deletes_escalations(desk, escalations):
    assert desk.get(f"{QUEUE}add/").status_code == 403
    assert desk.get(f"{QUEUE}{escalations['complaint'].pk}/delete/").status_code == 403


def test_stay_page_shows_the_conversation_and_escalations(desk, escalations, guest_stay):
    html = desk.get(f"/admin/stays/stay/{guest_stay.pk}/change/").content.decode()
    assert "Concierge conversation" in html and "Concierge escalations" in html
    assert "I want a refund" in html and "my child can&#x27;t breathe" in html


def test_knowledge_base_is_edited_by_managers_and_read_by_the_desk(client, desk, kb_hotel):
    assert desk.get("/admin/concierge/knowledgeentry/").status_code == 200
    assert desk.get("/admin/concierge/knowledgeentry/add/").status_code == 403
    manager = StaffFactory(hotel=kb_hotel, email="boss@par.test", role=StaffRole.MANAGER)
    client.force_login(manager)
    response = client.post(
        "/admin/concierge/knowledgeentry/add/",
        {"hotel": kb_hotel.pk, "topic": "amenity", "language": "en", "title": "Rooftop bar",
         "answer": "Our rooftop bar opens at 18:00.", "hours": "18:00–01:00", "keywords": "", "is_active": "on"},
    )  # fmt: skip
    assert response.status_code == 302, response.content
    entry = KnowledgeEntry.objects.get(title="Rooftop bar")
    assert entry.hotel == kb_hotel and "rooftop" in entry.search_text
    assert client.get("/admin/concierge/place/add/").status_code == 200
    assert client.get("/admin/concierge/conciergesettings/add/").status_code == 200
