#!/usr/bin/env bash
# Renders the IVR prompt catalogue (ivr/src/main/resources/ivr/prompts.tsv) to the audio Asterisk plays:
# 8 kHz, mono, 16-bit signed WAV, one directory per language: OUT/<language>/<name>.wav.
# Copy OUT/* into Asterisk's sounds directory (e.g. /var/lib/asterisk/sounds/) — Asterisk then picks the
# language the IVR sets with CHANNEL(language).
#
# Needs Debian's espeak-ng and sox (apt-get install espeak-ng sox). Synthetic voices are a stand-in:
# record real voices with the same names before going live, and keep this script for new languages.
#
# Usage: ivr/prompts/render.sh [OUT]      (default OUT: ivr/target/sounds)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
catalogue="$here/../src/main/resources/ivr/prompts.tsv"
out="${1:-$here/../target/sounds}"

for tool in espeak-ng sox; do
  command -v "$tool" >/dev/null || { echo "render.sh: $tool is not installed (apt-get install espeak-ng sox)" >&2; exit 1; }
done

# espeak-ng voice per catalogue language; add a line when a language is added (qu, ay have no voice yet:
# their prompts must be recorded).
voice_for() {
  case "$1" in
    es) echo "es-419" ;;
    en) echo "en-us" ;;
    *) echo "" ;;
  esac
}

count=0
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
while IFS=$'\t' read -r name lang text; do
  [[ -z "$name" || "$name" == \#* ]] && continue
  voice="$(voice_for "$lang")"
  if [[ -z "$voice" ]]; then
    echo "render.sh: no synthetic voice for '$lang'; record $lang/$name.wav by hand" >&2
    continue
  fi
  mkdir -p "$out/$lang"
  espeak-ng -v "$voice" -s 150 -w "$tmp/raw.wav" -- "$text"
  sox "$tmp/raw.wav" -r 8000 -c 1 -b 16 -e signed-integer "$out/$lang/$name.wav"
  count=$((count + 1))
done < "$catalogue"
echo "render.sh: $count prompt(s) written under $out"
