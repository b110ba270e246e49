from django.urls import path

from . import views

urlpatterns = [
    path("guest/concierge/messages", views.GuestMessagesView.as_view(), name="guest-concierge-messages"),
    path(
        "guest/concierge/recommendations",
        views.GuestRecommendationsView.as_view(),
        name="guest-concierge-recommendations",
    ),
    path("guest/concierge/suggestions", views.GuestSuggestionsView.as_view(), name="guest-concierge-suggestions"),
    path("staff/concierge/escalations", views.StaffEscalationListView.as_view(), name="staff-escalations"),
    path(
        "staff/concierge/escalations/<int:pk>/acknowledge",
        views.StaffEscalationAcknowledgeView.as_view(),
        name="staff-escalation-acknowledge",
    ),
    path(
        "staff/concierge/escalations/<int:pk>/reply",
        views.StaffEscalationReplyView.as_view(),
        name="staff-escalation-reply",
    ),
    path(
        "staff/concierge/escalations/<int:pk>/resolve",
        views.StaffEscalationResolveView.as_view(),
        name="staff-escalation-resolve",
    ),
]
