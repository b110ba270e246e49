"""Notification templates: templates/notifications/<template>/<language>/<file>.

    e-mail: subject.txt, body.txt, body.html (optional HTML alternative)
    sms:    sms.txt
    push:   push_title.txt, push_body.txt

The language is the row's (e.g. "fr-ca" -> "fr-ca", then "fr"), falling back to English when no
folder for it has the channel's files: adding a language is adding files. Text files are rendered
without HTML escaping; dates (`*_date`) and times (`*_at`) in the context are ISO strings turned
back into objects, formatted in the hotel's time zone and the message's language.
"""

from __future__ import annotations

import datetime as dt
import functools
import re

from django.template import Context, Engine, TemplateDoesNotExist, engines
from django.utils import timezone, translation

FALLBACK_LANGUAGE = "en"
MAIN_FILE = {"email": "body.txt", "sms": "sms.txt", "push": "push_body.txt"}


def _text_engine() -> Engine:
    default = engines["django"].engine  # rebuilt by Django when TEMPLATES changes
    return _text_engine_for(tuple(str(d) for d in default.dirs), default.debug)


@functools.cache
def _text_engine_for(dirs: tuple[str, ...], debug: bool) -> Engine:
    """The same template folders, without HTML escaping (for subjects, text bodies, SMS, push)."""
    return Engine(dirs=list(dirs), app_dirs=False, autoescape=False, debug=debug)


def _html_engine() -> Engine:
    return engines["django"].engine


def language_candidates(language: str) -> list[str]:
    language = (language or "").strip().lower().replace("_", "-")
    candidates = [language, language.split("-")[0], FALLBACK_LANGUAGE]
    return [c for i, c in enumerate(candidates) if c and c not in candidates[:i]]


def _exists(engine: Engine, name: str) -> bool:
    try:
        engine.get_template(name)
    except TemplateDoesNotExist:
        return False
    return True


def resolve_language(template: str, channel: str, language: str) -> str:
    """The first candidate language that has this template for this channel."""
    engine = _text_engine()
    for candidate in language_candidates(language):
        if _exists(engine, f"notifications/{template}/{candidate}/{MAIN_FILE[channel]}"):
            return candidate
    raise TemplateDoesNotExist(f"notifications/{template}/{FALLBACK_LANGUAGE}/{MAIN_FILE[channel]}")


def _hydrate(context: dict) -> dict:
    values = dict(context)
    for key, value in context.items():
        if not isinstance(value, str):
            continue
        try:
            if key.endswith("_date"):
                values[key] = dt.date.fromisoformat(value)
            elif key.endswith("_at"):
                values[key] = dt.datetime.fromisoformat(value)
        except ValueError:
            pass
    return values


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _tidy(text: str) -> str:
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def render(*, template: str, channel: str, language: str, context: dict, tz=None) -> dict:
    """{"language", "subject", "text", "html"} for one message."""
    chosen = resolve_language(template, channel, language)
    folder = f"notifications/{template}/{chosen}"
    values = _hydrate(context)
    text_engine = _text_engine()
    with translation.override(chosen), timezone.override(tz or timezone.get_current_timezone()):

        def text(file_name: str) -> str:
            return text_engine.get_template(f"{folder}/{file_name}").render(Context(values, autoescape=False))

        if channel == "email":
            html = ""
            if _exists(_html_engine(), f"{folder}/body.html"):
                html = _html_engine().get_template(f"{folder}/body.html").render(Context(values))
            return {
                "language": chosen,
                "subject": _one_line(text("subject.txt")),
                "text": _tidy(text("body.txt")),
                "html": html,
            }
        if channel == "sms":
            return {"language": chosen, "subject": "", "text": _tidy(text("sms.txt")).strip(), "html": ""}
        return {
            "language": chosen,
            "subject": _one_line(text("push_title.txt")),
            "text": _one_line(text("push_body.txt")),
            "html": "",
        }
