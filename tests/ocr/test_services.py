"""The contract other apps build on: submit / verify / reject and identity_step_for_stay."""

import pytest

from ocr import selectors, services
from ocr.exceptions import IdentityDocumentError
from ocr.models import IdentityDocument
from tests.ocr.conftest import photo, use_ocr
from tests.stays.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_missing_step(stay):
    assert selectors.identity_step_for_stay(stay) == {
        "status": "missing",
        "is_valid": False,
        "needs_review": False,
        "document_id": None,
        "errors": [],
        "warnings": [],
    }


def test_verify_and_reject(stay, front_desk):
    document = services.submit_identity_document(stay=stay, image=photo(), actor=front_desk)
    assert document.submitted_by == front_desk
    services.verify_identity_document(document=document, user=front_desk)
    document.refresh_from_db()
    assert document.status == "verified" and document.verified_by == front_desk and document.verified_at
    assert selectors.identity_step_for_stay(stay)["status"] == "verified"
    with pytest.raises(IdentityDocumentError) as exc:
        services.submit_identity_document(stay=stay, image=photo())
    assert exc.value.code == "document_already_verified" and exc.value.status_code == 409

    services.reject_identity_document(document=document, user=front_desk, reason="Photo is not the guest")
    document.refresh_from_db()
    assert document.status == "rejected" and document.rejection_reason == "Photo is not the guest"
    assert document.verified_by is None
    step = selectors.identity_step_for_stay(stay)
    assert step["status"] == "rejected" and step["is_valid"] is False


def test_reject_needs_a_reason(stay, front_desk):
    document = services.submit_identity_document(stay=stay, image=photo())
    with pytest.raises(IdentityDocumentError) as exc:
        services.reject_identity_document(document=document, user=front_desk, reason="  ")
    assert exc.value.code == "rejection_reason_required"


def test_an_invalid_document_cannot_be_verified(stay, front_desk):
    use_ocr(stay.hotel, "mock", {"scenario": "expired"})
    document = services.submit_identity_document(stay=stay, image=photo())
    with pytest.raises(IdentityDocumentError) as exc:
        services.verify_identity_document(document=document, user=front_desk)
    assert exc.value.code == "document_invalid"
    assert IdentityDocument.objects.get().status == "pending"


def test_closed_stay_is_refused(stay):
    stay.status = "checked_out"
    stay.save()
    with pytest.raises(IdentityDocumentError) as exc:
        services.submit_identity_document(stay=stay, image=photo())
    assert exc.value.code == "stay_not_open" and exc.value.status_code == 409


def test_name_mismatch_is_a_warning_staff_must_clear(stay):
    stay.guest.first_name, stay.guest.last_name = "Marco", "Rossi"
    stay.guest.save()
    # The mock plays the booked guest; make it play someone else by asking the validator directly.
    document = services.submit_identity_document(stay=stay, image=photo())
    data = dict(document.data, first_name="John", last_name="Smith")
    result = services.validate_id_data(data, services.validation_context(stay))
    assert result["is_valid"] is True
    assert [w["code"] for w in result["warnings"]] == ["name_mismatch"]
    assert result["warnings"][0]["requires_clearance"] is True


def test_id_card_gets_a_td1_zone(stay):
    document = services.submit_identity_document(stay=stay, image=photo(), document_type="id_card")
    assert document.data["mrz_format"] == "TD1" and document.is_valid
    assert document.document_type == "id_card"


def test_staff_user_of_another_hotel_is_irrelevant_to_step(stay, other_hotel):
    StaffFactory(hotel=other_hotel)
    assert selectors.identity_step_for_stay(stay)["status"] == "missing"
