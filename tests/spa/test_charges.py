"""Charging spa bookings: the saved card through the payments ledger (Stripe's wire format), once;
a decline is recorded for staff and can be retried."""

import uuid
from decimal import Decimal

import pytest

from payments.models import Payment, PaymentKind, PaymentStatus
from spa.models import SpaSettings
from spa.services import bookings, charges
from tests.payments.conftest import API, card_list, form, pi, stripe_error

from .helpers import local_time

pytestmark = pytest.mark.django_db


@pytest.fixture
def card_spa(stripe_hotel, customer):
    SpaSettings.objects.create(hotel=stripe_hotel, charge_to="card", late_cancellation_fee_percent=50)
    return stripe_hotel


def confirmed(stay):
    return bookings.book(
        stay=stay,
        service_id="par-signature-60",
        start=local_time(stay.hotel, 1, 10),
        practitioner_id="par-camille",
        client_key=str(uuid.uuid4()),
    ).booking


def test_completed_treatment_is_charged_to_the_saved_card_once(card_spa, stay, rsps, front_desk):
    booking = confirmed(stay)
    assert booking.payment_method == "card"
    rsps.get(f"{API}/payment_methods", json=card_list(("pm_card_visa", "4242")))
    rsps.post(
        f"{API}/payment_intents",
        json=pi(id="pi_spa", status="succeeded", amount=12000, received=12000, capture_method="automatic"),
    )
    done = bookings.complete(booking=booking, actor=front_desk)
    assert (done.status, done.charge_status, done.charge_amount) == ("completed", "charged", Decimal("120.00"))

    payment = Payment.objects.get()
    assert (payment.kind, payment.status, payment.amount) == (
        PaymentKind.CHARGE,
        PaymentStatus.SUCCEEDED,
        Decimal("120.00"),
    )
    assert done.charge_reference == str(payment.public_id) and payment.client_key == f"spa-{booking.public_id}"
    create = rsps.calls[-1]
    body = form(create)
    assert body["amount"] == "12000" and body["currency"] == "eur" and body["customer"] == "cus_123"
    assert body["confirm"] == "true" and body["off_session"] == "true" and body["payment_method"] == "pm_card_visa"
    assert body["description"] == "Spa: Signature relaxing massage"
    assert create.request.headers["Idempotency-Key"] == payment.idempotency_key

    calls = len(rsps.calls)
    assert bookings.complete(booking=done, actor=front_desk).charge_status == "charged"
    assert charges.charge_booking(done, amount=done.charge_amount, description="again").charge_status == "charged"
    assert len(rsps.calls) == calls and Payment.objects.count() == 1


def test_declined_no_show_fee_is_recorded_and_retried(card_spa, stay, rsps, front_desk):
    booking = confirmed(stay)
    rsps.get(f"{API}/payment_methods", json=card_list(("pm_card_visa", "4242")))
    rsps.post(
        f"{API}/payment_intents",
        **stripe_error(
            402, "card_error", "card_declined", "Your card was declined.", decline_code="insufficient_funds"
        ),
    )
    missed = bookings.mark_no_show(booking=booking, actor=front_desk)
    assert (missed.status, missed.charge_status, missed.cancellation_fee) == ("no_show", "failed", Decimal("60.00"))
    assert missed.charge_error.startswith("card_declined")
    assert Payment.objects.get().status == PaymentStatus.FAILED

    # The same reference is never charged twice: a retry returns the failed ledger row as it is.
    retried = charges.retry_charge(missed)
    assert retried.charge_status == "failed" and Payment.objects.count() == 1
