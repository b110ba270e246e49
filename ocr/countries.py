"""Codes allowed for the issuing state and the nationality of a travel document (ICAO 9303 part 3).

ISO 3166-1 alpha-3 (from pycountry) plus ICAO's own codes: Germany's `D`, the British categories,
United Nations organisations, refugees and stateless persons, and a few others in current use.
ICAO's specimen state UTO (Utopia) is deliberately not valid: a specimen is not a document.
"""

from __future__ import annotations

import functools

import pycountry

ICAO_EXTRA_CODES = {
    "D": "Germany",
    "EUE": "European Union",
    "GBD": "British Overseas Territories Citizen",
    "GBN": "British National (Overseas)",
    "GBO": "British Overseas Citizen",
    "GBP": "British Protected Person",
    "GBS": "British Subject",
    "UNA": "Specialized agency of the United Nations",
    "UNK": "Resident of Kosovo (UNMIK)",
    "UNO": "United Nations Organization",
    "XBA": "African Development Bank",
    "XIM": "African Export-Import Bank",
    "XCC": "Caribbean Community",
    "XCE": "Council of Europe",
    "XCO": "Common Market for Eastern and Southern Africa",
    "XEC": "Economic Community of West African States",
    "XPO": "Interpol",
    "XES": "Organisation of Eastern Caribbean States",
    "XMP": "Parliamentary Assembly of the Mediterranean",
    "XOM": "Sovereign Military Order of Malta",
    "XDC": "Southern African Development Community",
    "XXA": "Stateless person",
    "XXB": "Refugee (1951 Convention)",
    "XXC": "Refugee (other)",
    "XXX": "Unspecified nationality",
    "RKS": "Kosovo",
    "ZIM": "Zimbabwe (historical ICAO code)",
}


@functools.cache
def _iso_codes() -> frozenset[str]:
    return frozenset(country.alpha_3 for country in pycountry.countries)


def is_valid_code(code: str) -> bool:
    code = (code or "").replace("<", "").upper()
    return code in _iso_codes() or code in ICAO_EXTRA_CODES


def country_name(code: str) -> str:
    code = (code or "").replace("<", "").upper()
    if code in ICAO_EXTRA_CODES:
        return ICAO_EXTRA_CODES[code]
    country = pycountry.countries.get(alpha_3=code)
    return country.name if country else code
