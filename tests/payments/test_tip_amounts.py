"""Tip amounts: plain decimals and numbers only, and a per-hotel maximum (defect #9)."""

from decimal import Decimal

import pytest

from integrations.services import configure_integration
from payments.models import Payment
from payments.money import InvalidAmount, check_amount
from tests.stays.fixtures import guest_token

pytestmark = pytest.mark.django_db


@pytest.fixture
def guest(api, stay):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {guest_token(api, stay)}")
    assert api.post("/api/v1/guest/payment-methods", {"payment_method_id": "pm_card_visa"}, format="json").status_code
    return api


def tip(api, amount, key="k1"):
    return api.post("/api/v1/guest/tips", {"amount": amount}, format="json", HTTP_IDEMPOTENCY_KEY=key)


@pytest.mark.parametrize(
    "amount", ["1_000", "١٢", "١٠٠٠", "1e3", "Infinity", "NaN", " 12 5", "+5", "-5", "0x10", True, None]
)
def test_only_plain_amounts_are_accepted(guest, amount):
    response = tip(guest, amount)
    assert response.status_code == 400, response.content
    assert response.json()["code"] in ("validation_error", "invalid_amount")
    assert not Payment.objects.exists()


@pytest.mark.parametrize("amount,stored", [("12.50", Decimal("12.50")), (12.5, Decimal("12.50")), (7, Decimal("7.00"))])
def test_plain_amounts_and_numbers_work(guest, amount, stored):
    response = tip(guest, amount)
    assert response.status_code == 201, response.content
    assert Payment.objects.get().amount == stored


def test_default_maximum_tip(guest, settings):
    assert settings.TIP_MAX_AMOUNT["default"] == "500"
    response = tip(guest, "500.01")
    assert response.status_code == 400 and response.json()["code"] in ("invalid_amount", "tip_too_large")
    assert tip(guest, "500", key="k2").status_code == 201


def test_per_hotel_maximum_tip(guest, hotel):
    configure_integration(hotel=hotel, capability="payment", provider="mock", config={"max_tip": "20"})
    response = tip(guest, "25")
    assert response.status_code == 400
    assert response.json()["code"] == "tip_too_large"
    assert "20.00 EUR" in response.json()["message"]
    assert tip(guest, "20", key="k2").status_code == 201


@pytest.mark.parametrize("amount", ["1_000", "١٢", "1e3", "inf", True])
def test_check_amount_refuses_non_plain_text(amount):
    with pytest.raises(InvalidAmount):
        check_amount(amount, "EUR")
