"""Reply templates of the language files, filled with the hotel's data."""

from __future__ import annotations

from .categories import Category
from .lexicon import language


def department_name(lang_code: str, department: str) -> str:
    return language(lang_code).departments.get(department, department)


def handoff_reply(
    lang_code: str, *, category: str, first_name: str, department: str, emergency_number: str = "", room: str = ""
) -> str:
    """What the guest reads when a person takes over: emergencies get the emergency number first."""
    lang = language(lang_code)
    dept = department_name(lang_code, department)
    if category == Category.EMERGENCY:
        room_text = lang.reply("room_text", room=room) if room else ""
        return lang.reply("emergency", emergency_number=emergency_number or "112", department=dept, room_text=room_text)
    key = {
        Category.REFUND: "escalation_refund",
        Category.CANCELLATION: "escalation_cancellation",
        Category.URGENT: "escalation_urgent",
    }.get(category, "escalation")
    return lang.reply(key, first_name=first_name or "", department=dept).replace(" ,", ",")


def format_distance(metres: int | None) -> str:
    if metres is None:
        return ""
    return f"{metres} m" if metres < 1000 else f"{metres / 1000:.1f} km"


PRICE_SIGNS = {"budget": "€", "moderate": "€€", "upscale": "€€€", "luxury": "€€€€"}


def places_reply(lang_code: str, places) -> str:
    lang = language(lang_code)
    if not places:
        return lang.reply("no_places")
    lines = [lang.reply("places_intro")]
    for place in places:
        lines.append(
            lang.reply(
                "place_line",
                name=place.name,
                cuisine=f" ({place.cuisine})" if place.cuisine else "",
                distance=format_distance(place.distance_m) or "—",
                price=f", {PRICE_SIGNS.get(place.price_range, '')}" if place.price_range else "",
                description=(place.description or "").strip(),
                hours=lang.reply("place_hours", hours=place.hours) if place.hours else "",
            ).strip()
        )
    return "\n".join(lines)
