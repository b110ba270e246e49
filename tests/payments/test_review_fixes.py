"""Regression tests for the payments review (defects 1-7 and the suspected ones), on Stripe's wire format."""

import datetime as dt
import time
from decimal import Decimal

import pytest
import requests
from django.utils import timezone

from integrations.notifications.models import Notification
from payments.exceptions import PaymentOutcomeUnknown, PaymentRuleViolation
from payments.models import Customer, Payment, PaymentKind, PaymentStatus, WebhookEvent
from payments.money import InvalidAmount, check_amount, to_minor
from payments.services import holds, ledger, refunds
from payments.services.holds import review_aging_holds
from tests.stays.factories import StayFactory

from .conftest import API, card_list, event, form, make_payment, pi, post_webhook, stripe_error, use_stripe

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_stripe(stripe_hotel):
    return stripe_hotel


def receipts(stay):
    return Notification.objects.filter(stay=stay, template="payment_receipt")


def refund_obj(id="re_1", amount=2000, status="succeeded", reason="requested_by_customer", metadata=None):
    return {
        "id": id,
        "object": "refund",
        "amount": amount,
        "currency": "eur",
        "status": status,
        "payment_intent": "pi_123",
        "charge": "ch_123",
        "reason": reason,
        "metadata": metadata or {},
    }


def charge(**extra):
    body = {
        "id": "ch_123",
        "object": "charge",
        "payment_intent": "pi_123",
        "currency": "eur",
        "amount": 20000,
        "amount_captured": 15000,
        "amount_refunded": 0,
        "captured": True,
    }
    body.update(extra)
    return body


# -- 1. a capture that timed out is settled by the webhook or by a retry -------------------------------
def _timed_out_capture(stay, rsps, amount="150"):
    hold = make_payment(stay, amount="200.00")
    rsps.post(f"{API}/payment_intents/pi_123/capture", body=requests.exceptions.ReadTimeout("t"))
    with pytest.raises(PaymentOutcomeUnknown):
        holds.capture_hold(hold=hold, amount=Decimal(amount))
    return hold, Payment.objects.get(kind=PaymentKind.CAPTURE)


@pytest.mark.parametrize(
    "payload",
    [
        event("payment_intent.succeeded", pi(status="succeeded", received=15000, capturable=0)),
        event("charge.captured", charge()),
    ],
    ids=["payment_intent.succeeded", "charge.captured"],
)
def test_timed_out_capture_is_settled_by_the_webhook(api, stay, rsps, payload):
    hold, capture = _timed_out_capture(stay, rsps)
    assert post_webhook(api, payload).status_code == 200
    capture.refresh_from_db()
    hold.refresh_from_db()
    assert hold.status == PaymentStatus.CAPTURED and hold.amount_captured == Decimal("150.00")
    assert capture.status == PaymentStatus.SUCCEEDED and capture.amount == Decimal("150.00")
    assert capture.failure_code == "" and capture.completed_at is not None
    assert receipts(stay).count() == 1
    # Nothing is left pending: a retry or a release is told the hold is captured, with no Stripe call.
    for action in (lambda: holds.capture_hold(hold=hold, amount=Decimal("150")), lambda: holds.release_hold(hold=hold)):
        with pytest.raises(PaymentRuleViolation) as exc:
            action()
        assert exc.value.error_code == "hold_not_authorized" and "captured" in str(exc.value.detail)
    assert len(rsps.calls) == 1


def test_retry_on_a_captured_hold_settles_the_pending_capture_from_stripe(stay, rsps):
    hold, capture = _timed_out_capture(stay, rsps)
    # The hold became captured without the capture row being settled (e.g. rows from before the fix).
    Payment.objects.filter(pk=hold.pk).update(status=PaymentStatus.CAPTURED, amount_captured=Decimal("150"))
    rsps.get(f"{API}/payment_intents/pi_123", json=pi(status="succeeded", received=15000, capturable=0))
    settled = holds.capture_hold(hold=hold, amount=Decimal("150"))
    assert settled.pk == capture.pk and settled.status == PaymentStatus.SUCCEEDED
    assert settled.amount == Decimal("150.00")
    assert rsps.calls[-1].request.method == "GET"
    assert Payment.objects.filter(kind=PaymentKind.CAPTURE).count() == 1


