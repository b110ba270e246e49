# The payments fixtures (a hotel on Stripe, a guest's Stripe customer, Stripe's wire via `responses`),
# for the spa's card charges.
from tests.payments.conftest import customer, rsps, stripe_hotel  # noqa: F401
