"""
The readers' site's addresses, reversed once per process.

A page links to the same few addresses on every request (the header's and
footer's, its topics', its reviewers'); ``reverse`` resolved each one again,
about 25 µs a time, seven to thirteen times an article page. Static files'
addresses (``asset``) come from the storage's manifest, which is fixed for the
life of a process; looking one up cost about as much.
"""

import functools

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.templatetags.static import static
from django.urls import get_script_prefix, get_urlconf, reverse


def link(name, *args):
    """``reverse(name, args=args)``, remembered per URL configuration and script prefix."""
    return _reversed(name, args, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


@functools.lru_cache(maxsize=4096)
def _reversed(name, args, urlconf, script_prefix):
    return reverse(name, args=args, urlconf=urlconf)


@functools.lru_cache(maxsize=256)
def asset(path):
    """``static(path)``: the address of a static file, with its hashed name in production."""
    return static(path)


#: Bumped when settings that shape addresses change (in tests): what was worked out from them is stale.
_settings_generation = 0


def settings_generation():
    return _settings_generation


@receiver(setting_changed)
def _forget_assets(*, setting, **kwargs):
    global _settings_generation
    if setting in {"STATIC_URL", "STORAGES", "STATIC_ROOT", "DEBUG", "ROOT_URLCONF"}:
        asset.cache_clear()
        _settings_generation += 1