def test_api_answer_after_the_webhook_settled_the_capture_sends_one_receipt(api, stay, rsps):
    hold, capture = _timed_out_capture(stay, rsps)
    post_webhook(api, event("charge.captured", charge()))
    rsps.post(f"{API}/payment_intents/pi_123/capture", json=pi(status="succeeded", received=15000, capturable=0))
    Payment.objects.filter(pk=hold.pk).update(status=PaymentStatus.AUTHORIZED)  # as if the webhook came late
    Payment.objects.filter(pk=capture.pk).update(status=PaymentStatus.PENDING)
    holds.capture_hold(hold=hold, amount=Decimal("150"))
    assert receipts(stay).count() == 1


# -- 2. a refund that timed out is retried with its own key ------------------------------------------------
def test_refund_timeout_then_retry_reuses_the_row_and_its_key(stay, rsps):
    hold = make_payment(stay, status=PaymentStatus.CAPTURED, amount_captured=Decimal("120.00"))
    rsps.post(f"{API}/refunds", body=requests.exceptions.ReadTimeout("t"))
    rsps.post(f"{API}/refunds", json=refund_obj(id="re_2", amount=2000))
    with pytest.raises(PaymentOutcomeUnknown):
        refunds.refund_payment(payment=hold, amount=Decimal("20"))
    pending = Payment.objects.get(kind=PaymentKind.REFUND)
    assert pending.status == PaymentStatus.PENDING and pending.failure_code == "outcome_unknown"

    with pytest.raises(PaymentRuleViolation) as busy:
        refunds.refund_payment(payment=hold, amount=Decimal("30"))
    assert busy.value.error_code == "refund_in_progress"
    assert len(rsps.calls) == 1

    done = refunds.refund_payment(payment=hold, amount=Decimal("20"))
    keys = [call.request.headers["Idempotency-Key"] for call in rsps.calls]
    assert keys == [pending.idempotency_key, pending.idempotency_key]
    assert form(rsps.calls[0]) == form(rsps.calls[1])
    assert done.pk == pending.pk and done.status == PaymentStatus.SUCCEEDED and done.stripe_refund_id == "re_2"
    assert Payment.objects.filter(kind=PaymentKind.REFUND).count() == 1
    hold.refresh_from_db()
    assert hold.amount_refunded == Decimal("20.00")


def test_full_refund_retry_without_amount_reuses_the_row(stay, rsps):
    hold = make_payment(stay, status=PaymentStatus.CAPTURED, amount_captured=Decimal("120.00"))
    rsps.post(f"{API}/refunds", body=requests.exceptions.ConnectionError("reset"))
    rsps.post(f"{API}/refunds", json=refund_obj(id="re_3", amount=12000))
    with pytest.raises(PaymentOutcomeUnknown):
        refunds.refund_payment(payment=hold)
    done = refunds.refund_payment(payment=hold)
    assert done.amount == Decimal("120.00") and done.status == PaymentStatus.SUCCEEDED
    assert len({call.request.headers["Idempotency-Key"] for call in rsps.calls}) == 1
    assert Payment.objects.filter(kind=PaymentKind.REFUND).count() == 1


def test_a_refund_still_in_flight_is_not_sent_twice(stay, rsps):
    hold = make_payment(stay, status=PaymentStatus.CAPTURED, amount_captured=Decimal("120.00"))
    make_payment(
        stay, kind=PaymentKind.REFUND, parent=hold, status=PaymentStatus.PENDING, amount="20.00", amount_authorized=0
    )
    with pytest.raises(PaymentRuleViolation) as exc:
        refunds.refund_payment(payment=hold, amount=Decimal("20"))
    assert exc.value.error_code == "refund_in_progress"
    assert len(rsps.calls) == 0


def test_a_refund_never_answered_is_resent_once_stale(stay, rsps):
    hold = make_payment(stay, status=PaymentStatus.CAPTURED, amount_captured=Decimal("120.00"))
    row = make_payment(
        stay, kind=PaymentKind.REFUND, parent=hold, status=PaymentStatus.PENDING, amount="20.00", amount_authorized=0
    )
    Payment.objects.filter(pk=row.pk).update(updated_at=timezone.now() - dt.timedelta(minutes=10))
    rsps.post(f"{API}/refunds", json=refund_obj(id="re_4", amount=2000))
    done = refunds.refund_payment(payment=hold, amount=Decimal("20"))
    assert done.pk == row.pk and done.status == PaymentStatus.SUCCEEDED
    assert rsps.calls[0].request.headers["Idempotency-Key"] == row.idempotency_key


