#!/usr/bin/env bash
# Prove that a machine which never saw this repository can install crampcare (issue 18):
#  1. requirements.lock resolves from the registry alone, in a throwaway virtual environment with no cache;
#  2. the wheel carries its data, templates and static files: installed in a clean venv it runs
#     `crampcare first-aid calf` and `crampcare kb validate` from a folder outside the source tree.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

echo "check-install: the locked install resolves from the registry (dry run, no cache)"
"$PY" -m venv "$tmp/resolve"
PIP_NO_CACHE_DIR=1 "$tmp/resolve/bin/pip" install -q --dry-run --ignore-installed -c requirements.lock -e '.[dev]'

echo "check-install: the wheel installs in a clean venv and runs"
"$PY" -m venv "$tmp/wheel-venv"
"$tmp/wheel-venv/bin/pip" wheel -q --no-deps -w "$tmp/dist" .
"$tmp/wheel-venv/bin/pip" install -q -c requirements.lock "$tmp"/dist/crampcare-*.whl
(
  cd "$tmp"
  "$tmp/wheel-venv/bin/crampcare" --version
  "$tmp/wheel-venv/bin/crampcare" first-aid calf >/dev/null
  "$tmp/wheel-venv/bin/crampcare" kb validate
  # the web app's templates and static files ship too
  "$tmp/wheel-venv/bin/python" - <<'PYEOF'
from importlib.resources import files
web = files("crampcare.web")
assert web.joinpath("templates").is_dir() and any(web.joinpath("templates").iterdir()), "templates missing"
assert web.joinpath("static/crampcare.css").is_file(), "static files missing"
assert any(files("crampcare.diary").joinpath("migrations").iterdir()), "migrations missing"
print("check-install: data, templates, static files and migrations are in the wheel")
PYEOF
)
