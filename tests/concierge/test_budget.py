"""The per-hotel daily token budget under concurrency, on PostgreSQL with real threads: the check and
the reservation are one conditional UPDATE, so simultaneous guests cannot all slip under the budget."""

import threading

import pytest
from django.db import connection

from concierge import services
from concierge.models import ConciergeSettings, ModelUsage
from concierge.usage import reserve_tokens

from .conftest import use_concierge
from .openai_fake import FakeOpenAIServer, answer, completion

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(count, work):
    """Run work(i) in `count` threads released at the same instant; their results, in order."""
    barrier = threading.Barrier(count)
    results = [None] * count
    errors = []

    def target(i):
        try:
            barrier.wait(timeout=10)
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()  # each thread has its own database connection

    threads = [threading.Thread(target=target, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return results


def test_concurrent_reservations_never_hold_more_than_the_budget(kb_hotel, settings):
    assert connection.vendor == "postgresql"
    settings.OPENAI_CALL_TOKEN_ESTIMATE = 1000
    ConciergeSettings.objects.filter(hotel=kb_hotel).update(daily_token_budget=2500)
    held = run_together(12, lambda i: reserve_tokens(kb_hotel, "openai"))
    # 0, 1000 and 2000 held are under 2500: three calls may run, never a fourth.
    assert sum(1 for r in held if r is not None) == 3
    assert ModelUsage.objects.get(hotel=kb_hotel, provider="openai").reserved_tokens == 3000
    for reservation in filter(None, held):
        reservation.release()
    assert ModelUsage.objects.get(hotel=kb_hotel, provider="openai").reserved_tokens == 0


def test_simultaneous_guests_past_a_small_budget_make_one_model_call(guest_stay):
    ConciergeSettings.objects.filter(hotel=guest_stay.hotel).update(daily_token_budget=100)
    services.conversation_for(guest_stay)
    with FakeOpenAIServer() as fake:
        use_concierge(guest_stay.hotel, "openai", {"api_key": "sk-hotel", "base_url": fake.base_url,
                                                   "max_retries": 0, "timeout_seconds": 5})  # fmt: skip
        fake.responses = [(200, completion(answer("Hello!")))]
        fake.delay = 0.3  # the calls overlap: each would have read "0 tokens used" before the fix
        exchanges = run_together(6, lambda i: services.send_guest_message(stay=guest_stay, text=f"hello {i}"))
    providers = sorted(e.reply.provider for e in exchanges)
    assert providers == ["local"] * 5 + ["openai"]
    assert len(fake.requests) == 1
    assert {e.reply.fallback_reason for e in exchanges if e.reply.provider == "local"} == {"budget_exhausted"}
    usage = ModelUsage.objects.get(hotel=guest_stay.hotel, provider="openai")
    assert (usage.requests, usage.prompt_tokens + usage.completion_tokens, usage.reserved_tokens) == (1, 150, 0)


def test_a_failed_call_gives_its_reservation_back(guest_stay):
    ConciergeSettings.objects.filter(hotel=guest_stay.hotel).update(daily_token_budget=100)
    with FakeOpenAIServer() as fake:
        use_concierge(guest_stay.hotel, "openai", {"api_key": "sk-hotel", "base_url": fake.base_url,
                                                   "max_retries": 0, "timeout_seconds": 5})  # fmt: skip
        fake.responses = [(500, {"error": {"message": "boom", "type": "server_error"}}), (200, completion(answer()))]
        failed = services.send_guest_message(stay=guest_stay, text="hello")
        assert failed.reply.provider == "local" and failed.reply.fallback_reason != "budget_exhausted"
        assert ModelUsage.objects.get(hotel=guest_stay.hotel, provider="openai").reserved_tokens == 0
        again = services.send_guest_message(stay=guest_stay, text="hello again")  # nothing was spent
    assert again.reply.provider == "openai" and len(fake.requests) == 2
