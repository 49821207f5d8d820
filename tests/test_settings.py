"""Settings come from the environment and refuse to run insecurely."""

import os
import subprocess
import sys
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
PRINT_SETTINGS = (
    "import django; django.setup(); from django.conf import settings; "
    "print(settings.DEBUG, settings.DATABASES['default']['ENGINE'], settings.ALLOWED_HOSTS)"
)


def run_settings(**env):
    clean = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL", "ALLOWED_HOSTS"}}
    clean.update(env, DJANGO_SETTINGS_MODULE="cms.settings")
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS], cwd=PROJECT_DIR, env=clean, capture_output=True, text=True
    )


def test_refuses_to_start_without_secret_key_when_debug_is_off():
    result = run_settings()

    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_production_settings_read_the_environment():
    result = run_settings(
        SECRET_KEY="from-the-environment",
        DATABASE_URL="postgres://postgres@127.0.0.1:5432/vetted",
        ALLOWED_HOSTS="vetted.example.org,www.vetted.example.org",
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split(" ", 2) == [
        "False",
        "django.db.backends.postgresql",
        "['vetted.example.org', 'www.vetted.example.org']\n",
    ]


def test_development_defaults_to_sqlite_in_the_project_folder():
    result = run_settings(DEBUG="1")

    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("True django.db.backends.sqlite3")


def test_postgresql_can_use_the_connection_pool_instead_of_persistent_connections():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "db = settings.DATABASES['default']; print(db['CONN_MAX_AGE'], db['OPTIONS'].get('pool'))"
    )
    clean = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL"}}
    base = dict(clean, DJANGO_SETTINGS_MODULE="cms.settings", SECRET_KEY="x",
                DATABASE_URL="postgres://postgres@127.0.0.1:5432/vetted")

    persistent = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_DIR, env=base, capture_output=True, text=True)
    pooled = subprocess.run([sys.executable, "-c", code], cwd=PROJECT_DIR, env=dict(base, DB_POOL="1"),
                            capture_output=True, text=True)

    assert persistent.stdout.split() == ["60", "None"], persistent.stderr
    assert pooled.stdout.startswith("0 {'min_size'"), pooled.stderr
