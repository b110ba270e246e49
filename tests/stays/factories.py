import datetime as dt

import factory

from stays.models import Guest, Hotel, Room, StaffRole, Stay, User


class HotelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Hotel
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"H{n:03d}")
    name = factory.LazyAttribute(lambda o: f"Hotel {o.code}")
    timezone = "Europe/Paris"
    currency = "EUR"
    languages = ["en", "fr"]


class RoomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Room

    hotel = factory.SubFactory(HotelFactory)
    number = factory.Sequence(lambda n: f"{100 + n}")
    room_type = "Deluxe King"


class GuestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guest

    hotel = factory.SubFactory(HotelFactory)
    first_name = "Hélène"
    last_name = "Dupré"
    email = factory.Sequence(lambda n: f"guest{n}@example.com")


class StayFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stay

    hotel = factory.SubFactory(HotelFactory)
    guest = factory.SubFactory(GuestFactory, hotel=factory.SelfAttribute("..hotel"))
    confirmation_number = factory.Sequence(lambda n: f"CONF{n:05d}")
    pms_reservation_id = factory.Sequence(lambda n: f"RES{n:06d}")
    # the hotel's own today, not the server's: after 23:00 UTC a Paris hotel is already on the next day
    arrival = factory.LazyAttribute(lambda o: o.hotel.local_today())
    departure = factory.LazyAttribute(lambda o: o.arrival + dt.timedelta(days=2))
    room_type = "Deluxe King"


class StaffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"staff{n}@hotel.test")
    username = factory.SelfAttribute("email")
    hotel = factory.SubFactory(HotelFactory)
    role = StaffRole.FRONT_DESK
    is_staff = True
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()
