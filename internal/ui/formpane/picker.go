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
	typed   string   // the letters typed in a row (type-ahead); a move clears it
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
	p.typed = ""
	p.scroll()
}

// jump moves to the option whose label starts with the letters typed so
// far ("es" finds es-ES): the current option while it still matches, else
// the next one that does; when none does, the typing starts anew with text
// (a second "e" goes on to the next label starting with e).
func (p *picker) jump(text string) {
	text = strings.ToLower(text)
	if p.find(p.typed+text, 0) {
		p.typed += text
		return
	}
	p.typed = text
	p.find(text, 1)
}

// find moves to the first option from the cursor (+from) whose label starts with prefix.
func (p *picker) find(prefix string, from int) bool {
	for i := from; i < len(p.options)+from; i++ {
		j := (p.cursor + i) % len(p.options)
		if strings.HasPrefix(strings.ToLower(p.labels[j]), prefix) {
			p.cursor = j
			p.scroll()
			return true
		}
	}
	return false
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
