"""
Run the site as in production for the Varnish tests: gunicorn serving the test
database, and varnishd with ``deploy/varnish/default.vcl`` in front of it, both
on free loopback ports, started and stopped by process id.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VCL = ROOT / "deploy" / "varnish" / "default.vcl"
VARNISHD = shutil.which("varnishd") or ("/usr/sbin/varnishd" if Path("/usr/sbin/varnishd").exists() else None)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(settings_dict):
    if settings_dict["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{settings_dict['NAME']}"
    user = settings_dict.get("USER") or "postgres"
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{settings_dict['NAME']}"


def vcl_for_backend(port):
    """The project's VCL with its first backend pointed at ``127.0.0.1:port``."""
    text = VCL.read_text()
    backend = re.search(r"backend \w+ \{.*?\n\}", text, re.S)
    block = re.sub(r'\.host = "[^"]*";', '.host = "127.0.0.1";', backend.group(0))
    block = re.sub(r'\.port = "[^"]*";', f'.port = "{port}";', block)
    return text[: backend.start()] + block + text[backend.end():]


def get(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


def wait_for(url, process, what):
    for _ in range(150):
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with status {process.returncode}")
        try:
            get(url)
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not answer at {url}")


def stop(process):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class Site:
    """gunicorn behind Varnish; ``url`` is Varnish's address, ``app_url`` gunicorn's."""

    def __init__(self, settings_dict):
        self.workdir = Path(tempfile.mkdtemp(prefix="vetted-varnish-"))
        os.chmod(self.workdir, 0o755)
        self.app_port, self.port, self.admin_port = free_port(), free_port(), free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.app_url = f"http://127.0.0.1:{self.app_port}"
        env = dict(
            os.environ,
            DJANGO_SETTINGS_MODULE="cms.settings_test",
            DATABASE_URL=database_url(settings_dict),
            ALLOWED_HOSTS="127.0.0.1,localhost",
            SECURE_COOKIES="0",
        )
        env.pop("CACHE_PURGE_URLS", None)
        self.app = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
             "--workers", "1", "--bind", f"127.0.0.1:{self.app_port}", "cms.wsgi"],
            cwd=ROOT, env=env, start_new_session=True,
        )
        vcl = self.workdir / "default.vcl"
        vcl.write_text(vcl_for_backend(self.app_port))
        os.chmod(vcl, 0o644)
        self.varnish = subprocess.Popen(
            [VARNISHD, "-F", "-n", str(self.workdir / "state"), "-f", str(vcl),
             "-a", f"127.0.0.1:{self.port}", "-T", f"127.0.0.1:{self.admin_port}", "-s", "malloc,32m"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )
        try:
            wait_for(self.app_url + "/robots.txt", self.app, "gunicorn")
            wait_for(self.url + "/robots.txt", self.varnish, "varnishd")
        except Exception:
            self.close()
            raise

    def get(self, path, **headers):
        return get(self.url + path, **headers)

    def close(self):
        stop(self.varnish)
        stop(self.app)
        shutil.rmtree(self.workdir, ignore_errors=True)
