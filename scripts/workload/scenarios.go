package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"runtime/trace"
	"strings"
	"sync"
	"syscall"
	"time"
)

var bg = context.Background()

// sink keeps results alive so that the compiler cannot drop the work.
var sink any

var sinkMu sync.Mutex

func keep(v any) {
	sinkMu.Lock()
	sink = v
	sinkMu.Unlock()
}

// spin burns CPU for about d.
func spin(d time.Duration) uint64 {
	var x uint64 = 88172645463325252
	end := time.Now().Add(d)
	for time.Now().Before(end) {
		for i := 0; i < 1000; i++ {
			x ^= x << 13
			x ^= x >> 7
			x ^= x << 17
		}
	}
	return x
}

func goroutines(e *env) {
	var wg sync.WaitGroup
	// Plenty of short-lived goroutines, some yielding.
	for i := 0; i < 30*e.scale; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			if i%3 == 0 {
				runtime.Gosched()
			}
			keep(make([]byte, 64+i%512))
		}(i)
	}
	wg.Wait()

	// Goroutines created by goroutines.
	var inner sync.WaitGroup
	for i := 0; i < 8; i++ {
		inner.Add(1)
		go func() {
			defer inner.Done()
			var wg2 sync.WaitGroup
			for j := 0; j < 8; j++ {
				wg2.Add(1)
				go func() { defer wg2.Done(); spin(20 * time.Microsecond) }()
			}
			wg2.Wait()
		}()
	}
	inner.Wait()

	// runtime.Goexit, a recovered panic, and a goroutine that exits while
	// locked to its OS thread (the thread goes away with it).
	done := make(chan struct{})
	go func() {
		defer close(done)
		runtime.Goexit()
	}()
	<-done
	done = make(chan struct{})
	go func() {
		defer close(done)
		defer func() { keep(recover()) }()
		panic(errors.New("workload panic"))
	}()
	<-done
	done = make(chan struct{})
	go func() {
		defer close(done)
		runtime.LockOSThread()
		spin(100 * time.Microsecond)
		time.Sleep(time.Millisecond)
	}()
	<-done
	locked := make(chan struct{})
	go func() {
		runtime.LockOSThread()
		spin(50 * time.Microsecond)
		close(locked) // exit without unlocking
	}()
	<-locked
}

func channels(e *env) {
	// Unbuffered ping-pong.
	ping, pong := make(chan int), make(chan int)
	go func() {
		for v := range ping {
			pong <- v + 1
		}
		close(pong)
	}()
	for i := 0; i < 40*e.scale; i++ {
		ping <- i
		<-pong
	}
	close(ping)
	for range pong {
	}

	// Buffered producer/consumer with fan-in.
	buf := make(chan []byte, 16)
	results := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := 0
			for b := range buf {
				n += len(b)
			}
			results <- n
		}()
	}
	go func() { wg.Wait(); close(results) }()
	for i := 0; i < 60*e.scale; i++ {
		buf <- make([]byte, i%256)
	}
	close(buf)
	total := 0
	for n := range results {
		total += n
	}
	keep(total)
}

func mutexes(e *env) {
	var mu sync.Mutex
	var rw sync.RWMutex
	counter := 0
	var wg sync.WaitGroup
	for g := 0; g < 6; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 60*e.scale; i++ {
				mu.Lock()
				counter++
				if i%10 == 0 {
					spin(5 * time.Microsecond) // hold it a while so others block
				}
				mu.Unlock()
				if g%2 == 0 {
					rw.RLock()
					_ = counter
					rw.RUnlock()
				} else if i%5 == 0 {
					rw.Lock()
					spin(2 * time.Microsecond)
					rw.Unlock()
				}
			}
		}(g)
	}
	wg.Wait()

	// sync.Cond broadcast / signal.
	var cmu sync.Mutex
	cond := sync.NewCond(&cmu)
	ready := 0
	var cw sync.WaitGroup
	for i := 0; i < 5; i++ {
		cw.Add(1)
		go func() {
			defer cw.Done()
			cmu.Lock()
			for ready == 0 {
				cond.Wait()
			}
			cmu.Unlock()
		}()
	}
	time.Sleep(200 * time.Microsecond)
	cmu.Lock()
	ready = 1
	cond.Signal()
	cond.Broadcast()
	cmu.Unlock()
	cw.Wait()

	var once sync.Once
	var ow sync.WaitGroup
	for i := 0; i < 4; i++ {
		ow.Add(1)
		go func() { defer ow.Done(); once.Do(func() { time.Sleep(100 * time.Microsecond) }) }()
	}
	ow.Wait()
	keep(counter)
}

