"""Print the current one-time code of the demo project leader's authenticator (demo data only)."""

from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value, yield_hotp_counters_from_time
from django.core.management.base import BaseCommand

from accounts.demo import DEMO_TOTP_SECRET


def current_code(secret=DEMO_TOTP_SECRET):
    counters = list(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counters[len(counters) // 2]))


class Command(BaseCommand):
    help = "Skriver ut engångskoden för projektledare@demo.se (bara demodata)."

    def handle(self, *args, **options):
        self.stdout.write(current_code())
