package export

import (
	"testing"
)

// BenchmarkExportedProgramRun measures one run of each exported program
// against the sandbox on loopback (token + event, accepted): process start,
// runtime start-up and two HTTP requests. Java and Go are compiled once,
// outside the timing.
func BenchmarkExportedProgramRun(b *testing.B) {
	for _, lang := range Langs {
		b.Run(string(lang), func(b *testing.B) {
			sb := startSandboxTB(b)
			run := runExportTB(b, lang, messageAlert("Bench"))
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				if r := run(sb.base); r.code != 0 {
					b.Fatalf("exit %d: %s", r.code, r.stderr)
				}
			}
		})
	}
}

// BenchmarkGenerate measures writing one program per language.
func BenchmarkGenerate(b *testing.B) {
	body := hostileEvent()
	target := naDev()
	for _, lang := range Langs {
		b.Run(string(lang), func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, err := Generate(lang, body, target); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