// blockedForever holds goroutines that never finish, so that the trace ends
// with goroutines blocked on "select (no cases)" and on a nil channel.
var blockedForever sync.Once

func selects(e *env) {
	blockedForever.Do(func() {
		go func() { select {} }()
		go func() {
			var nilc chan int
			<-nilc
		}()
	})
	a, b, quit := make(chan int), make(chan string, 1), make(chan struct{})
	go func() {
		for i := 0; i < 50*e.scale; i++ {
			if i%2 == 0 {
				a <- i
			} else {
				b <- fmt.Sprint(i)
			}
		}
		close(quit)
	}()
	n := 0
loop:
	for {
		select {
		case v := <-a:
			n += v
		case s := <-b:
			n += len(s)
		case <-quit:
			break loop
		case <-time.After(50 * time.Millisecond):
			break loop
		}
	}
	// Non-blocking selects.
	c := make(chan int, 1)
	for i := 0; i < 20; i++ {
		select {
		case c <- i:
		default:
		}
		select {
		case v := <-c:
			n += v
		default:
		}
	}
	// A select that only times out.
	select {
	case <-make(chan int):
	case <-time.After(300 * time.Microsecond):
	}
	keep(n)
}

func timers(e *env) {
	for i := 0; i < 5; i++ {
		time.Sleep(time.Duration(100*(i+1)) * time.Microsecond)
	}
	done := make(chan struct{})
	time.AfterFunc(200*time.Microsecond, func() { close(done) })
	<-done
	tk := time.NewTicker(250 * time.Microsecond)
	for i := 0; i < 8; i++ {
		<-tk.C
	}
	tk.Stop()
	t := time.NewTimer(time.Hour)
	t.Reset(100 * time.Microsecond)
	<-t.C
	t2 := time.NewTimer(time.Hour)
	t2.Stop()
}

func syscalls(e *env) {
	dir, err := os.MkdirTemp("", "gotrace-workload-")
	if err != nil {
		panic(err)
	}
	defer os.RemoveAll(dir)

	// File I/O: write, sync, read back.
	name := filepath.Join(dir, "data.bin")
	payload := make([]byte, 64<<10)
	for i := range payload {
		payload[i] = byte(i)
	}
	for i := 0; i < 2; i++ {
		if err := os.WriteFile(name, payload, 0o600); err != nil {
			panic(err)
		}
		f, err := os.OpenFile(name, os.O_RDWR, 0)
		if err != nil {
			panic(err)
		}
		f.Sync()
		got, err := io.ReadAll(f)
		if err != nil {
			panic(err)
		}
		f.Close()
		keep(len(got))
	}

	// Blocking reads on a raw pipe: the reader sits in read(2) long enough
	// for the runtime to take its P away.
	var fds [2]int
	if err := syscall.Pipe(fds[:]); err != nil {
		panic(err)
	}
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		buf := make([]byte, 16)
		for {
			n, err := syscall.Read(fds[0], buf)
			if n <= 0 || err != nil {
				return
			}
		}
	}()
	for i := 0; i < 5; i++ {
		time.Sleep(2 * time.Millisecond)
		syscall.Write(fds[1], []byte("tick"))
	}
	syscall.Close(fds[1])
	wg.Wait()
	syscall.Close(fds[0])

	// os.Pipe goes through the network poller.
	r, w, err := os.Pipe()
	if err != nil {
		panic(err)
	}
	wg.Add(1)
	go func() {
		defer wg.Done()
		io.Copy(io.Discard, r)
		r.Close()
	}()
	for i := 0; i < 5; i++ {
		time.Sleep(500 * time.Microsecond)
		fmt.Fprintf(w, "line %d\n", i)
	}
	w.Close()
	wg.Wait()

	// Many quick syscalls.
	for i := 0; i < 5*e.scale; i++ {
		syscall.Getpid()
		os.Stat(dir)
	}
}

