from django.urls import include, path
from rest_framework.permissions import AllowAny
from rest_framework.views import APIView


class Boom(APIView):
    permission_classes = [AllowAny]
    authentication_classes: list = []

    def get(self, request):
        raise RuntimeError("kaboom with a secret sk_live_123")


urlpatterns = [path("api/v1/boom", Boom.as_view()), path("", include("mystay.urls"))]
