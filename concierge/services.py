"""Everything that changes the concierge's state: guest messages and their replies, escalations
(raise, acknowledge, reply, resolve), recommendations and suggestions for a stay.

A guest message is read by the escalation rules and the learned classifier first
(understanding.escalation_verdict: the classifier only ever adds to or raises what the rules say),
whatever concierge the hotel uses. When a rule fires, or the classifier reads an emergency, a person
takes over now: the escalation row, the staff notification (outbox) and the realtime event are
written in the transaction that stores the message, and the guest is told that someone is on it
(with the emergency number for an emergency); no model is asked. Otherwise the hotel's concierge
provider answers (the `local` one when the hotel has no model, its budget is spent or the model
fails), and the escalation is at least the classifier's (recorded as raised by "classifier"): a
model may add one or raise it, never remove or lower it.
"""

from __future__ import annotations

import logging
import time
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from integrations import realtime
from integrations.exceptions import ProviderError
from integrations.manager import ProviderNotConfigured, get_integration_manager
from integrations.notifications.events import notify_staff_escalation
from mystay.api.errors import ApiError

from . import selectors
from .models import URGENCY_RANK, Category, Conversation, Escalation, Message, Urgency
from .providers.base import ConciergeReply, GuestContext, HistoryItem, Recommendation
from .providers.local import LocalConcierge, escalation_department
from .replies import handoff_reply
from .understanding import (
    CATEGORY_PRIORITY,
    EscalationVerdict,
    escalation_verdict,
    max_urgency,
    read_message,
    read_sentiment,
)
from .usage import reserve_tokens

logger = logging.getLogger("mystay.concierge")

MAX_MESSAGE_LENGTH = 2000
MESSAGE_EVENT = "concierge.message"
ESCALATION_UPDATED = "escalation.updated"


class ConciergeError(ApiError):
    default_code = "concierge_error"


@dataclass
class Exchange:
    guest_message: Message
    reply: Message
    escalation: Escalation | None


def guest_context(stay, language: str = "") -> GuestContext:
    """What a provider may know of the guest: first name, room and dates only."""
    guest, hotel = stay.guest, stay.hotel
    return GuestContext(
        first_name=guest.first_name or "",
        room=stay.room.number if stay.room_id else "",
        arrival=stay.arrival,
        departure=stay.departure,
        language=(language or guest.language or hotel.default_language or "en").lower()[:2],
        hotel_name=hotel.name,
    )


def conversation_for(stay) -> Conversation:
    conversation, _ = Conversation.objects.get_or_create(stay=stay, defaults={"hotel_id": stay.hotel_id})
    return conversation


@contextmanager
def hotel_concierge(hotel):
    """Yields (provider, why the hotel's own choice is not used or ""). A model provider holds a share
    of the hotel's daily token budget while it is used (reserved atomically: concurrent guests
    cannot all slip under the budget at once); past the budget the offline concierge answers."""
    try:
        provider = get_integration_manager(hotel).get_ai_concierge()
    except ProviderNotConfigured:
        provider = None
    if provider is None or not getattr(provider, "uses_model", False):
        yield provider or LocalConcierge(hotel=hotel), ""
        return
    reservation = reserve_tokens(hotel, provider.name)
    if reservation is None:
        yield LocalConcierge(hotel=hotel), "budget_exhausted"
        return
    try:
        yield provider, ""
    finally:
        reservation.release()


def _clean_text(text) -> str:
    text = str(text or "").strip()
    if not text:
        raise ConciergeError("Write a message first.", code="message_empty")
    if len(text) > MAX_MESSAGE_LENGTH:
        raise ConciergeError(f"Messages are limited to {MAX_MESSAGE_LENGTH} characters.", code="message_too_long")
    return text


