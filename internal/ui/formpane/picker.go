package formpane

import (
	"slices"
	"strconv"
	"strings"
)

// pickerKind says what an open picker chooses.
type pickerKind int

const (
	pickEnum   pickerKind = iota // one value of an enum row
	pickMulti                    // several values of a list row
	pickLocale                   // a locale to add
	pickUser                     // a saved Unicast user id
)

// pickerRows is how many options a picker shows at once.
const pickerRows = 8

// picker is a small list opened under its row. Keys go to it while it is open.
type picker struct {
	kind    pickerKind
	rowID   string
	options []string // values
	labels  []string // what is shown per value (same length)
	cursor  int
	offset  int      // first option shown
	ticked  []string // pickMulti: the chosen values in the order they were chosen
	min     int      // pickMulti: fewest values allowed
	max     int      // pickMulti: most values allowed
}

func newPicker(kind pickerKind, rowID string, options, labels []string, current string) *picker {
	if labels == nil {
		labels = options
	}
	p := &picker{kind: kind, rowID: rowID, options: options, labels: labels}
	if i := slices.Index(options, current); i >= 0 {
		p.cursor = i
	}
	p.center()
	return p
}

// center scrolls so that the cursor sits mid-window.
func (p *picker) center() {
	p.offset = min(max(p.cursor-pickerRows/2, 0), max(len(p.options)-pickerRows, 0))
}

func (p *picker) move(delta int) {
	if len(p.options) == 0 {
		return
	}
	p.cursor = (p.cursor + delta + len(p.options)) % len(p.options)
	p.scroll()
}

// jump moves to the next option whose label starts with the typed text (case-insensitive).
func (p *picker) jump(text string) {
	text = strings.ToLower(text)
	for i := 1; i <= len(p.options); i++ {
		j := (p.cursor + i) % len(p.options)
		if strings.HasPrefix(strings.ToLower(p.labels[j]), text) {
			p.cursor = j
			p.scroll()
			return
		}
	}
}

func (p *picker) scroll() {
	if p.cursor < p.offset {
		p.offset = p.cursor
	}
	if p.cursor >= p.offset+pickerRows {
		p.offset = p.cursor - pickerRows + 1
	}
}

func (p *picker) current() string {
	if p.cursor < 0 || p.cursor >= len(p.options) {
		return ""
	}
	return p.options[p.cursor]
}

// toggle ticks or unticks the option under the cursor within the min–max
// bounds; it returns a note when the bound stops it.
func (p *picker) toggle() (changed bool, note string) {
	v := p.current()
	if i := slices.Index(p.ticked, v); i >= 0 {
		if len(p.ticked) <= p.min {
			return false, "at least " + strconv.Itoa(p.min) + " must stay selected: tick another one first"
		}
		p.ticked = slices.Delete(p.ticked, i, i+1)
		return true, ""
	}
	if p.max > 0 && len(p.ticked) >= p.max {
		return false, "at most " + strconv.Itoa(p.max) + " can be selected: untick one first"
	}
	p.ticked = append(p.ticked, v)
	return true, ""
}
