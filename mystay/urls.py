from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from stays.admin_today import today_events

from . import health
from .api.errors import json_404

admin.site.site_header = "MyStay front desk"
admin.site.site_title = "MyStay"
admin.site.index_title = "Your hotel"

urlpatterns = [
    path("health", health.liveness, name="health"),
    path("health/ready", health.readiness, name="health-ready"),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # Swagger UI from our own static files (drf-spectacular-sidecar), its init script a separate file (CSP).
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    path("api/v1/", include("stays.api.urls")),
    path("api/v1/", include("payments.api.urls")),
    path("api/v1/", include("integrations.api.urls")),
    path("api/v1/", include("spa.api.urls")),
    path("api/v1/", include("ocr.api.urls")),
    path("api/v1/", include("concierge.api.urls")),
    re_path(r"^api/", json_404),  # unknown API paths answer JSON, in DEBUG too
    path("admin/journey/", include("stays.admin_journey")),  # check in/out and keys for the front desk
    path("admin/today/events", today_events, name="admin-today-events"),  # the Today board's live updates
    path("admin/", admin.site.urls),
    path("", RedirectView.as_view(url="/admin/", permanent=False)),
]

handler400 = "mystay.api.errors.json_400"
handler404 = "mystay.api.errors.json_404"
handler500 = "mystay.api.errors.json_500"
