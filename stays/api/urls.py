from django.urls import path

from . import journey_views, views

urlpatterns = [
    path("stays/lookup", views.StayLookupView.as_view(), name="stay-lookup"),
    path("auth/staff/login", views.StaffLoginView.as_view(), name="staff-login"),
    path("auth/logout", views.LogoutView.as_view(), name="logout"),
    path("auth/me", views.MeView.as_view(), name="me"),
    path("guest/stay", views.GuestStayView.as_view(), name="guest-stay"),
    # The guest journey: online check-in, key, check-out.
    path("guest/checkin", journey_views.CheckinView.as_view(), name="guest-checkin"),
    path("guest/checkin/card", journey_views.CheckinCardView.as_view(), name="guest-checkin-card"),
    path(
        "guest/checkin/registration", journey_views.CheckinRegistrationView.as_view(), name="guest-checkin-registration"
    ),
    path("guest/checkin/complete", journey_views.CheckinCompleteView.as_view(), name="guest-checkin-complete"),
    path("guest/key", journey_views.GuestKeyView.as_view(), name="guest-key"),
    path("guest/checkout", journey_views.CheckoutView.as_view(), name="guest-checkout"),
    path("staff/stays", views.StaffStayListView.as_view(), name="staff-stays"),
    path("staff/stays/<int:pk>", views.StaffStayDetailView.as_view(), name="staff-stay-detail"),
    path("staff/stays/<int:pk>/rooms", views.StaffStayRoomsView.as_view(), name="staff-stay-rooms"),
    path("staff/stays/<int:pk>/room", views.StaffStayAssignRoomView.as_view(), name="staff-stay-assign-room"),
]
