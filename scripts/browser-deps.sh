#!/usr/bin/env bash
# Install what the browser tests (tests/browser) need, where this machine allows it:
#   - Debian's chromium (Playwright's own browser download does not work here), and a CJK font
#     so that names in Chinese render in screenshots;
#   - axe-core from the npm registry, pinned by package-lock.json, into node_modules/.
# Playwright for Python comes with the test extras of pyproject.toml (`make` installs it).
# Where something cannot be installed, say so clearly; the browser tests then fail under CI
# (CI=true) with the same message, and are skipped, with it, elsewhere.
set -uo pipefail
cd "$(dirname "$0")/.."

status=0
is_root() { [ "$(id -u)" = 0 ]; }
apt_updated=""
apt_install() {
    if ! is_root || ! command -v apt-get >/dev/null 2>&1; then
        echo "browser-deps: cannot install $* (needs root and apt-get); install it by hand: apt-get install $*" >&2
        status=1
        return 1
    fi
    if [ -z "$apt_updated" ]; then
        apt-get update -qq || true
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
    echo "browser-deps: installing Debian's chromium"
    apt_install chromium
fi
if command -v fc-list >/dev/null 2>&1 && [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
    echo "browser-deps: installing a CJK font for screenshots"
    apt_install fonts-wqy-microhei || true
fi

if [ ! -f node_modules/axe-core/axe.min.js ]; then
    if ! command -v npm >/dev/null 2>&1; then
        echo "browser-deps: installing npm"
        apt_install npm
    fi
    if command -v npm >/dev/null 2>&1; then
        npm ci --no-audit --no-fund --loglevel=error || { echo "browser-deps: npm ci failed" >&2; status=1; }
    fi
fi
[ -f node_modules/axe-core/axe.min.js ] || { echo "browser-deps: axe-core is missing (node_modules/axe-core)" >&2; status=1; }
[ -x "$chromium" ] || { echo "browser-deps: chromium is missing at $chromium" >&2; status=1; }

if [ "$status" != 0 ]; then
    echo "browser-deps: some browser-test dependencies are missing (see above)." >&2
fi
exit 0  # the tests report what is missing: they fail under CI and skip, saying why, elsewhere
