"""Review fixes of the outbox: permanent template errors, channels switched off, sweep spacing under a
backlog, invitation beat isolation and cost, escalation scoping, the one-statement claim."""

import datetime as dt
import logging
from collections import Counter
from unittest import mock

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from integrations.channels import mock as mock_channel
from integrations.notifications import events, services
from integrations.notifications.models import Notification
from integrations.services import configure_integration
from stays.services import invitations
from stays.services.invitations import send_due_checkin_invitations
from tests.stays.factories import StaffFactory, StayFactory

pytestmark = pytest.mark.django_db

S = Notification.Status


def use(hotel, capability, provider="mock", **config):
    configure_integration(hotel=hotel, capability=capability, provider=provider, config=config or None)


def enqueue(hotel, key, **kwargs):
    values = {
        "hotel": hotel,
        "channel": "email",
        "recipient": "helene@example.com",
        "template": "payment_receipt",
        "language": "en",
        "context": {"first_name": "Hélène", "amount": "12.50", "currency": "EUR", "payment_id": "p1"},
        "dedupe_key": key,
    }
    values.update(kwargs)
    return services.notify(**values)


# -- 1. a template that does not exist is permanent ---------------------------------------------


def test_missing_template_is_dead_at_once_naming_the_template(hotel):
    use(hotel, "email")
    row = enqueue(hotel, "k", template="no_such_template", language="fr")
    assert services.deliver(row.pk) == "dead"
    row.refresh_from_db()
    assert row.status == S.DEAD and row.attempts == 1 and row.next_attempt_at is None
    assert "no_such_template" in row.last_error and "'fr'" in row.last_error
    assert "helene" not in row.last_error.lower() and "Hélène" not in row.last_error
    assert mock_channel.calls(row.dedupe_key) == 0  # nothing reached the vendor


def test_template_without_the_channel_in_any_candidate_language_is_dead(hotel, tmp_path, settings):
    folder = tmp_path / "notifications" / "only_french" / "fr"
    folder.mkdir(parents=True)
    (folder / "subject.txt").write_text("Bonjour\n")
    (folder / "body.txt").write_text("Bonjour {{ first_name }}\n")
    templates = [dict(settings.TEMPLATES[0])]
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
    use(hotel, "email")
    use(hotel, "sms")
    french = enqueue(hotel, "fr", template="only_french", language="fr")
    german = enqueue(hotel, "de", template="only_french", language="de")  # no de, no en fallback
    sms = enqueue(hotel, "sms", template="only_french", language="fr", channel="sms", recipient="+33612345678")
    assert services.deliver(french.pk) == "sent"
    assert services.deliver(german.pk) == "dead"
    assert services.deliver(sms.pk) == "dead"
    assert "only_french/en/body.txt" in Notification.objects.get(pk=german.pk).last_error
    assert "only_french/en/sms.txt" in Notification.objects.get(pk=sms.pk).last_error


# -- 2. e-mail switched off: no rows that could only retry ---------------------------------------


def test_hotel_without_email_provider_gets_no_email_rows(hotel):
    use(hotel, "email", provider="none")
    StaffFactory(hotel=hotel, email="spa1@par.test", departments=["spa"])
    stay = StayFactory(hotel=hotel, guest__email="h@example.com", guest__phone="+33612345678")
    assert events.notify_checkin_invitation(stay_id=stay.pk) == []
    assert events.notify_payment_receipt(stay_id=stay.pk, payment_id="p", amount="1", currency="eur") == []
    assert events.notify_staff_escalation(hotel_id=hotel.pk, escalation_id=1, department="spa") == []
    assert not Notification.objects.exists()
    # Another channel the hotel does have still works.
    use(hotel, "sms")
    (row,) = events.notify_checkin_invitation(stay_id=stay.pk)
    assert row.channel == "sms"


# -- 3. the sweep under a backlog ------------------------------------------------------------------


@override_settings(NOTIFICATION_SWEEP_GRACE_SECONDS=60, NOTIFICATION_SWEEP_REQUEUE_MAX_SECONDS=600)
def test_sweep_under_a_backlog_requeues_each_row_at_most_once_per_grace_period(
    hotel, django_capture_on_commit_callbacks
):
    use(hotel, "email")
    rows = [enqueue(hotel, f"backlog:{i}") for i in range(50)]  # their messages wait; no worker runs
    start = timezone.now()
    queued = Counter()

    def sweep_at(seconds):
        with (
            mock.patch("django.utils.timezone.now", return_value=start + dt.timedelta(seconds=seconds)),
            mock.patch.object(services, "enqueue_delivery", side_effect=lambda pk, **kw: queued.update([pk])),
            django_capture_on_commit_callbacks(execute=True),
        ):
            return services.sweep()

    assert sweep_at(30) == 0  # not overdue by the grace period yet
    assert [sweep_at(61) for _ in range(3)] == [50, 0, 0]  # three sweeps in a row
    assert set(queued) == {r.pk for r in rows} and set(queued.values()) == {1}
    # The beat keeps sweeping every 30 s for ten minutes while the backlog drains: re-queues are
    # spaced by grace, 2 x grace, 4 x grace... (at most once per grace period, far fewer overall).
    times = {pk: [61] for pk in queued}
    for second in range(91, 661, 30):
        before = Counter(queued)
        sweep_at(second)
        for pk in queued:
            if queued[pk] > before[pk]:
                times[pk].append(second)
    for pk, moments in times.items():
        assert all(b - a >= 60 for a, b in zip(moments, moments[1:], strict=False)), moments
        assert len(moments) <= 4, moments  # 61, 121, 241, 481 -- not every minute (10)
    # A worker claiming the row resets the spacing: a lost row is re-queued one grace period later.
    row = rows[0]
    with mock.patch("django.utils.timezone.now", return_value=start + dt.timedelta(seconds=700)):
        claimed = services.claim(row.pk)
    assert claimed.requeues == 0 and claimed.requeue_at is None
    Notification.objects.filter(pk=row.pk).update(next_attempt_at=start + dt.timedelta(seconds=700))
    queued.clear()
    assert sweep_at(761) == 1 and list(queued) == [row.pk]


