"""What accounts itself holds about a person (the account, audit history, e-mail log, accessibility
reports) and how it is anonymised; registered with accounts.personal_data in AccountsConfig.ready()."""
import json

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from core.models import AccessibilityReport, SentEmail

from . import personal_data

# Account fields that identify the person; they are emptied (e-mail replaced) on anonymisation.
PERSONAL_FIELDS = ("email", "first_name", "last_name", "phone", "title")


def collect_account(person):
    return {
        "id": person.pk, "email": person.email, "first_name": person.first_name,
        "last_name": person.last_name,
        "phone": person.phone, "title": person.title,
        "municipality": str(person.municipality) if person.municipality_id else None,
        "roles": [str(role.label) for role in person.roles],
        "manager": ({"id": person.manager_id, "name": str(person.manager), "email": person.manager.email}
                    if person.manager_id else None),
        "is_active": person.is_active, "date_joined": person.date_joined, "last_login": person.last_login,
        "email_addresses": [{"email": a.email, "verified": a.verified, "primary": a.primary}
                            for a in EmailAddress.objects.filter(user=person)],
    }


def _audit_entries(person):
    about = Q(content_type=ContentType.objects.get_for_model(person), object_pk=str(person.pk))
    return (LogEntry.objects.filter(about | Q(actor=person)).select_related("content_type")
            .order_by("timestamp", "pk"))


def _changes(changes):
    # auditlog stores [old, new] per field; named keys read better in the PDF and in the JSON.
    if not isinstance(changes, dict):
        return changes
    def named(value):
        return {"from": value[0], "to": value[1]} if isinstance(value, list) and len(value) == 2 else value

    return {field: named(value) for field, value in changes.items()}


def collect_audit(person):
    return [{
        "timestamp": entry.timestamp, "object_type": str(entry.content_type), "object": entry.object_repr,
        "action": entry.get_action_display(), "changes": _changes(entry.changes),
        "by": str(entry.actor) if entry.actor_id else None,
        "this_person_made_the_change": entry.actor_id == person.pk,
    } for entry in _audit_entries(person)]


def collect_sent_emails(person):
    return [{"subject": sent.subject, "sent_at": sent.sent_at, "recipient": sent.recipient}
            for sent in SentEmail.objects.filter(recipient__iexact=person.email)]


def collect_accessibility_reports(person):
    return [{"page": report.page_url, "description": report.description, "name": report.name,
             "created_at": report.created_at}
            for report in AccessibilityReport.objects.filter(email__iexact=person.email)]


def _identifiers(person):
    """Strings that identify the person and must not survive in free text, longest first."""
    names = {person.email, person.get_full_name(), f"{person.last_name} {person.first_name}".strip()}
    return sorted((name for name in names if name and len(name) > 2), key=len, reverse=True)


def _scrub(value, identifiers, replacement):
    if isinstance(value, str):
        for identifier in identifiers:
            value = value.replace(identifier, replacement)
        return value
    if isinstance(value, list):
        return [_scrub(item, identifiers, replacement) for item in value]
    if isinstance(value, dict):
        return {key: _scrub(item, identifiers, replacement) for key, item in value.items()}
    return value


def _anonymise_own_entry_changes(changes, person, placeholder):
    # In entries about the person, a changed name field's old and new values are both theirs.
    replacements = {"email": placeholder, "first_name": "", "last_name": "", "phone": "", "title": ""}
    for field, replacement in replacements.items():
        if isinstance(changes, dict) and isinstance(changes.get(field), list):
            changes[field] = [replacement if value not in (None, "", "None") else value
                              for value in changes[field]]
    return changes


def anonymise_audit(person, placeholder):
    """Audit entries keep what happened and who did it (the now anonymous account), not who they were."""
    identifiers = _identifiers(person)
    content_type = ContentType.objects.get_for_model(person)
    text_fields = ("object_repr", "changes_text", "actor_email")
    json_fields = ("changes", "serialized_data", "additional_data")
    mentions = Q()
    for identifier in identifiers:
        mentions |= Q(object_repr__icontains=identifier) | Q(changes_text__icontains=identifier)
        # SQLite keeps JSON with non-ASCII letters escaped (Å as \u00c5); PostgreSQL's jsonb does not.
        for spelling in {identifier, json.dumps(identifier)[1:-1]}:
            for field in json_fields:
                mentions |= Q(**{f"{field}_as_text__icontains": spelling})
    entries = LogEntry.objects.annotate(
        **{f"{field}_as_text": Cast(field, TextField()) for field in json_fields})
    about = Q(content_type=content_type, object_pk=str(person.pk))
    for entry in entries.filter(about | Q(actor=person) | mentions):
        for field in text_fields + json_fields:
            setattr(entry, field, _scrub(getattr(entry, field), identifiers, placeholder))
        if entry.content_type_id == content_type.pk and entry.object_pk == str(person.pk):
            entry.changes = _anonymise_own_entry_changes(entry.changes, person, placeholder)
            entry.object_repr = placeholder
        if entry.actor_id == person.pk:
            entry.actor_email = placeholder
            entry.remote_addr = None
            entry.remote_port = None
        entry.save()
    AdminLogEntry.objects.filter(content_type=content_type, object_id=str(person.pk)) \
        .update(object_repr=placeholder)


def anonymise_sent_emails(person, placeholder):
    # The log keeps that an e-mail went out (its key stops a resend), not to whom.
    identifiers = _identifiers(person)
    for sent in SentEmail.objects.filter(recipient__iexact=person.email):
        sent.recipient = placeholder
        sent.subject = _scrub(sent.subject, identifiers, "")
        sent.save(update_fields=["recipient", "subject"])


def anonymise_accessibility_reports(person, placeholder):
    # The problem described stays (it is about the portal); who reported it goes.
    AccessibilityReport.objects.filter(email__iexact=person.email).update(email="", name="")


def anonymise_account(person, placeholder):
    """Runs last: the other anonymisers still see the old e-mail and name."""
    EmailAddress.objects.filter(user=person).delete()
    # allauth's authenticators (TOTP secret, recovery codes) are of no use to an account no one can use.
    Authenticator.objects.filter(user=person).delete()
    for session in Session.objects.all().iterator():
        if session.get_decoded().get("_auth_user_id") == str(person.pk):
            session.delete()
    person.email = placeholder
    person.first_name = person.last_name = person.phone = person.title = ""
    person.manager = None
    person.is_active = False
    person.set_unusable_password()
    # Not through auditlog: its entry would record the old name and e-mail; person_anonymise logs instead.
    with disable_auditlog():
        person.save()


def register():
    personal_data.register("account", collect_account, title=_("Konto"))
    personal_data.register("audit_log", collect_audit, anonymise_audit, title=_("Ändringshistorik"))
    personal_data.register("sent_emails", collect_sent_emails, anonymise_sent_emails, title=_("Skickad e-post"))
    personal_data.register("accessibility_reports", collect_accessibility_reports,
                           anonymise_accessibility_reports,
                           title=_("Rapporter om tillgänglighet"))
