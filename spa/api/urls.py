from django.urls import path

from . import views

urlpatterns = [
    path("guest/spa/services", views.ServicesView.as_view(), name="guest-spa-services"),
    path("guest/spa/practitioners", views.PractitionersView.as_view(), name="guest-spa-practitioners"),
    path("guest/spa/availability", views.AvailabilityView.as_view(), name="guest-spa-availability"),
    path("guest/spa/bookings", views.BookingsView.as_view(), name="guest-spa-bookings"),
    path("guest/spa/bookings/<uuid:booking_id>", views.BookingView.as_view(), name="guest-spa-booking"),
    path(
        "guest/spa/bookings/<uuid:booking_id>/cancel",
        views.CancelBookingView.as_view(),
        name="guest-spa-booking-cancel",
    ),
    path("webhooks/mindbody", views.MindbodyWebhookView.as_view(), name="webhooks-mindbody"),
]
