"""Receivers for enrollment's signals and hooks: they hand over to services and selectors (safe to run twice)."""

from . import services


def step_changed(sender, person, journey, from_step, to_step, changed_by=None, **kwargs):
    services.on_step_changed(person, journey, from_step, to_step, changed_by)


def occasion_completed(sender, occasion, participant_ids, **kwargs):
    services.on_occasion_completed(occasion, participant_ids)


def journey_surveys(request):
    """Context for the journey page's "open surveys" section; None when there is nothing to answer."""
    from .selectors import open_invitations_for
    from .tokens import token_for

    items = [(invitation, token_for(invitation.nonce)) for invitation in open_invitations_for(request.user)]
    return {"items": items} if items else None
