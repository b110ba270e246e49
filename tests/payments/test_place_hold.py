"""Placing a hold for a stay: the service entry point and the admin page/action (defect 7)."""

from decimal import Decimal

import pytest
import requests

from payments.models import Payment, PaymentKind, PaymentStatus
from payments.services import holds
from tests.stays.factories import StayFactory

from .conftest import API, card_list, form, pi

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_stripe(stripe_hotel, settings):
    settings.PAYMENT_HOLD_PER_NIGHT = {"EUR": "80", "JPY": "15000"}
    return stripe_hotel


@pytest.fixture
def desk(client, front_desk):
    client.force_login(front_desk)
    return client


def url(stay):
    return f"/admin/payments/payment/place-hold/{stay.pk}/"


def test_page_suggests_nights_times_the_deposit(desk, stay):
    page = desk.get(url(stay))
    assert page.status_code == 200
    expected = Decimal("80") * max(stay.nights, 1)
    assert page.context["form"].initial["amount"] == expected
    assert "EUR" in page.content.decode()


def test_place_a_hold_on_the_saved_card(desk, stay, customer, rsps):
    rsps.get(f"{API}/payment_methods", json=card_list(("pm_card_visa", "4242")))
    rsps.post(f"{API}/payment_intents", json=pi(id="pi_new", amount=25000))
    token = desk.get(url(stay)).context["form"].initial["token"]
    response = desk.post(url(stay), {"amount": "250.00", "token": token}, follow=True)
    assert b"Hold of 250.00 EUR on stay" in response.content and b"authorized" in response.content
    assert response.redirect_chain[-1][0] == f"/admin/stays/stay/{stay.pk}/change/"
    body = form(rsps.calls[1])
    assert body["amount"] == "25000" and body["currency"] == "eur" and body["customer"] == "cus_123"
    assert body["payment_method"] == "pm_card_visa" and body["capture_method"] == "manual"
    assert body["off_session"] == "true" and body["confirm"] == "true"
    hold = Payment.objects.get(kind=PaymentKind.HOLD)
    assert hold.status == PaymentStatus.AUTHORIZED and hold.stripe_payment_intent_id == "pi_new"
    assert hold.created_by.email == "desk@par.test"
    assert rsps.calls[1].request.headers["Idempotency-Key"] == hold.idempotency_key
    # The same form submitted again answers with the same hold: no second PaymentIntent.
    again = desk.post(url(stay), {"amount": "250.00", "token": token}, follow=True)
    assert b"Hold of 250.00 EUR" in again.content
    assert len(rsps.calls) == 2 and Payment.objects.filter(kind=PaymentKind.HOLD).count() == 1


def test_a_guest_without_a_saved_card_gets_a_clear_message(desk, stay, rsps):
    response = desk.post(url(stay), {"amount": "100"})
    assert response.status_code == 200
    assert "no saved card" in response.content.decode()
    assert len(rsps.calls) == 0  # no customer created on the guest's behalf
    assert not Payment.objects.exists()


def test_a_customer_without_cards_gets_a_clear_message(desk, stay, customer, rsps):
    rsps.get(f"{API}/payment_methods", json=card_list())
    response = desk.post(url(stay), {"amount": "100"})
    assert "no saved card" in response.content.decode().lower()
    assert not Payment.objects.exists()


def test_timed_out_hold_is_resent_as_the_same_row(desk, stay, customer, rsps):
    rsps.get(f"{API}/payment_methods", json=card_list(("pm_card_visa", "4242")))
    rsps.post(f"{API}/payment_intents", body=requests.exceptions.ReadTimeout("t"))
    rsps.post(f"{API}/payment_intents", json=pi(id="pi_late", amount=10000))
    first = desk.post(url(stay), {"amount": "100"})
    assert first.status_code == 200 and "could not confirm" in first.content.decode()
    pending = Payment.objects.get(kind=PaymentKind.HOLD)
    assert pending.status == PaymentStatus.PENDING and pending.failure_code == "outcome_unknown"
    # Another amount is refused while the first hold is unconfirmed.
    busy = desk.post(url(stay), {"amount": "120"})
    assert "is not confirmed yet" in busy.content.decode()
    desk.post(url(stay), {"amount": "100"})
    keys = [call.request.headers["Idempotency-Key"] for call in rsps.calls if call.request.method == "POST"]
    assert keys == [pending.idempotency_key, pending.idempotency_key]
    assert form(rsps.calls[1]) == form(rsps.calls[2])
    hold = Payment.objects.get(kind=PaymentKind.HOLD)
    assert hold.pk == pending.pk and hold.status == PaymentStatus.AUTHORIZED
    assert hold.stripe_payment_intent_id == "pi_late"


def test_service_entry_point_for_check_in(stay, customer, rsps, front_desk):
    rsps.get(f"{API}/payment_methods", json=card_list(("pm_card_visa", "4242")))
    rsps.post(f"{API}/payment_intents", json=pi(id="pi_ci", amount=int(Decimal("80") * max(stay.nights, 1) * 100)))
    hold = holds.place_hold_for_stay(stay=stay, amount=None, actor=front_desk)
    assert hold.amount == Decimal("80") * max(stay.nights, 1) and hold.status == PaymentStatus.AUTHORIZED


def test_another_hotels_stay_is_out_of_reach(desk, other_hotel, rsps):
    theirs = StayFactory(hotel=other_hotel)
    assert desk.get(url(theirs)).status_code == 404
    assert desk.post(url(theirs), {"amount": "100"}).status_code == 404
    assert len(rsps.calls) == 0


def test_stay_action_opens_the_place_hold_page(desk, stay):
    response = desk.post("/admin/stays/stay/", {"action": "place_stay_hold", "_selected_action": [stay.pk], "index": 0})
    assert response.status_code == 302 and response["Location"] == url(stay)


def test_huge_amount_is_a_form_error(desk, stay, customer, rsps):
    response = desk.post(url(stay), {"amount": "1e30"})
    assert response.status_code == 200 and "amount" in response.context["form"].errors
    assert len(rsps.calls) == 0
