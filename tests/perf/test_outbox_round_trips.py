"""What a worker's batch costs per notification, and what its one-round-trip steps guarantee.

On PostgreSQL outside a transaction (a worker), each delivered row costs one statement (its mark
sent, committed, then the next row's claim: `postgres.mark_sent_and_claim`) and one Redis command
(the mock channel's send). These tests need committed rows (transactional): the pair's COMMIT is
real. (Exactly once through a killed worker: tests/integrations/test_outbox_worker.py.)
"""

from unittest import mock as patch

import pytest
from django.db import DataError, connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from integrations.channels import mock
from integrations.models import RealtimeEvent
from integrations.notifications import postgres, services
from integrations.notifications.models import Notification
from integrations.services import configure_integration

from .conftest import RedisRoundTrips

pytestmark = pytest.mark.django_db(transaction=True)
S = Notification.Status


@pytest.fixture
def mock_email(hotel):
    configure_integration(hotel=hotel, capability="email", provider="mock", config={})
    return hotel


def _rows(hotel, prefix: str, n: int) -> list[Notification]:
    with patch.patch.object(services, "enqueue_deliveries"):  # autocommit: it would deliver at once
        return [
            services.notify(
                hotel=hotel,
                channel="email",
                recipient=f"{prefix}-{i}@example.com",
                template="payment_receipt",
                language="fr",
                context={"first_name": "Hélène", "amount": "12.50", "currency": "EUR", "payment_id": f"{prefix}-{i}"},
                dedupe_key=f"{prefix}-{i}",
            )
            for i in range(n)
        ]


def _costs(rows, redis_round_trips: RedisRoundTrips) -> tuple[int, int]:
    """(PostgreSQL round trips, Redis round trips) of delivering these rows in one batch."""
    redis_round_trips.reset()
    with CaptureQueriesContext(connection) as queries:
        assert services.deliver_many([r.pk for r in rows]) == {"sent": len(rows)}
    return len(queries), redis_round_trips.count


def test_a_delivered_notification_costs_one_statement_and_one_redis_command(mock_email, redis_round_trips):
    warm_up, small, large = _rows(mock_email, "warm", 1), _rows(mock_email, "small", 3), _rows(mock_email, "large", 13)
    _costs(warm_up, redis_round_trips)  # the process's integration manager loads the hotel's configuration
    pg_small, redis_small = _costs(small, redis_round_trips)
    pg_large, redis_large = _costs(large, redis_round_trips)
    assert (pg_large - pg_small, redis_large - redis_small) == (10, 10)  # per notification: 1 and 1
    # Per batch: synchronous_commit off and back, and the last row's mark (alone, nothing to claim
    # after it); the provider's configuration version, in the cache.
    assert (pg_small, redis_small) == (3 + 3, 3 + 1)
    assert set(Notification.objects.values_list("status", flat=True)) == {S.SENT}
    assert RealtimeEvent.objects.filter(type="notification.sent").count() == 17


def test_a_worker_holds_one_claimed_row_at_a_time(mock_email):
    rows = _rows(mock_email, "inflight", 6)
    seen = []
    send = mock.MockChannel.send

    def recording_send(self, message):
        sending = Notification.objects.filter(status=S.SENDING).values_list("dedupe_key", flat=True)
        seen.append((message.idempotency_key, list(sending)))
        return send(self, message)

    with patch.patch.object(mock.MockChannel, "send", recording_send):
        assert services.deliver_many([r.pk for r in rows]) == {"sent": 6}
    # While a row is sent, it is the only one claimed: the next is claimed once this one is marked.
    assert seen == [(r.dedupe_key, [r.dedupe_key]) for r in rows]
    assert not Notification.objects.filter(status=S.SENDING).exists()


def test_the_mark_is_committed_even_when_the_next_claim_fails(mock_email):
    (row,) = _rows(mock_email, "pair", 1)
    claimed = services.claim(row.pk)
    with pytest.raises(DataError):  # the claim of a malformed id fails in PostgreSQL
        postgres.mark_sent_and_claim(claimed, "mock-1", "not-an-id", services.lease())
    row.refresh_from_db()
    assert (row.status, row.provider_message_id) == (S.SENT, "mock-1")
    assert RealtimeEvent.objects.filter(type="notification.sent", data__notification_id=row.pk).exists()
    assert connection.connection.info.transaction_status == 0  # idle: the failed claim rolled back alone


@override_settings(NOTIFICATION_LEASE_SECONDS=0.0)
def test_no_row_is_claimed_ahead_past_the_lease_budget(mock_email):
    rows = _rows(mock_email, "late", 4)
    requeued = []
    with patch.patch.object(services, "enqueue_deliveries", side_effect=requeued.append):
        assert services.deliver_many([r.pk for r in rows]) == {"sent": 1, "requeued": 3}
    assert requeued == [[r.pk for r in rows[1:]]]
    # The rows sent back are still pending, free for the next worker (none holds a lease on them).
    assert list(Notification.objects.filter(pk__in=requeued[0]).values_list("status", flat=True)) == [S.PENDING] * 3


def test_the_statements_are_prepared_again_after_a_discard_all(mock_email):
    first, second = _rows(mock_email, "discard", 2)
    assert services.deliver_many([first.pk]) == {"sent": 1}
    try:
        with connection.cursor() as cursor:
            cursor.execute("DISCARD ALL")  # what a pooler's reset may do: the prepared statements are gone
        assert services.deliver_many([second.pk]) == {"sent": 1}
        assert set(Notification.objects.values_list("status", flat=True)) == {S.SENT}
    finally:
        connection.close()  # later tests get a connection with Django's session settings
