"""Demo knowledge base, places and settings for the two demo hotels (run by stays' seed_demo through
the `demo_seeded` signal; idempotent: rows are found by their natural key and updated)."""

from __future__ import annotations

from .models import ConciergeSettings, KnowledgeEntry, Place

SETTINGS = {
    "PAR": {"emergency_number": "112", "front_desk_phone": "dial 9 from your room"},
    "TYO": {"emergency_number": "119 (ambulance, fire) / 110 (police)", "front_desk_phone": "dial 0 from your room"},
}

# (topic, language, title, answer, hours, keywords)
KNOWLEDGE = {
    "PAR": [
        (
            "wifi",
            "en",
            "Wi-Fi",
            "The Wi-Fi network is “MyStay-Opera” and the password is opera2026. "
            "It is free and works everywhere in the hotel.",
            "",
            "internet password network connection",
        ),
        (
            "wifi",
            "fr",
            "Wi-Fi",
            "Le réseau Wi-Fi est « MyStay-Opera », mot de passe : opera2026. "
            "Il est gratuit et fonctionne dans tout l'hôtel.",
            "",
            "internet mot de passe réseau connexion code",
        ),
        (
            "breakfast",
            "en",
            "Breakfast",
            "Breakfast is a buffet served in the Salon Garnier on the ground floor (€28, free for children under 6).",
            "07:00–10:30 (weekends until 11:00)",
            "morning buffet",
        ),
        (
            "breakfast",
            "fr",
            "Petit-déjeuner",
            "Le petit-déjeuner est servi en buffet au Salon Garnier, au "
            "rez-de-chaussée (28 €, offert aux moins de 6 ans).",
            "7 h – 10 h 30 (le week-end jusqu'à 11 h)",
            "buffet matin",
        ),
        (
            "parking",
            "en",
            "Parking",
            "We have no car park of our own; the Indigo Opéra car park (rue de Mogador, "
            "150 m) gives our guests 20 % off: €32 per 24 hours. Valet parking on request at the desk.",
            "24/7",
            "car garage valet",
        ),
        (
            "parking",
            "fr",
            "Parking",
            "L'hôtel n'a pas de parking ; le parking Indigo Opéra (rue de Mogador, "
            "150 m) offre 20 % à nos clients : 32 € les 24 heures. Voiturier sur demande à la réception.",
            "24 h/24",
            "voiture garer garage voiturier",
        ),
        (
            "checkin",
            "en",
            "Check-in and check-out times",
            "Check-in is from 15:00 and check-out until 12:00. "
            "Late check-out until 14:00 is €30, subject to availability.",
            "",
            "late checkout early checkin leave",
        ),
        (
            "checkin",
            "fr",
            "Heures d'arrivée et de départ",
            "Les chambres sont disponibles à partir de 15 h et "
            "doivent être libérées avant 12 h. Départ tardif jusqu'à 14 h : 30 €, selon disponibilité.",
            "",
            "départ tardif arrivée libérer la chambre",
        ),
        (
            "amenity",
            "en",
            "Spa and hammam",
            "Our spa in the basement has a hammam, a sauna and two treatment "
            "rooms; book massages at the desk or in the app.",
            "10:00–21:00",
            "spa massage sauna hammam",
        ),
        (
            "amenity",
            "fr",
            "Spa et hammam",
            "Notre spa au sous-sol propose hammam, sauna et deux cabines de "
            "soins ; réservez vos massages à la réception ou dans l'application.",
            "10 h – 21 h",
            "spa massage sauna",
        ),
        (
            "amenity",
            "en",
            "Fitness room",
            "The fitness room on the first floor is open to all guests with your room key.",
            "06:00–22:00",
            "gym fitness workout",
        ),
        (
            "policy",
            "en",
            "Pets",
            "Dogs and cats up to 10 kg are welcome (€20 per night); please tell us before arrival.",
            "",
            "pet dog cat animal",
        ),
        (
            "policy",
            "fr",
            "Animaux",
            "Les chiens et chats de moins de 10 kg sont les bienvenus (20 € par nuit) ; "
            "prévenez-nous avant votre arrivée.",
            "",
            "animaux chien chat",
        ),
        (
            "policy",
            "en",
            "Smoking",
            "The hotel is entirely non-smoking; smoking in a room incurs a €250 cleaning "
            "fee. You may smoke on the courtyard terrace.",
            "",
            "smoking smoke cigarette",
        ),
        (
            "faq",
            "en",
            "Extra towels and pillows",
            "Housekeeping brings extra towels, pillows and toiletries at any time: ask in this chat or dial 9.",
            "",
            "towels pillows blanket toiletries housekeeping",
        ),
        (
            "faq",
            "fr",
            "Serviettes et oreillers",
            "Le service des étages apporte serviettes, oreillers et produits "
            "d'accueil à tout moment : demandez ici ou composez le 9.",
            "",
            "serviettes oreillers couverture",
        ),
        (
            "faq",
            "en",
            "Luggage storage",
            "We keep your luggage for free on the day of arrival and departure.",
            "",
            "bags suitcase luggage store",
        ),
        (
            "transport",
            "en",
            "Airport transfers",
            "Roissy-CDG is 45 minutes by taxi (fixed fare €56) or by the "
            "Roissybus from Opéra (€16.60, every 15 minutes). We book taxis at the desk.",
            "",
            "airport taxi cdg orly roissybus transfer",
        ),
        (
            "transport",
            "fr",
            "Transferts aéroport",
            "Roissy-CDG est à 45 minutes en taxi (forfait 56 €) ou en "
            "Roissybus depuis Opéra (16,60 €, toutes les 15 minutes). La réception réserve vos taxis.",
            "",
            "aéroport taxi navette",
        ),
    ],
    "TYO": [
        (
            "wifi",
            "en",
            "Wi-Fi",
            "Connect to “MyStay-Ginza”; the password is ginza-2026. It is free in all rooms and public areas.",
            "",
            "internet password network",
        ),
        (
            "breakfast",
            "en",
            "Breakfast",
            "Japanese and Western breakfast is served at Restaurant Kaede on the 2nd floor (¥3,800).",
            "06:30–10:00",
            "morning buffet",
        ),
        (
            "parking",
            "en",
            "Parking",
            "Our underground car park has 20 spaces at ¥2,500 per night; height limit "
            "1.55 m. Ask the desk for a space.",
            "24/7",
            "car garage",
        ),
        (
            "checkin",
            "en",
            "Check-in and check-out times",
            "Check-in is from 15:00 and check-out until 11:00.",
            "",
            "late checkout early checkin",
        ),
        (
            "amenity",
            "en",
            "Public bath",
            "The rooftop public bath (sento) on the 16th floor is open to all guests; towels are provided.",
            "15:00–01:00 and 06:00–09:00",
            "onsen bath sento spa",
        ),
        (
            "policy",
            "en",
            "Smoking",
            "All rooms are non-smoking; a smoking room is on the 3rd floor.",
            "",
            "smoking smoke cigarette",
        ),
        (
            "transport",
            "en",
            "Airport access",
            "Haneda is 30 minutes by taxi (about ¥7,000) or by the Keikyu "
            "line from Higashi-Ginza; Narita 60 minutes by the Narita Express from Tokyo station.",
            "",
            "airport haneda narita taxi train",
        ),
    ],
}

