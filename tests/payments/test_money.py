from decimal import Decimal

import pytest

from payments.money import InvalidAmount, as_string, from_minor, to_minor


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [
        ("12.34", "EUR", 1234),
        ("0.50", "usd", 50),
        ("5000", "JPY", 5000),
        ("5000.00", "JPY", 5000),
        ("1200", "KRW", 1200),
        ("500", "ISK", 50000),  # zero-decimal, but Stripe wants it as cents
        ("12.34", "KWD", 12340),  # three-decimal, last digit 0
    ],
)
def test_to_minor(amount, currency, minor):
    assert to_minor(Decimal(amount), currency) == minor
    assert from_minor(minor, currency) == Decimal(amount).quantize(Decimal("0.01"))


@pytest.mark.parametrize(
    ("amount", "currency"), [("5000.5", "JPY"), ("1.005", "EUR"), ("12.345", "KWD"), ("10.1", "ISK"), ("-1", "EUR")]
)
def test_more_precision_than_the_currency_allows_is_refused(amount, currency):
    with pytest.raises(InvalidAmount):
        to_minor(Decimal(amount), currency)


def test_api_rendering_uses_the_currency_decimals():
    assert as_string(Decimal("5000.00"), "JPY") == "5000"
    assert as_string(Decimal("12.5"), "EUR") == "12.50"