# -- 3. an expired hold is no refund -------------------------------------------------------------------------
def test_expired_uncaptured_charge_expires_the_hold_without_refund_or_receipt(api, stay):
    hold = make_payment(stay, amount="200.00")
    now = int(time.time())
    expired = refund_obj(id="re_exp", amount=20000, reason="expired_uncaptured_charge")
    assert post_webhook(api, event("refund.created", expired, id="e1", created=now)).status_code == 200
    refunded = charge(amount_captured=0, amount_refunded=20000, captured=False, refunded=True)
    assert post_webhook(api, event("charge.refunded", refunded, id="e2", created=now)).status_code == 200
    canceled = pi(status="canceled", cancellation_reason="automatic", capturable=0)
    assert post_webhook(api, event("payment_intent.canceled", canceled, id="e3", created=now)).status_code == 200
    hold.refresh_from_db()
    assert hold.status == PaymentStatus.EXPIRED and "expired" in hold.attention
    assert "Stripe reports" not in hold.attention
    assert (hold.amount_captured, hold.amount_refunded) == (0, 0)
    assert not Payment.objects.filter(kind=PaymentKind.REFUND).exists()
    assert receipts(stay).count() == 0


def test_charge_refunded_for_an_uncaptured_charge_alone_expires_the_hold(api, stay):
    hold = make_payment(stay, amount="200.00")
    refunded = charge(amount_captured=0, amount_refunded=20000, captured=False, refunded=True)
    post_webhook(api, event("charge.refunded", refunded, id="e2"))
    hold.refresh_from_db()
    assert hold.status == PaymentStatus.EXPIRED and hold.amount_refunded == 0
    assert not Payment.objects.filter(kind=PaymentKind.REFUND).exists()


def test_cancellation_reason_expired_is_an_expiry(api, stay):
    hold = make_payment(stay)
    post_webhook(api, event("payment_intent.canceled", pi(status="canceled", cancellation_reason="expired")))
    hold.refresh_from_db()
    assert hold.status == PaymentStatus.EXPIRED and "expired" in hold.attention


# -- 4. the hourly hold check survives one hold's decline -----------------------------------------------
def _reauth_setup(hotel, stay, card="pm_card_visa"):
    use_stripe(hotel, reauthorize_expiring_holds=True)
    Customer.objects.create(
        hotel=hotel, guest=stay.guest, provider="stripe", stripe_customer_id="cus_123", idempotency_key="c"
    )
    return make_payment(
        stay,
        amount="300.00",
        expires_at=timezone.now() + dt.timedelta(hours=2),
        stripe_payment_intent_id="pi_a",
        stripe_customer_id="cus_123",
        stripe_payment_method_id=card,
    )


def test_a_declined_reauthorization_is_flagged_once_and_the_other_holds_are_checked(hotel, stay, rsps):
    first = _reauth_setup(hotel, stay)
    other_stay = StayFactory(hotel=hotel)
    second = make_payment(
        other_stay, amount="100.00", expires_at=timezone.now() + dt.timedelta(hours=3), stripe_payment_intent_id="pi_b"
    )
    rsps.get(f"{API}/payment_methods", json=card_list(("pm_card_visa", "4242")))
    rsps.post(
        f"{API}/payment_intents",
        **stripe_error(
            402, "card_error", "card_declined", "Declined", "insufficient_funds", payment_intent={"id": "pi_x"}
        ),
    )
    # The second stay's guest is no customer at Stripe: flagged too, and no customer is created for it.
    result = review_aging_holds()
    assert result == {"flagged": 0, "reauthorized": 0, "failed": 2}
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.attention.startswith("Re-authorization failed (card_declined)")
    assert first.status == PaymentStatus.AUTHORIZED
    assert second.attention.startswith("Re-authorization failed (no_saved_card)")
    failed_rows = Payment.objects.filter(kind=PaymentKind.HOLD, status=PaymentStatus.FAILED).count()
    assert failed_rows == 1
    calls = len(rsps.calls)
    assert "capture or release it before" in first.attention  # the expiry is in the note
    # The next hour: no new attempt, no new failed row, no new note, no new Stripe call.
    assert review_aging_holds() == {"flagged": 0, "reauthorized": 0, "failed": 0}
    assert Payment.objects.filter(kind=PaymentKind.HOLD, status=PaymentStatus.FAILED).count() == failed_rows
    assert len(rsps.calls) == calls


def test_reauthorization_with_the_card_gone_is_flagged(hotel, stay, rsps):
    hold = _reauth_setup(hotel, stay, card="pm_gone")
    rsps.get(f"{API}/payment_methods", json=card_list(("pm_other", "4242")))
    assert review_aging_holds() == {"flagged": 0, "reauthorized": 0, "failed": 1}
    hold.refresh_from_db()
    assert hold.attention.startswith("Re-authorization failed (unknown_card)")
    assert hold.status == PaymentStatus.AUTHORIZED


