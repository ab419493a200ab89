// Command gobench measures how fast Go's reference reader (golang.org/x/exp/trace)
// decodes a trace file: a full, validated, ordered decode with NewReader and
// ReadEvent over every event, all in this process. It prints one JSON line
//
//	{"mode":"parsed","bytes":N,"events":N,"seconds":S,"maxRSSBytes":N}
//
// where seconds covers NewReader plus all ReadEvent calls (file reading
// included, process start-up excluded) and maxRSSBytes is the peak resident
// set size of the process from getrusage. If the reader stops with an error
// the line gets an extra "error" field and the exit status is 1.
//
// Usage: gobench [-repeat N] [-memory] FILE
//
// With -repeat N the decode runs N times and one line is printed per run.
// With -memory the file is first read whole into memory (untimed, as our
// in-memory benchmark does) and decoded from a bytes.Reader: mode "memory".
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"syscall"
	"time"

	"golang.org/x/exp/trace"
)

type result struct {
	Mode        string  `json:"mode"`
	Bytes       int64   `json:"bytes"`
	Events      int64   `json:"events"`
	Seconds     float64 `json:"seconds"`
	MaxRSSBytes int64   `json:"maxRSSBytes"`
	Error       string  `json:"error,omitempty"`
}

func main() {
	repeat := flag.Int("repeat", 1, "number of timed runs")
	memory := flag.Bool("memory", false, "read the whole file into memory first (untimed) and decode from it")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: gobench [-repeat N] FILE")
		os.Exit(2)
	}
	failed := false
	for i := 0; i < *repeat; i++ {
		res, err := once(flag.Arg(0), *memory)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		line, _ := json.Marshal(res)
		fmt.Println(string(line))
		failed = failed || res.Error != ""
	}
	if failed {
		os.Exit(1)
	}
}

// held keeps the in-memory copy alive across runs, as our benchmark keeps its Uint8Array.
var held []byte

func once(path string, memory bool) (result, error) {
	if memory {
		if held == nil {
			b, err := os.ReadFile(path)
			if err != nil {
				return result{}, err
			}
			held = b
		}
		res := result{Mode: "memory", Bytes: int64(len(held))}
		start := time.Now()
		r, err := trace.NewReader(bytes.NewReader(held))
		return finish(res, start, r, err), nil
	}
	f, err := os.Open(path)
	if err != nil {
		return result{}, err
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return result{}, err
	}
	res := result{Mode: "parsed", Bytes: st.Size()}
	start := time.Now()
	r, err := trace.NewReader(bufio.NewReaderSize(f, 1<<20))
	return finish(res, start, r, err), nil
}

// finish reads every event of r (err: NewReader's error) and fills in the timing and RSS.
func finish(res result, start time.Time, r *trace.Reader, err error) result {
	for err == nil {
		_, err = r.ReadEvent()
		if err == nil {
			res.Events++
		}
	}
	res.Seconds = time.Since(start).Seconds()
	if err != io.EOF {
		res.Error = err.Error()
	}
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		res.MaxRSSBytes = ru.Maxrss * 1024 // Linux reports kilobytes
	}
	return res
}
