"""Role groups: each staff role is a Django group whose permissions the admin checks.

Groups are (re)created after every migrate, and a staff member is kept in the group of their role.
"""

from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver

from .models import Hotel, User
from .roles import ensure_role_groups, sync_user_role_group

ROLE_APPS = {"stays", "payments", "keys", "spa", "ocr", "concierge", "integrations"}


@receiver(post_migrate)
def create_role_groups(sender, app_config=None, **kwargs):
    # Each app's permissions exist only after its own post_migrate, so refresh after each of ours.
    if app_config is not None and app_config.label in ROLE_APPS:
        ensure_role_groups()


@receiver(post_save, sender=User)
def keep_role_group(sender, instance, raw=False, **kwargs):
    if not raw:
        sync_user_role_group(instance)


@receiver(post_save, sender=Hotel)
def give_hotel_its_integrations(sender, instance, created, raw=False, **kwargs):
    """Every hotel has its integrations record from the start: the integrations page is never empty."""
    if created and not raw:
        from integrations.models import HotelIntegrations

        HotelIntegrations.objects.get_or_create(hotel=instance)


# Sent (after commit) when a PMS sync or lookup refresh changed a stay's room, departure or status:
# keyword arguments stay_id and changed (the names of the fields that changed). The keys app listens.
from django.dispatch import Signal  # noqa: E402

reservation_changed = Signal()