type node struct {
	next *node
	data [48]byte
}

// explicitGC runs runtime.GC and debug.FreeOSMemory with GOMAXPROCS=1.
//
// Both runtime.GC and the background sweeper wait for sweeping to finish by
// yielding in a loop (Gosched / goschedIfBusy), and every yield is a
// GoStop/GoStart pair in the trace. Depending on scheduling luck this can
// add thousands to tens of thousands of events (seen with Go 1.25 and 1.26
// on a 2-CPU machine). It happened least often with a single P, but it still
// happens now and then; scripts/gen-fixtures.sh retries such recordings.
func explicitGC() {
	explicitGCMu.Lock()
	defer explicitGCMu.Unlock()
	runtime.GOMAXPROCS(1)
	runtime.GC()
	debug.FreeOSMemory()
	runtime.GOMAXPROCS(configuredProcs)
}

// explicitGCMu serialises explicitGC (the "big" scenario runs workers
// concurrently); configuredProcs is the GOMAXPROCS value chosen in main.
var (
	explicitGCMu    sync.Mutex
	configuredProcs int
)

func gcWork(e *env) {
	old := debug.SetGCPercent(10)
	// A big live pointer array (one span, so cheap to sweep) makes every
	// mark phase scan 8 MB of pointers; the goroutine allocating meanwhile
	// has to pay mark assists. The low GC percent gives several cycles.
	live := make([]*node, 1<<20)
	shared := &node{}
	for i := range live {
		live[i] = shared
	}
	var wg sync.WaitGroup
	// The allocation phase also runs with GOMAXPROCS=1: with more Ps the
	// sweeper's yield loops (see explicitGC) flooded the trace much more
	// often, and with a single P the fractional mark worker leaves most of
	// the marking to mark assists, which is what we want to see.
	explicitGCMu.Lock()
	runtime.GOMAXPROCS(1)
	for g := 0; g < 1; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var garbage [][]byte
			for i := 0; i < 2000*e.scale; i++ {
				garbage = append(garbage, make([]byte, 1024+i%4096))
				if len(garbage) > 200 {
					garbage = garbage[:0]
				}
			}
			keep(len(garbage))
		}()
	}
	wg.Wait()
	runtime.GOMAXPROCS(configuredProcs)
	explicitGCMu.Unlock()
	debug.SetGCPercent(old)
	keep(len(live))
	live = nil
	explicitGC()
}

