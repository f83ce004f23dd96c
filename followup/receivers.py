"""Receivers for enrollment's signals: they only hand over to the services (which are safe to run twice)."""
from . import services


def step_changed(sender, person, journey, from_step, to_step, changed_by=None, **kwargs):
    services.on_step_changed(person, journey, from_step, to_step, changed_by)


def occasion_completed(sender, occasion, participant_ids, **kwargs):
    services.on_occasion_completed(occasion, participant_ids)
