from django.urls import path

from . import views

urlpatterns = [
    path("guest/checkin/id-document", views.GuestIdDocumentView.as_view(), name="guest-checkin-id-document"),
]
