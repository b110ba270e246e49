"""Money at the Stripe edge: Decimal + ISO currency in MyStay, integer minor units at Stripe.

Stripe's currency rules (https://docs.stripe.com/currencies#zero-decimal):
- zero-decimal currencies (JPY, KRW, ...) take the amount as is: ¥5000 is `5000`;
- ISK and UGX are zero-decimal too, but for backwards compatibility Stripe wants them sent as a
  two-decimal amount that ends in 00: 500 ISK is `50000`;
- three-decimal currencies (BHD, JOD, KWD, OMR, TND) are sent with three decimals whose last digit
  must be 0, so at most two decimals of precision are accepted: 12.34 KWD is `12340`;
- every other currency has two decimals: €12.34 is `1234`.

An amount with more precision than its currency allows is refused, never rounded: money that
silently changes by a fraction is how a hotel stops trusting the ledger.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from mystay.api.errors import ApiError

ZERO_DECIMAL_CURRENCIES = frozenset(
    {"BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "VND", "VUV", "XAF", "XOF", "XPF"}
)
# Zero-decimal in practice, but Stripe expects them multiplied by 100 (and divisible by 100).
ZERO_DECIMAL_SENT_AS_CENTS = frozenset({"ISK", "UGX"})
THREE_DECIMAL_CURRENCIES = frozenset({"BHD", "JOD", "KWD", "OMR", "TND"})
# The ledger stores 14 digits with 2 decimals; anything at or above this is refused as not a real amount.
MAX_AMOUNT = Decimal("1e12")


# What an amount may look like as text: ASCII digits with an optional decimal part. Python's Decimal
# also reads "1_000", "1e3", " ١٢ " (Arabic-Indic digits) and "Infinity"; none of those is money.
PLAIN_DECIMAL = re.compile(r"[0-9]{1,15}(\.[0-9]{1,15})?")


# The tips' ConfigField: every payment provider declares it, so each hotel can set its own ceiling.
def max_tip_field():
    from integrations.registry import ConfigField

    return ConfigField(
        "max_tip",
        help="Largest tip a guest may give, in the hotel's currency (blank: TIP_MAX_AMOUNT).",
        pattern=PLAIN_DECIMAL.pattern,
        pattern_help="a plain decimal amount such as 200 or 150.00",
    )


class InvalidAmount(ApiError):
    status_code = 400
    default_code = "invalid_amount"
    default_detail = "This amount is not valid for its currency."


def allowed_decimals(currency: str) -> int:
    """Decimals a guest or staff member may use in this currency."""
    currency = currency.upper()
    if currency in ZERO_DECIMAL_CURRENCIES or currency in ZERO_DECIMAL_SENT_AS_CENTS:
        return 0
    return 2  # two-decimal and (in practice) three-decimal currencies


def _minor_exponent(currency: str) -> int:
    currency = currency.upper()
    if currency in ZERO_DECIMAL_CURRENCIES:
        return 0
    if currency in THREE_DECIMAL_CURRENCIES:
        return 3
    return 2  # includes ISK/UGX, sent as cents


def check_amount(amount, currency: str, *, allow_zero: bool = False) -> Decimal:
    """A positive Decimal with no more precision than the currency allows (refused otherwise)."""
    if not currency or len(currency) != 3 or not currency.isalpha():
        raise InvalidAmount("The currency must be a three-letter ISO 4217 code.", code="invalid_currency")
    if isinstance(amount, bool) or not isinstance(amount, Decimal | int | float | str):
        raise InvalidAmount("The amount must be a number.")
    if isinstance(amount, str) and not PLAIN_DECIMAL.fullmatch(amount.strip()):
        raise InvalidAmount("The amount must be a plain decimal number such as 12.50.")
    try:
        value = amount if isinstance(amount, Decimal) else Decimal(str(amount))
    except (InvalidOperation, ValueError):
        raise InvalidAmount("The amount must be a number.") from None
    if not value.is_finite():
        raise InvalidAmount("The amount must be a number.")
    if value < 0 or (value == 0 and not allow_zero):
        raise InvalidAmount("The amount must be greater than zero.")
    if value >= MAX_AMOUNT:
        raise InvalidAmount("The amount is too large.")
    decimals = allowed_decimals(currency)
    try:
        exact = value == value.quantize(Decimal(1).scaleb(-decimals))
        quantized = value.quantize(Decimal("0.01"))
    except InvalidOperation:  # more digits than the decimal context holds
        raise InvalidAmount("The amount is too large.") from None
    if not exact:
        if decimals == 0:
            raise InvalidAmount(f"{currency.upper()} amounts have no decimals.")
        raise InvalidAmount(f"{currency.upper()} amounts have at most {decimals} decimals.")
    return quantized


def to_minor(amount, currency: str) -> int:
    """Decimal amount → Stripe's integer `amount` for `currency`."""
    value = check_amount(amount, currency, allow_zero=True)
    return int((value.scaleb(_minor_exponent(currency))).to_integral_exact())


def from_minor(minor: int | None, currency: str) -> Decimal:
    """Stripe's integer amount → Decimal in MyStay (two decimal places, as stored in the ledger)."""
    if minor is None:
        return Decimal("0.00")
    return (Decimal(int(minor)).scaleb(-_minor_exponent(currency))).quantize(Decimal("0.01"))


def format_money(amount: Decimal | None, currency: str) -> str:
    if amount is None:
        return ""
    decimals = allowed_decimals(currency)
    return f"{amount:,.{decimals}f} {currency.upper()}"


def as_string(amount: Decimal, currency: str) -> str:
    """The API's rendering of an amount: a decimal string with the currency's decimals ("12.50", "5000")."""
    return f"{amount:.{allowed_decimals(currency)}f}"
