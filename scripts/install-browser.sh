#!/usr/bin/env bash
# Install what tests/test_browser.py needs on a fresh Debian machine: the system
# Chromium, an Arabic font for readable screenshots, and Playwright's Python
# package (which drives that Chromium; Playwright's own browser is never downloaded).
# Idempotent and quiet: does nothing that is already done.
set -euo pipefail

need_apt=()
[ -x /usr/bin/chromium ] || need_apt+=(chromium)
dpkg -s fonts-hosny-amiri >/dev/null 2>&1 || need_apt+=(fonts-hosny-amiri)
if [ ${#need_apt[@]} -gt 0 ]; then
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq >/dev/null
    $SUDO apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

PYTHON="${PYTHON:-python3}"
if ! "$PYTHON" -c "import playwright.sync_api" >/dev/null 2>&1; then
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 "$PYTHON" -m pip install -q "playwright>=1.40" >/dev/null
fi
