"""Changes to people: inviting someone creates the account and sends the invitation on commit;
anonymising someone who has left removes who they were but keeps what they did for the statistics."""

from allauth.account.models import EmailAddress
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction

from . import gdpr, personal_data
from .models import User
from .roles import role_field
from .tasks import send_invitation


@transaction.atomic
def person_invite(*, email, first_name, last_name, municipality, title, roles, invited_by):
    """Create an invited person with `roles` (Role members) and no password yet; the e-mail with the
    link to set one goes out after commit."""
    user = User(
        email=email, first_name=first_name, last_name=last_name, municipality=municipality, title=title
    )
    for role in roles:
        setattr(user, role_field(role), True)
    user.set_unusable_password()
    user.save()
    # The link in the invitation can only be used by someone who reads that mailbox.
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    send_invitation.delay_on_commit(user.pk, invited_by.pk)
    return user


def is_anonymised(person):
    return person.email == personal_data.placeholder_email(person)


@transaction.atomic
def person_anonymise(person, by):
    """Anonymise a person who has left, in every app, in one transaction. Returns False (and does
    nothing) when the person already was anonymised, so running it twice is harmless."""
    person = User.objects.select_for_update().get(pk=person.pk)
    if is_anonymised(person):
        return False
    placeholder = personal_data.placeholder_email(person)
    for anonymiser in personal_data.anonymisers():
        anonymiser(person, placeholder)
    gdpr.anonymise_account(person, placeholder)
    # Written after the scrub, so it names only the placeholder.
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(User),
        object_pk=str(person.pk),
        object_id=person.pk,
        object_repr=placeholder,
        action=LogEntry.Action.UPDATE,
        actor=by,
        changes={"avidentifierad": ["nej", "ja"]},
    )
    return True
