"""The front desk does the journey for a guest in the admin (Django test client): check in with a
room from the ready rooms, key actions, check out. Same services, same records as the guest API;
own hotel only; POST with CSRF; permissions respected."""

import datetime as dt

import pytest
from django.test import Client

from integrations.notifications.models import Notification
from keys.models import DigitalKey
from payments.models import Payment, PaymentKind
from stays.admin_extensions import stay_buttons
from stays.models import JourneySettings, JourneyStep, Room
from tests.stays.factories import RoomFactory, StaffFactory, StayFactory

from .conftest import add_card, bearer, register


@pytest.fixture
def desk(client, desk_user):
    client.force_login(desk_user)
    return client


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return response


def post(client, url, **data):
    token = page(client, url).context["form"].initial["token"]
    return client.post(url, {"token": token, **data}, follow=True)


def test_staff_check_in_with_a_room_key_actions_and_check_out(desk, desk_user, arriving, rooms, api, rf):
    # The guest saved a card online; the desk does the rest (ID checked in person).
    bearer(api, arriving)
    assert add_card(api).status_code == 200 and register(api).status_code == 200

    checkin_url = f"/admin/journey/stay/{arriving.pk}/check-in/"
    response = page(desk, checkin_url)
    html = response.content.decode()
    assert 'id="journey-room"' in html and 'id="journey-submit"' in html and 'id="journey-state"' in html
    # The theme's header trail ends with the stay, a link back to its page (not "Stays › Stays").
    header = html[html.index('id="main"') : html.index('id="content"')]
    assert f'<a href="/admin/stays/stay/{arriving.pk}/change/"' in header
    choices = [label for _, label in response.context["form"].fields["room"].choices if _]
    assert choices[0].startswith("202") and any("upgrade" in c for c in choices)  # booked type first
    assert all("301" not in c or "upgrade" in c for c in choices)

    done = post(desk, checkin_url, room=rooms[2].pk, id_checked_at_desk="on")  # an upgrade to 301
    assert b"is checked in to room 301" in done.content
    assert done.redirect_chain[-1][0] == f"/admin/stays/stay/{arriving.pk}/change/"
    arriving.refresh_from_db()
    assert arriving.status == "checked_in" and arriving.room.number == "301"
    assert arriving.online_checkin_status == "completed"
    steps = {s.step: s for s in JourneyStep.objects.filter(stay=arriving)}
    assert steps["pms_checkin"].channel == "staff" and steps["pms_checkin"].actor == desk_user
    assert steps["identity"].detail.get("checked_at_desk") is True
    hold = Payment.objects.get(stay=arriving, kind=PaymentKind.HOLD)
    assert hold.created_by == desk_user and hold.status == "authorized"
    key = DigitalKey.objects.get(stay=arriving)
    assert key.status == "active" and key.room_number == "301" and key.created_by == desk_user
    assert Notification.objects.filter(stay=arriving, template="checkin_completed").count() == 1

    request = rf.get("/")
    request.user = desk_user
    labels = [b.label for b in stay_buttons(request, arriving)]
    assert "Check out…" in labels and "Extend key…" in labels and "Revoke key…" in labels
    assert "Check in…" not in labels

    # extend the key by a day (hotel time), then revoke and issue again
    new_end = (key.valid_until + dt.timedelta(days=1)).astimezone(arriving.hotel.tzinfo)
    extended = post(desk, f"/admin/journey/key/{key.pk}/extend/", valid_until=new_end.strftime("%Y-%m-%dT%H:%M"))
    assert b"now valid until" in extended.content
    key.refresh_from_db()
    assert key.valid_until == new_end
    revoked = post(desk, f"/admin/journey/key/{key.pk}/revoke/")
    assert b"revoked" in revoked.content
    key.refresh_from_db()
    assert key.status == "revoked" and key.revoke_reason == "staff"
    issued = post(desk, f"/admin/journey/stay/{arriving.pk}/issue-key/")
    assert b"Key issued for room 301" in issued.content
    assert DigitalKey.objects.filter(stay=arriving, status="active").count() == 1

    # check out: the page shows the folio and what happens to the hold
    checkout_url = f"/admin/journey/stay/{arriving.pk}/check-out/"
    preview = page(desk, checkout_url)
    assert 'id="journey-balance"' in preview.content.decode() and preview.context["preview"].capture > 0
    token = preview.context["form"].initial["token"]
    out = desk.post(checkout_url, {"token": token}, follow=True)
    assert b"is checked out" in out.content
    arriving.refresh_from_db()
    assert arriving.status == "checked_out"
    assert Room.objects.get(pk=rooms[2].pk).status == Room.Status.DIRTY
    assert not DigitalKey.objects.filter(stay=arriving, status__in=["pending", "active"]).exists()
    assert Payment.objects.filter(stay=arriving, kind=PaymentKind.CAPTURE).count() == 1
    # the same form posted twice checks out once
    again = desk.post(checkout_url, {"token": token}, follow=True)
    assert again.status_code == 200
    assert Payment.objects.filter(stay=arriving, kind=PaymentKind.CAPTURE).count() == 1
    assert Notification.objects.filter(stay=arriving, template="checkout_receipt").count() == 1


