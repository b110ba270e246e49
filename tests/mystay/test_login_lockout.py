"""Brute force is stopped at both doors, per account and per client (defect #3, django-axes)."""

import pytest
from axes.models import AccessAttempt

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"


@pytest.fixture(autouse=True)
def _generous_ip_throttle(settings):
    # The API's own per-client throttle (10/min) would answer first; here we test the account lock.
    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "staff_login": "1000/min"},
    }


def api_login(api, email="desk@par.test", password=PASSWORD, ip="203.0.113.1"):
    return api.post("/api/v1/auth/staff/login", {"email": email, "password": password}, format="json", REMOTE_ADDR=ip)


def admin_login(client, username="desk@par.test", password=PASSWORD, ip="203.0.113.1"):
    return client.post("/admin/login/?next=/admin/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_api_account_locked_after_failures_from_many_clients(api, front_desk, settings):
    assert settings.AXES_FAILURE_LIMIT == 10
    statuses = [api_login(api, password="wrong", ip=f"198.51.100.{i}").status_code for i in range(10)]
    assert statuses == [401] * 9 + [429]  # the failure that reaches the limit is answered as locked
    locked = api_login(api, ip="192.0.2.77")  # the right password, from a fresh address
    assert locked.status_code == 429
    assert locked.json()["code"] == "too_many_failed_logins"
    assert int(locked["Retry-After"]) == settings.AXES_COOLOFF_TIME.total_seconds()


def test_admin_account_locked_after_failures(client, front_desk, settings):
    front_desk.is_staff = True
    front_desk.save()
    for i in range(settings.AXES_FAILURE_LIMIT - 1):
        response = admin_login(client, password="wrong", ip=f"198.51.100.{i}")
        assert response.status_code == 200  # the form again, with its error
    assert admin_login(client, password="wrong", ip="198.51.100.99").status_code == 429
    response = admin_login(client, ip="192.0.2.77")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_one_door_counts_for_the_other(api, client, front_desk, settings):
    front_desk.is_staff = True
    front_desk.save()
    for i in range(settings.AXES_FAILURE_LIMIT):
        admin_login(client, username="DESK@par.test ", password="wrong", ip=f"198.51.100.{i}")
    assert api_login(api, ip="192.0.2.77").status_code == 429


def test_client_locked_after_failures_on_many_accounts(api, front_desk, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        api_login(api, email=f"guess{i}@par.test", password="wrong", ip="198.51.100.9")
    assert api_login(api, ip="198.51.100.9").status_code == 429
    # The account itself is not locked: from elsewhere it still signs in.
    assert api_login(api, ip="192.0.2.1").status_code == 200


def test_success_resets_the_account_count(api, front_desk, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        api_login(api, password="wrong")
    assert api_login(api).status_code == 200
    assert not AccessAttempt.objects.filter(username="desk@par.test", failures_since_start__gt=0).exists()
