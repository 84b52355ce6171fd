"""Signals of the funding app, for the apps on top of it (search)."""

from django.dispatch import Signal

# Sent after calls were written in bulk (an import): ``pks`` lists the calls created or
# changed, which signals of single saves did not announce.
calls_bulk_changed = Signal()
