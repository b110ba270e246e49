"""The outbox in one process: notify(), delivery outcomes, leases, sweep, retry, events, templates."""

import datetime as dt
import io
import json

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from integrations.channels import mock
from integrations.models import HotelIntegrations, RealtimeEvent
from integrations.notifications import events, services
from integrations.notifications.models import Notification
from integrations.notifications.rendering import render
from integrations.services import configure_integration
from stays.services.invitations import send_due_checkin_invitations, stays_due_for_invitation
from tests.stays.factories import GuestFactory, StaffFactory, StayFactory

pytestmark = pytest.mark.django_db

S = Notification.Status


def use_mock(hotel, capability="email", **config):
    configure_integration(hotel=hotel, capability=capability, provider="mock", config=config)


def enqueue(hotel, key="k1", **kwargs):
    defaults = {
        "hotel": hotel,
        "channel": "email",
        "recipient": "helene@example.com",
        "template": "payment_receipt",
        "language": "en",
        "context": {"first_name": "Hélène", "amount": "12.50", "currency": "EUR", "payment_id": "p1"},
        "dedupe_key": key,
    }
    defaults.update(kwargs)
    return services.notify(**defaults)


def make_due(row):
    Notification.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now() - dt.timedelta(seconds=1))


# -- notify() ----------------------------------------------------------------------------------


