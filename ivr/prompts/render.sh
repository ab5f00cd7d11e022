#!/usr/bin/env bash
# Renders the IVR prompt catalogue (ivr/src/main/resources/ivr/prompts.tsv) to the audio Asterisk plays:
# 8 kHz, mono, 16-bit signed WAV, one directory per language: OUT/<language>/<name>.wav.
# Copy OUT/* into Asterisk's sounds directory (e.g. /var/lib/asterisk/sounds/) — Asterisk then picks the
# language the IVR sets with CHANNEL(language).
#
# Needs Debian's espeak-ng and sox (apt-get install espeak-ng sox). Synthetic voices are a stand-in:
# record real voices with the same names before going live, and keep this script for new languages.
# A text may switch voices: "Emergencias. {en}English, nine." speaks the part after {en} with en's voice.
#
# It also writes OUT/cu-flagged-moh/<language>/, a flagged caller's hold music (the warning, then silence).
#
# Usage: ivr/prompts/render.sh [OUT]      (default OUT: ivr/target/sounds)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
catalogue="$here/../src/main/resources/ivr/prompts.tsv"
out="${1:-$here/../target/sounds}"
rate="${CU_PROMPT_RATE:-175}"   # words per minute; FlowBudgetTest checks the resulting durations

for tool in espeak-ng sox; do
  command -v "$tool" >/dev/null || { echo "render.sh: $tool is not installed (apt-get install espeak-ng sox)" >&2; exit 1; }
done

# espeak-ng voice per catalogue language; add a line when a language is added. Aymara has no espeak-ng voice:
# Quechua's stands in (close phonology); those prompts must be recorded before going live. A variant such as
# es_flagged (Asterisk falls back from sounds/es_flagged/ to sounds/es/) is spoken by its language's voice.
voice_for() {
  case "${1%%_*}" in
    es) echo "es-419" ;;
    en) echo "en-us" ;;
    qu) echo "qu" ;;
    ay) echo "qu" ;;
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
  # Split on {xx} voice switches; each part is spoken by its language's voice, then joined.
  parts=()
  i=0
  rest="$text"
  current="$voice"
  while [[ "$rest" =~ ^([^{]*)\{([a-z]+)\}(.*)$ ]]; do
    if [[ -n "${BASH_REMATCH[1]// }" ]]; then
      espeak-ng -v "$current" -s "$rate" -w "$tmp/part$i.wav" -- "${BASH_REMATCH[1]}"
      parts+=("$tmp/part$i.wav"); i=$((i + 1))
    fi
    current="$(voice_for "${BASH_REMATCH[2]}")"
    [[ -n "$current" ]] || { echo "render.sh: no voice for {${BASH_REMATCH[2]}} in $name" >&2; exit 1; }
    rest="${BASH_REMATCH[3]}"
  done
  espeak-ng -v "$current" -s "$rate" -w "$tmp/part$i.wav" -- "$rest"
  parts+=("$tmp/part$i.wav")
  # Trim the synthesiser's leading and trailing silence: every 100 ms is the caller's time.
  for p in "${parts[@]}"; do
    sox "$p" -r 8000 -c 1 -b 16 -e signed-integer "$p.8k.wav" silence 1 0.02 0.5% reverse silence 1 0.02 0.5% reverse pad 0 0.05
  done
  if (( ${#parts[@]} == 1 )); then
    mv "${parts[0]}.8k.wav" "$out/$lang/$name.wav"
  else
    sox $(for p in "${parts[@]}"; do echo "$p.8k.wav"; done) "$out/$lang/$name.wav"
  fi
  rm -f "$tmp"/part*
  count=$((count + 1))
done < "$catalogue"
# A flagged caller's hold music (musiconhold.conf class cu-flagged-<lang>, directory <sounds>/cu-flagged-moh/<lang>):
# the warning, then silence, so the loop never plays it back-to-back. app_queue plays hold music while the phones
# ring, which is when the caller alone in the queue hears nothing else.
moh_gap="${CU_FLAGGED_MOH_GAP:-20}"   # seconds of silence after each warning
for warning in "$out"/*_flagged/cu-connecting.wav; do
  [[ -f "$warning" ]] || continue
  lang="$(basename "$(dirname "$warning")")"
  lang="${lang%_flagged}"
  mkdir -p "$out/cu-flagged-moh/$lang"
  sox "$warning" "$out/cu-flagged-moh/$lang/cu-flagged-warning.wav" pad 0 "$moh_gap"
done
echo "render.sh: $count prompt(s) written under $out"
