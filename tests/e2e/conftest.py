from .browser import chromium, live_server_url, page  # noqa: F401  (fixtures of the browser tests)


def pytest_collection_modifyitems(session, config, items):
    """Browser tests last: their Playwright event loop (and the async guard lifted for it) then
    never overlaps another test, and a subprocess started by one does not inherit it."""
    items.sort(key=lambda item: "page" in getattr(item, "fixturenames", ()))
