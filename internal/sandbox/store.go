package sandbox

import (
	"time"
)

// Notification is one delivered notification as the emulator keeps it.
type Notification struct {
	ReferenceID string    `json:"referenceId"`
	EventName   string    `json:"eventName"`
	UserID      string    `json:"userId"`
	Locale      string    `json:"locale"`   // the user's locale the text was rendered in
	Text        string    `json:"text"`     // the sentence (schemas.Render for Locale)
	Stage       string    `json:"stage"`    // development or live
	Audience    string    `json:"audience"` // Unicast or Multicast
	RequestID   string    `json:"requestId"`
	Created     time.Time `json:"created"` // receipt time by the emulator's clock
	Expires     time.Time `json:"expires"` // the event's expiryTime; gone from then on
}

// maxStored and maxStoredBytes bound the stored notifications by count and
// by size (noteSize of each); the oldest go first.
const (
	maxStored      = 100_000
	maxStoredBytes = 32 << 20
)

// noteSize is what a notification counts against maxStoredBytes: its
// strings and a fixed share for the struct and index entries.
func noteSize(n *Notification) int {
	return 256 + len(n.ReferenceID) + len(n.EventName) + len(n.UserID) + len(n.Locale) + len(n.Text) +
		len(n.Stage) + len(n.Audience) + len(n.RequestID)
}

// sweepEvery is how often (by the emulator's clock) expired entries are removed.
const sweepEvery = time.Second

type noteKey struct{ stage, user, ref string }

type multicastKey struct{ stage, ref string }

// store holds notifications, their duplicate index, earlier Multicast ids and
// live delivery times. The server lock guards it.
type store struct {
	notes     []Notification             // in delivery order
	bytes     int                        // sum of noteSize over notes
	byKey     map[noteKey]time.Time      // stage+user+referenceId → expiry
	multicast map[multicastKey]time.Time // stage+referenceId of a Multicast → expiry
	liveSent  map[string][]time.Time     // user → live delivery times within the last 24 h
	lastSweep time.Time
}

func newStore() store {
	return store{byKey: map[noteKey]time.Time{}, multicast: map[multicastKey]time.Time{}, liveSent: map[string][]time.Time{}}
}

// alive reports whether something expiring at exp is still there at now.
func alive(now, exp time.Time) bool { return now.Before(exp) }

// sweep drops expired notifications and index entries, at most once per
// sweepEvery of clock time.
func (st *store) sweep(now time.Time) {
	if !st.lastSweep.IsZero() && !now.Before(st.lastSweep) && now.Sub(st.lastSweep) < sweepEvery {
		return
	}
	st.lastSweep = now
	kept := st.notes[:0]
	for _, n := range st.notes {
		if alive(now, n.Expires) {
			kept = append(kept, n)
		} else {
			st.bytes -= noteSize(&n)
		}
	}
	clear(st.notes[len(kept):])
	st.notes = kept
	for k, exp := range st.byKey {
		if !alive(now, exp) {
			delete(st.byKey, k)
		}
	}
	for k, exp := range st.multicast {
		if !alive(now, exp) {
			delete(st.multicast, k)
		}
	}
	for u, times := range st.liveSent {
		if pruned := withinDay(now, times); len(pruned) == 0 {
			delete(st.liveSent, u)
		} else {
			st.liveSent[u] = pruned
		}
	}
}

// withinDay keeps the times in the rolling 24 hours before now.
func withinDay(now time.Time, times []time.Time) []time.Time {
	i := 0
	for i < len(times) && !times[i].After(now.Add(-24*time.Hour)) {
		i++
	}
	return times[i:]
}

// duplicate reports whether user already holds a notification with ref on stage.
func (st *store) duplicate(now time.Time, stage, user, ref string) bool {
	exp, ok := st.byKey[noteKey{stage, user, ref}]
	return ok && alive(now, exp)
}

// duplicateMulticast reports whether an unexpired Multicast used ref on stage.
func (st *store) duplicateMulticast(now time.Time, stage, ref string) bool {
	exp, ok := st.multicast[multicastKey{stage, ref}]
	return ok && alive(now, exp)
}

// liveCount is the number of live notifications delivered to user in the rolling 24 h.
func (st *store) liveCount(now time.Time, user string) int {
	return len(withinDay(now, st.liveSent[user]))
}

// add stores delivered notifications; multicast records the id for later conflicts.
func (st *store) add(now time.Time, notes []Notification, multicast bool, stage, ref string, expires time.Time) {
	for _, n := range notes {
		st.notes = append(st.notes, n)
		st.bytes += noteSize(&n)
		st.byKey[noteKey{n.Stage, n.UserID, n.ReferenceID}] = n.Expires
		if n.Stage == StageLive {
			st.liveSent[n.UserID] = append(withinDay(now, st.liveSent[n.UserID]), now)
		}
	}
	if multicast {
		st.multicast[multicastKey{stage, ref}] = expires
	}
	over := 0
	for over < len(st.notes) && (len(st.notes)-over > maxStored || st.bytes > maxStoredBytes) {
		n := &st.notes[over]
		st.bytes -= noteSize(n)
		delete(st.byKey, noteKey{n.Stage, n.UserID, n.ReferenceID})
		over++
	}
	if over > 0 {
		n := copy(st.notes, st.notes[over:])
		clear(st.notes[n:])
		st.notes = st.notes[:n]
	}
}

// list returns the unexpired notifications of user and stage ("" = all).
func (st *store) list(now time.Time, user, stage string) []Notification {
	st.sweep(now)
	out := []Notification{}
	for _, n := range st.notes {
		if (user == "" || n.UserID == user) && (stage == "" || n.Stage == stage) && alive(now, n.Expires) {
			out = append(out, n)
		}
	}
	return out
}
