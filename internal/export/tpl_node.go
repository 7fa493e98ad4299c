package export

var nodeTemplate = mustParse("node", `#!/usr/bin/env node
// Sends one Alexa proactive event[[if .EventName]] ([[.EventName]])[[end]] to the [[.Stage]] stage.
// Written by: [[.Generated]]
// Needs Node.js 18 or newer (built-in fetch); no packages.
//
[[range .Doc]]// [[.]]
[[end]]import { randomInt } from "node:crypto";

const EVENT_PATH = [[.EventPath]];
const DEFAULT_API_URL = [[.APIURL]];
const DEFAULT_TOKEN_URL = [[.TokenURL]];
const EXPIRY_SECONDS = [[.ExpirySeconds]];
const TIMEOUT_MS = 30000;

// The event; timestamp, referenceId and expiryTime are added when it is sent.
const EVENT = [[.Event]];

const REASONS = {
[[range .Reasons]]  [[.Status]]: [[.Text]],
[[end]]};

// clean makes text from a server safe to print on a terminal.
function clean(text) {
  return String(text).replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "\ufffd");
}

function fail(code, message) {
  process.stderr.write(clean(message) + "\n");
  process.exit(code);
}

function setting(name, fallback) {
  const value = process.env[name];
  return value ? value : fallback;
}

function isoTime(ms) {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function newReferenceId() {
  const abc = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
  let id = "pe~";
  for (let i = 0; i < 20; i++) id += abc[randomInt(abc.length)];
  return id;
}

// message returns Amazon's message from an error body, else the raw text.
function message(text) {
  try {
    const body = JSON.parse(text);
    if (body && typeof body.message === "string") return body.message;
    if (body && typeof body.error_description === "string") return body.error_description;
  } catch {}
  return text.trim() || "(empty body)";
}

async function post(url, init) {
  try {
    return await fetch(url, { ...init, method: "POST", redirect: "error", signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch (err) {
    fail(3, "no answer from " + url + ": " + (err.cause ? err.cause.message : err.message));
  }
}

async function fetchToken(tokenURL, clientId, clientSecret) {
  const res = await post(tokenURL, {
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "client_credentials",
      client_id: clientId,
      client_secret: clientSecret,
      scope: "alexa::proactive_events",
    }),
  });
  const text = await res.text();
  if (res.status !== 200) fail(1, "the token request was refused: " + res.status + ": " + message(text));
  let token;
  try {
    token = JSON.parse(text).access_token;
  } catch {}
  if (typeof token !== "string" || token === "") fail(1, "the token answer holds no access_token");
  return token;
}

function retryDelay(header, attempt) {
  const seconds = Number(header);
  if (header && Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds, 60) * 1000;
  const date = Date.parse(header || "");
  if (!Number.isNaN(date)) return Math.min(Math.max(date - Date.now(), 0), 60000);
  return 1000 * 2 ** attempt;
}

async function main() {
  const clientId = setting("ALEXA_CLIENT_ID", "");
  const clientSecret = setting("ALEXA_CLIENT_SECRET", "");
  if (!clientId || !clientSecret) fail(2, "set ALEXA_CLIENT_ID and ALEXA_CLIENT_SECRET to the skill's Alexa client id and secret");
  const apiURL = setting("ALEXA_API_URL", DEFAULT_API_URL).replace(/\/+$/, "");
  if (!apiURL) fail(2, "set ALEXA_API_URL to the event API base URL, e.g. the URL 'pe-tui sandbox' prints");
  const tokenURL = setting("LWA_TOKEN_URL", process.env.ALEXA_API_URL ? apiURL + "/auth/o2/token" : DEFAULT_TOKEN_URL);

  const now = Date.now();
  const referenceId = setting("ALEXA_REFERENCE_ID", newReferenceId());
  const body = JSON.stringify({
    timestamp: isoTime(now),
    referenceId,
    expiryTime: isoTime(now + EXPIRY_SECONDS * 1000),
    ...EVENT,
  });

  let token = await fetchToken(tokenURL, clientId, clientSecret);
  let renewed = false;
  for (let attempt = 0; ; ) {
    const res = await post(apiURL + EVENT_PATH, {
      headers: { Authorization: "Bearer " + token, "Content-Type": "application/json", "User-Agent": "pe-tui-export/node" },
      body,
    });
    const text = await res.text();
    if (res.status >= 200 && res.status < 300) {
      console.log("accepted: " + res.status + ", referenceId " + referenceId + ", request id " + clean(res.headers.get("x-amzn-requestid") || "-"));
      return;
    }
    const msg = message(text);
    if (res.status === 403 && !renewed && /token in the request is not valid/i.test(msg)) {
      renewed = true;
      token = await fetchToken(tokenURL, clientId, clientSecret);
      continue;
    }
    if ((res.status === 429 || res.status === 500) && attempt < 3) {
      await new Promise((done) => setTimeout(done, retryDelay(res.headers.get("retry-after"), attempt)));
      attempt++;
      continue;
    }
    fail(1, res.status + " " + (REASONS[res.status] || "refused") + ": " + msg);
  }
}

await main();
`)
