package main

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/speech"
	"github.com/pe-tui/pe-tui/internal/speech/speechtest"
)

// TestPreviewWAV writes the sentence as a WAV file with the real espeak-ng,
// refuses to replace it without --force and replaces it with --force.
func TestPreviewWAV(t *testing.T) {
	speechtest.Require(t)
	wav := filepath.Join(t.TempDir(), "occasion.wav")
	code, out, errOut := validateCLI(t, "", "preview", "--wav", wav, "--locale", "de-DE", validateGolden("Occasion"))
	if code != exitOK || !strings.HasPrefix(out, "Your appointment at Dental XYZ") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	for _, want := range []string{"wrote " + wav, "espeak-ng voice de", `"XYZ" is in capitals`, "(localizedAttributes[0].providerName)"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q: %s", want, errOut)
		}
	}
	data, err := os.ReadFile(wav)
	if err != nil {
		t.Fatal(err)
	}
	info, err := speech.ParseWAV(data)
	if err != nil || info.DataOffset+info.DataBytes != len(data) || info.Duration < 3*time.Second || info.Duration > 15*time.Second {
		t.Errorf("%+v %v", info, err)
	}
	code, _, errOut = validateCLI(t, "", "preview", "--wav", wav, validateGolden("WeatherAlert"))
	if code != exitUsage || !strings.Contains(errOut, "--force") {
		t.Errorf("existing file: exit %d %s", code, errOut)
	}
	if after, _ := os.ReadFile(wav); string(after) != string(data) {
		t.Error("the existing file was changed without --force")
	}
	if code, _, errOut = validateCLI(t, "", "preview", "--wav", wav, "--force", validateGolden("WeatherAlert")); code != exitOK {
		t.Errorf("--force: exit %d %s", code, errOut)
	}
}

// TestPreviewWAVBadDestinations: a directory, a FIFO (which must not block)
// and a lone --force are refused with a message that says what to do.
func TestPreviewWAVBadDestinations(t *testing.T) {
	speechtest.Require(t)
	dir := t.TempDir()
	fifo := filepath.Join(dir, "fifo.wav")
	if err := syscall.Mkfifo(fifo, 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--wav", dir}, "is a directory"},
		{[]string{"--wav", fifo, "--force"}, "not a regular file"},
		{[]string{"--force"}, "--force only applies to --wav"},
		{[]string{"--wav="}, "--wav needs a file name"},
	} {
		args := append(append([]string{"preview"}, c.args...), validateGolden("WeatherAlert"))
		code, _, errOut := validateCLI(t, "", args...)
		if code != exitUsage || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d %q", c.args, code, errOut)
		}
	}
}

