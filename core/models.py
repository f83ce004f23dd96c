"""Cross-cutting records that every app may use: the outbox of e-mails (core.outbox), reports about
accessibility, used form tokens."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboxEmailQuerySet(models.QuerySet):
    def sent(self):
        return self.filter(status=OutboxEmail.Status.SENT)

    def pending(self):
        return self.filter(status=OutboxEmail.Status.PENDING)

    def failed(self):
        return self.filter(status=OutboxEmail.Status.FAILED)


class OutboxEmail(models.Model):
    """One e-mail the portal owes someone: written in the same transaction as the change it reports,
    delivered by core.outbox.deliver. The unique key names the event, so composing it again adds nothing.

    The body and attachments are kept only until the e-mail is sent (or given up); the row then keeps
    who got what and when, as the e-mail log always did.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Väntar")
        SENDING = "sending", _("Skickas")
        SENT = "sent", _("Skickat")
        FAILED = "failed", _("Misslyckades")

    key = models.CharField(_("nyckel"), max_length=200, unique=True)
    recipient = models.EmailField(_("mottagare"))
    subject = models.CharField(_("ämne"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    # [{"filename": …, "mimetype": …, "content": base64}], e.g. the calendar file of a booking
    attachments = models.JSONField(_("bilagor"), default=list, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("försök"), default=0)
    not_before = models.DateTimeField(_("nästa försök"), default=timezone.now)
    claimed_at = models.DateTimeField(_("påbörjat"), null=True, blank=True)
    sent_at = models.DateTimeField(_("skickat"), null=True, blank=True)
    created_at = models.DateTimeField(_("skapat"), default=timezone.now)
    last_error = models.TextField(_("orsak"), blank=True)

    objects = OutboxEmailQuerySet.as_manager()

    class Meta:
        verbose_name = _("e-postmeddelande")
        verbose_name_plural = _("e-postmeddelanden")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "not_before"], name="outbox_due")]

    def __str__(self):
        return f"{self.key} → {self.recipient}"


class AccessibilityReport(models.Model):
    """A problem with the portal's accessibility reported by anyone, as the law (DOS-lagen) asks."""

    page_url = models.CharField(_("sida"), max_length=500, blank=True)
    description = models.TextField(_("beskrivning av problemet"), max_length=5000)
    name = models.CharField(_("namn"), max_length=120, blank=True)
    email = models.EmailField(_("e-postadress"), blank=True)
    created_at = models.DateTimeField(_("inkommet"), auto_now_add=True)

    class Meta:
        verbose_name = _("rapport om tillgänglighet")
        verbose_name_plural = _("rapporter om tillgänglighet")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d} {self.page_url}"


class UsedFormToken(models.Model):
    """A create form's one-time token that was used, and where its result is (core.once)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64)
    url = models.CharField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "token"], name="one_use_per_form_token")]

    def __str__(self):
        return f"{self.token[:8]}… → {self.url}"


class NotificationTemplate(models.Model):
    """The project leader's own text for one kind of notification (core.mailtemplates); a language left
    empty uses the shipped text, and deleting the row restores the shipped texts."""

    kind = models.CharField(_("slag av e-post"), max_length=200, unique=True)
    subject_sv = models.CharField(_("ämne (svenska)"), max_length=255, blank=True)
    body_sv = models.TextField(_("text (svenska)"), blank=True)
    subject_en = models.CharField(_("ämne (engelska)"), max_length=255, blank=True)
    body_en = models.TextField(_("text (engelska)"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("e-postmall")
        verbose_name_plural = _("e-postmallar")
        ordering = ["kind"]

    def __str__(self):
        return self.kind

    def texts(self, language):
        """(subject, body) written for this language, or None when the shipped text is used."""
        english = (language or "").startswith("en")
        subject, body = (self.subject_en, self.body_en) if english else (self.subject_sv, self.body_sv)
        return (subject, body) if subject.strip() and body.strip() else None