def test_notify_is_idempotent_on_dedupe_key_and_queues_once(hotel, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        first = enqueue(hotel, key="payment_receipt:p1")
        again = enqueue(hotel, key="payment_receipt:p1", recipient="someone-else@example.com")
    assert again.pk == first.pk and again.recipient == "helene@example.com"
    assert Notification.objects.count() == 1
    assert len(callbacks) == 1  # one delivery task, sent only when the transaction commits
    row = Notification.objects.get()
    assert row.status == S.PENDING and row.attempts == 0 and row.next_attempt_at is not None


def test_notify_refuses_unknown_channel_and_blank_recipient(hotel):
    with pytest.raises(ValueError):
        enqueue(hotel, channel="fax")
    with pytest.raises(ValueError):
        enqueue(hotel, recipient="  ")
    assert not Notification.objects.exists()


def test_notify_then_commit_delivers_by_the_default_django_backend(hotel, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        row = enqueue(hotel)
    row.refresh_from_db()
    assert row.status == S.SENT and row.attempts == 1 and row.sent_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["helene@example.com"]
    assert "12.50 EUR" in message.subject and "12.50 EUR" in message.body
    assert message.extra_headers["Message-ID"] == row.provider_message_id
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "<strong>12.50 EUR</strong>" in html


# -- delivery outcomes ---------------------------------------------------------------------------


def test_transient_failures_are_retried_with_backoff_then_delivered(hotel):
    use_mock(hotel, fail_first=2)
    row = enqueue(hotel)
    assert services.deliver(row.pk) == "failed"
    row.refresh_from_db()
    assert row.status == S.FAILED and row.attempts == 1 and row.next_attempt_at > timezone.now()
    assert "failure 1" in row.last_error
    assert services.deliver(row.pk) == "skipped"  # not due yet
    make_due(row)
    assert services.deliver(row.pk) == "failed"
    make_due(row)
    assert services.deliver(row.pk) == "sent"
    row.refresh_from_db()
    assert row.status == S.SENT and row.attempts == 3 and row.provider_message_id.startswith("mock-")
    assert mock.calls(row.dedupe_key) == 3
    event = RealtimeEvent.objects.get(type="notification.sent")
    assert event.hotel_id == hotel.pk
    assert event.data == {"notification_id": row.pk, "channel": "email", "template": "payment_receipt"}


def test_permanent_failure_is_dead_lettered_at_once(hotel):
    use_mock(hotel, fail_permanently=True)
    row = enqueue(hotel)
    assert services.deliver(row.pk) == "dead"
    row.refresh_from_db()
    assert row.status == S.DEAD and row.attempts == 1 and row.next_attempt_at is None
    assert row.last_error == "Mock channel refuses this recipient."
    make_due(row)
    assert services.deliver(row.pk) == "skipped"
    assert mock.calls(row.dedupe_key) == 1


def test_last_attempt_failing_makes_the_row_dead(hotel):
    use_mock(hotel, fail_first=10)
    row = enqueue(hotel)
    Notification.objects.filter(pk=row.pk).update(max_attempts=2)
    assert services.deliver(row.pk) == "failed"
    make_due(row)
    assert services.deliver(row.pk) == "dead"
    assert Notification.objects.get(pk=row.pk).status == S.DEAD


def test_a_sent_row_is_never_sent_again(hotel):
    use_mock(hotel)
    row = enqueue(hotel)
    assert services.deliver(row.pk) == "sent"
    make_due(row)  # even a stray due time does not make a sent row deliverable
    assert services.deliver(row.pk) == "skipped"
    assert mock.calls(row.dedupe_key) == 1


def test_a_row_leased_by_a_worker_is_not_sent_by_another_until_the_lease_ends(hotel):
    use_mock(hotel)
    row = enqueue(hotel)
    claimed = services.claim(row.pk)  # a worker took it... and died
    assert claimed.status == S.SENDING and claimed.attempts == 1
    assert services.deliver(row.pk) == "skipped"
    make_due(row)  # the lease ran out
    assert services.deliver(row.pk) == "sent"
    row.refresh_from_db()
    assert row.attempts == 2 and mock.calls(row.dedupe_key) == 1
    # The first worker coming back late cannot overwrite the row: its attempt number is stale.
    assert services._finish_failed(claimed, "late") == "skipped"
    assert Notification.objects.get(pk=row.pk).status == S.SENT


def test_missing_provider_is_a_transient_failure(hotel):
    row = enqueue(hotel, channel="sms", recipient="+33612345678", template="checkin_invitation")
    assert services.deliver(row.pk) == "failed"
    row.refresh_from_db()
    assert row.status == S.FAILED and "no provider configured" in row.last_error


def test_backoff_grows_exponentially_with_jitter_and_honours_retry_after():
    with override_settings(NOTIFICATION_RETRY_BASE_SECONDS=10, NOTIFICATION_RETRY_MAX_SECONDS=100):
        for attempts, full in [(1, 10), (2, 20), (3, 40), (6, 100)]:
            delays = {services.backoff_seconds(attempts) for _ in range(20)}
            assert all(full / 2 <= d <= full for d in delays)
            assert len(delays) > 1
        assert services.backoff_seconds(1, retry_after=70) == 70


# -- sweep and retry -----------------------------------------------------------------------------


@override_settings(NOTIFICATION_SWEEP_GRACE_SECONDS=60)
def test_sweep_requeues_only_overdue_rows_and_resets_their_clock(hotel, django_capture_on_commit_callbacks):
    use_mock(hotel)
    fresh = enqueue(hotel, key="fresh")
    lost = enqueue(hotel, key="lost")
    stuck = enqueue(hotel, key="stuck")
    services.claim(stuck.pk)
    old = timezone.now() - dt.timedelta(minutes=5)
    Notification.objects.filter(pk__in=[lost.pk, stuck.pk]).update(next_attempt_at=old)
    done = enqueue(hotel, key="done")
    services.deliver(done.pk)
    Notification.objects.filter(pk=done.pk).update(next_attempt_at=old)

    with django_capture_on_commit_callbacks(execute=True):
        assert services.sweep() == 2
    assert Notification.objects.get(pk=lost.pk).status == S.SENT
    stuck_row = Notification.objects.get(pk=stuck.pk)
    assert stuck_row.status == S.SENT and stuck_row.attempts == 2
    assert Notification.objects.get(pk=fresh.pk).status == S.PENDING  # its own task is still queued
    assert services.sweep() == 0


def test_admin_retry_action_requeues_dead_rows_of_own_hotel_only(
    client, hotel, other_hotel, front_desk, django_capture_on_commit_callbacks
):
    use_mock(hotel)
    mine = enqueue(hotel, key="mine")
    theirs = enqueue(other_hotel, key="theirs")
    Notification.objects.update(status=S.DEAD, attempts=10, max_attempts=10, next_attempt_at=None, last_error="x")
    client.force_login(front_desk)
    page = client.get("/admin/integrations/notification/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "h•••@example.com" in html and "helene@example.com" not in html  # masked
    assert html.count('name="_selected_action"') == 1  # the other hotel's row is not listed
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/integrations/notification/",
            {"action": "retry", "_selected_action": [mine.pk, theirs.pk]},
        )
    assert response.status_code == 302
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.status == S.SENT and mine.attempts == 11 and mine.max_attempts == 13
    assert theirs.status == S.DEAD


def test_stay_page_shows_its_notifications_masked(client, hotel, front_desk):
    stay = StayFactory(hotel=hotel, guest__email="helene@example.com")
    enqueue(hotel, stay=stay)
    client.force_login(front_desk)
    page = client.get(f"/admin/stays/stay/{stay.pk}/change/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "payment_receipt" in html and "h•••@example.com" in html


def test_outbox_status_command(hotel, other_hotel):
    enqueue(hotel, key="a")
    enqueue(hotel, key="b")
    enqueue(other_hotel, key="c")
    Notification.objects.filter(dedupe_key="b").update(status=S.DEAD)
    out = io.StringIO()
    call_command("outbox_status", "--hotel", "par", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["hotel"] == "PAR" and data["total"] == 2
    assert data["counts"]["pending"] == 1 and data["counts"]["dead"] == 1 and data["counts"]["sent"] == 0
    assert data["oldest_pending_age_seconds"] >= 0
    text = io.StringIO()
    call_command("outbox_status", stdout=text)
    assert "pending  2" in text.getvalue() and "total    3" in text.getvalue()


# -- templates -------------------------------------------------------------------------------------

CONTEXT = {
    "hotel_name": "Hôtel Lumière",
    "first_name": "Hélène",
    "confirmation_number": "ABC123",
    "arrival_date": "2026-05-14",
    "checkin_url": "https://stay.example/?confirmation=ABC123",
    "check_in_time": "15:00",
}


def test_templates_render_in_french_and_english():
    fr = render(template="checkin_invitation", channel="email", language="fr", context=CONTEXT)
    assert fr["language"] == "fr"
    assert fr["subject"] == "Enregistrez-vous en ligne pour votre séjour à Hôtel Lumière"
    assert "14 mai 2026" in fr["text"] and "Bonjour Hélène" in fr["text"]
    assert "&" not in fr["text"]  # text bodies are not HTML-escaped
    assert '<html lang="fr">' in fr["html"] and "Hôtel Lumière" in fr["html"]
    en = render(template="checkin_invitation", channel="sms", language="en", context=CONTEXT)
    assert "May 14, 2026" in en["text"] and en["html"] == ""
    push = render(template="checkin_invitation", channel="push", language="fr", context=CONTEXT)
    assert push["subject"] == "Enregistrement en ligne" and "14 mai 2026" in push["text"]


def test_html_body_escapes_values():
    html = render(
        template="checkin_invitation", channel="email", language="en", context={**CONTEXT, "first_name": "<b>x</b>"}
    )["html"]
    assert "&lt;b&gt;x&lt;/b&gt;" in html


def test_missing_language_falls_back_to_english_and_regional_to_base():
    assert render(template="checkin_invitation", channel="email", language="de", context=CONTEXT)["language"] == "en"
    assert render(template="checkin_invitation", channel="email", language="fr-CA", context=CONTEXT)["language"] == "fr"


def test_adding_a_language_is_adding_files(tmp_path, settings):
    folder = tmp_path / "notifications" / "checkin_invitation" / "es"
    folder.mkdir(parents=True)
    (folder / "subject.txt").write_text("Haga el check-in, {{ first_name }}\n")
    (folder / "body.txt").write_text("Llegada: {{ arrival_date|date:'DATE_FORMAT' }}\n")
    templates = [dict(settings.TEMPLATES[0])]
    templates[0]["DIRS"] = [tmp_path, *templates[0]["DIRS"]]
    settings.TEMPLATES = templates
    es = render(template="checkin_invitation", channel="email", language="es", context=CONTEXT)
    assert es["language"] == "es" and es["subject"] == "Haga el check-in, Hélène"
    assert "14 de mayo de 2026" in es["text"] and es["html"] == ""


def test_every_event_has_english_and_french_templates():
    context = {
        **CONTEXT,
        "departure_date": "2026-05-16",
        "room_number": "412",
        "amount": "10",
        "currency": "EUR",
        "total": "10",
        "payment_id": "p",
        "service_name": "Massage",
        "starts_at": "2026-05-15T10:00:00+00:00",
        "check_out_time": "11:00",
        "escalation_id": "7",
        "department": "reception",
    }
    guest_templates = [
        events.CHECKIN_INVITATION,
        events.CHECKIN_COMPLETED,
        events.PAYMENT_RECEIPT,
        events.CHECKOUT_RECEIPT,
        events.SPA_BOOKING_CONFIRMED,
        events.SPA_BOOKING_REMINDER,
    ]
    for template in [*guest_templates, events.STAFF_ESCALATION]:
        channels = ["email", "sms", "push"] if template in guest_templates else ["email"]
        for language in ["en", "fr"]:
            for channel in channels:
                rendered = render(template=template, channel=channel, language=language, context=context)
                assert rendered["language"] == language, (template, channel, language)
                assert rendered["text"].strip(), (template, channel, language)


# -- events ----------------------------------------------------------------------------------------


def test_checkin_invitation_uses_guest_language_and_adds_sms_when_configured(hotel, django_capture_on_commit_callbacks):
    use_mock(hotel, "sms")
    stay = StayFactory(hotel=hotel, guest__language="fr", guest__phone="+33612345678", guest__email="h@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        rows = events.notify_checkin_invitation(stay_id=stay.pk)
    assert [(r.channel, r.dedupe_key) for r in rows] == [
        ("email", f"checkin_invitation:{stay.pk}"),
        ("sms", f"checkin_invitation:{stay.pk}:sms"),
    ]
    assert {r.language for r in rows} == {"fr"}
    assert set(rows[0].context) == {
        "first_name",
        "confirmation_number",
        "arrival_date",
        "departure_date",
        "checkin_url",
        "check_in_time",
    }
    assert len(mail.outbox) == 1 and "Bonjour" in mail.outbox[0].body
    assert mock.delivered_ids([f"checkin_invitation:{stay.pk}:sms"])


def test_guest_language_falls_back_to_hotel_default(hotel):
    hotel.default_language = "fr"
    hotel.save()
    stay = StayFactory(hotel=hotel, guest__language="")
    (row,) = events.notify_payment_receipt(stay_id=stay.pk, payment_id="pi_1", amount="99.90", currency="eur")
    assert row.language == "fr" and row.context["amount"] == "99.90" and row.context["currency"] == "EUR"
    assert row.dedupe_key == "payment_receipt:pi_1"


def test_no_sms_without_provider_and_no_email_without_address(hotel):
    stay = StayFactory(hotel=hotel, guest__phone="+33612345678", guest__email="")
    assert events.notify_checkin_invitation(stay_id=stay.pk) == []


def test_staff_escalation_emails_the_department(hotel, django_capture_on_commit_callbacks):
    StaffFactory(hotel=hotel, email="spa1@par.test", departments=["spa"])
    StaffFactory(hotel=hotel, email="desk@par.test", departments=["reception"])
    stay = StayFactory(hotel=hotel)
    with django_capture_on_commit_callbacks(execute=True):
        rows = events.notify_staff_escalation(
            hotel_id=hotel.pk, escalation_id=42, department="spa", category="complaint", urgency="high", stay_id=stay.pk
        )
    assert [r.recipient for r in rows] == ["spa1@par.test"]
    assert mail.outbox[0].to == ["spa1@par.test"]
    assert "Escalation 42 (high): complaint" in mail.outbox[0].subject
    assert stay.confirmation_number in mail.outbox[0].body


def test_spa_reminder_shows_hotel_local_time(hotel):
    use_mock(hotel)
    stay = StayFactory(hotel=hotel, guest__language="en")
    starts = dt.datetime(2026, 5, 15, 8, 30, tzinfo=dt.UTC)  # 10:30 in Paris
    (row,) = events.notify_spa_booking_reminder(
        stay_id=stay.pk, booking_id="b1", service_name="Massage", starts_at=starts
    )
    message = services.build_message(Notification.objects.select_related("hotel").get(pk=row.pk))
    assert "10:30" in message.subject and "Massage" in message.text


# -- check-in invitation beat ---------------------------------------------------------------------


def test_invitation_beat_invites_due_stays_exactly_once(hotel, django_capture_on_commit_callbacks):
    hotel.checkin_invitation_hours = 48
    hotel.save()
    now = dt.datetime(2026, 5, 10, 9, 0, tzinfo=dt.UTC)  # 11:00 in Paris
    due = StayFactory(hotel=hotel, arrival=dt.date(2026, 5, 12))  # 15:00 Paris on the 12th: 52 h away
    soon = StayFactory(hotel=hotel, arrival=dt.date(2026, 5, 11))
    later = StayFactory(hotel=hotel, arrival=dt.date(2026, 5, 14))
    checked_in = StayFactory(hotel=hotel, arrival=dt.date(2026, 5, 11), status="checked_in")
    cancelled = StayFactory(hotel=hotel, arrival=dt.date(2026, 5, 11), status="cancelled")
    done_online = StayFactory(hotel=hotel, arrival=dt.date(2026, 5, 11), online_checkin_status="completed")
    assert [s.pk for s in stays_due_for_invitation(hotel, now=now)] == [soon.pk]
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_checkin_invitations(now=now) == 1
        assert send_due_checkin_invitations(now=now) == 0
        # Four hours later the 12th's 15:00 arrival is within 48 h.
        assert send_due_checkin_invitations(now=now + dt.timedelta(hours=4)) == 1
        assert send_due_checkin_invitations(now=now + dt.timedelta(hours=4)) == 0
    keys = set(Notification.objects.values_list("dedupe_key", flat=True))
    assert keys == {f"checkin_invitation:{soon.pk}", f"checkin_invitation:{due.pk}"}
    assert len(mail.outbox) == 2
    for stay in (later, checked_in, cancelled, done_online):
        assert not Notification.objects.filter(stay=stay).exists()


def test_invitation_task_runs_the_service(hotel):
    from stays.tasks import send_checkin_invitations

    StayFactory(hotel=hotel, arrival=timezone.localdate() + dt.timedelta(days=1), guest=GuestFactory(hotel=hotel))
    assert send_checkin_invitations.apply().get() == 1
    assert Notification.objects.filter(template="checkin_invitation").count() == 1


def test_secrets_of_channel_configs_are_sealed(hotel):
    configure_integration(
        hotel=hotel,
        capability="sms",
        provider="twilio",
        config={"account_sid": "AC" + "0" * 32, "auth_token": "tok-secret", "from_number": "+15005550006"},
    )
    raw = HotelIntegrations.objects.get(hotel=hotel).sms_config
    assert raw["account_sid"] == "AC" + "0" * 32 and "tok-secret" not in json.dumps(raw)


def test_stay_form_posts_without_notification_formset_data(client, hotel, front_desk):
    stay = StayFactory(hotel=hotel, confirmation_number="MINE2")
    enqueue(hotel, stay=stay)
    client.force_login(front_desk)
    form = {
        "hotel": hotel.pk,
        "confirmation_number": "MINE2",
        "guest": stay.guest_id,
        "arrival": stay.arrival,
        "departure": stay.departure,
        "adults": 2,
        "children": 0,
        "status": "confirmed",
        "online_checkin_status": "not_started",
    }
    assert client.post(f"/admin/stays/stay/{stay.pk}/change/", form).status_code == 302
    assert Notification.objects.filter(stay=stay).count() == 1
