"""Hotel scoping for every admin screen: staff see and change only their own hotel's rows.

Use `HotelScopedAdmin` (or the mixin) and set `hotel_field` to the path from the model to its
hotel ("hotel", "stay__hotel", ...). Platform superusers see every hotel.
"""

from django.core.exceptions import PermissionDenied
from unfold.admin import ModelAdmin


def user_hotel_id(request):
    user = request.user
    return None if user.is_superuser else user.hotel_id


class HotelScopedAdminMixin:
    hotel_field = "hotel"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        hotel_id = user_hotel_id(request)
        if request.user.is_superuser:
            return qs
        if hotel_id is None:
            return qs.none()
        return qs.filter(**{f"{self.hotel_field}_id" if "__" not in self.hotel_field else self.hotel_field: hotel_id})

    def _obj_hotel_id(self, obj):
        target = obj
        for part in self.hotel_field.split("__")[:-1]:
            target = getattr(target, part)
        return getattr(target, f"{self.hotel_field.split('__')[-1]}_id")

    def _in_scope(self, request, obj):
        return obj is None or request.user.is_superuser or self._obj_hotel_id(obj) == request.user.hotel_id

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._in_scope(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        """Limit choices of hotel-owned relations (hotel, room, guest, stay, ...) to the user's hotel."""
        hotel_id = user_hotel_id(request)
        if hotel_id is not None:
            model = db_field.related_model
            if model._meta.label == "stays.Hotel":
                kwargs["queryset"] = model.objects.filter(pk=hotel_id)
            elif any(f.name == "hotel" for f in model._meta.fields):
                kwargs["queryset"] = model.objects.filter(hotel_id=hotel_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        hotel_id = user_hotel_id(request)
        if hotel_id is not None and self.hotel_field == "hotel":
            if change and obj.hotel_id != hotel_id:
                raise PermissionDenied
            obj.hotel_id = hotel_id
        super().save_model(request, obj, form, change)

    def get_list_filter(self, request):
        filters = list(super().get_list_filter(request))
        # The hotel filter only makes sense for platform admins.
        if not request.user.is_superuser:
            filters = [f for f in filters if f != self.hotel_field]
        return filters

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if self.hotel_field == "hotel" and user_hotel_id(request) is not None:
            initial.setdefault("hotel", user_hotel_id(request))
        return initial


class HotelScopedAdmin(HotelScopedAdminMixin, ModelAdmin):
    """A hotel-scoped screen on the admin's theme (unfold): every app's ModelAdmin derives from this
    one or from unfold.admin.ModelAdmin, and its inlines from unfold.admin.TabularInline/StackedInline."""
