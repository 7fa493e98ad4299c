package sandbox

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/pe-tui/pe-tui/internal/schemas"
)

// Event route constants (spec §8.1, §12.3).
const (
	LivePath        = "/v1/proactiveEvents" // also served with a trailing slash
	DevelopmentPath = "/v1/proactiveEvents/stages/development"
	// ExpirySentence is Amazon's observed text for an expiryTime outside the window.
	ExpirySentence = "expiryTime should be at least 5 minutes in the future and no more than 24 hours after the current time"
	// RequestIDHeader carries the id of an accepted event.
	RequestIDHeader = "x-amzn-requestid"
)

// Messages of spec §12.3, for callers that recognise them.
const (
	MsgTokenInvalid = "Token in the request is not valid"
	MsgNotCertified = "Skill is not certified for stage=live"
	MsgRateExceeded = "Rate exceeded"
	MsgMalformed    = "Malformed JSON"
)

// amazonBody is the error body shape of the event routes.
type amazonBody struct {
	Type    string `json:"type"`
	Message string `json:"message"`
}

func amazonError(status int, msg string) result {
	body, _ := json.Marshal(amazonBody{Type: statusType(status), Message: msg})
	return result{status: status, body: body, verdict: msg}
}

// subscriptionMissing is the 403 of steps 6 and 7b.
func subscriptionMissing(stage, skillID, name string) result {
	return amazonError(http.StatusForbidden, fmt.Sprintf("Can't find any subscription for stage=%s, skillId=%s, topicId=%s", stage, skillID, name))
}

// noEnablement is the 403 of step 7: the user enabled another skill of the emulator.
func noEnablement(clientID, user string) result {
	return amazonError(http.StatusForbidden, fmt.Sprintf("No enablement for clientId: %s, userId: %s", clientID, user))
}

// skillOf returns the skill a token was issued for. The caller holds the lock.
func (s *Server) skillOf(t *token) skillView {
	if t.skill == 0 {
		return skillView{skillID: s.cfg.SkillID, clientID: t.clientID, published: s.cfg.Published, subs: s.subs}
	}
	k := &s.cfg.OtherSkills[t.skill-1]
	return skillView{skillID: k.SkillID, clientID: t.clientID, published: k.Published, subs: k.Subscribers}
}

// enabledElsewhere reports whether a skill other than the token's has user
// among its users. The caller holds the lock.
func (s *Server) enabledElsewhere(t *token, user string) bool {
	for i := 0; i <= len(s.cfg.OtherSkills); i++ {
		if i == t.skill {
			continue
		}
		k := s.skillOf(&token{skill: i})
		if k.enabled(user) {
			return true
		}
	}
	return false
}

// target is one recipient of an event.
type target struct{ user, locale string }

// acceptEvent runs steps 1–10 of spec §12.3 for a body already read.
func (s *Server) acceptEvent(r *http.Request, body []byte, stage string, now time.Time) result {
	tok := bearer(r)
	res := s.eventChecks(tok, body, stage, now)
	res.token = shortToken(tok)
	return res
}

// withRequestID gives an answer of the event routes its request id, as
// Amazon's answers all carry one: refusals before the body is read (405,
// 408, 413) and injected faults included.
func withRequestID(res result) result {
	if res.requestID == "" {
		res.requestID = uuid.NewString()
	}
	h := make(map[string]string, len(res.header)+1)
	for k, v := range res.header {
		h[k] = v
	}
	h[RequestIDHeader] = res.requestID
	res.header = h
	return res
}

