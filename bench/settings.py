"""Settings for the load benchmark only: production settings plus a urlconf with a bare view to compare with."""

from yrkesresan.settings import *  # noqa: F401,F403

ROOT_URLCONF = "bench.urls"
