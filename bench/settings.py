"""Production settings (``cms.settings``, DEBUG off) plus a hello-world view to compare pages with."""

from cms.settings import *  # noqa: F401,F403

ROOT_URLCONF = "bench.urls"
