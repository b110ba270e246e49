from django.urls import path

from . import views

urlpatterns = [
    path("guest/payment-methods/setup", views.GuestCardSetupView.as_view(), name="guest-payment-methods-setup"),
    path("guest/payment-methods", views.GuestPaymentMethodsView.as_view(), name="guest-payment-methods"),
    path("guest/tips", views.GuestTipsView.as_view(), name="guest-tips"),
    path("webhooks/stripe", views.StripeWebhookView.as_view(), name="webhooks-stripe"),
]
