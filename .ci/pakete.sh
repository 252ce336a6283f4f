#!/usr/bin/env bash
# Debian packages DigiCheck needs: WeasyPrint (Pango, HarfBuzz subsetting), a fallback font, and
# poppler-utils (pdftotext, pdftoppm) for the report tests and for looking at rendered pages, and chromium
# (headless) for the test that the HTML reports are styled in a browser (tests/test_html_browser.py), and
# postgresql (initdb/pg_ctl) for the archive tests against a real server that the test suite starts itself (tests/pg_server.py),
# and libreoffice-calc-nogui (soffice --headless) to open every generated workbook in a real spreadsheet program (tests/office.py).
# Installs only what is missing; needs root (as on the project's machines) or does nothing.
set -euo pipefail
pakete=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core poppler-utils chromium postgresql libreoffice-calc-nogui)
fehlend=()
for p in "${pakete[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || fehlend+=("$p")
done
[ ${#fehlend[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Hinweis: folgende Debian-Pakete fehlen und brauchen root: ${fehlend[*]}" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${fehlend[@]}" >/dev/null
