# Data quality: phone numbers in E.164, countries and nationalities as ISO codes, e-mail trimmed and
# lower-cased; and every hotel gets its integrations record (new hotels get it on creation).
# Existing values that cannot be read are kept as they were (and show as invalid in the admin).

import phonenumbers
import stays.phones
from django.db import migrations, models


def _phone(raw, region):
    raw = (raw or "").strip()
    if not raw:
        return ""
    try:
        parsed = phonenumbers.parse(raw, None if raw.startswith("+") else (region or None))
    except phonenumbers.NumberParseException:
        return raw
    if not phonenumbers.is_valid_number(parsed):
        return raw
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def normalise(apps, schema_editor):
    Hotel = apps.get_model("stays", "Hotel")
    Guest = apps.get_model("stays", "Guest")
    HotelIntegrations = apps.get_model("integrations", "HotelIntegrations")
    for hotel in Hotel.objects.all():
        country = str(hotel.country or "").strip().upper()
        Hotel.objects.filter(pk=hotel.pk).update(
            country=country, phone=_phone(str(hotel.phone or ""), country), email=(hotel.email or "").strip().lower()
        )
        HotelIntegrations.objects.get_or_create(hotel_id=hotel.pk)
        for guest in Guest.objects.filter(hotel_id=hotel.pk).only("pk", "phone", "email").iterator():
            phone = _phone(str(guest.phone or ""), country)
            email = (guest.email or "").strip().lower()
            if phone != str(guest.phone or "") or email != guest.email:
                Guest.objects.filter(pk=guest.pk).update(phone=phone, email=email)


class Migration(migrations.Migration):

    dependencies = [
        ('integrations', '0001_initial'),
        ('stays', '0006_stay_guest_token_generation'),
    ]

    operations = [
        migrations.AddField(
            model_name='guest',
            name='nationality',
            field=models.CharField(blank=True, choices=stays.phones.country_choices, help_text='ISO 3166 country.', max_length=2),
        ),
        migrations.AlterField(
            model_name='guest',
            name='phone',
            field=models.CharField(blank=True, help_text="Stored in E.164 (+33612345678); a number without country code is read in the hotel's country.", max_length=40),
        ),
        migrations.AlterField(
            model_name='hotel',
            name='country',
            field=models.CharField(blank=True, choices=stays.phones.country_choices, help_text='ISO 3166 country; national phone numbers are read in it.', max_length=2),
        ),
        migrations.AlterField(
            model_name='hotel',
            name='phone',
            field=models.CharField(blank=True, help_text='Stored in E.164, e.g. +33170000000.', max_length=40),
        ),
        migrations.RunPython(normalise, migrations.RunPython.noop),
    ]
