package export

var goTemplate = mustParse("go", `// Command send-event sends one Alexa proactive event[[if .EventName]] ([[.EventName]])[[end]] to the [[.Stage]] stage.
//
// Written by: [[.Generated]]
// Needs Go 1.21 or newer; standard library only: go run main.go
//
[[range .Doc]]// [[.]]
[[end]]package main

import (
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"
)

const (
	eventPath       = [[.EventPath]]
	defaultAPIURL   = [[.APIURL]]
	defaultTokenURL = [[.TokenURL]]
	expirySeconds   = [[.ExpirySeconds]]
)

// event is the event; timestamp, referenceId and expiryTime are added when it is sent.
var event = [[.Event]]

var reasons = map[int]string{
[[range .Reasons]]	[[.Status]]: [[.Text]],
[[end]]}

// client never follows a redirect: credentials and tokens stay with the host they were meant for.
var client = &http.Client{
	Timeout:       30 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// clean makes text from a server safe to print on a terminal.
func clean(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\t' || !(r < 0x20 || (r >= 0x7f && r < 0xa0)) {
			return r
		}
		return '\uFFFD'
	}, s)
}

func fail(code int, msg string) {
	fmt.Fprintln(os.Stderr, clean(msg))
	os.Exit(code)
}

func newReferenceID() string {
	const abc = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	id := []byte("pe~")
	for i := 0; i < 20; i++ {
		n, err := rand.Int(rand.Reader, big.NewInt(int64(len(abc))))
		if err != nil {
			fail(2, "no random numbers: "+err.Error())
		}
		id = append(id, abc[n.Int64()])
	}
	return string(id)
}

// message returns Amazon's message from an error body, else the raw text.
func message(body []byte) string {
	var m struct {
		Message          *string `+"`json:\"message\"`"+`
		ErrorDescription *string `+"`json:\"error_description\"`"+`
	}
	if json.Unmarshal(body, &m) == nil {
		if m.Message != nil {
			return *m.Message
		}
		if m.ErrorDescription != nil {
			return *m.ErrorDescription
		}
	}
	if s := strings.TrimSpace(string(body)); s != "" {
		return s
	}
	return "(empty body)"
}

func post(u string, body []byte, header http.Header) (*http.Response, []byte) {
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(string(body)))
	if err != nil {
		fail(2, "invalid URL "+u+": "+err.Error())
	}
	req.Header = header
	res, err := client.Do(req)
	if err != nil {
		fail(3, "no answer from "+u+": "+err.Error())
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 1<<20))
	if err != nil {
		fail(3, "the answer from "+u+" was cut short: "+err.Error())
	}
	return res, data
}

func fetchToken(tokenURL, clientID, clientSecret string) string {
	form := url.Values{
		"grant_type":    {"client_credentials"},
		"client_id":     {clientID},
		"client_secret": {clientSecret},
		"scope":         {"alexa::proactive_events"},
	}
	res, body := post(tokenURL, []byte(form.Encode()), http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
	if res.StatusCode != http.StatusOK {
		fail(1, fmt.Sprintf("the token request was refused: %d: %s", res.StatusCode, message(body)))
	}
	var tok struct {
		AccessToken string `+"`json:\"access_token\"`"+`
	}
	if json.Unmarshal(body, &tok) != nil || tok.AccessToken == "" {
		fail(1, "the token answer holds no access_token")
	}
	return tok.AccessToken
}

func retryDelay(header string, attempt int) time.Duration {
	if s, err := strconv.Atoi(strings.TrimSpace(header)); err == nil && s >= 0 {
		return min(time.Duration(s)*time.Second, time.Minute)
	}
	if t, err := http.ParseTime(header); err == nil {
		return min(max(time.Until(t), 0), time.Minute)
	}
	return time.Second << attempt
}

func setting(name, fallback string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return fallback
}

func main() {
	clientID, clientSecret := os.Getenv("ALEXA_CLIENT_ID"), os.Getenv("ALEXA_CLIENT_SECRET")
	if clientID == "" || clientSecret == "" {
		fail(2, "set ALEXA_CLIENT_ID and ALEXA_CLIENT_SECRET to the skill's Alexa client id and secret")
	}
	apiURL := strings.TrimRight(setting("ALEXA_API_URL", defaultAPIURL), "/")
	if apiURL == "" {
		fail(2, "set ALEXA_API_URL to the event API base URL, e.g. the URL 'pe-tui sandbox' prints")
	}
	tokenFallback := defaultTokenURL
	if os.Getenv("ALEXA_API_URL") != "" {
		tokenFallback = apiURL + "/auth/o2/token"
	}
	tokenURL := setting("LWA_TOKEN_URL", tokenFallback)

	now := time.Now().UTC().Truncate(time.Second)
	referenceID := setting("ALEXA_REFERENCE_ID", newReferenceID())
	event["timestamp"] = now.Format(time.RFC3339)
	event["referenceId"] = referenceID
	event["expiryTime"] = now.Add(expirySeconds * time.Second).Format(time.RFC3339)
	body, err := json.Marshal(event)
	if err != nil {
		fail(2, "cannot encode the event: "+err.Error())
	}

	token := fetchToken(tokenURL, clientID, clientSecret)
	renewed := false
	for attempt := 0; ; {
		res, text := post(apiURL+eventPath, body, http.Header{
			"Authorization": {"Bearer " + token},
			"Content-Type":  {"application/json"},
			"User-Agent":    {"pe-tui-export/go"},
		})
		if res.StatusCode >= 200 && res.StatusCode < 300 {
			requestID := res.Header.Get("x-amzn-requestid")
			if requestID == "" {
				requestID = "-"
			}
			fmt.Printf("accepted: %d, referenceId %s, request id %s\n", res.StatusCode, referenceID, clean(requestID))
			return
		}
		msg := message(text)
		if res.StatusCode == http.StatusForbidden && !renewed && strings.Contains(strings.ToLower(msg), "token in the request is not valid") {
			renewed = true
			token = fetchToken(tokenURL, clientID, clientSecret)
			continue
		}
		if (res.StatusCode == http.StatusTooManyRequests || res.StatusCode == http.StatusInternalServerError) && attempt < 3 {
			time.Sleep(retryDelay(res.Header.Get("Retry-After"), attempt))
			attempt++
			continue
		}
		reason := reasons[res.StatusCode]
		if reason == "" {
			reason = "refused"
		}
		fail(1, fmt.Sprintf("%d %s: %s", res.StatusCode, reason, msg))
	}
}
`)
