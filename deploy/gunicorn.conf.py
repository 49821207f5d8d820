"""
gunicorn configuration for Vetted: ``gunicorn -c deploy/gunicorn.conf.py cms.wsgi``.

Every value can be overridden from the environment (``GUNICORN_WORKERS`` ...)
or on the command line (``--workers 4``). Sync workers suit Vetted: a page is
either one cache read or a short render, and the database pool is per worker.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"
# Load the application once in the master, so workers fork with it warm and share its memory pages.
preload_app = True
# Recycle workers now and then so a slow leak cannot grow without bound; jitter avoids all restarting at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# The proxy in front (Varnish, a load balancer) terminates TLS and sets X-Forwarded-Proto.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "warning")
