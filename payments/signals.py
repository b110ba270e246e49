"""Signals other apps may listen to without payments importing them.

`payment_completed` is sent after the transaction commits, once per ledger row that reached a
successful end (tip or charge paid, hold captured, refund done), with `payment_id` (the row's pk)
and `kind`. It is where the payment receipt gets enqueued: integrations.notifications connects a
receiver to it.
"""

from django.dispatch import Signal

payment_completed = Signal()
