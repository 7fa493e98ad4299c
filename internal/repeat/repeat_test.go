package repeat

import (
	"context"
	"errors"
	"testing"
	"time"
)

type fakeClock struct {
	now   time.Time
	waits []time.Time
}

func (c *fakeClock) Now() time.Time { return c.now }
func (c *fakeClock) Wait(ctx context.Context, until time.Time) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.waits = append(c.waits, until)
	if until.After(c.now) {
		c.now = until
	}
	return nil
}

func TestCheckBounds(t *testing.T) {
	for _, ok := range []Plan{{1, 0}, {100, time.Second}, {2, 24 * time.Hour}} {
		if err := ok.Check(); err != nil {
			t.Errorf("%+v: %v", ok, err)
		}
	}
	for _, bad := range []Plan{{0, time.Second}, {101, time.Second}, {2, 999 * time.Millisecond}, {2, 0}, {-1, time.Second}, {2, 25 * time.Hour}} {
		if err := bad.Check(); err == nil {
			t.Errorf("%+v accepted", bad)
		}
	}
	if _, err := Run(context.Background(), Plan{Count: 1000, Every: time.Second}, nil, nil); err == nil {
		t.Error("Run ran an unbounded plan")
	}
}

// TestRunKeepsTheScheduleWithoutDrift: runs start at start+i×Every even
// when a run takes time; a run longer than Every makes the next start at once.
func TestRunKeepsTheScheduleWithoutDrift(t *testing.T) {
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := &fakeClock{now: t0}
	var starts []time.Duration
	done, err := Run(context.Background(), Plan{Count: 4, Every: 30 * time.Second}, c, func(ctx context.Context, i int) error {
		starts = append(starts, c.now.Sub(t0))
		c.now = c.now.Add([]time.Duration{5 * time.Second, 45 * time.Second, 0, 0}[i])
		return nil
	})
	want := []time.Duration{0, 30 * time.Second, 75 * time.Second, 90 * time.Second}
	if err != nil || done != 4 {
		t.Fatal(done, err)
	}
	for i := range want {
		if starts[i] != want[i] {
			t.Fatalf("starts %v, want %v", starts, want)
		}
	}
}

// TestRunStopsOnErrorAndOnCancel: an action error stops the runs; ctrl+c
// (a cancelled context) during a real wait returns at once with the count.
func TestRunStopsOnErrorAndOnCancel(t *testing.T) {
	boom := errors.New("rejected")
	done, err := Run(context.Background(), Plan{Count: 5, Every: time.Second}, &fakeClock{}, func(ctx context.Context, i int) error {
		if i == 2 {
			return boom
		}
		return nil
	})
	if done != 2 || !errors.Is(err, boom) {
		t.Fatalf("%d %v", done, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	result := make(chan error, 1)
	ran := 0
	go func() {
		_, err := Run(ctx, Plan{Count: 3, Every: time.Hour}, nil, func(ctx context.Context, i int) error { ran++; return nil })
		result <- err
	}()
	time.Sleep(20 * time.Millisecond)
	cancel()
	select {
	case err := <-result:
		if !errors.Is(err, context.Canceled) || ran != 1 {
			t.Fatalf("ran %d, %v", ran, err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop on cancel during an hour's wait")
	}
}
