package ui

import (
	"reflect"
	"time"

	"github.com/pe-tui/pe-tui/internal/draft"
)

// sameContent reports whether two drafts hold the same content, so that
// typing a character and deleting it again leaves nothing to discard. When
// a relative expiry was typed is not content.
func sameContent(a, b *draft.Draft) bool {
	if a == nil || b == nil {
		return a == b
	}
	x, y := *a, *b
	x.ExpiryFrom, y.ExpiryFrom = time.Time{}, time.Time{}
	return reflect.DeepEqual(&x, &y)
}
