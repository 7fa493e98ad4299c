package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/pe-tui/pe-tui/internal/speech/speechtest"
	"github.com/pe-tui/pe-tui/internal/ui/uitest"
)

// keyF6 is F6 (uitest.Key names F1–F5 only).
var keyF6 = tea.KeyPressMsg{Code: tea.KeyF6}

// fakeEspeak puts an espeak-ng running script first (and alone) in PATH.
func fakeEspeak(t *testing.T, script string) {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "espeak-ng"), []byte("#!/bin/sh\n"+script+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir)
}

// within runs f in a goroutine and fails when it has not returned in a
// generous bound: a blocked Update would hang the whole UI.
func within[T any](t *testing.T, what string, f func() T) T {
	t.Helper()
	ch := make(chan *T, 1)
	go func() { v := f(); ch <- &v }()
	select {
	case v := <-ch:
		return *v
	case <-time.After(10 * time.Second):
		t.Fatalf("%s blocked (the fake espeak-ng sleeps for 600 s)", what)
		panic("unreachable")
	}
}

// startSpeaking presses F6 on m and delivers the start command's answer,
// each step bounded; it returns the model and the command that waits for
// the duration (not run: the fake engine never answers).
func startSpeaking(t *testing.T, m Model) (Model, speechStartedMsg, tea.Cmd) {
	t.Helper()
	type res struct {
		m   tea.Model
		cmd tea.Cmd
	}
	r := within(t, "Update(F6)", func() res { nm, c := m.Update(keyF6); return res{nm, c} })
	if r.cmd == nil {
		t.Fatal("F6 returned no command")
	}
	started, ok := within(t, "the start command", func() tea.Msg { return r.cmd() }).(speechStartedMsg)
	if !ok || started.play == nil || started.err != nil {
		t.Fatalf("start: %#v", started)
	}
	r = within(t, "Update(started)", func() res { nm, c := r.m.Update(started); return res{nm, c} })
	return r.m.(Model), started, r.cmd
}

// TestSpeakNeverBlocksAndStops: with an espeak-ng that hangs, F6 and every
// answer return at once, the status says how to stop, F6 again stops the
// engine, and the answers about the stopped playback change nothing.
func TestSpeakNeverBlocksAndStops(t *testing.T) {
	fakeEspeak(t, "exec /bin/sleep 600")
	m, _ := newTestModel(t, 120, 40)
	m = press(t, m, "enter")
	m, first, wait := startSpeaking(t, m)
	if wait == nil || m.speech.play != first.play {
		t.Fatal("the playback is not kept, or nothing waits for it")
	}
	requireScreen(t, m, "Speaking, espeak-ng voice en-us", "F6 stops")

	m = within(t, "Update(F6 again)", func() Model { return update(t, m, keyF6) })
	requireScreen(t, m, "Stopped speaking")
	within(t, "the stopped engine", func() bool { <-first.play.Done(); return true })

	// A second playback; the first one's answers arrive late and are ignored.
	m, second, _ := startSpeaking(t, m)
	m = update(t, m, speechMeasuredMsg{play: first.play})
	m = update(t, m, speechDoneMsg{play: first.play})
	if m.speech.play != second.play {
		t.Fatal("a stale answer replaced the current playback")
	}
	rejectScreen(t, m, "Spoke")
	requireScreen(t, m, "F6 stops")

	// Quitting stops the engine too.
	_, cmd := m.Update(uitest.Key("ctrl+c"))
	within(t, "quit", func() tea.Msg { return runCmd(cmd) })
	within(t, "the engine after quit", func() bool { <-second.play.Done(); return true })
}

// TestSpeakNotInstalled: without espeak-ng in PATH, F6 says how to install it.
func TestSpeakNotInstalled(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	m, _ := newTestModel(t, 160, 40)
	m = update(t, press(t, m, "enter"), keyF6)
	requireScreen(t, m, "espeak-ng is not installed", "apt-get install espeak-ng")
	if m.speech.play != nil || m.speech.pending {
		t.Fatal("a failed start left a playback behind")
	}
	// No durations are measured without the engine.
	m = update(t, m, tickMsg{})
	m = update(t, m, tickMsg{})
	rejectScreen(t, m, "Spoken:")
}

// TestSpeakNoAudio runs the real espeak-ng without an audio output: the
// sentence is measured, and the failure says how to write a file instead.
func TestSpeakNoAudio(t *testing.T) {
	speechtest.Require(t)
	speechtest.NoAudio(t)
	m, _ := newTestModel(t, 200, 40)
	m = press(t, m, "enter")
	m = within(t, "a whole playback", func() Model { return update(t, m, keyF6) })
	requireScreen(t, m, "No audio output for espeak-ng; pe-tui preview --wav FILE writes a file")
	if m.speech.play != nil {
		t.Fatal("the finished playback is still kept")
	}
}

// TestSpeechDurations: once the sentences stay the same for a tick, their
// spoken length per locale is measured and shown in the preview.
func TestSpeechDurations(t *testing.T) {
	speechtest.Require(t)
	m, _ := newTestModel(t, 120, 40)
	m = press(t, m, "enter")
	m = update(t, m, tickMsg{})
	rejectScreen(t, m, "Spoken:")
	m = update(t, m, tickMsg{})
	requireScreen(t, m, "Spoken: en-US ")
	if !strings.Contains(m.speech.durations, " s") {
		t.Fatalf("durations %q", m.speech.durations)
	}
	// A stale measurement (an older generation) is dropped.
	m = update(t, m, speechLengthsMsg{gen: m.speech.gen - 1, text: "xx-XX 99.0 s"})
	rejectScreen(t, m, "xx-XX")
}
