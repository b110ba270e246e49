"""Admin: the ledger on the stay page, capture/release/refund pages with guardrails, the reconciliation list."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from payments.models import Payment, PaymentKind, PaymentStatus
from tests.stays.factories import StayFactory

from .conftest import API, form, make_payment, pi

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _on_stripe(stripe_hotel):
    return stripe_hotel


@pytest.fixture
def desk(client, front_desk):
    client.force_login(front_desk)
    return client


def test_stay_page_shows_the_ledger_with_operations(desk, stay):
    hold = make_payment(stay, amount="200.00")
    page = desk.get(f"/admin/stays/stay/{stay.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Payments ledger" in html and "200.00 EUR" in html
    assert f"/admin/payments/payment/{hold.pk}/capture/" in html


def test_capture_part_of_a_hold_from_the_admin(desk, stay, rsps):
    hold = make_payment(stay, amount="200.00")
    form_page = desk.get(f"/admin/payments/payment/{hold.pk}/capture/")
    assert form_page.status_code == 200 and b"Authorized: 200.00 EUR" in form_page.content
    rsps.post(f"{API}/payment_intents/pi_123/capture", json=pi(status="succeeded", received=12000, capturable=0))
    response = desk.post(f"/admin/payments/payment/{hold.pk}/capture/", {"amount": "120.00"}, follow=True)
    assert b"Captured 120.00 EUR" in response.content
    assert form(rsps.calls[0])["amount_to_capture"] == "12000"
    hold.refresh_from_db()
    assert hold.status == PaymentStatus.CAPTURED and hold.amount_captured == Decimal("120.00")
    capture = Payment.objects.get(kind=PaymentKind.CAPTURE)
    assert capture.created_by.email == "desk@par.test"


def test_capture_above_authorized_shows_a_clear_message_and_calls_nobody(desk, stay, rsps):
    hold = make_payment(stay, amount="200.00")
    response = desk.post(f"/admin/payments/payment/{hold.pk}/capture/", {"amount": "250"})
    assert response.status_code == 200
    assert "Cannot capture 250.00 EUR: only 200.00 EUR is authorized." in response.content.decode()
    assert len(rsps.calls) == 0
    hold.refresh_from_db()
    assert hold.status == PaymentStatus.AUTHORIZED


def test_expired_hold_offers_no_action_and_refuses_one(desk, stay, rsps):
    hold = make_payment(stay, expires_at=timezone.now() - dt.timedelta(hours=1))
    page = desk.get(f"/admin/stays/stay/{stay.pk}/change/").content.decode()
    assert f"/admin/payments/payment/{hold.pk}/capture/" not in page
    response = desk.post(f"/admin/payments/payment/{hold.pk}/release/", {})
    assert "This hold has expired" in response.content.decode()
    assert len(rsps.calls) == 0


def test_release_and_partial_refund_from_the_admin(desk, stay, rsps):
    hold = make_payment(stay)
    rsps.post(
        f"{API}/payment_intents/pi_123/cancel", json=pi(status="canceled", cancellation_reason="requested_by_customer")
    )
    done = desk.post(f"/admin/payments/payment/{hold.pk}/release/", {}, follow=True)
    assert b"Released the hold of 200.00 EUR" in done.content
    hold.refresh_from_db()
    assert hold.status == PaymentStatus.RELEASED

    tip = make_payment(
        stay,
        kind=PaymentKind.TIP,
        status=PaymentStatus.SUCCEEDED,
        amount="50.00",
        amount_captured=Decimal("50"),
        stripe_payment_intent_id="pi_tip",
    )
    rsps.post(
        f"{API}/refunds",
        json={
            "id": "re_9",
            "object": "refund",
            "amount": 1500,
            "currency": "eur",
            "status": "succeeded",
            "payment_intent": "pi_tip",
            "metadata": {},
        },
    )
    too_much = desk.post(f"/admin/payments/payment/{tip.pk}/refund/", {"amount": "60"})
    assert "50.00 EUR is left to refund" in too_much.content.decode()
    ok = desk.post(
        f"/admin/payments/payment/{tip.pk}/refund/", {"amount": "15", "reason": "requested_by_customer"}, follow=True
    )
    assert b"Refund of 15.00 EUR: succeeded" in ok.content
    assert form(rsps.calls[1])["amount"] == "1500"
    tip.refresh_from_db()
    assert tip.amount_refunded == Decimal("15.00")


def test_other_hotels_payments_are_out_of_reach(desk, other_hotel, rsps):
    theirs = make_payment(StayFactory(hotel=other_hotel), stripe_payment_intent_id="pi_tyo")
    assert desk.get(f"/admin/payments/payment/{theirs.pk}/capture/").status_code == 403
    assert desk.post(f"/admin/payments/payment/{theirs.pk}/capture/", {"amount": "1"}).status_code == 403
    listing = desk.get("/admin/payments/payment/").content.decode()
    assert "pi_tyo" not in listing
    assert len(rsps.calls) == 0


def test_reconciliation_list_filters_by_status_kind_and_date(desk, stay):
    make_payment(stay, stripe_payment_intent_id="pi_hold_live")
    make_payment(
        stay,
        kind=PaymentKind.TIP,
        status=PaymentStatus.SUCCEEDED,
        amount_captured=Decimal("200"),
        stripe_payment_intent_id="pi_tip_paid",
    )
    by_kind = desk.get("/admin/payments/payment/?kind__exact=tip").content.decode()
    assert "pi_tip_paid" in by_kind and "pi_hold_live" not in by_kind
    by_status = desk.get("/admin/payments/payment/?status__exact=authorized").content.decode()
    assert "pi_hold_live" in by_status and "pi_tip_paid" not in by_status
    start = timezone.now().replace(hour=0, minute=0, second=0, microsecond=0)
    today = {"created_at__gte": str(start), "created_at__lt": str(start + dt.timedelta(days=1))}
    by_date = desk.get("/admin/payments/payment/", today).content.decode()
    assert "pi_hold_live" in by_date and "pi_tip_paid" in by_date
    old = desk.get("/admin/payments/payment/", {"created_at__lt": str(start - dt.timedelta(days=365))}).content.decode()
    assert "pi_hold_live" not in old and "pi_tip_paid" not in old


def test_stay_action_opens_the_capture_page(desk, stay):
    hold = make_payment(stay)
    response = desk.post(
        "/admin/stays/stay/", {"action": "capture_stay_hold", "_selected_action": [stay.pk], "index": 0}
    )
    assert response.status_code == 302 and response["Location"] == f"/admin/payments/payment/{hold.pk}/capture/"


def test_front_desk_cannot_add_or_delete_ledger_rows(desk, stay):
    hold = make_payment(stay)
    assert desk.get("/admin/payments/payment/add/").status_code == 403
    assert desk.post(f"/admin/payments/payment/{hold.pk}/delete/", {"post": "yes"}).status_code == 403
    assert Payment.objects.filter(pk=hold.pk).exists()


def test_roles_are_granted_payment_permissions_and_change_is_required(desk, front_desk, stay):
    from django.contrib.auth.models import Group, Permission

    from stays.roles import ensure_role_groups

    ensure_role_groups()
    group = Group.objects.get(name="role:front_desk")
    codenames = set(group.permissions.filter(content_type__app_label="payments").values_list("codename", flat=True))
    assert codenames == {"view_payment", "change_payment"}
    hold = make_payment(stay)
    assert desk.get(f"/admin/payments/payment/{hold.pk}/capture/").status_code == 200
    group.permissions.remove(Permission.objects.get(codename="change_payment"))
    assert desk.get(f"/admin/payments/payment/{hold.pk}/capture/").status_code == 403


def test_a_posted_stay_form_never_changes_the_ledger(rf, front_desk, stay):
    """The ledger inline validates without its management data and ignores forged ledger forms."""
    from django.contrib.admin.sites import site
    from django.http import QueryDict

    from payments.admin import PaymentLedgerInline
    from stays.models import Stay

    hold = make_payment(stay)
    request = rf.post("/")
    request.user = front_desk
    formset_class = PaymentLedgerInline(Stay, site).get_formset(request, stay)
    bare = formset_class(QueryDict("confirmation_number=ABC123"), instance=stay, prefix="payments")
    assert bare.is_valid() and bare.total_form_count() == 0
    forged = QueryDict(mutable=True)
    forged.update(
        {
            "payments-TOTAL_FORMS": "1",
            "payments-INITIAL_FORMS": "1",
            "payments-0-id": str(hold.pk),
            "payments-0-stay": str(stay.pk),
            "payments-0-status": "captured",
            "payments-0-DELETE": "on",
        }
    )
    formset = formset_class(forged, instance=stay, prefix="payments")
    assert formset.is_valid()
    formset.save()
    hold.refresh_from_db()
    assert hold.status == PaymentStatus.AUTHORIZED
