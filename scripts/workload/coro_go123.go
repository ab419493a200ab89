//go:build go1.23

package main

import (
	"iter"
	"runtime/trace"
)

// iter.Pull runs the sequence as a coroutine; the trace shows the switches
// between the two goroutines (GoSwitch/GoSwitchDestroy, trace version 23+).

func init() {
	extraScenarios = append(extraScenarios, namedScenario{"coro",
		scenario{"iter.Pull coroutines (go1.23+ only)", coroutines}})
	mixedParts = append(mixedParts, "coro")
}

func count(n int) iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; i < n; i++ {
			if !yield(i) {
				return
			}
		}
	}
}

func coroutines(e *env) {
	// Drained completely.
	next, stop := iter.Pull(count(30 * e.scale))
	sum := 0
	for {
		v, ok := next()
		if !ok {
			break
		}
		sum += v
	}
	stop()
	// Stopped early (the coroutine is destroyed before the sequence ends).
	next2, stop2 := iter.Pull(count(1000))
	for i := 0; i < 10; i++ {
		v, _ := next2()
		sum += v
	}
	stop2()
	// Pull from another goroutine while a region is open.
	done := make(chan struct{})
	go func() {
		defer close(done)
		trace.WithRegion(bg, "coro-in-goroutine", func() {
			n3, s3 := iter.Pull(count(20))
			defer s3()
			for {
				v, ok := n3()
				if !ok {
					return
				}
				sum += v
			}
		})
	}()
	<-done
	keep(sum)
}
