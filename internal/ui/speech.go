package ui

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/speech"
	"github.com/pe-tui/pe-tui/internal/termtext"
)

// Hearing the preview (F6): the root speaks the preview sentence in the
// preview locale's espeak-ng voice without blocking. speech.Speak returns a
// Playback at once; commands wait on its Measured and Done channels and
// answer with messages that carry the Playback, so an answer about a
// playback that was stopped (or replaced) is ignored. The spoken length of
// every locale's sentence is measured in a command once the sentences have
// stayed unchanged for a tick, numbered by a generation so that a late
// answer about older sentences is dropped.

// speechState is the root's part of hearing the preview.
type speechState struct {
	play    *speech.Playback // the sentence being spoken; nil when silent
	seq     int              // numbers F6 presses; a start answer for an older one is stopped at once
	pending bool             // a start command runs

	key       string   // the sentences of the draft (locale and text) last seen by a tick
	measured  string   // the sentences the durations line is about
	gen       int      // numbers measurements; a stale answer is dropped
	durations string   // "en-US 4.4 s · ja-JP 15.9 s ⚠", "" when not measured
	notes     []string // how the preview sentence sounds (speech.Prepare's notes), cleaned
	notesFor  string   // the locale and sentence the notes are about
}

// Messages of hearing the preview.
type (
	speechStartedMsg struct {
		seq  int
		play *speech.Playback
		err  error
	}
	speechMeasuredMsg struct{ play *speech.Playback }
	speechDoneMsg     struct{ play *speech.Playback }
	speechLengthsMsg  struct {
		gen  int
		text string
	}
)

// noAudioHint is added to the status when espeak-ng has no audio output.
const noAudioHint = "; pe-tui preview --wav FILE writes a file"

// toggleSpeech is F6: it stops the sentence being spoken, or starts
// speaking the preview sentence.
func (m *Model) toggleSpeech() tea.Cmd {
	sp := &m.speech
	if sp.play != nil || sp.pending {
		m.stopSpeech()
		m.setStatus(statusMsg{kind: statusInfo, text: "Stopped speaking"})
		return nil
	}
	script, ok := m.speechScript()
	if !ok {
		m.setStatus(statusMsg{kind: statusInfo, text: "Nothing to speak: the preview has no sentence"})
		return nil
	}
	sp.seq++
	sp.pending = true
	seq := sp.seq
	m.setStatus(statusMsg{kind: statusInfo, text: "Starting espeak-ng… F6 stops", ttl: time.Minute})
	return func() tea.Msg {
		p, err := speech.Speak(context.Background(), script)
		return speechStartedMsg{seq: seq, play: p, err: err}
	}
}

// stopSpeech stops the sentence being spoken (or about to be) and forgets it.
func (m *Model) stopSpeech() {
	sp := &m.speech
	if sp.play != nil {
		sp.play.Stop()
	}
	sp.play, sp.pending = nil, false
	sp.seq++
}

// quit stops speaking and quits; while a sentence is spoken it waits
// (at most a second) for espeak-ng to end so that no sound outlives the app.
func (m *Model) quit() tea.Cmd {
	p := m.speech.play
	m.stopSpeech()
	if p == nil {
		return tea.Quit
	}
	return tea.Sequence(func() tea.Msg {
		select {
		case <-p.Done():
		case <-time.After(time.Second):
		}
		return nil
	}, tea.Quit)
}

// speechScript prepares the preview sentence in the preview locale: the
// draft's, or the sample's while no draft is open.
func (m Model) speechScript() (speech.Script, bool) {
	req := m.sample
	if m.dv != nil {
		req = m.dv.Request
	}
	if req == nil {
		return speech.Script{}, false
	}
	u, err := schemas.Render(req, m.locale, m.opts.Render)
	if err != nil || strings.TrimSpace(u.Text) == "" {
		return speech.Script{}, false
	}
	return speech.Prepare(u, req), true
}

