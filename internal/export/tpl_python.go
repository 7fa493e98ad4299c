package export

var pythonTemplate = mustParse("python", `#!/usr/bin/env python3
"""Sends one Alexa proactive event[[if .EventName]] ([[.EventName]])[[end]] to the [[.Stage]] stage.

Written by: [[.Generated]]
Needs Python 3.8 or newer; standard library only.

[[range .Doc]][[.]]
[[end]]"""
import datetime
import email.utils
import json
import os
import re
import secrets
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

EVENT_PATH = [[.EventPath]]
DEFAULT_API_URL = [[.APIURL]]
DEFAULT_TOKEN_URL = [[.TokenURL]]
EXPIRY_SECONDS = [[.ExpirySeconds]]
TIMEOUT_SECONDS = 30

# The event; timestamp, referenceId and expiryTime are added when it is sent.
EVENT = [[.Event]]

REASONS = {
[[range .Reasons]]    [[.Status]]: [[.Text]],
[[end]]}


def clean(text):
    """Makes text from a server safe to print on a terminal."""
    return re.sub("[\x00-\x08\x0b-\x1f\x7f-\x9f]", "\ufffd", str(text))


def fail(code, message):
    sys.stderr.write(clean(message) + "\n")
    sys.exit(code)


def iso_time(t):
    return t.strftime("%Y-%m-%dT%H:%M:%SZ")


def new_reference_id():
    abc = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    return "pe~" + "".join(secrets.choice(abc) for _ in range(20))


def message(text):
    """Returns Amazon's message from an error body, else the raw text."""
    try:
        body = json.loads(text)
        for key in ("message", "error_description"):
            if isinstance(body, dict) and isinstance(body.get(key), str):
                return body[key]
    except ValueError:
        pass
    return text.strip() or "(empty body)"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Credentials and tokens never follow a redirect."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def post(url, data, headers):
    """Returns (status, headers, body text); exits 3 when no answer arrives."""
    req = urllib.request.Request(url, data=data, headers=headers, method="POST")
    try:
        with OPENER.open(req, timeout=TIMEOUT_SECONDS) as res:
            return res.status, res.headers, res.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as err:
        return err.code, err.headers, err.read().decode("utf-8", "replace")
    except (urllib.error.URLError, OSError) as err:
        fail(3, "no answer from %s: %s" % (url, getattr(err, "reason", err)))


def fetch_token(token_url, client_id, client_secret):
    form = urllib.parse.urlencode({
        "grant_type": "client_credentials",
        "client_id": client_id,
        "client_secret": client_secret,
        "scope": "alexa::proactive_events",
    }).encode()
    status, _, text = post(token_url, form, {"Content-Type": "application/x-www-form-urlencoded"})
    if status != 200:
        fail(1, "the token request was refused: %d: %s" % (status, message(text)))
    try:
        token = json.loads(text).get("access_token")
    except (ValueError, AttributeError):
        token = None
    if not isinstance(token, str) or not token:
        fail(1, "the token answer holds no access_token")
    return token


def retry_delay(header, attempt):
    if header:
        if header.strip().isdigit():
            return min(int(header), 60)
        try:
            when = email.utils.parsedate_to_datetime(header)
            return min(max(when.timestamp() - time.time(), 0), 60)
        except (TypeError, ValueError):
            pass
    return 2 ** attempt


def main():
    client_id = os.environ.get("ALEXA_CLIENT_ID", "")
    client_secret = os.environ.get("ALEXA_CLIENT_SECRET", "")
    if not client_id or not client_secret:
        fail(2, "set ALEXA_CLIENT_ID and ALEXA_CLIENT_SECRET to the skill's Alexa client id and secret")
    api_url = (os.environ.get("ALEXA_API_URL") or DEFAULT_API_URL).rstrip("/")
    if not api_url:
        fail(2, "set ALEXA_API_URL to the event API base URL, e.g. the URL 'pe-tui sandbox' prints")
    token_url = os.environ.get("LWA_TOKEN_URL") or (
        api_url + "/auth/o2/token" if os.environ.get("ALEXA_API_URL") else DEFAULT_TOKEN_URL)

    now = datetime.datetime.now(datetime.timezone.utc)
    reference_id = os.environ.get("ALEXA_REFERENCE_ID") or new_reference_id()
    event = {
        "timestamp": iso_time(now),
        "referenceId": reference_id,
        "expiryTime": iso_time(now + datetime.timedelta(seconds=EXPIRY_SECONDS)),
    }
    event.update(EVENT)
    body = json.dumps(event).encode("utf-8")

    token = fetch_token(token_url, client_id, client_secret)
    renewed = False
    attempt = 0
    while True:
        status, headers, text = post(api_url + EVENT_PATH, body, {
            "Authorization": "Bearer " + token,
            "Content-Type": "application/json",
            "User-Agent": "pe-tui-export/python",
        })
        if 200 <= status < 300:
            print("accepted: %d, referenceId %s, request id %s"
                  % (status, reference_id, clean(headers.get("x-amzn-requestid") or "-")))
            return
        msg = message(text)
        if status == 403 and not renewed and "token in the request is not valid" in msg.lower():
            renewed = True
            token = fetch_token(token_url, client_id, client_secret)
            continue
        if status in (429, 500) and attempt < 3:
            time.sleep(retry_delay(headers.get("Retry-After"), attempt))
            attempt += 1
            continue
        fail(1, "%d %s: %s" % (status, REASONS.get(status, "refused"), msg))


if __name__ == "__main__":
    main()
`)
