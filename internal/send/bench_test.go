package send

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/pe-tui/pe-tui/internal/alexa"
	"github.com/pe-tui/pe-tui/internal/history"
	"github.com/pe-tui/pe-tui/internal/sandbox"
)

// BenchmarkSend measures one send through the pipeline (validate, cached
// token, HTTP to the real sandbox on loopback), without and with recording
// to a real SQLite history file.
func BenchmarkSend(b *testing.B) {
	for _, recorded := range []bool{false, true} {
		b.Run(fmt.Sprintf("recorded=%v", recorded), func(b *testing.B) {
			srv, base, err := StartSandbox(sandbox.Config{RateLimit: -1})
			if err != nil {
				b.Fatal(err)
			}
			defer srv.Close()
			sender := &Sender{Alexa: alexa.New("bench"), SandboxURL: base}
			if recorded {
				st, err := history.Open(filepath.Join(b.TempDir(), "history.db"))
				if err != nil {
					b.Fatal(err)
				}
				defer st.Close()
				sender.History = st
			}
			target, _ := alexa.ParseTarget("sandbox")
			now := time.Now()
			bodies := make([][]byte, b.N)
			for i := range bodies {
				bodies[i] = body(now, fmt.Sprintf("bench~%d~%d", now.UnixNano(), i), time.Hour)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				res, err := sender.Send(context.Background(), Request{Body: bodies[i], Target: target, Creds: SandboxCredentials})
				if err != nil || res.Response.Status != 202 {
					b.Fatalf("send %d: %v %+v", i, err, res.Response)
				}
			}
		})
	}
}
