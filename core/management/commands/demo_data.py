"""Create the demo data of every app, idempotently: `python manage.py demo_data`.

Each app that has demo data provides `<app>/demo.py` with a `load(stdout)` function; they run in
INSTALLED_APPS order, so lower layers (municipalities, accounts) exist before courses and enrollment.
"""

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings


class Command(BaseCommand):
    help = "Skapar demodata för Norrbotten (konton, kurser, anmälningar). Kan köras flera gånger."

    # The invitations and confirmations that demo events trigger are recorded as sent but not printed:
    # a newcomer's console should show the portal starting, not fifty demo e-mails.
    @override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    def handle(self, *args, **options):
        for app_config in apps.get_app_configs():
            module_name = f"{app_config.name}.demo"
            if find_spec(module_name) is None:
                continue
            with transaction.atomic():
                import_module(module_name).load(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demodata klar. Alla demokonton har lösenordet 'yrkesresan'."))