func (s *Server) eventChecks(tok string, body []byte, stage string, now time.Time) result {
	// Steps 1–3 under the lock: token, certification, rate.
	s.mu.Lock()
	t := s.tokens[tok]
	switch {
	case tok == "" || t == nil || !now.Before(t.expires):
		if t != nil {
			delete(s.tokens, tok)
		}
		s.mu.Unlock()
		return amazonError(http.StatusForbidden, MsgTokenInvalid)
	case stage == StageLive && !s.certified:
		s.mu.Unlock()
		return amazonError(http.StatusForbidden, MsgNotCertified)
	case !t.rate.allow(now, s.cfg.RateLimit):
		s.mu.Unlock()
		return amazonError(http.StatusTooManyRequests, MsgRateExceeded)
	}
	s.mu.Unlock()

	// Step 4: JSON.
	req, err := schemas.Decode(body)
	if err != nil {
		return amazonError(http.StatusBadRequest, MsgMalformed)
	}
	// Step 5: strict validation, errors only. Publication is step 6.
	if msg := violations(schemas.Validate(req, now, schemas.ValidateOptions{Strict: true})); msg != "" {
		return amazonError(http.StatusBadRequest, msg)
	}
	// Step 6: published by the token's skill.
	name := req.EventName()
	s.mu.Lock()
	skill := s.skillOf(t)
	s.mu.Unlock()
	if !slices.Contains(skill.published, name) {
		return subscriptionMissing(stage, skill.skillID, name)
	}
	ref := req.String(schemas.FieldReferenceID)
	expires, _, err := schemas.ParseTimeZoneOptional(req.String(schemas.FieldExpiryTime))
	if err != nil {
		// Validation accepted it, so this means the two disagree.
		return amazonError(http.StatusInternalServerError, "expiryTime passed validation but cannot be parsed")
	}
	audience, _ := req.Get("relevantAudience.type").(string)

	s.mu.Lock()
	defer s.mu.Unlock()
	s.store.sweep(now)
	// Step 7: recipients, among the users of the token's skill (re-read:
	// SetSubscribers may have changed them since step 6).
	skill = s.skillOf(t)
	var targets []target
	if audience == schemas.AudienceUnicast {
		user, _ := req.Get("relevantAudience.payload.user").(string)
		if !skill.enabled(user) && s.enabledElsewhere(t, user) {
			return noEnablement(skill.clientID, user)
		}
		i := slices.IndexFunc(skill.subs, func(sub Subscriber) bool { return sub.UserID == user && sub.subscribedTo(name, stage) })
		if i < 0 {
			return subscriptionMissing(stage, skill.skillID, name)
		}
		targets = []target{{user, skill.subs[i].locale()}}
	} else {
		for i := range skill.subs {
			sub := &skill.subs[i]
			if sub.subscribedTo(name, stage) && !slices.ContainsFunc(targets, func(t target) bool { return t.user == sub.UserID }) {
				targets = append(targets, target{sub.UserID, sub.locale()})
			}
		}
	}
	// Step 8: duplicates.
	for _, t := range targets {
		if s.store.duplicate(now, stage, t.user, ref) {
			return amazonError(http.StatusConflict, fmt.Sprintf("Duplicate referenceId %s for user %s", ref, t.user))
		}
	}
	multicast := audience == schemas.AudienceMulticast
	// A Multicast id conflicts within its skill only; a space never occurs in
	// an accepted referenceId, so the first skill's key is the id itself.
	multicastRef := ref
	if t.skill != 0 {
		multicastRef = skill.skillID + " " + ref
	}
	if multicast && s.store.duplicateMulticast(now, stage, multicastRef) {
		return amazonError(http.StatusConflict, fmt.Sprintf("Duplicate referenceId %s for Multicast", ref))
	}
	// Step 9: live notification limit.
	if stage == StageLive && s.cfg.NotificationLimit > 0 {
		for _, t := range targets {
			if s.store.liveCount(now, t.user) >= s.cfg.NotificationLimit {
				return amazonError(StatusNotificationLimit, "Notification limit exceeded for user "+t.user)
			}
		}
	}
	// Step 10: render and deliver.
	requestID := uuid.NewString()
	texts := map[string]string{}
	notes := make([]Notification, 0, len(targets))
	for _, t := range targets {
		text, ok := texts[t.locale]
		if !ok {
			u, err := schemas.Render(req, t.locale, schemas.RenderOptions{})
			if err != nil {
				return amazonError(http.StatusInternalServerError, "The notification cannot be rendered for locale "+t.locale+": "+err.Error())
			}
			text, texts[t.locale] = u.Text, u.Text
		}
		notes = append(notes, Notification{
			ReferenceID: ref, EventName: name, UserID: t.user, Locale: t.locale, Text: text,
			Stage: stage, Audience: audience, RequestID: requestID, Created: now, Expires: expires,
		})
	}
	s.store.add(now, notes, multicast, stage, multicastRef, expires)
	return result{
		status:    http.StatusAccepted,
		verdict:   fmt.Sprintf("accepted %s %s referenceId=%s, delivered to %d user(s)", audience, name, ref, len(notes)),
		header:    map[string]string{RequestIDHeader: requestID},
		requestID: requestID,
		delivered: notes,
	}
}

// violations formats the strict-mode errors of step 5 as Amazon's message,
// or returns "" when there are none. See the package documentation.
func violations(fs []schemas.Finding) string {
	var meta, payload []string
	for _, f := range fs {
		if f.Severity != schemas.SeverityError || f.Code == schemas.CodeEvtNotPublished {
			continue
		}
		text := phraseFinding(f)
		if findingArea(f) == "metadata" {
			if !slices.Contains(meta, text) {
				meta = append(meta, text)
			}
		} else if !slices.Contains(payload, text) {
			payload = append(payload, text)
		}
	}
	switch {
	case len(meta) > 0:
		return "Violations for metadata: [" + strings.Join(meta, "; ") + "]"
	case len(payload) > 0:
		return "Violations for payload: [" + strings.Join(payload, "; ") + "]"
	}
	return ""
}

// phraseFinding writes one finding inside the brackets.
func phraseFinding(f schemas.Finding) string {
	switch f.Code {
	case schemas.CodeExpInPast, schemas.CodeExpTooSoon, schemas.CodeExpTooLate, schemas.CodeExpVsTimestamp:
		return ExpirySentence
	}
	msg := strings.TrimSpace(f.Message)
	if f.Path != "" {
		msg = f.Path + ": " + msg
	}
	return msg + " (" + f.Code + ")"
}

// findingArea is "metadata" for envelope findings and "payload" for event findings.
func findingArea(f schemas.Finding) string {
	for _, p := range []string{"ENV_", "TS_", "REF_", "EXP_", "AUD_"} {
		if strings.HasPrefix(f.Code, p) {
			return "metadata"
		}
	}
	for _, p := range []string{"EVT_", "PL_", "TRASH_", "WEATHER_", "LOCALE_"} {
		if strings.HasPrefix(f.Code, p) {
			return "payload"
		}
	}
	if f.Path == schemas.FieldEvent || strings.HasPrefix(f.Path, schemas.FieldEvent+".") {
		return "payload"
	}
	return "metadata"
}
