package export

import "testing"

// Every language's template parses; they parse on first use, not at init,
// so a broken one would otherwise surface only when that language is picked.
func TestEveryTemplateParses(t *testing.T) {
	for lang, tpl := range templates {
		if tpl() == nil {
			t.Errorf("%s: no template", lang)
		}
	}
}