func annotations(e *env) {
	ctx, task := trace.NewTask(bg, "workload.annotations")
	trace.Log(ctx, "phase", "start")
	trace.Log(ctx, "", "")      // empty category and message
	trace.Log(ctx, "empty", "") // empty message
	trace.Logf(ctx, "fmt", "n=%d", 42)
	trace.Log(ctx, "long", strings.Repeat("0123456789abcdef", 80)) // 1280 bytes
	trace.Log(ctx, "odd", "quote\" backslash\\ tab\t newline\n nul\x00 bell\a é ✓ \U0001F600 \xff\xfe bad utf8")
	trace.Log(bg, "no-task", "logged outside any task")

	trace.WithRegion(ctx, "outer", func() {
		trace.WithRegion(ctx, "inner", func() { spin(50 * time.Microsecond) })
		r := trace.StartRegion(ctx, "manual")
		time.Sleep(100 * time.Microsecond)
		r.End()
	})

	// Child tasks that run and end on other goroutines.
	var wg sync.WaitGroup
	for i := 0; i < 4; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			cctx, ct := trace.NewTask(ctx, fmt.Sprintf("child-%d", i))
			defer ct.End()
			trace.WithRegion(cctx, "child-work", func() {
				trace.Logf(cctx, "child", "%d", i)
				spin(20 * time.Microsecond)
				time.Sleep(50 * time.Microsecond)
			})
		}(i)
	}
	wg.Wait()

	// A task started here and ended by another goroutine.
	_, handed := trace.NewTask(ctx, "handed-over")
	done := make(chan struct{})
	go func() { handed.End(); close(done) }()
	<-done

	// A region that is still open when tracing stops is legal but we keep
	// things tidy; instead, a region started before a generation boundary and
	// ended after it.
	r := trace.StartRegion(ctx, "slow-region")
	time.Sleep(3 * time.Millisecond)
	r.End()

	// Many short regions and logs with distinct strings.
	for i := 0; i < 15*e.scale; i++ {
		trace.WithRegion(ctx, fmt.Sprintf("region-%d", i%10), func() {
			trace.Log(ctx, "iter", fmt.Sprint(i))
		})
	}
	task.End()
	trace.Log(ctx, "after-end", "logged after the task ended")
}

func cpuProfile(e *env) {
	if err := pprof.StartCPUProfile(io.Discard); err != nil {
		fmt.Fprintln(os.Stderr, "cpu profile:", err)
		return
	}
	defer pprof.StopCPUProfile()
	var wg sync.WaitGroup
	for g := 0; g < 3; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			keep(spin(time.Duration(150*e.scale) * time.Millisecond))
		}()
	}
	keep(spin(time.Duration(80*e.scale) * time.Millisecond))
	wg.Wait()
}

func procChanges(e *env) {
	orig := runtime.GOMAXPROCS(0)
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for g := 0; g < 3; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
					spin(200 * time.Microsecond)
					runtime.Gosched()
				}
			}
		}()
	}
	for _, n := range []int{1, 3, 2, 6, 1} {
		runtime.GOMAXPROCS(n)
		time.Sleep(time.Millisecond)
	}
	runtime.GOMAXPROCS(orig)
	close(stop)
	wg.Wait()
}

//go:noinline
func recurse(n int, pad [256]byte) int {
	if n == 0 {
		runtime.Gosched()
		return int(pad[0])
	}
	pad[n%256]++
	return recurse(n-1, pad) + 1
}

//go:noinline
func stackA(n int) int { return recurse(n, [256]byte{}) }

//go:noinline
func stackB(n int) int { return stackA(n) + 1 }

//go:noinline
func stackC(n int) int { return stackB(n) + 2 }

func stacks(e *env) {
	var wg sync.WaitGroup
	for i := 0; i < 6; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			switch i % 3 {
			case 0:
				keep(stackA(20 * (i + 1)))
			case 1:
				keep(stackB(15 * (i + 1)))
			default:
				keep(stackC(10 * (i + 1)))
			}
		}(i)
	}
	wg.Wait()
}

// small is a short, quiet workload: with GODEBUG=traceallocfree=1 (Go 1.23+)
// every span, heap object and goroutine stack allocation is traced, so the
// workload has to stay tiny to keep the file small.
func small(e *env) {
	c := make(chan []byte)
	var wg sync.WaitGroup
	for g := 0; g < 4; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				c <- make([]byte, 100*(g+1)*(i+1))
			}
		}(g)
	}
	go func() { wg.Wait(); close(c) }()
	n := 0
	for b := range c {
		n += len(b)
	}
	keep(n)
	explicitGC()
	time.Sleep(time.Millisecond)
}
