#!/usr/bin/env bash
# Headless Chromium for the browser tests (tests/e2e), from Debian's packages.
# Idempotent: does nothing when everything is already there. Never downloads a
# browser build of its own (no `playwright install`): playwright drives this one.
set -euo pipefail

need_apt=0
command -v /usr/bin/chromium >/dev/null 2>&1 || need_apt=1
command -v chromedriver >/dev/null 2>&1 || need_apt=1
# CJK glyphs, or the Chinese page renders as boxes in the screenshots.
fc-list 2>/dev/null | grep -qi "noto.*cjk" || need_apt=1

if [ "$need_apt" = 1 ]; then
    SUDO=""
    [ "$(id -u)" = 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver fonts-noto-cjk
fi

python -c "import playwright" 2>/dev/null || python -m pip install -q "playwright>=1.45"
/usr/bin/chromium --version