def send_guest_message(*, stay, text: str) -> Exchange:
    """Store the guest's message, answer it, and hand it to a person when it needs one."""
    text = _clean_text(text)
    started = time.perf_counter()
    conversation = conversation_for(stay)
    history = [HistoryItem(m.role, m.text) for m in selectors.recent_messages(conversation)]
    guest = guest_context(stay)
    language = read_message(text, guest.language).language
    verdict = escalation_verdict(text)  # for every hotel, whatever its provider: raised, never lowered

    if verdict is not None and (verdict.by_rule is not None or verdict.category == Category.EMERGENCY):
        # A rule fired, or the classifier reads an emergency: no model is asked; a person takes over now.
        mood = read_sentiment(text, verdict)
        with transaction.atomic():
            guest_message = _store_guest_message(
                conversation, stay, text, language, category=verdict.category, urgency=verdict.urgency,
                sentiment=mood.sentiment, escalates=True,
            )  # fmt: skip
            escalation = raise_escalation(
                message=guest_message, category=verdict.category, urgency=verdict.urgency,
                raised_by=verdict.raised_by, rule=verdict.rule,
            )  # fmt: skip
            reply_text = _handoff_text(stay, escalation, language, guest)
            reply = _store_reply(conversation, stay, reply_text, language, provider="rules", started=started,
                                 category=verdict.category, urgency=escalation.urgency, escalates=True)  # fmt: skip
        return Exchange(guest_message, reply, escalation)

    guest_message = _store_guest_message(conversation, stay, text, language)
    guest = guest_context(stay, language)
    with hotel_concierge(stay.hotel) as (provider, fallback_reason):
        try:
            answer = provider.process_message(text, history, guest)
        except ProviderError as exc:
            logger.warning("Concierge %s failed for hotel %s (%s); answering offline", provider.name,
                           stay.hotel.code, exc.error_code)  # fmt: skip
            fallback_reason = exc.error_code
            answer = LocalConcierge(hotel=stay.hotel).process_message(text, history, guest)
    return _finish(conversation, stay, guest_message, answer, fallback_reason, started, guest, floor=verdict)


def _finish(conversation, stay, guest_message, answer: ConciergeReply, fallback_reason, started, guest,
            floor: EscalationVerdict | None = None) -> Exchange:  # fmt: skip
    """Store the provider's answer. `floor` (the classifier's verdict) is the least escalation the
    message gets: the answer may add a category higher in CATEGORY_PRIORITY or a higher urgency."""
    category = answer.category if answer.category in Category.values else Category.NONE
    if answer.requires_escalation and category == Category.NONE:
        category = Category.URGENT  # a model that asks for a person without saying why still gets one
    urgency = answer.urgency if answer.urgency in Urgency.values else Urgency.LOW
    by_model = Escalation.RaisedBy.MODEL if answer.provider != "local" else Escalation.RaisedBy.RULE
    raised_by = answer.raised_by or by_model
    rule = answer.rule or (f"{answer.provider}:{answer.model}" if answer.model else answer.provider)
    if floor is not None:
        if category == Category.NONE or CATEGORY_PRIORITY.index(floor.category) < CATEGORY_PRIORITY.index(category):
            category, raised_by, rule = floor.category, floor.raised_by, floor.rule
        urgency = max_urgency(urgency, floor.urgency)
    if category == Category.EMERGENCY:
        urgency = Urgency.CRITICAL
    with transaction.atomic():
        escalation = None
        if category != Category.NONE:
            escalation = raise_escalation(
                message=guest_message, category=category, urgency=max_urgency(urgency, Urgency.MEDIUM),
                raised_by=raised_by, rule=rule,
            )  # fmt: skip
        Message.objects.filter(pk=guest_message.pk).update(
            requires_escalation=escalation is not None, category=category, urgency=urgency, sentiment=answer.sentiment
        )
        guest_message.refresh_from_db()
        text = answer.response
        if escalation is not None:
            handoff = _handoff_text(stay, escalation, answer.language, guest)
            text = f"{text}\n\n{handoff}" if text and category != Category.EMERGENCY else handoff
        reply = _store_reply(
            conversation, stay, text, answer.language, provider=answer.provider, started=started,
            category=category, urgency=urgency, escalates=escalation is not None,
            suggestions=answer.suggestions, place_ids=answer.place_ids, fallback_reason=fallback_reason,
            prompt_tokens=answer.prompt_tokens, completion_tokens=answer.completion_tokens,
        )  # fmt: skip
    return Exchange(guest_message, reply, escalation)


