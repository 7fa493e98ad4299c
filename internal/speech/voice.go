// Package speech lets a developer hear a preview sentence: it picks the
// espeak-ng voice nearest to a preview locale, rewrites the written sentence
// into what a listener hears (dates and times in the locale's long form),
// flags text a speech engine reads letter by letter, measures the spoken
// duration, and runs the espeak-ng binary to write a WAV file or play the
// sentence. Voice choice, Prepare, LongNote, Describe and ParseWAV are pure;
// Synthesize, Play, Speak and WriteFile run the engine or touch files.
package speech

import "strings"

// Voice is the espeak-ng voice chosen for a preview locale.
type Voice struct {
	Locale string // the preview locale, e.g. "de-DE"
	Name   string // the espeak-ng voice, e.g. "de"
	Exact  bool   // the voice speaks that locale; false when it is only the nearest
}

// exactVoices maps a locale to the espeak-ng voice that speaks it (espeak-ng
// 1.51 voice names, as in Debian 12).
var exactVoices = map[string]string{
	"en-US": "en-us", "en-GB": "en-gb",
	"de-DE": "de", "es-ES": "es", "fr-FR": "fr-fr", "fr-BE": "fr-be", "fr-CH": "fr-ch",
	"it-IT": "it", "ja-JP": "ja", "pt-BR": "pt-br", "pt-PT": "pt", "hi-IN": "hi",
	"nl-NL": "nl", "ar-SA": "ar", "zh-CN": "cmn", "ko-KR": "ko", "pl-PL": "pl",
	"ru-RU": "ru", "sv-SE": "sv", "tr-TR": "tr", "da-DK": "da", "fi-FI": "fi",
	"nb-NO": "nb", "cs-CZ": "cs", "el-GR": "el", "hu-HU": "hu", "ro-RO": "ro",
	"uk-UA": "uk", "vi-VN": "vi",
}

// nearestVoices maps a locale with no voice of its own to the closest one.
var nearestVoices = map[string]string{
	"en-CA": "en-us", "en-AU": "en-gb", "en-IN": "en-gb", "en-IE": "en-gb", "en-NZ": "en-gb",
	"es-MX": "es-419", "es-US": "es-419", "fr-CA": "fr-fr", "de-AT": "de", "de-CH": "de",
}

// languageVoices are the espeak-ng 1.51 voices named by a bare language
// code; a locale of such a language with no entry above uses it as nearest.
var languageVoices = strings.Fields(`af am an ar as az ba be bg bn bs ca cmn cs cv cy da de el en eo es et eu
fa fi ga gd gn grc gu hak haw he hi hr ht hu hy hyw ia id io is it ja jbo ka kk kl kn ko kok ku ky la lb
lfn lt ltg lv mi mk ml mr ms mt my nb nci ne nl nog om or pa pap piqd pl pt py qu quc qya ro ru sd shn si
sjn sk sl smj sq sr sv sw ta te th tk tn tr tt ug uk ur uz vi yue`)

// FallbackVoice speaks a locale whose language espeak-ng does not know.
const FallbackVoice = "en-us"

// VoiceFor returns the espeak-ng voice for a preview locale ("" means en-US):
// the locale's own voice when espeak-ng has one, else the nearest (same
// language, else FallbackVoice) with Exact false.
func VoiceFor(locale string) Voice {
	if locale == "" {
		locale = "en-US"
	}
	if v, ok := exactVoices[locale]; ok {
		return Voice{Locale: locale, Name: v, Exact: true}
	}
	if v, ok := nearestVoices[locale]; ok {
		return Voice{Locale: locale, Name: v}
	}
	lang, _, _ := strings.Cut(locale, "-")
	lang = strings.ToLower(lang)
	if lang == "en" {
		return Voice{Locale: locale, Name: "en-us"}
	}
	for _, v := range languageVoices {
		if v == lang {
			return Voice{Locale: locale, Name: v}
		}
	}
	return Voice{Locale: locale, Name: FallbackVoice}
}

// Language returns the voice's language code ("de" for "de", "en" for "en-us").
func (v Voice) Language() string {
	lang, _, _ := strings.Cut(v.Name, "-")
	return lang
}
