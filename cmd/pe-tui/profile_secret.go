package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/pe-tui/pe-tui/internal/credentials"
)

// profileMaxInput bounds what --secret-stdin and --from-ask-json read.
const profileMaxInput = 1 << 20

// profileTerminal returns the file descriptor of r when r is a terminal.
func profileTerminal(r io.Reader) (int, bool) {
	f, ok := r.(*os.File)
	if !ok {
		return 0, false
	}
	fd := int(f.Fd())
	return fd, term.IsTerminal(fd)
}

// profileReadAll reads at most profileMaxInput bytes of r.
func profileReadAll(r io.Reader, what string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, profileMaxInput+1))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", what, err)
	}
	if len(data) > profileMaxInput {
		return nil, fmt.Errorf("%s is larger than %d bytes", what, profileMaxInput)
	}
	return data, nil
}

// profileReadASKFile parses the ASK CLI credentials JSON in file (- is stdin).
func profileReadASKFile(cmd *cobra.Command, file string) (clientID, secret string, err error) {
	var data []byte
	if file == "-" {
		if _, tty := profileTerminal(cmd.InOrStdin()); tty {
			return "", "", errors.New("--from-ask-json - reads standard input, which is a terminal; pipe the JSON in or pass a file name")
		}
		data, err = profileReadAll(cmd.InOrStdin(), "standard input")
	} else {
		var f *os.File
		if f, err = os.Open(file); err != nil {
			return "", "", fmt.Errorf("reading the ASK CLI credentials: %w", err)
		}
		defer f.Close()
		data, err = profileReadAll(f, file)
	}
	if err != nil {
		return "", "", err
	}
	clientID, secret, err = credentials.ParseASKCredentials(data)
	if err != nil {
		return "", "", fmt.Errorf("%s: %w", file, err)
	}
	return clientID, secret, nil
}

// profileReadSecretStdin reads the secret from a pipe: surrounding white
// space (the trailing newline of echo) is dropped.
func profileReadSecretStdin(cmd *cobra.Command) (string, error) {
	in := cmd.InOrStdin()
	if _, tty := profileTerminal(in); tty {
		return "", exitWith(exitUsage, "--secret-stdin reads a pipe, but standard input is a terminal (typing there would show the secret); "+
			"drop --secret-stdin to be prompted with echo off")
	}
	data, err := profileReadAll(in, "standard input")
	if err != nil {
		return "", profileFail(err)
	}
	secret := strings.TrimSpace(string(data))
	if secret == "" {
		return "", exitWith(exitUsage, "--secret-stdin: standard input was empty; pipe the client secret in")
	}
	if err := credentials.CheckSecret(secret); err != nil {
		return "", profileFail(fmt.Errorf("--secret-stdin: %w", err))
	}
	return secret, nil
}

// profilePromptSecret asks for the secret on the terminal with echo off. A
// Ctrl-C during the prompt restores the terminal before exiting.
func profilePromptSecret(cmd *cobra.Command, name string) (string, error) {
	fd, tty := profileTerminal(cmd.InOrStdin())
	if !tty {
		return "", exitWith(exitUsage, "standard input is not a terminal, so the client secret cannot be prompted for; "+
			"pass it with --secret-stdin (e.g. printf %s \"$SECRET\" | pe-tui profile add "+name+" --client-id ID --secret-stdin) "+
			"or use --from-ask-json FILE")
	}
	errw := cmd.ErrOrStderr()
	state, err := term.GetState(fd)
	if err != nil {
		return "", profileFail(fmt.Errorf("reading the terminal state: %w", err))
	}
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	done := make(chan struct{})
	defer func() { signal.Stop(sig); close(done) }()
	go func() {
		select {
		case <-sig:
			term.Restore(fd, state)
			fmt.Fprintln(errw)
			os.Exit(130)
		case <-done:
		}
	}()

	// Echo goes off before the prompt shows, so that input typed (or pasted)
	// the moment the prompt appears is not echoed; ReadPassword then reads a
	// line with echo still off, and the original state comes back after.
	if _, err := term.MakeRaw(fd); err != nil {
		return "", profileFail(fmt.Errorf("switching terminal echo off: %w", err))
	}
	fmt.Fprintf(errw, "Client secret for profile %q (input hidden): ", name)
	b, err := term.ReadPassword(fd)
	term.Restore(fd, state)
	fmt.Fprintln(errw)
	if err != nil {
		return "", profileFail(fmt.Errorf("reading the client secret: %w", err))
	}
	secret := strings.TrimSpace(string(b))
	if secret == "" {
		return "", exitWith(exitUsage, "no client secret was entered; nothing was saved")
	}
	if err := credentials.CheckSecret(secret); err != nil {
		return "", profileFail(err)
	}
	return secret, nil
}