def test_staff_check_in_records_match_a_guest_check_in(desk, arriving, open_hotel, api):
    JourneySettings.objects.filter(hotel=open_hotel).update(require_identity_document=False)
    online = StayFactory(
        hotel=open_hotel, arrival=arriving.arrival, departure=arriving.departure, room_type="Deluxe King"
    )
    bearer(api, online)
    add_card(api), register(api)
    assert api.post("/api/v1/guest/checkin/complete").status_code == 200
    bearer(api, arriving)
    add_card(api), register(api)
    post(desk, f"/admin/journey/stay/{arriving.pk}/check-in/", room=arriving.hotel.rooms.get(number="201").pk)

    def record(stay):
        return sorted((s.step, s.status) for s in JourneyStep.objects.filter(stay=stay))

    assert record(online) == record(arriving)
    assert [(p.kind, p.status) for p in online.payments.all()] == [(p.kind, p.status) for p in arriving.payments.all()]


def test_other_hotels_stays_do_not_exist_for_staff(desk, other_hotel):
    foreign = StayFactory(hotel=other_hotel)
    for url in (
        f"/admin/journey/stay/{foreign.pk}/check-in/",
        f"/admin/journey/stay/{foreign.pk}/check-out/",
        f"/admin/journey/stay/{foreign.pk}/issue-key/",
    ):
        assert desk.get(url).status_code == 404
        assert desk.post(url, {"token": "00000000-0000-0000-0000-000000000000"}).status_code == 404


def test_post_needs_csrf_and_a_login(arriving, desk_user):
    url = f"/admin/journey/stay/{arriving.pk}/check-in/"
    anonymous = Client()
    assert anonymous.get(url).status_code == 302  # to the login page
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(desk_user)
    assert strict.post(url, {"room": 1}).status_code == 403
    arriving.refresh_from_db()
    assert arriving.status == "confirmed"


def test_a_role_without_the_permission_gets_nothing(arriving, open_hotel):
    from stays import roles

    clerk = StaffFactory(hotel=open_hotel, email="clerk@par.test")
    roles.ROLE_PERMISSIONS[clerk.role]["stays.stay"].discard(roles.CHANGE)
    try:
        roles.ensure_role_groups()
        client = Client()
        client.force_login(clerk)
        assert client.get(f"/admin/journey/stay/{arriving.pk}/check-in/").status_code == 404
    finally:
        roles.ROLE_PERMISSIONS[clerk.role]["stays.stay"].add(roles.CHANGE)
        roles.ensure_role_groups()


def test_room_not_ready_is_completed_by_staff_assigning_a_ready_room(desk, arriving, rooms, api, open_hotel):
    JourneySettings.objects.filter(hotel=open_hotel).update(require_identity_document=False)
    Room.objects.filter(hotel=open_hotel).update(status=Room.Status.DIRTY)
    bearer(api, arriving)
    add_card(api), register(api)
    assert api.post("/api/v1/guest/checkin/complete").status_code == 202
    arriving.refresh_from_db()
    assert arriving.online_checkin_status == "room_not_ready"
    ready = RoomFactory(hotel=open_hotel, number="401", room_type="Deluxe King", status=Room.Status.INSPECTED)
    done = post(desk, f"/admin/journey/stay/{arriving.pk}/check-in/", room=ready.pk)
    assert b"checked in to room 401" in done.content
    arriving.refresh_from_db()
    assert arriving.status == "checked_in" and arriving.online_checkin_status == "completed"
    assert Payment.objects.filter(stay=arriving, kind=PaymentKind.HOLD).count() == 1


def test_a_dirty_room_chosen_by_staff_is_refused_with_a_message(desk, arriving, rooms, open_hotel):
    JourneySettings.objects.filter(hotel=open_hotel).update(require_identity_document=False)
    Room.objects.filter(pk=rooms[0].pk).update(status=Room.Status.DIRTY)
    arriving.room = rooms[0]
    arriving.save()
    response = post(desk, f"/admin/journey/stay/{arriving.pk}/check-in/", room=rooms[0].pk)
    assert "housekeeping has not released it yet" in response.content.decode()
    arriving.refresh_from_db()
    assert arriving.status == "confirmed"
