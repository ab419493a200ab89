// Command workload records a real Go execution trace (runtime/trace) of a
// chosen scenario. It is our fixture generator: it has no dependencies and
// declares go 1.22 so that every toolchain from Go 1.22 on can run it, e.g.
//
//	GOTOOLCHAIN=go1.22.12 go run . -out x.trace -scenario mixed
//
// The trace version in the file header is the one of the toolchain that runs
// it (1.22 -> 22, 1.23/1.24 -> 23, 1.25 -> 25, 1.26 -> 26).
//
// Use GODEBUG=traceadvanceperiod=<nanoseconds> to get more generations in a
// short run, and -list to see the scenarios.
package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/trace"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

// scenario is one workload. It runs while tracing is on.
type scenario struct {
	help string
	run  func(*env)
}

// env is what a scenario gets to work with.
type env struct {
	// written reports how many trace bytes have been produced so far.
	written func() int64
	// mb is the -mb flag (used by the "big" scenario).
	mb int
	// scale multiplies loop counts (the -scale flag).
	scale int
}

var scenarios = map[string]scenario{}

// mixedParts lists the scenarios run, in order, by "mixed". Files with build
// tags (like coro_go123.go) append to it from init functions.
var mixedParts = []string{
	"goroutines", "channels", "mutexes", "select", "timers",
	"syscalls", "gc", "annotations", "cpu", "procs", "stacks",
}

type countingWriter struct {
	w io.Writer
	n atomic.Int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n.Add(int64(n))
	return n, err
}

func main() {
	out := flag.String("out", "", "trace output file (required)")
	name := flag.String("scenario", "mixed", "scenario to run (see -list)")
	mb := flag.Int("mb", 60, "target trace size in MB for -scenario big")
	procs := flag.Int("procs", 2, "GOMAXPROCS while the scenario runs (0 = leave alone)")
	scale := flag.Int("scale", 1, "multiplier for the amount of work in most scenarios")
	list := flag.Bool("list", false, "list scenarios and exit")
	flag.Parse()

	registerScenarios()
	if *list {
		names := make([]string, 0, len(scenarios))
		for n := range scenarios {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Printf("%-12s %s\n", n, scenarios[n].help)
		}
		return
	}
	sc, ok := scenarios[*name]
	if !ok {
		fmt.Fprintf(os.Stderr, "unknown scenario %q (use -list)\n", *name)
		os.Exit(2)
	}
	if *out == "" {
		fmt.Fprintln(os.Stderr, "-out is required")
		os.Exit(2)
	}
	if *procs > 0 {
		runtime.GOMAXPROCS(*procs)
	}
	configuredProcs = runtime.GOMAXPROCS(0)
	f, err := os.Create(*out)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	// A large buffer keeps the trace's own write(2) calls (made by the
	// goroutine that copies trace data out) from cluttering the trace.
	bw := bufio.NewWriterSize(f, 8<<20)
	cw := &countingWriter{w: bw}
	if err := trace.Start(cw); err != nil {
		fmt.Fprintln(os.Stderr, "trace.Start:", err)
		os.Exit(1)
	}
	start := time.Now()
	sc.run(&env{written: cw.n.Load, mb: *mb, scale: max(*scale, 1)})
	trace.Stop()
	if err := bw.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if err := f.Close(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "workload: %s scenario=%s go=%s bytes=%d elapsed=%s\n",
		*out, *name, runtime.Version(), cw.n.Load(), time.Since(start).Round(time.Millisecond))
}

func registerScenarios() {
	scenarios["goroutines"] = scenario{"create/exit many goroutines, Gosched, Goexit, LockOSThread, panics", goroutines}
	scenarios["channels"] = scenario{"unbuffered and buffered channel ping-pong, close, fan-in", channels}
	scenarios["mutexes"] = scenario{"contended Mutex, RWMutex, Cond, WaitGroup, Once", mutexes}
	scenarios["select"] = scenario{"select over several channels, default, timeouts, blocked-forever goroutines", selects}
	scenarios["timers"] = scenario{"time.Sleep, AfterFunc, Ticker, Timer.Reset/Stop", timers}
	scenarios["syscalls"] = scenario{"file I/O, blocking raw-pipe reads (proc steal), os.Pipe (netpoll), Sleep", syscalls}
	scenarios["gc"] = scenario{"allocation with live heap (mark assists, sweeping), runtime.GC, FreeOSMemory", gcWork}
	scenarios["annotations"] = scenario{"tasks, regions, logs (empty, long, odd bytes), tasks across goroutines", annotations}
	scenarios["cpu"] = scenario{"busy loops with the CPU profiler on (CPU samples in the trace)", cpuProfile}
	scenarios["procs"] = scenario{"GOMAXPROCS changes while goroutines run", procChanges}
	scenarios["stacks"] = scenario{"deep recursion (stack growth), many distinct stacks", stacks}
	scenarios["mixed"] = scenario{"all of the above in sequence (plus coroutines on go1.23+)", mixed}
	scenarios["big"] = scenario{"busy mixture that runs until the trace reaches -mb megabytes", big}
	scenarios["idle"] = scenario{"almost nothing: a short sleep (smallest real trace)", func(*env) { time.Sleep(5 * time.Millisecond) }}
	scenarios["small"] = scenario{"a few goroutines, a channel, some allocation and one GC (for GODEBUG=traceallocfree=1)", small}
	for _, r := range extraScenarios {
		scenarios[r.name] = r.sc
	}
}

type namedScenario struct {
	name string
	sc   scenario
}

// extraScenarios are registered by build-tagged files.
var extraScenarios []namedScenario

func mixed(e *env) {
	for _, part := range mixedParts {
		trace.WithRegion(bg, "mixed:"+part, func() { scenarios[part].run(e) })
	}
}

func big(e *env) {
	limit := int64(e.mb) << 20
	// Several independent workers so that the waits inside the scenarios
	// overlap and the trace grows faster. The event-dense scenarios run every
	// round; the slower ones (sleeps, GOMAXPROCS changes, file I/O) now and then.
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for round := w; e.written() < limit; round++ {
				channels(e)
				goroutines(e)
				mutexes(e)
				selects(e)
				for _, r := range extraScenarios {
					r.sc.run(e)
				}
				if round%8 == 0 {
					annotations(e)
					stacks(e)
				}
				if round%16 == 0 {
					gcWork(e)
				}
				if round%32 == 0 {
					syscalls(e)
				}
			}
		}(w)
	}
	wg.Wait()
}
