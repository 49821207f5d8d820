#!/usr/bin/env bash
# Check every public page type and the editors' main admin pages with the Nu
# HTML Checker (npm package vnu-jar, run on Java 17): tests/test_html_validity.py
# renders them with the test client and fails on any error the checker reports.
set -euo pipefail
source "$(dirname "$0")/setup.sh" requirements-dev.txt
if ! command -v java >/dev/null; then
  echo "!! The Nu HTML Checker needs Java 17 (Debian: apt-get install -y openjdk-17-jre-headless)." >&2
  exit 1
fi
if [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]; then
  echo "Installing the Nu HTML Checker (npm ci) ..."
  npm ci --silent --no-audit --no-fund
fi
echo "== Nu HTML Checker"
VNU_REQUIRED=1 .venv/bin/python -m pytest -q -m html_validation -rs tests/test_html_validity.py "$@"
