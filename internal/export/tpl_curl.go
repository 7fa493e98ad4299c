package export

var curlTemplate = mustParse("curl", `#!/bin/sh
# Sends one Alexa proactive event[[if .EventName]] ([[.EventName]])[[end]] to the [[.Stage]] stage.
# Written by: [[.Generated]]
# Needs curl 7.55+, date (GNU or BSD), sed, tr, head.
#
[[range .Doc]]# [[.]]
[[end]]# The secret and the token are passed to curl through files in a private
# temporary directory, never on its command line (where ps would show them).
set -u

EVENT_PATH=[[.EventPath]]
DEFAULT_API_URL=[[.APIURL]]
DEFAULT_TOKEN_URL=[[.TokenURL]]
EXPIRY_SECONDS=[[.ExpirySeconds]]

# The event as JSON; timestamp, referenceId and expiryTime are added when it is sent.
EVENT_JSON=[[.Event]]

clean() { tr -d '\000-\010\013-\037\177'; }
fail() { printf '%s\n' "$2" | clean >&2; exit "$1"; }

if [ -z "${ALEXA_CLIENT_ID:-}" ] || [ -z "${ALEXA_CLIENT_SECRET:-}" ]; then
  fail 2 "set ALEXA_CLIENT_ID and ALEXA_CLIENT_SECRET to the skill's Alexa client id and secret"
fi
API_URL=${ALEXA_API_URL:-$DEFAULT_API_URL}
API_URL=${API_URL%/}
[ -n "$API_URL" ] || fail 2 "set ALEXA_API_URL to the event API base URL, e.g. the URL 'pe-tui sandbox' prints"
if [ -n "${ALEXA_API_URL:-}" ]; then TOKEN_FALLBACK=$API_URL/auth/o2/token; else TOKEN_FALLBACK=$DEFAULT_TOKEN_URL; fi
TOKEN_URL=${LWA_TOKEN_URL:-$TOKEN_FALLBACK}

TMP=$(mktemp -d) || fail 2 "cannot create a temporary directory"
chmod 700 "$TMP"
trap 'rm -rf "$TMP"' EXIT
trap 'exit 130' INT TERM

NOW=$(date -u +%s)
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ 2>/dev/null || date -u -r "$1" +%Y-%m-%dT%H:%M:%SZ; }
REFERENCE_ID=${ALEXA_REFERENCE_ID:-pe~$(LC_ALL=C tr -dc 'A-Za-z0-9' </dev/urandom | head -c 20)}
# The referenceId goes into JSON: keep only characters that need no escaping.
case $REFERENCE_ID in *[!A-Za-z0-9~._-]*) fail 2 "ALEXA_REFERENCE_ID may hold only letters, digits, ~ . _ and -";; esac
printf '{"timestamp":"%s","referenceId":"%s","expiryTime":"%s",%s' \
  "$(iso "$NOW")" "$REFERENCE_ID" "$(iso $((NOW + EXPIRY_SECONDS)))" "${EVENT_JSON#\{}" >"$TMP/body"

# message prints Amazon's message from an error body, else the raw text.
message() {
  m=$(sed -n 's/.*"message" *: *"\(\([^"\\]*\(\\.\)*\)*\)".*/\1/p' "$1" | head -n 1)
  [ -n "$m" ] || m=$(sed -n 's/.*"error_description" *: *"\([^"]*\)".*/\1/p' "$1" | head -n 1)
  [ -n "$m" ] || m=$(head -c 2000 "$1")
  [ -n "$m" ] || m="(empty body)"
  printf '%s' "$m"
}

fetch_token() {
  printf '%s' "$ALEXA_CLIENT_SECRET" >"$TMP/secret"
  status=$(curl -sS -o "$TMP/token" -w '%{http_code}' --max-time 30 \
    --data-urlencode grant_type=client_credentials \
    --data-urlencode "client_id=$ALEXA_CLIENT_ID" \
    --data-urlencode "client_secret@$TMP/secret" \
    --data-urlencode scope=alexa::proactive_events \
    "$TOKEN_URL") || fail 3 "no answer from $TOKEN_URL"
  rm -f "$TMP/secret"
  [ "$status" = 200 ] || fail 1 "the token request was refused: $status: $(message "$TMP/token")"
  TOKEN=$(sed -n 's/.*"access_token" *: *"\([^"]*\)".*/\1/p' "$TMP/token")
  [ -n "$TOKEN" ] || fail 1 "the token answer holds no access_token"
  printf 'Authorization: Bearer %s\n' "$TOKEN" >"$TMP/auth"
}

fetch_token
RENEWED=0
ATTEMPT=0
while :; do
  status=$(curl -sS -o "$TMP/out" -D "$TMP/headers" -w '%{http_code}' --max-time 30 \
    -H @"$TMP/auth" -H 'Content-Type: application/json' -H 'User-Agent: pe-tui-export/curl' \
    --data-binary @"$TMP/body" "$API_URL$EVENT_PATH") || fail 3 "no answer from $API_URL$EVENT_PATH"
  case $status in
  2??)
    rid=$(sed -n 's/^[Xx]-[Aa][Mm][Zz][Nn]-[Rr][Ee][Qq][Uu][Ee][Ss][Tt][Ii][Dd]: *//p' "$TMP/headers" | tr -d '\r' | clean)
    echo "accepted: $status, referenceId $REFERENCE_ID, request id ${rid:--}"
    exit 0 ;;
  esac
  msg=$(message "$TMP/out")
  if [ "$status" = 403 ] && [ $RENEWED = 0 ] && printf '%s' "$msg" | grep -qi 'token in the request is not valid'; then
    RENEWED=1
    fetch_token
    continue
  fi
  if { [ "$status" = 429 ] || [ "$status" = 500 ]; } && [ $ATTEMPT -lt 3 ]; then
    wait=$(sed -n 's/^[Rr]etry-[Aa]fter: *\([0-9][0-9]*\).*/\1/p' "$TMP/headers")
    [ -n "$wait" ] || wait=$((1 << ATTEMPT))
    [ "$wait" -le 60 ] || wait=60
    sleep "$wait"
    ATTEMPT=$((ATTEMPT + 1))
    continue
  fi
  case $status in
[[range .Reasons]]  [[.Status]]) reason="[[.Text]]" ;;
[[end]]  *) reason="refused" ;;
  esac
  fail 1 "$status $reason: $msg"
done
`)
