#!/usr/bin/env bash
# The system packages `make test` needs, installed when missing (as root) or named in one command to run.
#
# - chromium: the browser tests drive Debian's headless Chromium (tests/e2e/conftest.py).
# - gettext (msgfmt): compilemessages builds the Georgian translations.
# - a system font (fonts-liberation, which chromium recommends): Chromium needs at least one font to
#   lay out pages. The PDFs embed the Noto fonts bundled in platform/municipal_platform/static/fonts,
#   so the PDF checks need no system font.
# - python3.11-venv: only when .venv does not exist yet (Debian's python3.11 cannot make one without it).
# Called by `make test` and therefore by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python3.11}"
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
if ! command -v fc-list >/dev/null 2>&1 || [ -z "$(fc-list 2>/dev/null | head -n 1)" ]; then
  missing+=(fontconfig fonts-liberation)
fi
if [ ! -x .venv/bin/python ] && ! "$PYTHON" -c "import ensurepip" >/dev/null 2>&1; then
  missing+=("${PYTHON}-venv")
fi

[ ${#missing[@]} -eq 0 ] && exit 0

command="apt-get update && apt-get install -y ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "make test needs system packages that are missing: ${missing[*]}" >&2
  echo "Run this once, then make test again:" >&2
  echo "  sudo sh -c '$command'" >&2
  exit 1
fi
echo "Installing the system packages the tests need: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
echo "Installed: ${missing[*]}"
