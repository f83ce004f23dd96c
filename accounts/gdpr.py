"""What accounts itself holds about a person (the account, audit history, e-mail log, accessibility
reports) and how it is anonymised; registered with accounts.personal_data in AccountsConfig.ready()."""

import json
from importlib import import_module

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.admin.models import LogEntry as AdminLogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext_lazy as _

from core.models import AccessibilityReport, OutboxEmail

from . import personal_data
from .personal_data import Coded, Labelled, Ref


def collect_account(person):
    return {
        "id": person.pk,
        "email": person.email,
        "first_name": person.first_name,
        "last_name": person.last_name,
        "phone": person.phone,
        "title": person.title,
        "municipality": str(person.municipality) if person.municipality_id else None,
        "roles": [str(role.label) for role in person.roles],
        "manager": Ref(person.manager, email=person.manager.email) if person.manager_id else None,
        "is_active": person.is_active,
        "date_joined": person.date_joined,
        "last_login": person.last_login,
        "email_addresses": [
            {"email": a.email, "verified": a.verified, "primary": a.primary}
            for a in EmailAddress.objects.filter(user=person)
        ],
        # Logins through the municipality's IdP: which IdP, its id for the person, what it last sent.
        "single_sign_on": [
            {"provider": a.provider, "uid": a.uid, "last_login": a.last_login, "attributes": a.extra_data}
            for a in SocialAccount.objects.filter(user=person)
        ],
    }


def _audit_entries(person):
    about = Q(content_type=ContentType.objects.get_for_model(person), object_pk=str(person.pk))
    return (
        LogEntry.objects.filter(about | Q(actor=person))
        .select_related("content_type")
        .order_by("timestamp", "pk")
    )


# auditlog's actions, as a stable code for the JSON and in Swedish for the PDF.
ACTIONS = {
    LogEntry.Action.CREATE: ("create", _("skapad")),
    LogEntry.Action.UPDATE: ("update", _("ändrad")),
    LogEntry.Action.DELETE: ("delete", _("borttagen")),
    LogEntry.Action.ACCESS: ("access", _("visad")),
}


def _field(model, name):
    try:
        return model._meta.get_field(name) if model else None
    except FieldDoesNotExist:
        return None


def _changed_value(field, value):
    """auditlog keeps each value as text ("None", "True", "10" for a related row): back to a value,
    a related row to a Ref with its name, a choice to its label."""
    if value in (None, "None"):
        return None
    if field is None or not isinstance(value, str):
        return value
    if field.many_to_one or field.one_to_one:
        try:
            related = field.related_model._base_manager.filter(pk=value).first()
        except (ValueError, TypeError):
            related = None
        pk = int(value) if value.isdigit() else value
        return Ref(related) if related is not None else Ref(pk=pk)
    if isinstance(field, models.BooleanField):
        return {"True": True, "False": False}.get(value, value)
    if field.choices:
        label = dict(field.flatchoices).get(value)
        return Coded(value, label) if label is not None else value
    if isinstance(field, models.DateTimeField):
        return parse_datetime(value) or value
    if isinstance(field, models.DateField):
        return parse_date(value) or value
    return value


def _changes(changes, model):
    # auditlog stores [old, new] per field; named keys read better in the PDF and in the JSON. The keys
    # stay the field names (the JSON is for machines); the PDF shows each field's verbose name.
    if not isinstance(changes, dict):
        return changes
    named, labels = {}, {}
    for name, value in changes.items():
        field = _field(model, name)
        if isinstance(value, list) and len(value) == 2:
            value = {"from": _changed_value(field, value[0]), "to": _changed_value(field, value[1])}
        named[name] = value
        if field is not None and getattr(field, "verbose_name", None):
            labels[name] = field.verbose_name
    return Labelled(named, labels)


def collect_audit(person):
    entries = []
    for entry in _audit_entries(person):
        model = entry.content_type.model_class()
        code, label = ACTIONS.get(entry.action, (str(entry.action), str(entry.action)))
        entries.append(
            {
                "timestamp": entry.timestamp,
                "object_type": Coded(
                    str(entry.content_type), model._meta.verbose_name if model else entry.content_type
                ),
                "object": entry.object_repr,
                "action": Coded(code, label),
                "changes": _changes(entry.changes, model),
                "by": str(entry.actor) if entry.actor_id else None,
                "this_person_made_the_change": entry.actor_id == person.pk,
            }
        )
    return entries


def collect_sent_emails(person):
    return [
        {
            "subject": sent.subject,
            "sent_at": sent.sent_at,
            "recipient": sent.recipient,
            "status": sent.get_status_display(),
        }
        for sent in OutboxEmail.objects.filter(recipient__iexact=person.email)
    ]


