"""Django's cookie-based middleware, skipped on the token API.

Sessions (and the session user) and flash messages exist for the browser pages (the admin, the API
docs): the REST API under /api/v1/ authenticates with bearer tokens only (no session authentication
is configured, and DRF sets `request.user` itself), so on those paths these three only cost time
(the messages storage alone builds a cookie signer per request). Subclasses, so that Django's checks
(admin.E408–E410) still find them; everywhere else they run unchanged. (CSRF stays Django's own
middleware, by its exact name, which `check --deploy` looks for; the API's views are exempt.)
"""

from django.contrib.auth.middleware import AuthenticationMiddleware as DjangoAuthenticationMiddleware
from django.contrib.messages.middleware import MessageMiddleware as DjangoMessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware

TOKEN_API_PREFIX = "/api/v1/"


class BrowserOnly:
    def __call__(self, request):
        if request.path_info.startswith(TOKEN_API_PREFIX):
            return self.get_response(request)
        return super().__call__(request)


class SessionMiddleware(BrowserOnly, DjangoSessionMiddleware):
    pass


class AuthenticationMiddleware(BrowserOnly, DjangoAuthenticationMiddleware):
    pass


class MessageMiddleware(BrowserOnly, DjangoMessageMiddleware):
    pass
