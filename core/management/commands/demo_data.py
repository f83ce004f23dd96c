"""Create the demo data of every app, idempotently: `python manage.py demo_data`.

Each app that has demo data provides `<app>/demo.py` with a `load(stdout)` function; they run in
INSTALLED_APPS order, so lower layers (municipalities, accounts) exist before courses and enrollment.
One line per stage says what is being made (written before the stage starts, so a slow first start shows
where it is) and ends with the stage's own summary and how long it took.
"""

import io
import logging
import time
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.core.management.base import BaseCommand, OutputWrapper
from django.db import transaction
from django.test.utils import override_settings
from django.utils.formats import number_format

# What each stage makes, for the progress line (an app without an entry shows its label).
STAGES = {
    "municipalities": "kommuner och överenskommelser",
    "accounts": "demokonton",
    "courses": "kurser, kursdagar och utbildare",
    "enrollment": "anmälningar och närvaro",
    "followup": "enkäter och svar",
    "reports": "historik och prognos",
}


class Command(BaseCommand):
    help = "Skapar demodata för Norrbotten (konton, kurser, anmälningar). Kan köras flera gånger."

    # The invitations and confirmations that demo events trigger are recorded as sent but not printed:
    # a newcomer's console should show the portal starting, not fifty demo e-mails.
    @override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend")
    def handle(self, *args, **options):
        modules = [
            (app_config, f"{app_config.name}.demo")
            for app_config in apps.get_app_configs()
            if find_spec(f"{app_config.name}.demo") is not None
        ]
        started = time.monotonic()
        # Eager Celery logs a line per task ("Task … succeeded"), and kombu warns that no broker host is
        # set (eager Celery needs none): lines that hid the progress.
        quiet = {
            logging.getLogger("celery.app.trace"): logging.WARNING,
            logging.getLogger("kombu"): logging.ERROR,
        }
        levels = {logger: logger.level for logger in quiet}
        for logger, level in quiet.items():
            logger.setLevel(level)
        try:
            for number, (app_config, module_name) in enumerate(modules, start=1):
                what = STAGES.get(app_config.label, app_config.verbose_name)
                self.stdout.write(f"Demodata {number}/{len(modules)}: {what} … ", ending="")
                self.stdout.flush()
                stage_started, summary = time.monotonic(), io.StringIO()
                with transaction.atomic():
                    import_module(module_name).load(OutputWrapper(summary))
                lines = " ".join(line.strip() for line in summary.getvalue().splitlines() if line.strip())
                self.stdout.write(f"{lines} ({_seconds(time.monotonic() - stage_started)})")
        finally:
            for logger, level in levels.items():
                logger.setLevel(level)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demodata klar på {_seconds(time.monotonic() - started)}. "
                "Alla demokonton har lösenordet 'yrkesresan'."
            )
        )


def _seconds(value):
    return f"{number_format(round(value, 1), 1)} s"