def collect_accessibility_reports(person):
    return [
        {
            "page": report.page_url,
            "description": report.description,
            "name": report.name,
            "created_at": report.created_at,
        }
        for report in AccessibilityReport.objects.filter(email__iexact=person.email)
    ]


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
            changes[field] = [
                replacement if value not in (None, "", "None") else value for value in changes[field]
            ]
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
        **{f"{field}_as_text": Cast(field, TextField()) for field in json_fields}
    )
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
    AdminLogEntry.objects.filter(content_type=content_type, object_id=str(person.pk)).update(
        object_repr=placeholder
    )


def anonymise_sent_emails(person, placeholder):
    # The outbox keeps that an e-mail went out (its key stops a resend), not to whom; one not yet sent
    # is not sent to someone who has left: it is given up, its text and attachments removed.
    identifiers = _identifiers(person)
    for sent in OutboxEmail.objects.filter(recipient__iexact=person.email):
        sent.recipient = placeholder
        sent.subject = _scrub(sent.subject, identifiers, "")
        sent.body, sent.attachments = "", []
        if sent.status != OutboxEmail.Status.SENT:
            sent.status, sent.last_error = OutboxEmail.Status.FAILED, "anonymised"
        sent.save(update_fields=["recipient", "subject", "body", "attachments", "status", "last_error"])
    # E-mails to others about the person (a manager told of a request) lose the name too.
    mentions = Q()
    for identifier in identifiers:
        mentions |= Q(subject__icontains=identifier) | Q(body__icontains=identifier)
    for sent in OutboxEmail.objects.filter(mentions) if identifiers else ():
        sent.subject = _scrub(sent.subject, identifiers, "")
        sent.body = _scrub(sent.body, identifiers, "")
        sent.save(update_fields=["subject", "body"])


def anonymise_accessibility_reports(person, placeholder):
    # The problem described stays (it is about the portal); who reported it goes.
    AccessibilityReport.objects.filter(email__iexact=person.email).update(email="", name="")


def anonymise_account(person, placeholder):
    """Runs last: the other anonymisers still see the old e-mail and name."""
    EmailAddress.objects.filter(user=person).delete()
    # allauth's authenticators (TOTP secret, recovery codes) are of no use to an account no one can use.
    Authenticator.objects.filter(user=person).delete()
    # The IdP's id for the person and the attributes it sent (name, e-mail) go too: no SSO login after.
    SocialAccount.objects.filter(user=person).delete()
    # Through the session engine, not the model: sessions are cached, and a cached copy would outlive its row.
    store = import_module(settings.SESSION_ENGINE).SessionStore
    for session in Session.objects.all().iterator():
        if session.get_decoded().get("_auth_user_id") == str(person.pk):
            store(session_key=session.session_key).delete()
    person.email = placeholder
    person.first_name = person.last_name = person.phone = person.title = ""
    person.manager = None
    person.is_active = False
    person.set_unusable_password()
    # Not through auditlog: its entry would record the old name and e-mail; person_anonymise logs instead.
    with disable_auditlog():
        person.save()


EMPLOYMENT_LABELS = {
    "municipality": _("kommun"),
    "unit": _("enhet"),
    "title": _("befattning"),
    "starts_on": _("anställd från"),
    "ends_on": _("anställd till"),
    "is_move": _("flytt från annan kommun"),
}


def collect_employments(person):
    from .models import Employment

    return [
        Labelled(
            {
                "municipality": str(e.municipality),
                "unit": e.unit,
                "title": e.title,
                "starts_on": e.starts_on,
                "ends_on": e.ends_on,
                "is_move": e.is_move,
            },
            EMPLOYMENT_LABELS,
        )
        for e in Employment.objects.filter(person=person).select_related("municipality")
    ]


def anonymise_employments(person, placeholder):
    # Municipality and dates stay (new hires per municipality); unit and title may point out the person.
    from .models import Employment

    Employment.objects.filter(person=person).update(unit="", title="", created_by=None)
    Employment.objects.filter(created_by=person).update(created_by=None)


def register():
    personal_data.register(
        "employments",
        collect_employments,
        anonymise_employments,
        title=_("Anställningar"),
        purpose=_("För att veta i vilken kommun och enhet du arbetar och har arbetat."),
    )
    personal_data.register(
        "account",
        collect_account,
        title=_("Konto"),
        purpose=_(
            "För att du ska kunna logga in och anmäla dig, och för att din chef ska kunna godkänna dina anmälningar."
        ),
    )
    personal_data.register(
        "audit_log",
        collect_audit,
        anonymise_audit,
        title=_("Ändringshistorik"),
        purpose=_(
            "För att kunna visa vem som ändrade vad och när, till exempel dina roller och anmälningar."
        ),
    )
    personal_data.register(
        "sent_emails",
        collect_sent_emails,
        anonymise_sent_emails,
        title=_("Skickad e-post"),
        purpose=_("För att inte skicka samma meddelande till dig två gånger."),
    )
    personal_data.register(
        "accessibility_reports",
        collect_accessibility_reports,
        anonymise_accessibility_reports,
        title=_("Rapporter om tillgänglighet"),
        purpose=_("För att kunna åtgärda ett problem du rapporterat och svara dig."),
    )