// TestPreviewJSONDuration: --json adds the spoken text, the voice, notes and
// the duration measured with the real espeak-ng.
func TestPreviewJSONDuration(t *testing.T) {
	speechtest.Require(t)
	code, out, _ := validateCLI(t, "", "preview", "--json", "--locale", "es-MX", validateGolden("OrderStatus"))
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	var got struct {
		Text, Spoken, Voice string
		VoiceExact          bool
		Duration            *float64
		SpeechNotes         []speech.Note
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got.Duration == nil || *got.Duration < 2 || *got.Duration > 15 || got.Voice != "es-419" || got.VoiceExact ||
		!strings.Contains(got.Spoken, "4 de marzo de 2024") || len(got.SpeechNotes) == 0 || got.SpeechNotes[0].Kind != speech.NoteVoice {
		t.Errorf("%s", out)
	}
}

// TestPreviewSpeakWithoutAudioDevice: --speak on a machine without sound
// fails at once with exit 2 and suggests --wav.
func TestPreviewSpeakWithoutAudioDevice(t *testing.T) {
	speechtest.Require(t)
	speechtest.NoAudio(t)
	code, out, errOut := validateCLI(t, "", "preview", "--speak", validateGolden("WeatherAlert"))
	if code != exitUsage || !strings.Contains(errOut, "no audio output") || !strings.Contains(errOut, "--wav FILE") || out == "" {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
}

// TestPreviewWithoutEspeak hides espeak-ng from PATH: --speak and --wav say
// how to install it, and preview and preview --json work as without speech.
func TestPreviewWithoutEspeak(t *testing.T) {
	t.Setenv("PATH", t.TempDir())
	wav := filepath.Join(t.TempDir(), "x.wav")
	for _, args := range [][]string{{"--speak"}, {"--wav", wav}} {
		code, _, errOut := validateCLI(t, "", append(append([]string{"preview"}, args...), validateGolden("SportsEvent"))...)
		if code != exitUsage || !strings.Contains(errOut, "espeak-ng is not installed") || !strings.Contains(errOut, "apt-get install espeak-ng") {
			t.Errorf("%v: exit %d %q", args, code, errOut)
		}
	}
	if _, err := os.Stat(wav); !os.IsNotExist(err) {
		t.Errorf("a WAV file appeared: %v", err)
	}
	code, out, errOut := validateCLI(t, "", "preview", validateGolden("SportsEvent"))
	if code != exitOK || out != "TreeFruit League match update, Apples scored! Oranges 1, Apples 2.\n" || errOut != "" {
		t.Errorf("plain preview changed: %d %q %q", code, out, errOut)
	}
	code, out, errOut = validateCLI(t, "", "preview", "--json", validateGolden("SportsEvent"))
	if code != exitOK || strings.Contains(out, `"duration"`) || !strings.Contains(out, `"voice":"en-us"`) || errOut != "" {
		t.Errorf("--json: %d %q %q", code, out, errOut)
	}
}

// TestPreviewSpeechBinary runs the built binary as a user does: --speak
// without a sound device ends promptly with the --wav hint, and with
// espeak-ng out of PATH --wav says how to install it.
func TestPreviewSpeechBinary(t *testing.T) {
	speechtest.Require(t)
	bin := testBinary(t)
	var all strings.Builder
	noPulse := "PULSE_SERVER=unix:" + filepath.Join(t.TempDir(), "no-pulse")
	env := []string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir(), "ALSA_CONFIG_PATH=" + os.DevNull, noPulse}
	start := time.Now()
	out, code := testRunBinary(t, bin, env, &all, "", "preview", "--speak", validateGolden("MessageAlert"))
	if code != exitUsage || !strings.Contains(out, "--wav FILE") || time.Since(start) > 10*time.Second {
		t.Errorf("--speak: exit %d after %v: %s", code, time.Since(start), out)
	}
	env[0] = "PATH=" + t.TempDir()
	out, code = testRunBinary(t, bin, env, &all, "", "preview", "--wav", filepath.Join(t.TempDir(), "m.wav"), validateGolden("MessageAlert"))
	if code != exitUsage || !strings.Contains(out, "apt-get install espeak-ng") {
		t.Errorf("--wav without espeak-ng: exit %d: %s", code, out)
	}
}

// TestPreviewSpeakInterrupted sends SIGINT to pe-tui alone while espeak-ng
// plays (an engine that never finishes): pe-tui exits 130 at once and the
// engine process is gone.
func TestPreviewSpeakInterrupted(t *testing.T) {
	speechtest.Require(t)
	real, err := exec.LookPath("espeak-ng")
	if err != nil {
		t.Fatal(err)
	}
	bin := testBinary(t)
	dir := t.TempDir()
	pidFile := filepath.Join(dir, "engine.pid")
	script := "#!/bin/sh\nfor a in \"$@\"; do [ \"$a\" = --stdout ] && exec " + real + " \"$@\"; done\necho $$ > " + pidFile + "\nexec sleep 600\n"
	if err := os.WriteFile(filepath.Join(dir, "espeak-ng"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "preview", "--speak", validateGolden("WeatherAlert"))
	cmd.Env = []string{"PATH=" + dir + ":/usr/bin:/bin", "HOME=" + dir}
	var errOut strings.Builder
	cmd.Stderr = &errOut
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var pid int
	for deadline := time.Now().Add(10 * time.Second); pid == 0 && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if b, err := os.ReadFile(pidFile); err == nil && strings.HasSuffix(string(b), "\n") {
			pid, _ = strconv.Atoi(strings.TrimSpace(string(b)))
		}
	}
	if pid == 0 {
		_ = cmd.Process.Kill()
		t.Fatalf("the engine never started playing: %s", errOut.String())
	}
	if err := cmd.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		_ = cmd.Process.Kill()
		t.Fatal("pe-tui did not stop on SIGINT")
	}
	if code := cmd.ProcessState.ExitCode(); code != exitInterrupted || !strings.Contains(errOut.String(), "stopped speaking") {
		t.Errorf("exit %d: %s", code, errOut.String())
	}
	if err := syscall.Kill(pid, 0); err == nil {
		_ = syscall.Kill(pid, syscall.SIGKILL)
		t.Error("espeak-ng kept running after pe-tui was interrupted")
	}
}
