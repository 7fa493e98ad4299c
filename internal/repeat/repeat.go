// Package repeat runs one action several times at a fixed interval, for
// `pe-tui send --repeat N --every 30s`: bounded (at most MaxCount runs, at
// least MinEvery apart), on a schedule that does not drift, and stopped at
// once, between or during waits, when its context is cancelled (ctrl+c).
package repeat

import (
	"context"
	"fmt"
	"time"
)

// Bounds of a Plan.
const (
	MaxCount = 100
	MinEvery = time.Second
	MaxEvery = 24 * time.Hour
)

// Plan is how often and how far apart to run.
type Plan struct {
	Count int           // runs in all, 1..MaxCount
	Every time.Duration // from the start of one run to the start of the next
}

// Check reports whether p is within bounds, in words for a flag error.
func (p Plan) Check() error {
	if p.Count < 1 || p.Count > MaxCount {
		return fmt.Errorf("--repeat %d: give 1 to %d", p.Count, MaxCount)
	}
	if p.Count > 1 && (p.Every < MinEvery || p.Every > MaxEvery) {
		return fmt.Errorf("--every %s: give %s to %s (e.g. 30s, 5m)", p.Every, MinEvery, MaxEvery)
	}
	return nil
}

// Clock is what Run waits with; tests pass a fake one.
type Clock interface {
	Now() time.Time
	// Wait returns when until is reached (nil) or ctx is done (ctx.Err()).
	Wait(ctx context.Context, until time.Time) error
}

// RealClock waits on real timers.
type RealClock struct{}

// Now returns time.Now().
func (RealClock) Now() time.Time { return time.Now() }

// Wait sleeps until until, or returns ctx.Err() as soon as ctx is done.
func (RealClock) Wait(ctx context.Context, until time.Time) error {
	t := time.NewTimer(time.Until(until))
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Run calls do(ctx, i) for i = 0..p.Count-1, run i starting at
// start + i×Every (at once when the previous run took longer). It stops
// early when do returns an error (that error is returned) or when ctx is
// done (ctx.Err() is returned; a run in progress gets the cancelled ctx and
// is expected to return promptly). done is how many runs finished. A nil
// clock means RealClock. Run checks p first.
func Run(ctx context.Context, p Plan, clock Clock, do func(ctx context.Context, i int) error) (done int, err error) {
	if err := p.Check(); err != nil {
		return 0, err
	}
	if clock == nil {
		clock = RealClock{}
	}
	start := clock.Now()
	for i := range p.Count {
		if i > 0 {
			if err := clock.Wait(ctx, start.Add(time.Duration(i)*p.Every)); err != nil {
				return done, err
			}
		}
		if err := ctx.Err(); err != nil {
			return done, err
		}
		if err := do(ctx, i); err != nil {
			return done, err
		}
		done++
	}
	return done, nil
}
