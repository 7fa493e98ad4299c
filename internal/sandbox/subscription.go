package sandbox

import (
	"bytes"
	"encoding/json"
	"io"
	"slices"
	"sync"
	"time"

	"github.com/google/uuid"
)

// SubscriptionChangedType is request.type of the spec §11 skill event.
const SubscriptionChangedType = "AlexaSkillEvent.ProactiveSubscriptionChanged"

// SubscriptionChanged is the spec §11 event body the emulator posts.
type SubscriptionChanged struct {
	Version string `json:"version"`
	Context struct {
		System struct {
			Application struct {
				ApplicationID string `json:"applicationId"`
			} `json:"application"`
			User struct {
				UserID string `json:"userId"`
			} `json:"user"`
			APIEndpoint string `json:"apiEndpoint,omitempty"`
		} `json:"System"`
	} `json:"context"`
	Request struct {
		Type      string `json:"type"`
		RequestID string `json:"requestId"`
		Timestamp string `json:"timestamp"`
		Locale    string `json:"locale,omitempty"`
		Body      struct {
			Subscriptions []EventRef `json:"subscriptions"`
		} `json:"body"`
	} `json:"request"`
}

// EventRef names one subscribed event type.
type EventRef struct {
	EventName string `json:"eventName"`
}

// userEvents is a user's locale and the union of their subscribed events (any stage).
type userEvents struct {
	locale string
	events []string
}

func eventsByUser(subs []Subscriber) (map[string]*userEvents, []string) {
	m := map[string]*userEvents{}
	var order []string
	for _, s := range subs {
		u := m[s.UserID]
		if u == nil {
			u = &userEvents{locale: s.locale()}
			m[s.UserID] = u
			order = append(order, s.UserID)
		}
		for _, n := range s.EventNames {
			if !slices.Contains(u.events, n) {
				u.events = append(u.events, n)
			}
		}
	}
	for _, u := range m {
		slices.Sort(u.events)
	}
	return m, order
}

// maxConcurrentNotices bounds the subscription-changed posts in flight, so a
// slow skill endpoint delays SetSubscribers by about one post timeout, not
// one per user, without opening a connection per user at once.
const maxConcurrentNotices = 8

// notifySubscriptionChanges posts one event per user whose set changed, up
// to maxConcurrentNotices at a time, and returns when all are done.
func (s *Server) notifySubscriptionChanges(prev, next []Subscriber) {
	before, beforeOrder := eventsByUser(prev)
	after, afterOrder := eventsByUser(next)
	now := s.now()
	var wg sync.WaitGroup
	slots := make(chan struct{}, maxConcurrentNotices)
	post := func(user string, u *userEvents) {
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-slots; wg.Done() }()
			s.postSubscriptionChanged(user, u, now)
		}()
	}
	for _, user := range afterOrder {
		if b := before[user]; b == nil || !slices.Equal(b.events, after[user].events) {
			post(user, after[user])
		}
	}
	for _, user := range beforeOrder {
		if after[user] == nil && len(before[user].events) > 0 {
			post(user, &userEvents{locale: before[user].locale})
		}
	}
	wg.Wait()
}

func (s *Server) postSubscriptionChanged(user string, u *userEvents, now time.Time) {
	var ev SubscriptionChanged
	ev.Version = "1.0"
	ev.Context.System.Application.ApplicationID = s.cfg.SkillID
	ev.Context.System.User.UserID = user
	ev.Context.System.APIEndpoint = s.BaseURL()
	ev.Request.Type = SubscriptionChangedType
	ev.Request.RequestID = "amzn1.echo-api.request." + uuid.NewString()
	ev.Request.Timestamp = now.UTC().Format("2006-01-02T15:04:05.000Z")
	ev.Request.Locale = u.locale
	ev.Request.Body.Subscriptions = make([]EventRef, 0, len(u.events))
	for _, n := range u.events {
		ev.Request.Body.Subscriptions = append(ev.Request.Body.Subscriptions, EventRef{EventName: n})
	}
	body, _ := json.Marshal(ev)
	if err := checkLoopbackURL(s.cfg.SubscriptionEndpoint); err != nil {
		s.log.Warn("subscription change not posted", "user", user, "error", err.Error())
		return
	}
	resp, err := s.post.Post(s.cfg.SubscriptionEndpoint, "application/json", bytes.NewReader(body))
	if err != nil {
		s.log.Warn("subscription change not posted", "user", user, "endpoint", s.cfg.SubscriptionEndpoint, "error", err.Error())
		return
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, MaxBodyBytes))
	_ = resp.Body.Close()
	s.log.Info("subscription change posted", "user", user, "events", len(u.events), "endpoint", s.cfg.SubscriptionEndpoint, "status", resp.StatusCode)
}
