package speech

import (
	"encoding/binary"
	"errors"
	"fmt"
	"time"
)

// WAVInfo describes a PCM WAV file.
type WAVInfo struct {
	SampleRate    int           // samples per second
	Channels      int           // 1 for mono
	BitsPerSample int           // 16 for espeak-ng
	DataOffset    int           // byte offset of the sample data
	DataBytes     int           // bytes of sample data present
	Duration      time.Duration // DataBytes at the stated rate
}

// ParseWAV reads the RIFF header of a PCM WAV file. A data chunk whose stated
// size runs past the end (espeak-ng --stdout writes a placeholder size) is
// taken to end at the end of b; Fixed rewrites such sizes.
func ParseWAV(b []byte) (WAVInfo, error) {
	var w WAVInfo
	if len(b) < 12 || string(b[0:4]) != "RIFF" || string(b[8:12]) != "WAVE" {
		return w, errors.New("not a WAV file: no RIFF/WAVE header")
	}
	fmtSeen := false
	for off := 12; off+8 <= len(b); {
		id := string(b[off : off+4])
		size := int(binary.LittleEndian.Uint32(b[off+4 : off+8]))
		body := off + 8
		switch id {
		case "fmt ":
			if size < 16 || body+16 > len(b) {
				return w, errors.New("not a WAV file: short fmt chunk")
			}
			if format := binary.LittleEndian.Uint16(b[body:]); format != 1 {
				return w, fmt.Errorf("WAV format %d is not PCM", format)
			}
			w.Channels = int(binary.LittleEndian.Uint16(b[body+2:]))
			w.SampleRate = int(binary.LittleEndian.Uint32(b[body+4:]))
			w.BitsPerSample = int(binary.LittleEndian.Uint16(b[body+14:]))
			fmtSeen = true
		case "data":
			if !fmtSeen {
				return w, errors.New("not a WAV file: data before fmt")
			}
			if size > len(b)-body {
				size = len(b) - body
			}
			frame := w.Channels * w.BitsPerSample / 8
			if w.SampleRate <= 0 || frame <= 0 {
				return w, fmt.Errorf("WAV header states %d Hz, %d channels, %d bits", w.SampleRate, w.Channels, w.BitsPerSample)
			}
			w.DataOffset, w.DataBytes = body, size
			w.Duration = time.Duration(int64(size/frame) * int64(time.Second) / int64(w.SampleRate))
			return w, nil
		}
		if size > len(b)-body {
			break
		}
		off = body + size + size%2
	}
	return w, errors.New("not a WAV file: no data chunk")
}

// Fixed returns b with the RIFF and data chunk sizes set to what b holds, so
// that every player reads the file to its end and no further.
func Fixed(b []byte, w WAVInfo) []byte {
	out := b[:w.DataOffset+w.DataBytes]
	binary.LittleEndian.PutUint32(out[4:8], uint32(len(out)-8))
	binary.LittleEndian.PutUint32(out[w.DataOffset-4:w.DataOffset], uint32(w.DataBytes))
	return out
}