def _store_guest_message(conversation, stay, text, language, *, category=Category.NONE, urgency="", sentiment="",
                         escalates=False) -> Message:  # fmt: skip
    message = Message.objects.create(
        conversation=conversation, stay=stay, role=Message.Role.GUEST, text=text, language=language,
        requires_escalation=escalates, category=category, urgency=urgency, sentiment=sentiment,
    )  # fmt: skip
    Conversation.objects.filter(pk=conversation.pk).update(language=language, updated_at=timezone.now())
    return message


def _store_reply(conversation, stay, text, language, *, provider, started, category=Category.NONE, urgency="",
                 escalates=False, suggestions=(), place_ids=(), fallback_reason="", prompt_tokens=None,
                 completion_tokens=None) -> Message:  # fmt: skip
    return Message.objects.create(
        conversation=conversation, stay=stay, role=Message.Role.ASSISTANT, text=text, language=language,
        provider=provider, fallback_reason=fallback_reason or "", requires_escalation=escalates, category=category,
        urgency=urgency, suggestions=list(suggestions or []), place_ids=list(place_ids or []),
        latency_ms=int((time.perf_counter() - started) * 1000),
        prompt_tokens=prompt_tokens, completion_tokens=completion_tokens,
    )  # fmt: skip


def _handoff_text(stay, escalation, language, guest: GuestContext) -> str:
    settings = selectors.concierge_settings(stay.hotel)
    return handoff_reply(
        language,
        category=escalation.category,
        first_name=guest.first_name,
        department=escalation.department,
        emergency_number=settings.emergency_number,
        room=guest.room,
    )


# -- escalations ----------------------------------------------------------------------------------
def raise_escalation(*, message: Message, category: str, urgency: str, raised_by: str, rule: str = "") -> Escalation:
    """Open an escalation for the message (or raise the urgency of the stay's unresolved one of the
    same category, so a guest who writes three times is one item in the queue), notify the
    department's staff through the outbox, and publish `escalation.raised`. Call in a transaction."""
    stay = message.stay
    settings = selectors.concierge_settings(stay.hotel)
    # One writer per conversation at a time, so two quick messages do not open two escalations.
    Conversation.objects.select_for_update().filter(pk=message.conversation_id).first()
    existing = selectors.open_escalation(stay, category)
    if existing is not None:
        if URGENCY_RANK.get(urgency, 0) <= existing.urgency_rank:
            return existing
        existing.urgency = urgency
        existing.save(update_fields=["urgency", "urgency_rank", "updated_at"])
        escalation, announce = existing, True
    else:
        escalation = Escalation.objects.create(
            hotel_id=stay.hotel_id, stay=stay, conversation_id=message.conversation_id, message=message,
            category=category, urgency=urgency, department=escalation_department(settings, category),
            raised_by=raised_by, rule=rule[:200],
        )  # fmt: skip
        announce = True
    if announce:
        notify_staff_escalation(
            hotel_id=stay.hotel_id, escalation_id=f"{escalation.pk}-{escalation.urgency}",
            department=escalation.department, category=escalation.category, urgency=escalation.urgency,
            stay_id=stay.pk,
        )  # fmt: skip
        realtime.publish(
            hotel_id=stay.hotel_id, type=realtime.ESCALATION_RAISED, stay_id=stay.pk,
            department=escalation.department,
            data={"escalation_id": escalation.pk, "category": escalation.category, "urgency": escalation.urgency},
        )  # fmt: skip
    return escalation


