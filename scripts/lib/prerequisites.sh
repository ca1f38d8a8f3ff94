# Installs what building l360 needs on a fresh Debian machine with Swift 6 (sourced by scripts/*).
# Only missing pieces are installed; nothing happens on a machine that already has them.

l360_prerequisites() {
  if ! command -v swift >/dev/null 2>&1; then
    echo "l360: Swift 6.1 or later is required (https://www.swift.org/install/); 'swift' is not on PATH." >&2
    exit 1
  fi
  local missing=()
  # The interactive shell links libedit through <editline/readline.h>.
  [ -f /usr/include/editline/readline.h ] || missing+=(libedit-dev)
  # The shell's tests drive a real terminal with tmux.
  if [ "${1:-}" = "--with-test-tools" ] && ! command -v tmux >/dev/null 2>&1; then missing+=(tmux); fi
  # The man page is written by a Python script and checked with groff.
  command -v python3 >/dev/null 2>&1 || missing+=(python3)
  if [ "${1:-}" = "--with-test-tools" ] && ! command -v groff >/dev/null 2>&1; then missing+=(groff-base); fi
  # Schemathesis is installed into a virtual environment of the project's own.
  if [ "${1:-}" = "--with-test-tools" ] && ! python3 -c 'import venv, ensurepip' >/dev/null 2>&1; then
    missing+=(python3-venv)
  fi
  if [ ${#missing[@]} -gt 0 ]; then
    echo "l360: installing ${missing[*]} with apt-get..." >&2
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
    $sudo apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}