// updateSpeech handles the answers of the speech commands; ok is false for any other message.
func (m Model) updateSpeech(msg tea.Msg) (Model, tea.Cmd, bool) {
	sp := &m.speech
	switch msg := msg.(type) {
	case speechStartedMsg:
		if msg.seq != sp.seq || !sp.pending {
			// F6 was pressed again (or the app moved on) before espeak-ng started.
			if msg.play != nil {
				msg.play.Stop()
			}
			return m, nil, true
		}
		sp.pending = false
		if msg.err != nil {
			m.setStatus(statusMsg{kind: statusErr, text: speechError(msg.err), ttl: 30 * time.Second})
			return m, nil, true
		}
		sp.play = msg.play
		p := msg.play
		_, who, _ := strings.Cut(speech.Describe(p.Voice(), 0), ", ")
		m.setStatus(statusMsg{kind: statusInfo, text: "Speaking, " + who + " — F6 stops", ttl: time.Minute})
		return m, func() tea.Msg { <-p.Measured(); return speechMeasuredMsg{play: p} }, true
	case speechMeasuredMsg:
		if msg.play != sp.play {
			return m, nil, true
		}
		p := msg.play
		text := "Speaking " + speech.Describe(p.Voice(), p.Duration()) + " — F6 stops"
		if n, long := speech.LongNote(p.Duration()); long {
			text += " · ⚠ " + n.Message
		}
		m.setStatus(statusMsg{kind: statusInfo, text: text, ttl: p.Duration() + time.Minute})
		return m, func() tea.Msg { <-p.Done(); return speechDoneMsg{play: p} }, true
	case speechDoneMsg:
		if msg.play != sp.play {
			return m, nil, true
		}
		p := msg.play
		sp.play = nil
		if err := p.Err(); err != nil {
			m.setStatus(statusMsg{kind: statusErr, text: speechError(err), ttl: 30 * time.Second})
			return m, nil, true
		}
		m.setStatus(statusMsg{kind: statusOK, text: "Spoke " + speech.Describe(p.Voice(), p.Duration())})
		return m, nil, true
	case speechLengthsMsg:
		if msg.gen == sp.gen {
			sp.durations = msg.text
			m.showSpeechNotes()
		}
		return m, nil, true
	}
	return m, nil, false
}

// speechError is the status text of a failed playback.
func speechError(err error) string {
	if errors.Is(err, speech.ErrNoAudio) {
		// Short, so that the hint fits a 120-column status line.
		return "No audio output for espeak-ng" + noAudioHint
	}
	return termtext.Clean(err.Error())
}

// speechTick runs on every expiry tick: when the draft's sentences have
// stayed as they were since the last tick and their spoken lengths are not
// known yet, it measures them (a debounce of one tick).
func (m *Model) speechTick() tea.Cmd {
	sp := &m.speech
	if m.dv == nil {
		sp.key, sp.measured, sp.durations = "", "", ""
		return nil
	}
	locales := m.dv.Locales
	scripts := make([]speech.Script, 0, len(locales))
	var key strings.Builder
	for _, l := range locales {
		u, err := schemas.Render(m.dv.Request, l, m.opts.Render)
		if err != nil || strings.TrimSpace(u.Text) == "" {
			continue
		}
		s := speech.Prepare(u, m.dv.Request)
		scripts = append(scripts, s)
		key.WriteString(l + "\x00" + s.Voice.Name + "\x00" + s.Text + "\x00")
	}
	k := key.String()
	if k != sp.key {
		// Changed since the last tick: wait for the next one.
		sp.key = k
		return nil
	}
	if k == sp.measured {
		return nil
	}
	sp.measured = k
	sp.gen++
	gen := sp.gen
	return func() tea.Msg {
		if speech.Available() != nil || len(scripts) == 0 {
			return speechLengthsMsg{gen: gen}
		}
		return speechLengthsMsg{gen: gen, text: measureAll(scripts)}
	}
}

// measureAll measures each script: "en-US 4.4 s · ja-JP 15.9 s ⚠".
func measureAll(scripts []speech.Script) string {
	ctx, cancel := context.WithTimeout(context.Background(), speech.SynthTimeout)
	defer cancel()
	parts := make([]string, 0, len(scripts))
	for _, s := range scripts {
		d, err := speech.Measure(ctx, s)
		if err != nil {
			parts = append(parts, s.Voice.Locale+" ?")
			continue
		}
		part := fmt.Sprintf("%s %.1f s", s.Voice.Locale, d.Seconds())
		if _, long := speech.LongNote(d); long {
			part += " ⚠"
		}
		parts = append(parts, part)
	}
	return strings.Join(parts, " · ")
}

// speechNotes prepares the preview sentence u of req as it is spoken and
// keeps its notes (how it sounds) for the preview's note area.
func (m *Model) speechNotes(u schemas.Utterance, req *schemas.Request) {
	if key := m.locale + "\x00" + u.Text; key != m.speech.notesFor {
		m.speech.notesFor = key
		m.speech.notes = prepareNotes(u, req)
	}
	m.showSpeechNotes()
}

// prepareNotes are the notes of speech.Prepare on u, as note-area lines.
func prepareNotes(u schemas.Utterance, req *schemas.Request) []string {
	var notes []string
	if strings.TrimSpace(u.Text) != "" {
		for _, n := range speech.Prepare(u, req).Notes {
			if n.Kind == speech.NoteVoice {
				continue // the status line names the voice when it speaks
			}
			l := n.Message
			if n.Path != "" {
				l += " (" + n.Path + ")"
			}
			notes = append(notes, termtext.Clean(l))
		}
	}
	return notes
}

// showSpeechNotes puts the spoken lengths and the notes on how the preview
// sentence sounds in the preview's note area.
func (m *Model) showSpeechNotes() {
	lines := m.speech.notes
	if d := m.speech.durations; d != "" {
		lines = append([]string{"Spoken: " + d}, lines...)
	}
	m.preview.SetNotes(lines)
}
