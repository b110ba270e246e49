"""The outbox in batches: one broker message per DELIVERY_BATCH rows of a transaction, one worker task
delivering them one after the other with the channel provider reused, the mock channel in one Redis
round trip per send. (Exactly once through a killed worker: tests/integrations/test_outbox_worker.py.)"""

import contextlib
from unittest import mock as patch

import pytest
from django.db import connection, transaction
from django.test import override_settings

from integrations import manager as integration_manager
from integrations.channels import mock
from integrations.notifications import services
from integrations.notifications.models import Notification
from integrations.services import configure_integration

from .conftest import assert_redis_round_trips

pytestmark = pytest.mark.django_db
S = Notification.Status


def _notify(hotel, key):
    return services.notify(
        hotel=hotel,
        channel="email",
        recipient=f"{key}@example.com",
        template="payment_receipt",
        language="en",
        context={"first_name": "Hélène", "amount": "12.50", "currency": "EUR", "payment_id": key},
        dedupe_key=key,
    )


@contextlib.contextmanager
def _batches_sent(capture_on_commit):
    """One committed transaction; yields the id lists of the delivery messages it sent."""
    sent = []
    with (
        patch.patch("integrations.tasks.deliver_notifications.apply_async", side_effect=lambda a: sent.append(a[0])),
        capture_on_commit(execute=True),
        transaction.atomic(),
    ):
        yield sent


@pytest.fixture
def mock_email(hotel):
    configure_integration(hotel=hotel, capability="email", provider="mock", config={})
    return hotel


def test_one_transactions_rows_go_out_in_batches(mock_email, django_capture_on_commit_callbacks):
    with _batches_sent(django_capture_on_commit_callbacks) as sent:
        rows = [_notify(mock_email, f"batch-{i}") for i in range(2 * services.DELIVERY_BATCH + 20)]
    assert [len(ids) for ids in sent] == [services.DELIVERY_BATCH, services.DELIVERY_BATCH, 20]
    assert [pk for ids in sent for pk in ids] == [row.pk for row in rows]


def test_a_rolled_back_row_is_skipped_by_the_worker(mock_email, django_capture_on_commit_callbacks):
    with _batches_sent(django_capture_on_commit_callbacks) as sent:
        kept = _notify(mock_email, "kept")
        try:
            with transaction.atomic():
                _notify(mock_email, "rolled-back")
                raise RuntimeError
        except RuntimeError:
            pass
    ids = [pk for batch in sent for pk in batch]
    assert kept.pk in ids
    assert services.deliver_many(ids) == {"sent": 1, "skipped": len(ids) - 1}
    assert Notification.objects.get().status == S.SENT


def test_deliver_many_sends_each_row_once_and_reuses_the_provider(mock_email):
    rows = [_notify(mock_email, f"many-{i}") for i in range(12)]
    with patch.patch.object(
        integration_manager.IntegrationManager,
        "get",
        autospec=True,
        side_effect=integration_manager.IntegrationManager.get,
    ) as built:
        assert services.deliver_many([r.pk for r in rows]) == {"sent": 12}
    assert built.call_count == 1  # one provider for the hotel's e-mail channel, for the whole batch
    assert set(Notification.objects.values_list("status", flat=True)) == {S.SENT}
    keys = [r.dedupe_key for r in rows]
    assert set(mock.call_counts(keys).values()) == {1}
    assert len(set(mock.delivered_ids(keys).values())) == 12
    # Delivered again (a duplicated message): nothing is sent twice.
    assert services.deliver_many([r.pk for r in rows]) == {"skipped": 12}
    assert set(mock.call_counts(keys).values()) == {1}


@override_settings(NOTIFICATION_LEASE_SECONDS=0.0)
def test_what_a_batch_cannot_start_within_its_lease_budget_goes_back_to_the_queue(mock_email):
    rows = [_notify(mock_email, f"late-{i}") for i in range(5)]
    requeued = []
    with patch.patch.object(services, "enqueue_deliveries", side_effect=requeued.append):
        outcomes = services.deliver_many([r.pk for r in rows])
    assert outcomes == {"sent": 1, "requeued": 4}  # the first row always goes
    assert requeued == [[r.pk for r in rows[1:]]]


