package export

var javaTemplate = mustParse("java", `// Sends one Alexa proactive event[[if .EventName]] ([[.EventName]])[[end]] to the [[.Stage]] stage.
// Written by: [[.Generated]]
// Needs Java 11 or newer; JDK only. Run: java Sender.java
//
[[range .Doc]]// [[.]]
[[end]]
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class Sender {
    static final String EVENT_PATH = [[.EventPath]];
    static final String DEFAULT_API_URL = [[.APIURL]];
    static final String DEFAULT_TOKEN_URL = [[.TokenURL]];
    static final long EXPIRY_SECONDS = [[.ExpirySeconds]];

    // The event as JSON; timestamp, referenceId and expiryTime are added when it is sent.
    static final String EVENT_JSON = [[.Event]];

    static final Map<Integer, String> REASONS = Map.ofEntries(
[[range $i, $r := .Reasons]][[if $i]],
[[end]]        Map.entry([[$r.Status]], [[$r.Text]])[[end]]);

    // Redirects are never followed: credentials and tokens stay with the host they were meant for.
    static final HttpClient CLIENT = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(30))
        .build();

    // clean makes text from a server safe to print on a terminal.
    static String clean(String s) {
        return s.replaceAll("[\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f]", "\uFFFD");
    }

    static void fail(int code, String message) {
        System.err.println(clean(message));
        System.exit(code);
    }

    static String setting(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isEmpty() ? fallback : v;
    }

    static String newReferenceId() {
        String abc = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        SecureRandom random = new SecureRandom();
        StringBuilder id = new StringBuilder("pe~");
        for (int i = 0; i < 20; i++) id.append(abc.charAt(random.nextInt(abc.length())));
        return id.toString();
    }

    // jsonString quotes s as a JSON string.
    static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') b.append('\\').append(c);
            else if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
            else b.append(c);
        }
        return b.append('"').toString();
    }

    // field returns a top-level string field of a JSON object, unescaped, or null.
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(json);
        if (!m.find()) return null;
        String raw = m.group(1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '\\' || i + 1 >= raw.length()) { out.append(c); continue; }
            char e = raw.charAt(++i);
            switch (e) {
                case 'n': out.append('\n'); break;
                case 't': out.append('\t'); break;
                case 'r': out.append('\r'); break;
                case 'b': out.append('\b'); break;
                case 'f': out.append('\f'); break;
                case 'u':
                    if (i + 4 < raw.length()) { out.append((char) Integer.parseInt(raw.substring(i + 1, i + 5), 16)); i += 4; }
                    break;
                default: out.append(e);
            }
        }
        return out.toString();
    }

    // message returns Amazon's message from an error body, else the raw text.
    static String message(String body) {
        String m = field(body, "message");
        if (m == null) m = field(body, "error_description");
        if (m == null) m = body.trim();
        return m.isEmpty() ? "(empty body)" : m;
    }

    static HttpResponse<String> post(String url, String body, String... headers) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(30))
                .headers(headers)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
            return CLIENT.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            fail(2, "invalid URL " + url + ": " + e.getMessage());
        } catch (IOException e) {
            fail(3, "no answer from " + url + ": " + e);
        } catch (InterruptedException e) {
            fail(3, "interrupted");
        }
        return null;
    }

    static String fetchToken(String tokenURL, String clientId, String clientSecret) {
        String form = "grant_type=client_credentials"
            + "&client_id=" + URLEncoder.encode(clientId, StandardCharsets.UTF_8)
            + "&client_secret=" + URLEncoder.encode(clientSecret, StandardCharsets.UTF_8)
            + "&scope=" + URLEncoder.encode("alexa::proactive_events", StandardCharsets.UTF_8);
        HttpResponse<String> res = post(tokenURL, form, "Content-Type", "application/x-www-form-urlencoded");
        if (res.statusCode() != 200) fail(1, "the token request was refused: " + res.statusCode() + ": " + message(res.body()));
        String token = field(res.body(), "access_token");
        if (token == null || token.isEmpty()) fail(1, "the token answer holds no access_token");
        return token;
    }

    static long retryDelayMillis(String header, int attempt) {
        if (header != null && header.trim().matches("\\d+")) {
            return Math.min(Long.parseLong(header.trim()), 60) * 1000;
        }
        return 1000L << attempt;
    }

    public static void main(String[] args) throws InterruptedException {
        String clientId = setting("ALEXA_CLIENT_ID", "");
        String clientSecret = setting("ALEXA_CLIENT_SECRET", "");
        if (clientId.isEmpty() || clientSecret.isEmpty()) fail(2, "set ALEXA_CLIENT_ID and ALEXA_CLIENT_SECRET to the skill's Alexa client id and secret");
        String apiURL = setting("ALEXA_API_URL", DEFAULT_API_URL).replaceAll("/+$", "");
        if (apiURL.isEmpty()) fail(2, "set ALEXA_API_URL to the event API base URL, e.g. the URL 'pe-tui sandbox' prints");
        String tokenURL = setting("LWA_TOKEN_URL", setting("ALEXA_API_URL", "").isEmpty() ? DEFAULT_TOKEN_URL : apiURL + "/auth/o2/token");

        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String referenceId = setting("ALEXA_REFERENCE_ID", newReferenceId());
        String rest = EVENT_JSON.trim().substring(1).trim();
        String body = "{\"timestamp\":" + jsonString(now.toString())
            + ",\"referenceId\":" + jsonString(referenceId)
            + ",\"expiryTime\":" + jsonString(now.plusSeconds(EXPIRY_SECONDS).toString())
            + (rest.startsWith("}") ? "" : ",") + rest;

        String token = fetchToken(tokenURL, clientId, clientSecret);
        boolean renewed = false;
        for (int attempt = 0; ; ) {
            HttpResponse<String> res = post(apiURL + EVENT_PATH, body,
                "Authorization", "Bearer " + token,
                "Content-Type", "application/json",
                "User-Agent", "pe-tui-export/java");
            int status = res.statusCode();
            if (status >= 200 && status < 300) {
                String requestId = res.headers().firstValue("x-amzn-requestid").orElse("-");
                System.out.println("accepted: " + status + ", referenceId " + referenceId + ", request id " + clean(requestId));
                return;
            }
            String msg = message(res.body());
            if (status == 403 && !renewed && msg.toLowerCase().contains("token in the request is not valid")) {
                renewed = true;
                token = fetchToken(tokenURL, clientId, clientSecret);
                continue;
            }
            if ((status == 429 || status == 500) && attempt < 3) {
                Thread.sleep(retryDelayMillis(res.headers().firstValue("Retry-After").orElse(null), attempt));
                attempt++;
                continue;
            }
            fail(1, status + " " + REASONS.getOrDefault(status, "refused") + ": " + message(res.body()));
        }
    }
}
`)
