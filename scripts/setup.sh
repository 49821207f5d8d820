#!/usr/bin/env bash
# Shared by run.sh and test.sh: a virtualenv with the pinned requirements.
# Usage: source scripts/setup.sh [requirements file]
set -euo pipefail
PROJECT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$PROJECT_DIR"
REQUIREMENTS="${1:-requirements.txt}"
PYTHON="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "Creating virtualenv in .venv ..."
  "$PYTHON" -m venv .venv
fi
stamp=".venv/.installed-$(cat requirements.txt "$REQUIREMENTS" | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  echo "Installing $REQUIREMENTS ..."
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -r "$REQUIREMENTS"
  touch "$stamp"
fi
# The learned risky-claim detector: a gitignored file built from the labelled
# sentences, rebuilt when they or scikit-learn change (`manage.py check` warns
# if it is missing or stale; scanning then uses the rules alone).
DEBUG=1 .venv/bin/python manage.py train_claims_model --if-stale