# (name, category, cuisine, price range, distance m, hours, address, description)
PLACES = {
    "PAR": [
        (
            "Trattoria Da Enzo",
            "restaurant",
            "italian",
            "moderate",
            350,
            "12:00–14:30, 19:00–23:00",
            "8 rue de Provence",
            "Family-run trattoria: fresh pasta, Roman-style pizza, a good Chianti list.",
        ),
        (
            "Il Carpaccio Opéra",
            "restaurant",
            "italian",
            "upscale",
            600,
            "19:00–23:30",
            "4 rue Scribe",
            "Refined Italian cooking, truffle risotto; book ahead at weekends.",
        ),
        (
            "Bouillon Chartier",
            "restaurant",
            "french",
            "budget",
            900,
            "11:30–00:00",
            "7 rue du Faubourg-Montmartre",
            "A Belle Époque dining hall with classic French dishes at low prices; no reservations.",
        ),
        (
            "Le Grand Café Capucines",
            "restaurant",
            "french",
            "moderate",
            400,
            "24/7",
            "4 boulevard des Capucines",
            "Seafood platters and brasserie classics, open day and night.",
        ),
        (
            "Kunitoraya",
            "restaurant",
            "japanese",
            "moderate",
            700,
            "11:30–15:00, 18:30–22:00",
            "39 rue Sainte-Anne",
            "Udon noodles made in the house.",
        ),
        (
            "Harry's New York Bar",
            "bar",
            "",
            "upscale",
            500,
            "12:00–02:00",
            "5 rue Daunou",
            "The legendary bar where the Bloody Mary was born.",
        ),
        (
            "Café de la Paix",
            "cafe",
            "",
            "upscale",
            250,
            "07:00–23:30",
            "5 place de l'Opéra",
            "Historic café facing the Opera house.",
        ),
        (
            "Palais Garnier",
            "sight",
            "",
            "moderate",
            200,
            "10:00–17:00",
            "Place de l'Opéra",
            "The opera house: visit the grand staircase and the Chagall ceiling.",
        ),
        (
            "Musée de l'Orangerie",
            "museum",
            "",
            "moderate",
            1500,
            "09:00–18:00, closed Tuesdays",
            "Jardin des Tuileries",
            "Monet's Water Lilies in two oval rooms.",
        ),
        (
            "Galeries Lafayette Haussmann",
            "shopping",
            "",
            "upscale",
            300,
            "10:00–20:30",
            "40 boulevard Haussmann",
            "Department store under a glass dome; free rooftop view.",
        ),
        (
            "Pharmacie de l'Opéra",
            "pharmacy",
            "",
            "",
            150,
            "08:00–21:00",
            "6 boulevard des Capucines",
            "Large pharmacy; English spoken.",
        ),
        (
            "Jardin des Tuileries",
            "park",
            "",
            "",
            1300,
            "07:00–21:00",
            "Place de la Concorde",
            "Formal gardens between the Louvre and Concorde, good for a morning run.",
        ),
    ],
    "TYO": [
        (
            "Ginza Kyubey",
            "restaurant",
            "japanese",
            "luxury",
            400,
            "11:30–14:00, 17:00–22:00",
            "8-7-6 Ginza",
            "Celebrated sushi counter; reservations essential.",
        ),
        (
            "Tsurutontan",
            "restaurant",
            "japanese",
            "moderate",
            500,
            "11:00–23:00",
            "Ginza 5-chome",
            "Generous bowls of udon, traditional and creative.",
        ),
        (
            "Trattoria Tokyo Luna",
            "restaurant",
            "italian",
            "moderate",
            650,
            "11:30–14:30, 17:30–22:30",
            "2-3-6 Ginza",
            "Italian trattoria with wood-fired pizza.",
        ),
        (
            "Bar High Five",
            "bar",
            "",
            "upscale",
            600,
            "17:00–01:00, closed Sundays",
            "4th floor, 5-4-15 Ginza",
            "Famous cocktail bar without a menu: tell the bartender what you like.",
        ),
        (
            "Kabuki-za Theatre",
            "sight",
            "",
            "moderate",
            700,
            "10:00–21:00",
            "4-12-15 Ginza",
            "Kabuki performances; single-act tickets on the day.",
        ),
        (
            "Ginza Six",
            "shopping",
            "",
            "upscale",
            350,
            "10:30–20:30",
            "6-10-1 Ginza",
            "Shopping centre with a rooftop garden.",
        ),
        (
            "Hama-rikyu Gardens",
            "park",
            "",
            "",
            1400,
            "09:00–17:00",
            "1-1 Hamarikyu-teien",
            "Tidal garden with a teahouse on the pond.",
        ),
        ("Ginza Pharmacy", "pharmacy", "", "", 200, "09:00–21:00", "5-1 Ginza", "Pharmacy; some English spoken."),
    ],
}


def seed_concierge_demo(sender=None, *, hotels: dict, **kwargs) -> None:
    for code, hotel in hotels.items():
        ConciergeSettings.objects.update_or_create(hotel=hotel, defaults=SETTINGS.get(code, {}))
        for topic, language, title, answer, hours, keywords in KNOWLEDGE.get(code, []):
            entry = KnowledgeEntry.objects.filter(hotel=hotel, language=language, title=title).first()
            entry = entry or KnowledgeEntry(hotel=hotel, language=language, title=title)
            entry.topic, entry.answer, entry.hours, entry.keywords, entry.is_active = (
                topic,
                answer,
                hours,
                keywords,
                True,
            )
            entry.save()
        for name, category, cuisine, price, distance, hours, address, description in PLACES.get(code, []):
            Place.objects.update_or_create(
                hotel=hotel,
                name=name,
                defaults={
                    "category": category,
                    "cuisine": cuisine,
                    "price_range": price,
                    "distance_m": distance,
                    "hours": hours,
                    "address": address,
                    "description": description,
                    "is_active": True,
                },
            )
