import pytest
from django.urls import reverse

from ocr import services
from ocr.models import IdentityDocument, IdentityDocumentAccess
from stays.roles import ensure_role_groups, sync_user_role_group
from tests.ocr.conftest import photo
from tests.stays.factories import StaffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, hotel):
    ensure_role_groups()
    user = StaffFactory(hotel=hotel, email="desk@ocr.test")
    sync_user_role_group(user)
    client.force_login(user)
    return user


def test_stay_page_shows_the_document_and_verify_reject(client, desk, stay):
    document = services.submit_identity_document(stay=stay, image=photo())
    page = client.get(reverse("admin:stays_stay_change", args=[stay.pk]))
    assert page.status_code == 200
    assert b"Identity document" in page.content
    assert reverse("admin:ocr_identitydocument_change", args=[document.pk]).encode() in page.content
    # The buttons ocr contributes to the stay page (rendered by the stay page's cockpit).
    from django.test import RequestFactory

    from ocr.admin import identity_buttons

    request = RequestFactory().get("/")
    request.user = desk
    buttons = {b.label: b for b in identity_buttons(request, stay)}
    assert buttons["Verify ID"].url == reverse("admin:ocr_identitydocument_verify", args=[document.pk])
    assert buttons["Verify ID"].method == "post" and not buttons["Verify ID"].disabled
    assert buttons["Reject ID…"].url == reverse("admin:ocr_identitydocument_reject", args=[document.pk])

    response = client.post(reverse("admin:ocr_identitydocument_verify", args=[document.pk]))
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == "verified" and document.verified_by == desk

    url = reverse("admin:ocr_identitydocument_reject", args=[document.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 200  # the form asks for a reason
    client.post(url, {"reason": "Photo is of someone else"})
    document.refresh_from_db()
    assert document.status == "rejected" and document.rejection_reason == "Photo is of someone else"


def test_viewing_fields_is_recorded_and_needs_the_permission(client, desk, stay, hotel):
    document = services.submit_identity_document(stay=stay, image=photo())
    page = client.get(reverse("admin:ocr_identitydocument_change", args=[document.pk]))
    assert page.status_code == 200 and b"Dupre" in page.content
    access = IdentityDocumentAccess.objects.get()
    assert (access.user, access.document, access.what) == (desk, document, "fields")

    # Without ocr.view_identityfields (withdrawn from the role), the status shows, not the data.
    from django.contrib.auth.models import Group, Permission

    Group.objects.get(name="role:front_desk").permissions.remove(Permission.objects.get(codename="view_identityfields"))
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(pk=desk.pk))
    page = client.get(reverse("admin:ocr_identitydocument_change", args=[document.pk]))
    assert page.status_code == 200 and b"Dupre" not in page.content and b"Hidden" in page.content
    assert IdentityDocumentAccess.objects.count() == 1


def test_pending_list_is_on_the_index_and_scoped_to_the_hotel(client, desk, stay, other_hotel):
    from tests.stays.factories import StayFactory

    mine = services.submit_identity_document(stay=stay, image=photo())
    theirs = services.submit_identity_document(stay=StayFactory(hotel=other_hotel), image=photo())
    index = client.get(reverse("admin:index"))
    assert reverse("admin:ocr_pendingidentitydocument_changelist").encode() in index.content
    listing = client.get(reverse("admin:ocr_pendingidentitydocument_changelist"))
    assert listing.status_code == 200
    assert reverse("admin:ocr_pendingidentitydocument_change", args=[mine.pk]).encode() in listing.content
    assert reverse("admin:ocr_pendingidentitydocument_change", args=[theirs.pk]).encode() not in listing.content
    assert client.post(reverse("admin:ocr_identitydocument_verify", args=[theirs.pk])).status_code in (403, 404)
    assert IdentityDocument.objects.get(pk=theirs.pk).status == "pending"