class EscalationStateError(ConciergeError):
    status_code = 409
    default_code = "escalation_state"


def _publish_update(escalation: Escalation) -> None:
    realtime.publish(
        hotel_id=escalation.hotel_id, type=ESCALATION_UPDATED, stay_id=escalation.stay_id,
        department=escalation.department, data={"escalation_id": escalation.pk, "status": escalation.status},
    )  # fmt: skip


def _locked(escalation: Escalation) -> Escalation:
    return Escalation.objects.select_for_update().get(pk=escalation.pk)


@transaction.atomic
def acknowledge_escalation(*, escalation: Escalation, user) -> Escalation:
    """open -> acknowledged (a no-op if already acknowledged; refused once resolved)."""
    escalation = _locked(escalation)
    if escalation.status == Escalation.Status.RESOLVED:
        raise EscalationStateError("This escalation is already resolved.")
    if escalation.status == Escalation.Status.OPEN:
        escalation.status = Escalation.Status.ACKNOWLEDGED
        escalation.acknowledged_by = user
        escalation.acknowledged_at = timezone.now()
        escalation.save(update_fields=["status", "acknowledged_by", "acknowledged_at", "updated_at"])
        _publish_update(escalation)
    return escalation


@transaction.atomic
def resolve_escalation(*, escalation: Escalation, user) -> Escalation:
    escalation = _locked(escalation)
    if escalation.status == Escalation.Status.RESOLVED:
        return escalation
    now = timezone.now()
    if escalation.acknowledged_at is None:
        escalation.acknowledged_by, escalation.acknowledged_at = user, now
    escalation.status = Escalation.Status.RESOLVED
    escalation.resolved_by, escalation.resolved_at = user, now
    escalation.save()
    _publish_update(escalation)
    return escalation


@transaction.atomic
def reply_as_staff(*, stay, user, text: str, escalation: Escalation | None = None) -> Message:
    """A staff member writes to the guest: the message joins the conversation and reaches the
    guest's realtime stream; answering an open escalation acknowledges it."""
    text = _clean_text(text)
    if escalation is not None and escalation.stay_id != stay.pk:
        raise ConciergeError("This escalation belongs to another stay.", code="escalation_mismatch")
    conversation = conversation_for(stay)
    message = Message.objects.create(
        conversation=conversation, stay=stay, role=Message.Role.STAFF, text=text, author=user,
        language=conversation.language, provider="staff",
    )  # fmt: skip
    Conversation.objects.filter(pk=conversation.pk).update(updated_at=timezone.now())
    if escalation is not None and escalation.status == Escalation.Status.OPEN:
        acknowledge_escalation(escalation=escalation, user=user)
    realtime.publish(
        hotel_id=stay.hotel_id, type=MESSAGE_EVENT, stay_id=stay.pk,
        data={"message_id": message.pk, "role": message.role},
    )  # fmt: skip
    return message


# -- recommendations and suggestions --------------------------------------------------------------
def recommendations_for_stay(*, stay, category: str, prefs: dict) -> list[Recommendation]:
    return _with_offline_fallback(stay, "Recommendations", lambda p: p.get_recommendations(category, prefs))


def suggestions_for_stay(*, stay, query: str) -> list[str]:
    guest = guest_context(stay)
    return _with_offline_fallback(stay, "Suggestions", lambda p: p.generate_suggestions(query, guest))


def _with_offline_fallback(stay, what: str, ask):
    """The hotel's provider's answer, or the offline concierge's when the provider fails."""
    with hotel_concierge(stay.hotel) as (provider, _):
        try:
            return ask(provider)
        except ProviderError as exc:
            logger.warning("%s from %s failed (%s); offline ones", what, provider.name, exc.error_code)
            return ask(LocalConcierge(hotel=stay.hotel))
