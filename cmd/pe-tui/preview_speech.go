package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/pe-tui/pe-tui/internal/schemas"
	"github.com/pe-tui/pe-tui/internal/speech"
)

// exitInterrupted is the shell's status for a command ended by SIGINT.
const exitInterrupted = 130

// speakFlags are preview's listening options (--speak, --wav, --force).
type speakFlags struct {
	speak bool
	wav   string
	force bool
}

func (sp *speakFlags) register(cmd *cobra.Command) {
	f := cmd.Flags()
	f.BoolVar(&sp.speak, "speak", false, "speak the sentence aloud with espeak-ng in the locale's voice")
	f.StringVar(&sp.wav, "wav", "", "write the spoken sentence to the WAV `FILE` (no audio device needed)")
	f.BoolVar(&sp.force, "force", false, "with --wav, replace an existing file")
}

// check rejects option combinations that do nothing.
func (sp *speakFlags) check(cmd *cobra.Command) error {
	if sp.force && sp.wav == "" {
		return exitWith(exitUsage, "--force only applies to --wav FILE")
	}
	if cmd.Flags().Changed("wav") && sp.wav == "" {
		return exitWith(exitUsage, "--wav needs a file name, e.g. --wav preview.wav")
	}
	return nil
}

func (sp *speakFlags) active() bool { return sp.speak || sp.wav != "" }

// previewSpoken is preview --json's output: the utterance plus how it sounds.
type previewSpoken struct {
	schemas.Utterance
	Spoken      string        `json:"spoken"`             // the text given to the speech engine
	Voice       string        `json:"voice"`              // the espeak-ng voice
	VoiceExact  bool          `json:"voiceExact"`         // false when the voice is only the nearest to the locale
	Duration    *float64      `json:"duration,omitempty"` // seconds spoken; absent when espeak-ng is not installed
	SpeechNotes []speech.Note `json:"speechNotes"`        // what may sound wrong on a device
}

// hear prepares the sentence and, when asked or when --json wants the
// duration, synthesizes it, writes the WAV file and plays it. It returns the
// JSON view and reports progress and notes on w (standard error) when text
// output is on.
func (sp *speakFlags) hear(ctx context.Context, w io.Writer, u schemas.Utterance, r *schemas.Request, asJSON bool) (previewSpoken, error) {
	s := speech.Prepare(u, r)
	out := previewSpoken{Utterance: u, Spoken: s.Text, Voice: s.Voice.Name, VoiceExact: s.Voice.Exact, SpeechNotes: s.Notes}
	if !sp.active() && !asJSON {
		return out, nil
	}
	if !sp.active() && speech.Available() != nil {
		return out, nil // --json alone: the duration needs espeak-ng; nothing else changes without it
	}
	if !asJSON {
		for _, n := range s.Notes {
			fmt.Fprintln(w, "note: "+noteLine(n))
		}
	}
	wav, info, err := speech.Synthesize(ctx, s)
	if err != nil {
		return out, exitWith(exitUsage, err.Error())
	}
	secs := math.Round(info.Duration.Seconds()*100) / 100
	out.Duration = &secs
	if n, long := speech.LongNote(info.Duration); long {
		out.SpeechNotes = append(out.SpeechNotes, n)
		if !asJSON {
			fmt.Fprintln(w, "warning: "+n.Message)
		}
	}
	if out.SpeechNotes == nil {
		out.SpeechNotes = []speech.Note{}
	}
	if sp.wav != "" {
		if err := speech.WriteFile(sp.wav, wav, sp.force); err != nil {
			return out, exitWith(exitUsage, "--wav: "+err.Error())
		}
		if !asJSON {
			fmt.Fprintf(w, "wrote %s: %s\n", sp.wav, speech.Describe(s.Voice, info.Duration))
		}
	}
	if sp.speak {
		// Ctrl+C (or SIGTERM) stops espeak-ng too, even when it is not in
		// the terminal's foreground process group.
		playCtx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
		err := speech.Play(playCtx, s, info.Duration)
		interrupted := playCtx.Err() != nil && ctx.Err() == nil
		stop()
		if interrupted {
			return out, exitWith(exitInterrupted, "stopped speaking (interrupted)")
		}
		if err != nil {
			if errors.Is(err, speech.ErrNoAudio) {
				return out, exitWith(exitUsage, err.Error()+"; write the sound to a file instead with --wav FILE")
			}
			return out, exitWith(exitUsage, err.Error())
		}
		if !asJSON {
			fmt.Fprintf(w, "spoke %s\n", speech.Describe(s.Voice, info.Duration))
		}
	}
	return out, nil
}

// noteLine is a speech note as one line, naming where its text came from.
func noteLine(n speech.Note) string {
	if n.Path != "" {
		return n.Message + " (" + n.Path + ")"
	}
	return n.Message
}
