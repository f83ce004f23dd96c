"""People: e-mail is the login; each belongs to one municipality and may hold several roles."""

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import scope
from .roles import Role, role_field


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("E-postadress krävs")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create_user(email, password, **extra)

    def with_role(self, role):
        return self.filter(**{role_field(role): True}, is_active=True)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(
        _("e-postadress"),
        unique=True,
        error_messages={"unique": _("Det finns redan en person med den e-postadressen.")},
    )
    first_name = models.CharField(_("förnamn"), max_length=80, blank=True)
    last_name = models.CharField(_("efternamn"), max_length=80, blank=True)
    phone = models.CharField(_("telefon"), max_length=40, blank=True)
    title = models.CharField(_("befattning"), max_length=120, blank=True)
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("kommun"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
    )
    # The manager named at the last sign-up; approval requests go to them.
    manager = models.ForeignKey(
        "self",
        verbose_name=_("närmaste chef"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
    )
    is_project_leader = models.BooleanField(Role.PROJECT_LEADER.label, default=False)
    is_manager = models.BooleanField(Role.MANAGER.label, default=False)
    is_social_worker = models.BooleanField(Role.SOCIAL_WORKER.label, default=False)
    is_course_leader = models.BooleanField(Role.COURSE_LEADER.label, default=False)
    is_steering_group = models.BooleanField(Role.STEERING_GROUP.label, default=False)
    is_mentor = models.BooleanField(Role.MENTOR.label, default=False)
    is_first_social_worker = models.BooleanField(Role.FIRST_SOCIAL_WORKER.label, default=False)
    is_staff = models.BooleanField(_("personal i administrationen"), default=False)
    is_active = models.BooleanField(_("aktiv"), default=True)
    date_joined = models.DateTimeField(_("skapad"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("personer")
        ordering = ["last_name", "first_name", "email"]
        constraints = [models.UniqueConstraint(Lower("email"), name="user_email_ci_unique")]

    def __str__(self):
        return self.get_full_name() or self.email

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name or self.email

    def has_role(self, role):
        return self.is_active and getattr(self, role_field(role))

    def reaches(self, purpose):
        """How far this person reaches for `purpose` (core.scope), as the scope policy says."""
        return scope.reaches(self, purpose)

    @property
    def roles(self):
        """The roles this person holds, in the order of Role."""
        return [role for role in Role if getattr(self, role_field(role))]


class Employment(models.Model):
    """One employment of a person: where, in which unit, as what, from when to when.

    The open employment (no end date) is the current one; `User.municipality` is its denormalised copy,
    written only by accounts.services (employment_start, employment_end, person_move), so the scope
    policy that reads `user.municipality` keeps working unchanged.
    """

    person = models.ForeignKey(User, on_delete=models.CASCADE, related_name="employments")
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        verbose_name=_("kommun"),
        on_delete=models.PROTECT,
        related_name="employments",
    )
    unit = models.CharField(_("enhet"), max_length=120, blank=True)
    title = models.CharField(_("befattning"), max_length=120, blank=True)
    starts_on = models.DateField(_("anställd från"))
    ends_on = models.DateField(_("anställd till"), null=True, blank=True)
    # A move continues the employment chain (the introduction's deadlines keep counting from the hire).
    is_move = models.BooleanField(_("flytt från annan kommun"), default=False)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("registrerad av"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("anställning")
        verbose_name_plural = _("anställningar")
        ordering = ["person", "starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True) | models.Q(ends_on__gte=models.F("starts_on")),
                name="employment_ends_after_start",
            ),
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(ends_on__isnull=True),
                name="one_open_employment_per_person",
            ),
        ]

    def __str__(self):
        return f"{self.person} – {self.municipality} ({self.starts_on}–{self.ends_on or ''})"

    @property
    def is_current(self):
        return self.ends_on is None


class IdentityProvider(models.Model):
    """A municipality's single sign-on: the allauth SocialApp (SAML or OIDC) that logs its staff in.

    Everything allauth reads lives in `app.settings` (but the SP's private key, kept here sealed and
    added in memory by accounts.sso.attach_sp_key); this row says whose IdP it is (login decides the
    municipality from it, never from the typed e-mail) and remembers the IdP certificate's expiry and
    whether the project leader was warned about it.
    """

    class Protocol(models.TextChoices):
        SAML = "saml", _("SAML 2.0")
        OIDC = "oidc", _("OpenID Connect")

    municipality = models.OneToOneField(
        "municipalities.Municipality",
        verbose_name=_("kommun"),
        on_delete=models.CASCADE,
        related_name="identity_provider",
    )
    app = models.OneToOneField(
        "socialaccount.SocialApp", on_delete=models.CASCADE, related_name="identity_provider"
    )
    protocol = models.CharField(_("protokoll"), max_length=10, choices=Protocol.choices)
    enabled = models.BooleanField(_("på"), default=True)
    certificate_expires = models.DateField(_("IdP-certifikatet går ut"), null=True, blank=True)
    # The expiry date the project leader was last warned about: one warning per certificate.
    certificate_warned_for = models.DateField(null=True, blank=True, editable=False)
    # The portal's own SAML key pair for this municipality (it signs the login and logout requests):
    # the certificate is public (SP metadata, the project leader's page); the private key is sealed
    # (core.sealing) and kept out of SocialApp.settings, which the Django admin shows.
    sp_certificate = models.TextField(_("SP-certifikat"), blank=True, default="")
    sp_private_key_sealed = models.TextField(blank=True, default="", editable=False)
    updated_at = models.DateTimeField(_("ändrad"), auto_now=True)

    class Meta:
        verbose_name = _("inloggning via kommunen (SSO)")
        verbose_name_plural = _("inloggningar via kommunen (SSO)")

    def __str__(self):
        return f"{self.municipality} ({self.get_protocol_display()})"
