"""Changes to people: inviting someone creates the account and sends the invitation on commit."""
from allauth.account.models import EmailAddress
from django.db import transaction

from .tasks import send_invitation


@transaction.atomic
def person_invite(form, invited_by):
    """Create the invited person from a valid InviteForm; the e-mail goes out after commit."""
    user = form.save()
    # The link in the invitation can only be used by someone who reads that mailbox.
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    send_invitation.delay_on_commit(user.pk, invited_by.pk)
    return user
