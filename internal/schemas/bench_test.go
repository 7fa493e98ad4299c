package schemas

import (
	"testing"
)

// BenchmarkValidateRender measures the work done on every key press: validate
// a typical event and render its sentence (budget: 20 µs).
func BenchmarkValidateRender(b *testing.B) {
	for _, short := range []string{"OrderStatus", "Occasion", "SportsEvent"} {
		r := golden(b, short)
		b.Run(short, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if fs := Validate(r, testNow, ValidateOptions{Strict: true}); len(fs) != 0 {
					b.Fatal(fs)
				}
				if _, err := Render(r, "en-US", RenderOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkValidateInvalid measures an event with many findings.
func BenchmarkValidateInvalid(b *testing.B) {
	r := golden(b, "Occasion")
	r.Set("event.payload.state.confirmationStatus", "RECEIVED")
	r.Set("event.payload.occasion.extra", "x")
	r.Delete("event.payload.occasion.occasionType")
	r.Set("referenceId", "has space")
	entry(r, 1)["locale"] = "es_ES"
	b.ReportAllocs()
	for b.Loop() {
		if fs := Validate(r, testNow, ValidateOptions{}); len(fs) == 0 {
			b.Fatal("no findings")
		}
	}
}

// BenchmarkDecode measures decoding a golden request.
func BenchmarkDecode(b *testing.B) {
	data := golden(b, "Occasion").Encode()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}
