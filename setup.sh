#!/usr/bin/env bash
# Set up vanban on a fresh Debian machine: system packages (fonts and the renderers the
# tests use), then a virtual environment in .venv with the project installed in it.
# Safe to run again: it installs only what is missing.
set -euo pipefail
cd "$(dirname "$0")"

# fonts-liberation2, not fonts-liberation: version 1 lacks most Vietnamese letters.
# Pango (libpango-1.0-0, libpangoft2-1.0-0) is what WeasyPrint lays text out with.
# chromium and chromium-driver drive the portal's browser tests (Selenium); postgresql gives the
# server binaries (initdb, pg_ctl) the tests start a throwaway PostgreSQL server with. softhsm2 is
# the software token the digital-signature tests sign through (PKCS#11, as a USB token).
DEB_PACKAGES=(fonts-liberation2 libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 poppler-utils
              libreoffice-writer-nogui libreoffice-calc-nogui
              chromium chromium-driver postgresql softhsm2)
missing=()
for pkg in "${DEB_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]})); then
  echo "Cài gói hệ thống: ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
echo "Đã cài đặt xong: .venv/bin/vanban"
