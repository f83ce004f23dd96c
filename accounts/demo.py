"""Demo accounts, one per role (password `yrkesresan`), as listed in the README."""

import functools

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth.hashers import make_password

from municipalities.loading import load_norrbotten_now
from municipalities.models import Municipality

from .models import User

DEMO_PASSWORD = "yrkesresan"
# The demo project leader's authenticator secret (demo only!): add it to an authenticator app, or
# print the current code with `python manage.py demo_totp_code`.
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"

# email: (first name, last name, kommunkod, roles, manager's email)
DEMO_PEOPLE = {
    "projektledare@demo.se": ("Eva", "Lindqvist", "2580", ["project_leader"], None),
    "chef.lulea@demo.se": ("Lars", "Nilsson", "2580", ["manager"], None),
    "chef.pitea@demo.se": ("Maria", "Berg", "2581", ["manager"], None),
    "socsek.lulea@demo.se": ("Sara", "Johansson", "2580", ["social_worker"], "chef.lulea@demo.se"),
    "socsek.pitea@demo.se": ("Ahmed", "Karimi", "2581", ["social_worker"], "chef.pitea@demo.se"),
    "kursledare@demo.se": ("Johan", "Lundberg", "2584", ["course_leader"], None),
    "styrgrupp@demo.se": ("Karin", "Öberg", "2582", ["steering_group"], None),
    "mentor.lulea@demo.se": ("Elin", "Sandström", "2580", ["mentor"], "chef.lulea@demo.se"),
    "forste.lulea@demo.se": ("Peter", "Holm", "2580", ["first_social_worker"], "chef.lulea@demo.se"),
}


# Names for the many demo people beyond the accounts above: common first names and surnames of the county.
FIRST_NAMES = [
    "Anna", "Erik", "Lena", "Mikael", "Sofia", "Jonas", "Elin", "Oskar", "Ida", "Nils",
    "Malin", "Per", "Emma", "Anders", "Hanna", "Fredrik", "Linnea", "Mattias", "Johanna", "Niklas",
    "Amira", "Daniel", "Sanna", "Tomas", "Aino",
]  # fmt: skip
LAST_NAMES = [
    "Lindberg", "Marklund", "Nordin", "Öhman", "Lundmark", "Sundqvist", "Burman", "Isaksson",
    "Lindbäck", "Forsberg", "Nyström", "Wikström", "Granström", "Hedman", "Lundström", "Sandberg",
    "Engström", "Lantto", "Niemi", "Björk", "Åström", "Lindgren", "Holmgren",
]  # fmt: skip


def demo_name(number):
    """A realistic Swedish (first name, surname) for the demo person with this number; the same each run."""
    return FIRST_NAMES[number % len(FIRST_NAMES)], LAST_NAMES[(number * 7 + number // 23) % len(LAST_NAMES)]


def ensure_person(email, first_name, last_name, municipality, roles, manager=None, password=DEMO_PASSWORD):
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "first_name": first_name,
            "last_name": last_name,
            "municipality": municipality,
        },
    )
    if created:
        user.password = _password_hash(password)  # one PBKDF2 run for every demo account, not one each
    for role in roles:
        setattr(user, f"is_{role}", True)
    user.manager = manager or user.manager
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


@functools.cache
def _password_hash(password):
    """Hashing takes about half a second of CPU by design; demo accounts share one hash of one password."""
    return make_password(password)


def ensure_totp(user, secret=DEMO_TOTP_SECRET):
    from .mfa import has_mfa

    if not has_mfa(user):
        TOTP.activate(user, secret)


def load(stdout):
    load_norrbotten_now()
    by_code = {m.code: m for m in Municipality.objects.all()}
    people = {}
    for email, (first, last, code, roles, manager_email) in DEMO_PEOPLE.items():
        people[email] = ensure_person(email, first, last, by_code[code], roles, people.get(manager_email))
    # The project leader also administers the Django admin, and must use a second factor.
    User.objects.filter(email="projektledare@demo.se").update(is_staff=True, is_superuser=True)
    ensure_totp(people["projektledare@demo.se"])
    stdout.write(f"Demokonton: {', '.join(DEMO_PEOPLE)}")