# -- 5. absurd amounts ------------------------------------------------------------------------------------
@pytest.mark.parametrize("amount", ["1e30", "99999999999999999999999999999", "1e12"])
def test_huge_amounts_are_invalid_not_a_crash(amount):
    with pytest.raises(InvalidAmount):
        check_amount(amount, "EUR")
    with pytest.raises(InvalidAmount):
        to_minor(amount, "JPY")


def test_admin_forms_refuse_huge_amounts(client, front_desk, stay, rsps):
    client.force_login(front_desk)
    hold = make_payment(stay, amount="200.00")
    tip = make_payment(
        stay,
        kind=PaymentKind.TIP,
        status=PaymentStatus.SUCCEEDED,
        amount="50.00",
        amount_captured=Decimal("50"),
        stripe_payment_intent_id="pi_tip",
    )
    for url in (f"/admin/payments/payment/{hold.pk}/capture/", f"/admin/payments/payment/{tip.pk}/refund/"):
        for amount in ("1e30", "12345678901"):
            response = client.post(url, {"amount": amount})
            assert response.status_code == 200
            assert "amount" in response.context["form"].errors
    assert len(rsps.calls) == 0
    assert Payment.objects.count() == 2


# -- 6. signed payloads of the wrong shape ------------------------------------------------------------------
@pytest.mark.parametrize(
    "payload",
    [
        {"id": "evt_a", "type": "payment_intent.succeeded", "created": 1700000000, "data": {"object": "x"}},
        {"id": "evt_b", "type": 5, "created": 1700000000, "data": {"object": {}}},
        {"id": "evt_c", "type": "charge.refunded", "created": "abc", "data": {"object": {}}},
        {"id": "evt_d", "type": "charge.refunded", "created": 10**20, "data": {"object": {}}},
        {"id": "evt_e", "type": "charge.refunded", "data": {"object": {}}},
        {"id": "evt_f", "type": "x" * 101, "created": 1700000000, "data": {"object": {}}},
        [1, 2],
        {"id": {"a": 1}, "type": "x", "created": 1700000000, "data": {"object": {}}},
        {"id": "evt_g", "type": "payment_intent.succeeded", "created": 1700000000, "data": {"object": {"amount": "x"}}},
        {
            "id": "evt_h",
            "type": "charge.captured",
            "created": 1700000000,
            "data": {"object": {"payment_intent": "pi_123", "amount_captured": "abc"}},
        },
    ],
)
def test_odd_payloads_are_400_invalid_payload(api, stay, payload):
    make_payment(stay)
    response = post_webhook(api, payload)
    assert response.status_code == 400 and response.json()["code"] == "invalid_payload"
    assert not WebhookEvent.objects.exists()


def test_client_secret_is_not_stored_with_the_event(api, stay):
    make_payment(stay)
    post_webhook(api, event("payment_intent.succeeded", pi(status="succeeded", received=20000)))
    stored = WebhookEvent.objects.get()
    assert stored.payload["data"]["object"]["client_secret"] == ""
    assert "secret_abc" not in str(stored.payload)


# -- weak tests strengthened: webhooks settle the ledger in any order ----------------------------------------
def test_capture_settled_only_by_webhooks_delivered_out_of_order_twice(api, stay, rsps):
    hold, capture = _timed_out_capture(stay, rsps, amount="120")
    now = int(time.time())
    events = [
        event("charge.captured", charge(amount_captured=12000), id="evt_cc", created=now + 2),
        event(
            "payment_intent.succeeded",
            pi(status="succeeded", received=12000, capturable=0),
            id="evt_s",
            created=now + 1,
        ),
        event("payment_intent.amount_capturable_updated", pi(status="requires_capture"), id="evt_a", created=now),
    ]
    for payload in events + events[::-1]:
        assert post_webhook(api, payload).status_code == 200
    hold.refresh_from_db()
    capture.refresh_from_db()
    assert hold.status == PaymentStatus.CAPTURED
    assert (hold.amount_authorized, hold.amount_captured) == (Decimal("200.00"), Decimal("120.00"))
    assert capture.status == PaymentStatus.SUCCEEDED and capture.amount == Decimal("120.00")
    assert WebhookEvent.objects.count() == 3 and receipts(stay).count() == 1
    assert len(rsps.calls) == 1  # only the capture that timed out