# -- 4. one hotel failing does not stop the others ----------------------------------------------


def test_invitation_beat_continues_after_a_hotel_fails(hotel, other_hotel, caplog):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    broken, fine = sorted([hotel, other_hotel], key=lambda h: h.pk)  # the broken one is processed first
    for h in (broken, fine):
        h.checkin_invitation_hours = 96
        h.save()
    StayFactory(hotel=broken, arrival=tomorrow, guest__hotel=broken)
    ok_stay = StayFactory(hotel=fine, arrival=tomorrow, guest__hotel=fine)
    original = invitations.send_checkin_invitation

    def send(stay):
        if stay.hotel_id == broken.pk:
            raise RuntimeError("provider misconfigured: secret-token-123 guest h@example.com")
        return original(stay)

    with mock.patch.object(invitations, "send_checkin_invitation", side_effect=send), caplog.at_level(logging.ERROR):
        assert send_due_checkin_invitations() == 1
    assert list(Notification.objects.values_list("stay_id", flat=True)) == [ok_stay.pk]
    logged = caplog.text
    assert broken.code in logged and "RuntimeError" in logged
    assert "secret-token-123" not in logged and "h@example.com" not in logged


# -- 5. guests the hotel cannot reach are not reloaded every beat -------------------------------


def test_invitation_beat_query_count_does_not_grow_with_unreachable_guests(hotel):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    hotel.checkin_invitation_hours = 96
    hotel.save()

    def beat_queries():
        with CaptureQueriesContext(connection) as queries:
            assert send_due_checkin_invitations() == 0
        return len(queries)

    StayFactory(hotel=hotel, arrival=tomorrow, guest__email="", guest__phone="")
    beat_queries()  # warm the hotel's integration settings (cached per process)
    one = beat_queries()
    for _ in range(5):
        StayFactory(hotel=hotel, arrival=tomorrow, guest__email="", guest__phone="")
        StayFactory(hotel=hotel, arrival=tomorrow, guest__email="", guest__phone="+33612345678")  # no SMS here
    assert beat_queries() == one
    assert not Notification.objects.exists()
    # Once the hotel has SMS, the phone-only guests are invited by SMS.
    use(hotel, "sms")
    assert send_due_checkin_invitations() == 5
    assert set(Notification.objects.values_list("channel", flat=True)) == {"sms"}


# -- 6. escalations are scoped to their hotel -----------------------------------------------------


def test_staff_escalation_refuses_a_stay_of_another_hotel(hotel, other_hotel):
    StaffFactory(hotel=hotel, email="spa1@par.test", departments=["spa"])
    foreign = StayFactory(hotel=other_hotel)
    with pytest.raises(ValueError):
        events.notify_staff_escalation(hotel_id=hotel.pk, escalation_id=9, department="spa", stay_id=foreign.pk)
    assert not Notification.objects.exists()


# -- 7. the claim is one statement ----------------------------------------------------------------


def test_claim_is_one_statement_and_brings_the_hotel(hotel):
    use(hotel, "email")
    row = enqueue(hotel, "one")
    with CaptureQueriesContext(connection) as queries:
        claimed = services.claim(row.pk)
        assert claimed.hotel.name == hotel.name and claimed.hotel.tzinfo == hotel.tzinfo
    assert len(queries) == 1
    assert claimed.status == S.SENDING and claimed.attempts == 1 and claimed.next_attempt_at > timezone.now()
    assert claimed.context["first_name"] == "Hélène"  # JSON converted like the ORM does
    stored = Notification.objects.get(pk=row.pk)
    assert (stored.status, stored.attempts, stored.next_attempt_at) == (S.SENDING, 1, claimed.next_attempt_at)
    with CaptureQueriesContext(connection) as queries:
        assert services.claim(row.pk) is None  # leased
    assert len(queries) == 1


def test_claim_dead_letters_a_row_whose_last_attempt_was_interrupted_in_the_same_statement(hotel):
    use(hotel, "email")
    row = enqueue(hotel, "spent")
    Notification.objects.filter(pk=row.pk).update(
        status=S.SENDING, attempts=3, max_attempts=3, next_attempt_at=timezone.now() - dt.timedelta(seconds=1)
    )
    with CaptureQueriesContext(connection) as queries:
        assert services.claim(row.pk) is None
    assert len(queries) == 1
    row.refresh_from_db()
    assert row.status == S.DEAD and row.attempts == 3 and row.next_attempt_at is None
    assert row.last_error == "The last attempt was interrupted."
