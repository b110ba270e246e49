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
]
