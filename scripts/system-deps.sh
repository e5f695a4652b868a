#!/usr/bin/env bash
# Make sure the Debian packages the test suite and PDF output need are present:
#   chromium             browser tests (Playwright drives /usr/bin/chromium)
#   fonts-wqy-microhei   a CJK font, so WeasyPrint PDFs show Chinese instead of boxes
#   fonts-hanazono       HanaMinA/HanaMinB: the rare characters of names (CJK Extension B and beyond, 王𠮷, 陈𡒄)
#                        that WenQuanYi lacks; the fallback of the font stack in ningbo_sws/lib/pdf.py
#   libharfbuzz-subset0  font subsetting: makes Chinese PDFs ~6x faster
#   poppler-utils        pdffonts/pdftotext, used by tests to inspect PDFs
#   gettext              msgfmt, for makemessages/compilemessages
#
# As root, installs what is missing with apt-get (nothing is done when all are present).
# Otherwise prints what to install. With --require, exits 1 when something is missing and cannot be installed
# (CI); without it, only warns (a developer may run a subset of tests).
set -euo pipefail

require=0
[[ "${1:-}" == "--require" ]] && require=1

PACKAGES=(chromium fonts-wqy-microhei fonts-hanazono libharfbuzz-subset0 poppler-utils gettext)

is_installed() {
    local pkg=$1
    if command -v dpkg-query >/dev/null 2>&1; then
        dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed"
        return
    fi
    # Not Debian: look for what each package provides.
    case "$pkg" in
        chromium) command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 ;;
        poppler-utils) command -v pdffonts >/dev/null 2>&1 ;;
        gettext) command -v msgfmt >/dev/null 2>&1 ;;
        fonts-wqy-microhei) command -v fc-list >/dev/null 2>&1 && fc-list | grep -qi "wenquanyi\|wqy" ;;
        fonts-hanazono) command -v fc-list >/dev/null 2>&1 && fc-list | grep -q "HanaMinB" ;;
        libharfbuzz-subset0) ldconfig -p 2>/dev/null | grep -q "libharfbuzz-subset" ;;
        *) return 1 ;;
    esac
}

missing=()
for pkg in "${PACKAGES[@]}"; do
    is_installed "$pkg" || missing+=("$pkg")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

if [[ "$(id -u)" -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
    echo "system-deps: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${missing[@]}" >/dev/null
    exit 0
fi

cat >&2 <<EOF
system-deps: missing system packages: ${missing[*]}
  On Debian/Ubuntu, install them with:
    sudo apt-get update && sudo apt-get install -y ${PACKAGES[*]}
  Without them, browser tests (chromium), PDF font checks (poppler-utils, a CJK font) or
  message compilation (gettext) fail.
EOF
exit "$require"
