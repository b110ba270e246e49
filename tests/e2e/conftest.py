from .browser import chromium, live_server_url, page  # noqa: F401  (fixtures of the browser tests)
