"""The floor of the load benchmark: Django with no apps, no middleware and no database (bench only).

Served by a gunicorn of its own in the same run as the portal, it is the least CPU a Django request can
cost on this machine, so every page is reported as a ratio to it.
"""

SECRET_KEY = "bench-floor-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = []
MIDDLEWARE = []
DATABASES = {}
ROOT_URLCONF = "bench.floor_urls"
USE_TZ = True
