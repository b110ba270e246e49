import datetime as dt
import uuid

from django.utils import timezone

from tests.stays.fixtures import guest_token


def local_time(hotel, days: int, hour: int, minute: int = 0) -> dt.datetime:
    """An aware datetime `days` from today at hour:minute in the hotel's time zone."""
    day = timezone.now().astimezone(hotel.tzinfo).date() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=hotel.tzinfo)


def guest_client(api, stay):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {guest_token(api, stay)}")
    return api


def book(api, *, service_id, start, practitioner_id=None, key=None):
    body = {"service_id": service_id, "start": start.isoformat()}
    if practitioner_id:
        body["practitioner_id"] = practitioner_id
    return api.post("/api/v1/guest/spa/bookings", body, format="json", HTTP_IDEMPOTENCY_KEY=key or str(uuid.uuid4()))


def slots(api, service_id, day, practitioner=None):
    params = {"service": service_id, "date": day.isoformat()}
    if practitioner:
        params["practitioner"] = practitioner
    response = api.get("/api/v1/guest/spa/availability", params)
    assert response.status_code == 200, response.content
    return response.json()["results"]
