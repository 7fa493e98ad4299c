package ui

import (
	"time"

	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/template"
)

// This file expands the placeholders a draft's strings may hold
// ({{now}}, {{now+23h}}, {{ref}}, {{user:LABEL}}, {{env:NAME}}): the form and
// the preview show the values with one reference id per draft, so the
// preview does not flicker; a send expands afresh, with a new id each time.

// templateEnv is the placeholders' environment at now: the saved users of
// the active profile by label; ref makes {{ref}} (nil = a new id per use).
func (m Model) templateEnv(now time.Time, ref func() string) template.Env {
	users := m.opts.Users
	return template.Env{Now: now, NewRef: ref, User: func(label string) (string, bool) {
		for _, u := range users {
			if u.Label == label {
				return u.ID, true
			}
		}
		return "", false
	}}
}

// previewExpander expands the draft's placeholders for the form and the
// preview, with the draft's fixed reference id.
func (m Model) previewExpander(now time.Time) *template.Expander {
	ref := m.nl.ref
	return template.New(m.templateEnv(now, func() string { return ref }))
}

// rawBody is the draft's body as written, placeholders kept (indented), or
// the body when there is no draft.
func (m Model) rawBody() []byte {
	if m.dv == nil || m.dv.Template == nil {
		return m.bodyBytes()
	}
	return m.dv.Template.Encode()
}

// sendBody is the compact body to send: the placeholders expanded afresh
// with a new reference id, at the instant the draft was derived (m.dv.Now),
// so the body is the one its findings judge. When they cannot be expanded,
// the derived body (whose findings name the placeholder) is sent through
// the usual checks.
func (m Model) sendBody() []byte {
	raw := m.rawBody()
	if template.Has(raw) {
		x := template.New(m.templateEnv(m.dv.Now, nil))
		if body, fs, err := x.Body(raw); err == nil && len(fs) == 0 {
			if req, err := schemas.Decode(body); err == nil {
				return req.EncodeCompact()
			}
		}
	}
	return m.dv.Request.EncodeCompact()
}