def test_environment_default_secret_serves_hotels_on_the_default(api, settings, stay, other_hotel):
    settings.PAYMENT_PROVIDER = "stripe"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_env_default"
    tokyo = make_payment(StayFactory(hotel=other_hotel), stripe_payment_intent_id="pi_tokyo", currency="JPY")
    paris = make_payment(stay)
    payload = event(
        "payment_intent.succeeded", pi(id="pi_tokyo", status="succeeded", amount=200, received=200, currency="jpy")
    )
    assert post_webhook(api, payload, secret="whsec_env_default").status_code == 200
    tokyo.refresh_from_db()
    assert tokyo.status == PaymentStatus.CAPTURED and tokyo.amount_captured == Decimal("200.00")
    assert WebhookEvent.objects.get().hotel_id == other_hotel.pk
    # The default secret cannot touch Paris, which has its own secret.
    other = event("payment_intent.succeeded", pi(status="succeeded", received=20000), id="evt_paris")
    assert post_webhook(api, other, secret="whsec_env_default").status_code == 200
    paris.refresh_from_db()
    assert paris.status == PaymentStatus.AUTHORIZED
    assert post_webhook(api, other, secret="whsec_env_default", query="?hotel=PAR").status_code == 400


# -- suspected: flags kept, refund webhooks idempotent, double-submitted admin refund ---------------------
def test_a_later_flag_does_not_hide_a_dispute(api, stay):
    tip = make_payment(stay, kind=PaymentKind.TIP, status=PaymentStatus.SUCCEEDED, amount_captured=Decimal("200"))
    dispute = {
        "id": "dp_1",
        "object": "dispute",
        "amount": 20000,
        "currency": "eur",
        "payment_intent": "pi_123",
        "reason": "fraudulent",
    }
    post_webhook(api, event("charge.dispute.created", dispute, id="evt_d"))
    post_webhook(api, event("charge.refunded", charge(amount_captured=20000, amount_refunded=3000), id="evt_c"))
    tip.refresh_from_db()
    assert "fraudulent" in tip.attention and "Stripe reports" in tip.attention
    post_webhook(api, event("refund.created", refund_obj(id="re_d", amount=3000), id="evt_r"))
    tip.refresh_from_db()
    assert "fraudulent" in tip.attention and "Stripe reports" not in tip.attention


def test_flag_keeps_earlier_notes_and_replaces_same_kind():
    row = Payment(attention="")
    ledger.flag(row, "Dispute opened")
    ledger.flag(row, "Stripe reports 10 refunded", replaces="Stripe reports")
    ledger.flag(row, "Stripe reports 20 refunded", replaces="Stripe reports")
    assert row.attention == "Stripe reports 20 refunded | Dispute opened"
    assert ledger.unflag(row, "Stripe reports") and row.attention == "Dispute opened"


def test_refund_event_for_a_refund_the_api_answer_recorded_adds_no_row(api, stay):
    hold = make_payment(stay, status=PaymentStatus.CAPTURED, amount_captured=Decimal("120"))
    row = make_payment(
        stay,
        kind=PaymentKind.REFUND,
        parent=hold,
        status=PaymentStatus.SUCCEEDED,
        amount="20.00",
        amount_authorized=0,
        stripe_refund_id="re_1",
    )
    payload = refund_obj(id="re_1", metadata={"payment_id": str(row.public_id)})
    for i in range(2):
        assert post_webhook(api, event("refund.created", payload, id=f"evt_{i}")).status_code == 200
    # The metadata link found even when the refund id was recorded by the API answer meanwhile.
    assert Payment.objects.filter(kind=PaymentKind.REFUND).count() == 1
    assert set(WebhookEvent.objects.values_list("payment_id", flat=True)) == {row.pk}


def test_double_submitted_admin_refund_refunds_once(client, front_desk, stay, rsps):
    client.force_login(front_desk)
    tip = make_payment(
        stay,
        kind=PaymentKind.TIP,
        status=PaymentStatus.SUCCEEDED,
        amount="50.00",
        amount_captured=Decimal("50"),
        stripe_payment_intent_id="pi_tip",
    )
    page = client.get(f"/admin/payments/payment/{tip.pk}/refund/")
    token = page.context["form"].initial["token"]
    rsps.post(f"{API}/refunds", json={**refund_obj(id="re_9", amount=1500), "payment_intent": "pi_tip"})
    for _ in range(2):
        response = client.post(
            f"/admin/payments/payment/{tip.pk}/refund/", {"amount": "15", "token": token}, follow=True
        )
        assert b"Refund of 15.00 EUR: succeeded" in response.content
    assert len(rsps.calls) == 1
    assert Payment.objects.filter(kind=PaymentKind.REFUND).count() == 1
