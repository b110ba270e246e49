from django.urls import path

from . import views

urlpatterns = [
    path("stays/lookup", views.StayLookupView.as_view(), name="stay-lookup"),
    path("auth/staff/login", views.StaffLoginView.as_view(), name="staff-login"),
    path("auth/logout", views.LogoutView.as_view(), name="logout"),
    path("auth/me", views.MeView.as_view(), name="me"),
    path("guest/stay", views.GuestStayView.as_view(), name="guest-stay"),
    path("staff/stays", views.StaffStayListView.as_view(), name="staff-stays"),
    path("staff/stays/<int:pk>", views.StaffStayDetailView.as_view(), name="staff-stay-detail"),
    path("staff/stays/<int:pk>/rooms", views.StaffStayRoomsView.as_view(), name="staff-stay-rooms"),
    path("staff/stays/<int:pk>/room", views.StaffStayAssignRoomView.as_view(), name="staff-stay-assign-room"),
]
