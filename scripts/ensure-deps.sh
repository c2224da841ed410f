#!/usr/bin/env bash
# Installs what Benchgen needs on Debian 12 when it is missing: MuJoCo + OSMesa (physics and offscreen rendering),
# bubblewrap (script sandbox) and Python 3 (generator scripts). With --test also RabbitMQ (integration tests) and
# Chromium (the dashboard's browser tests drive Debian's /usr/bin/chromium headless).
set -euo pipefail

packages=(libmujoco-dev libosmesa6-dev bubblewrap python3 gcc)
[[ "${1:-}" == "--test" ]] && packages+=(rabbitmq-server chromium)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  if [[ $(id -u) -ne 0 ]]; then
    echo "benchgen: missing Debian packages: ${missing[*]}" >&2
    echo "benchgen: run as root, or install them: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
    exit 3
  fi
  echo "benchgen: installing ${missing[*]} ..." >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null; then
  echo "benchgen: the .NET 10 SDK is required (dotnet not on PATH): see https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 3
fi
