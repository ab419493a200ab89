//go:build ignore

// rawbench measures how fast x/exp's internal raw reader decodes the wire
// format of a trace file (no validation, no ordering): it reads every raw
// event and prints one JSON line
//
//	{"mode":"raw","bytes":N,"events":N,"seconds":S,"maxRSSBytes":N}
//
// or, if the raw reader stops with an error, the same line with an extra
// "error" field (exit status 1). With a REPEAT count the file is read that
// many times in this process, one line per run (so the caller can take the
// best run, as it does for its own side of the comparison).
//
// Like rawtext.go this file is built only inside scripts/build-oracle.sh's
// private copy of golang.org/x/exp (trace/internal/raw/cmd/rawbench).
package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"syscall"
	"time"

	"golang.org/x/exp/trace/internal/raw"
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
	if len(os.Args) != 2 && len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: rawbench FILE [REPEAT]")
		os.Exit(2)
	}
	repeat := 1
	if len(os.Args) == 3 {
		if _, err := fmt.Sscan(os.Args[2], &repeat); err != nil || repeat < 1 {
			fmt.Fprintln(os.Stderr, "rawbench: REPEAT must be a whole number >= 1")
			os.Exit(2)
		}
	}
	failed := false
	for i := 0; i < repeat; i++ {
		res := once(os.Args[1])
		line, _ := json.Marshal(res)
		fmt.Println(string(line))
		failed = failed || res.Error != ""
	}
	if failed {
		os.Exit(1)
	}
}

func once(path string) result {
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	res := result{Mode: "raw", Bytes: st.Size()}
	start := time.Now()
	r, err := raw.NewReader(bufio.NewReaderSize(f, 1<<20))
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