def test_mock_channel_send_is_one_redis_round_trip(mock_email, redis_round_trips):
    from integrations.channels.base import OutboundMessage
    from integrations.channels.mock import MockChannel

    channel = MockChannel(hotel=mock_email, config={})
    message = OutboundMessage(recipient="a@example.com", text="hi", idempotency_key="rt-1")
    with assert_redis_round_trips(redis_round_trips, 1):
        first = channel.send(message)
    with assert_redis_round_trips(redis_round_trips, 1):
        again = channel.send(message)
    assert again.provider_message_id == first.provider_message_id  # accepted once, like a vendor
    assert mock.calls("rt-1") == 2 and mock.delivered_count() == 1


def test_mock_channel_failures_keep_their_meaning_on_redis(mock_email):
    from integrations.channels.base import OutboundMessage, PermanentDeliveryError, TransientDeliveryError
    from integrations.channels.mock import MockChannel

    flaky = MockChannel(hotel=mock_email, config={"fail_first": 2})
    message = OutboundMessage(recipient="a@example.com", text="hi", idempotency_key="flaky")
    for _ in range(2):
        with pytest.raises(TransientDeliveryError):
            flaky.send(message)
    assert flaky.send(message).provider_message_id.startswith("mock-")
    refusing = MockChannel(hotel=mock_email, config={"fail_permanently": True})
    with pytest.raises(PermanentDeliveryError):
        refusing.send(OutboundMessage(recipient="b@example.com", text="hi", idempotency_key="refused"))
    assert mock.calls("flaky") == 3 and mock.calls("refused") == 1
    assert mock.delivered_ids(["flaky", "refused"]).keys() == {"flaky"}


@pytest.mark.django_db(transaction=True)
def test_the_outbox_bookkeeping_commits_without_waiting_for_the_disk(hotel):
    configure_integration(hotel=hotel, capability="email", provider="mock", config={})
    with patch.patch.object(services, "enqueue_deliveries"):  # autocommit: it would be delivered at once
        row = _notify(hotel, "async-commit")
    seen = []
    real_send = mock.MockChannel.send

    def send(self, message):
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            seen.append(cursor.fetchone()[0])
        return real_send(self, message)

    with patch.patch.object(mock.MockChannel, "send", send):
        assert services.deliver_many([row.pk]) == {"sent": 1}
    assert seen == ["off"]
    with connection.cursor() as cursor:
        cursor.execute("SHOW synchronous_commit")
        assert cursor.fetchone()[0] == "on"  # only for the batch


@pytest.mark.django_db(transaction=True)
def test_sent_row_event_and_notify_in_one_statement_match_publish(hotel, django_assert_num_queries):
    """Outside a transaction (a worker) a sent row is recorded in one statement: the row, its realtime
    event and the NOTIFY, with the payload `event_payload` gives for the stored event."""
    import json

    import psycopg

    from integrations.models import RealtimeEvent
    from integrations.realtime import CHANNEL, event_payload
    from integrations.realtime_stream import _conninfo

    configure_integration(hotel=hotel, capability="email", provider="mock", config={})
    with patch.patch.object(services, "enqueue_deliveries"):
        row = _notify(hotel, "one-statement")
    with psycopg.connect(**_conninfo(), autocommit=True) as listener:
        listener.execute(f"LISTEN {CHANNEL}")
        with django_assert_num_queries(3):  # the claim, the channel's config, then sent + event + NOTIFY
            assert services.deliver(row.pk) == "sent"
        notifies = list(listener.notifies(timeout=5, stop_after=1))
    row.refresh_from_db()
    assert row.status == S.SENT and row.sent_at is not None and row.provider_message_id.startswith("mock-")
    event = RealtimeEvent.objects.get(type="notification.sent")
    assert event.data == {"notification_id": row.pk, "channel": "email", "template": "payment_receipt"}
    assert json.loads(notifies[0].payload) == event_payload(event)


def test_ids_of_a_rolled_back_transaction_never_join_a_later_one(mock_email, django_capture_on_commit_callbacks):
    with pytest.raises(RuntimeError), transaction.atomic():
        _notify(mock_email, "gone")
        raise RuntimeError
    with _batches_sent(django_capture_on_commit_callbacks) as sent:
        kept = _notify(mock_email, "kept-after-rollback")
    assert sent == [[kept.pk]]
