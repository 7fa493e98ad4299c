package lazyre

import (
	"sync"
	"testing"
)

func TestCompilesOnceOnFirstUse(t *testing.T) {
	re := New(`^a+b$`)
	var wg sync.WaitGroup
	got := make([]any, 8)
	for i := range got {
		wg.Add(1)
		go func() { defer wg.Done(); got[i] = re() }()
	}
	wg.Wait()
	for _, g := range got[1:] {
		if g != got[0] {
			t.Fatal("concurrent first uses compiled more than one regexp")
		}
	}
	if !re().MatchString("aab") || re().MatchString("ab ") {
		t.Fatal("the compiled regexp does not match as written")
	}
}

func TestInvalidExpressionPanicsOnFirstUse(t *testing.T) {
	re := New(`(`) // no panic here: nothing is compiled yet
	defer func() {
		if recover() == nil {
			t.Fatal("an invalid expression must panic when first used, as regexp.MustCompile does")
		}
	}()
	re()
}
