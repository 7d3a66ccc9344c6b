#!/usr/bin/env bash
# Install everything the tests need (the package with its test extras, Debian's
# chromium for the browser test) and run the whole test suite.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m pip install --quiet --disable-pip-version-check -e '.[test]'
if [ -f scripts/install-browser.sh ]; then
  bash scripts/install-browser.sh
fi
status=0
python3 -m pytest -q "$@" || status=$?
if [ "$status" -eq 5 ]; then
  echo "pytest collected no tests" >&2
  exit 1
fi
exit "$status"
