"""
The readers' site's addresses, reversed once per process.

A page links to the same few addresses on every request (the header's and
footer's, its topics', its reviewers'); ``reverse`` resolved each one again,
about 25 µs a time, seven to thirteen times an article page.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse


def link(name, *args):
    """``reverse(name, args=args)``, remembered per URL configuration and script prefix."""
    return _reversed(name, args, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@functools.lru_cache(maxsize=4096)
def _reversed(name, args, urlconf, script_prefix):
    return reverse(name, args=args, urlconf=urlconf)
