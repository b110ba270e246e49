from django.urls import path

from . import realtime_views

urlpatterns = [
    path("realtime/stay", realtime_views.stay_stream, name="realtime-stay"),
    path("realtime/hotel", realtime_views.hotel_stream, name="realtime-hotel"),
]
