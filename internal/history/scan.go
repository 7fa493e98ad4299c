package history

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
)

// ScanForSecrets reads the raw bytes of the history database at path and of
// its -wal, -shm and -journal companions, and looks for each secret, both as
// given and as a JSON string would escape it. It returns one line per
// secret found, naming the file and showing at most the first 8 characters
// of the secret; an empty result means none of the secrets is on disk.
// Tests of the send pipeline use it to prove that no client secret or access
// token reaches the history. Secrets shorter than 8 bytes are refused: they
// would match by chance.
func ScanForSecrets(path string, secrets ...string) ([]string, error) {
	type needle struct {
		index int
		form  []byte
	}
	var needles []needle
	longest := 0
	for i, sec := range secrets {
		if len(sec) < 8 {
			return nil, fmt.Errorf("history: secret #%d is shorter than 8 bytes; scanning for it would find it by chance", i+1)
		}
		needles = append(needles, needle{i, []byte(sec)})
		if esc, err := json.Marshal(sec); err == nil && string(esc[1:len(esc)-1]) != sec {
			needles = append(needles, needle{i, esc[1 : len(esc)-1]})
		}
	}
	for _, n := range needles {
		longest = max(longest, len(n.form))
	}
	var found []string
	for _, file := range []string{path, path + "-wal", path + "-shm", path + "-journal"} {
		f, err := os.Open(file)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return nil, fmt.Errorf("history: scanning %s: %w", file, err)
		}
		hit := make([]bool, len(secrets))
		err = scanReader(f, longest, func(window []byte) {
			for _, n := range needles {
				if !hit[n.index] && bytes.Contains(window, n.form) {
					hit[n.index] = true
				}
			}
		})
		f.Close()
		if err != nil {
			return nil, fmt.Errorf("history: scanning %s: %w", file, err)
		}
		for i, h := range hit {
			if h {
				found = append(found, fmt.Sprintf("%s holds secret #%d (%s…)", file, i+1, secrets[i][:8]))
			}
		}
	}
	return found, nil
}

// scanReader calls see with overlapping windows of r so that every run of up
// to overlap bytes appears whole in at least one window.
func scanReader(r io.Reader, overlap int, see func([]byte)) error {
	const chunk = 1 << 20
	buf := make([]byte, overlap+chunk)
	keep := 0
	for {
		n, err := io.ReadFull(r, buf[keep:])
		if n > 0 {
			see(buf[:keep+n])
			tail := min(overlap, keep+n)
			copy(buf, buf[keep+n-tail:keep+n])
			keep = tail
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}
