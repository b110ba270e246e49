"""Guests as customers at the payment provider, and their saved cards (ids only, never numbers)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.db import transaction

from mystay.api.errors import ApiError

from ..models import Customer
from ..providers.base import Card
from .ledger import get_provider


@dataclass(frozen=True)
class CardSetup:
    setup_intent_id: str
    client_secret: str
    publishable_key: str
    provider: str


class NoSavedCard(ApiError):
    status_code = 400
    default_code = "no_saved_card"
    default_detail = "There is no saved card for this stay. Add a card first."


def ensure_customer(*, stay, provider=None) -> Customer:
    """The guest's customer at the hotel's provider, created once (row first, then the provider call
    under the row lock with the row's idempotency key, so concurrent requests create one customer)."""
    provider = provider or get_provider(stay.hotel)
    customer, _ = Customer.objects.get_or_create(
        hotel_id=stay.hotel_id,
        guest_id=stay.guest_id,
        provider=provider.name,
        defaults={"idempotency_key": f"mystay-customer-{uuid.uuid4()}"},
    )
    if customer.stripe_customer_id:
        return customer
    with transaction.atomic():
        customer = Customer.objects.select_for_update().get(pk=customer.pk)
        if not customer.stripe_customer_id:
            guest = stay.guest
            created = provider.create_customer(
                guest.email,
                guest.full_name,
                guest.phone,
                {"hotel_id": stay.hotel_id, "guest_id": guest.pk},
                idempotency_key=customer.idempotency_key,
            )
            customer.stripe_customer_id = created.id
            customer.save(update_fields=["stripe_customer_id", "updated_at"])
    return customer


def existing_customer(*, stay, provider) -> Customer | None:
    return (
        Customer.objects.filter(hotel_id=stay.hotel_id, guest_id=stay.guest_id, provider=provider.name)
        .exclude(stripe_customer_id="")
        .first()
    )


def start_card_setup(*, stay) -> CardSetup:
    """A SetupIntent: the guest app collects the card with Stripe's own client, we only see ids."""
    provider = get_provider(stay.hotel)
    customer = ensure_customer(stay=stay, provider=provider)
    intent = provider.create_setup_intent(customer.stripe_customer_id, idempotency_key=f"mystay-setup-{uuid.uuid4()}")
    return CardSetup(
        setup_intent_id=intent.id,
        client_secret=intent.client_secret,
        publishable_key=provider.publishable_key,
        provider=provider.name,
    )


def list_cards(*, stay) -> list[Card]:
    provider = get_provider(stay.hotel)
    customer = existing_customer(stay=stay, provider=provider)
    if customer is None:
        return []
    return provider.list_payment_methods(customer.stripe_customer_id)


def attach_card(*, stay, payment_method_id: str) -> Card:
    """Attach a PaymentMethod created by the guest app (a `pm_…` id) to the guest's customer."""
    provider = get_provider(stay.hotel)
    customer = ensure_customer(stay=stay, provider=provider)
    return provider.attach_payment_method(
        payment_method_id,
        customer.stripe_customer_id,
        idempotency_key=f"mystay-attach-{customer.pk}-{payment_method_id}",
    )


def card_to_charge(*, stay, provider, customer: Customer, payment_method_id: str | None) -> str:
    """The card a hold or tip goes on: the one asked for, or the guest's most recent saved card."""
    cards = provider.list_payment_methods(customer.stripe_customer_id)
    if not cards:
        raise NoSavedCard()
    if payment_method_id:
        if payment_method_id not in {card.id for card in cards}:
            raise ApiError("This card is not saved for your stay.", code="unknown_card")
        return payment_method_id
    return cards[0].id
