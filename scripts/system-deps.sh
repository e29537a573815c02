#!/usr/bin/env bash
# Installs the Debian packages Mailglance needs: browsers and Dovecot for the demo and the tests;
# with --tests also what the OS-keyring secret store tests run (a private D-Bus session bus,
# gnome-keyring, secret-tool and keyctl).
# As root it installs them; otherwise it prints the exact command and fails.
set -euo pipefail
packages=(chromium firefox-esr dovecot-imapd dovecot-pop3d openssl procps file zip)
if [[ ${1:-} == --tests ]]; then
  packages+=(dbus-daemon gnome-keyring libsecret-tools keyutils)
fi
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
((${#missing[@]} == 0)) && exit 0
if [[ $(id -u) != 0 ]]; then
  echo "Mailglance needs these Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "installing ${missing[*]}" >&2
apt-get update -q -o DPkg::Lock::Timeout=600
DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends "${missing[@]}"
