from django.apps import AppConfig


class OcrConfig(AppConfig):
    name = "ocr"
    verbose_name = "Identity documents"

    def ready(self):
        from integrations.registry import Capability, register
        from stays.models import StaffRole
        from stays.roles import ADD, CHANGE, VIEW, grant

        from .images import register_image_openers
        from .providers.azure_vision import AzureVisionOcr
        from .providers.google_vision import GoogleVisionOcr
        from .providers.mock import MockOcr
        from .providers.mrz_local import MrzLocalOcr
        from .providers.textract import TextractOcr

        register_image_openers()

        for provider in (MockOcr, MrzLocalOcr, TextractOcr, GoogleVisionOcr, AzureVisionOcr):
            register(Capability.OCR, provider)

        # Who sees identity data: the roles that check guests in. All three read the documents and
        # verify or reject them (change); `ocr.view_identityfields` is what shows the fields and the
        # image. Settings (minimum age, retention, images) are the hotel admin's; managers read them.
        for role in (StaffRole.FRONT_DESK, StaffRole.MANAGER, StaffRole.HOTEL_ADMIN):
            grant(role, "ocr.identitydocument", {VIEW, CHANGE})
            grant(role, "ocr.identityfields", {VIEW})
            grant(role, "ocr.pendingidentitydocument", {VIEW, CHANGE})
        grant(StaffRole.MANAGER, "ocr.ocrsettings", {VIEW})
        grant(StaffRole.HOTEL_ADMIN, "ocr.ocrsettings", {VIEW, CHANGE, ADD})
        for role in (StaffRole.MANAGER, StaffRole.HOTEL_ADMIN):
            grant(role, "ocr.identitydocumentaccess", {VIEW})

        from stays.admin_extensions import register_stay_buttons, register_stay_inline

        from .admin import IdentityDocumentInline, identity_buttons

        register_stay_inline(IdentityDocumentInline)
        register_stay_buttons(identity_buttons)
