package formpane

import (
	"strconv"
	"strings"

	"github.com/pe-tui/pe-tui/internal/draft"
	"github.com/pe-tui/pe-tui/internal/schemas"
)

// placeFindings groups the derived findings by the id of the row they are shown under.
func (m *Model) placeFindings() map[string][]schemas.Finding {
	if m.dv == nil || len(m.dv.Findings) == 0 {
		return nil
	}
	out := map[string][]schemas.Finding{}
	for _, f := range m.dv.Findings {
		id := m.rowForPath(f.Path)
		out[id] = append(out[id], f)
	}
	return out
}

// rowForPath returns the id of the row a finding's JSON path belongs to:
// the envelope rows for timestamp, referenceId, expiryTime and
// relevantAudience…; the payload row of event.payload.<path> (or of its
// nearest shown parent, else the payload title); the locale editor's cell or
// locale row for localizedAttributes[i]…; the envelope title for anything else.
func (m *Model) rowForPath(path string) string {
	has := func(id string) bool { _, ok := m.rowByID(id); return ok }
	switch {
	case path == schemas.FieldTimestamp:
		return idTimestamp
	case path == schemas.FieldReferenceID:
		return idReference
	case path == schemas.FieldExpiryTime:
		return idExpiry
	case strings.HasPrefix(path, "relevantAudience.payload"):
		if has(idUser) {
			return idUser
		}
		return idAudience
	case strings.HasPrefix(path, schemas.FieldRelevantAudience):
		return idAudience
	case strings.HasPrefix(path, draft.PayloadPrefix):
		rel := stripIndexes(strings.TrimPrefix(path, draft.PayloadPrefix))
		for rel != "" {
			if has(payloadID(rel)) {
				return payloadID(rel)
			}
			i := strings.LastIndexByte(rel, '.')
			if i < 0 {
				break
			}
			rel = rel[:i]
		}
		return idPayload
	case path == schemas.FieldEvent || strings.HasPrefix(path, schemas.FieldEvent+"."):
		return idPayload
	case strings.HasPrefix(path, schemas.FieldLocalizedAttributes):
		return m.localeRowFor(strings.TrimPrefix(path, schemas.FieldLocalizedAttributes))
	}
	return idEnvelope
}

// localeRowFor places "[i]" or "[i].key" (the rest of a localizedAttributes path).
func (m *Model) localeRowFor(rest string) string {
	has := func(id string) bool { _, ok := m.rowByID(id); return ok }
	if !strings.HasPrefix(rest, "[") {
		return idLocales
	}
	end := strings.IndexByte(rest, ']')
	if end < 0 {
		return idLocales
	}
	i, err := strconv.Atoi(rest[1:end])
	layout := m.draft.EntryLocales()
	if err != nil || i < 0 || i >= len(layout) || layout[i] == "" {
		return idLocales
	}
	loc := layout[i]
	if k := strings.TrimPrefix(rest[end+1:], "."); k != "" && k != "locale" && has(cellID(loc, k)) {
		return cellID(loc, k)
	}
	if has(localeID(loc)) {
		return localeID(loc)
	}
	return idLocales
}

// stripIndexes removes array indexes: "alert.garbageTypes[2]" → "alert.garbageTypes".
func stripIndexes(p string) string {
	var b strings.Builder
	depth := 0
	for _, c := range p {
		switch {
		case c == '[':
			depth++
		case c == ']' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(c)
		}
	}
	return b.String()
}
