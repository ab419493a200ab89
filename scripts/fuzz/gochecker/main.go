// Command gochecker is scripts/cmd/checker for many files in one process: the Go side of the
// fuzz differential check (packages/encoder/test-cross/fuzz-differential.test.ts).
//
// Usage: gochecker FILE...   (or file names one per line on standard input when none are given)
//
// For each file it prints "=== FILE", then exactly what checker prints for it: every event's
// String() (golang.org/x/exp/trace), then "OK <n>" or "ERROR: <msg>". A panic in the reader is
// reported as "PANIC: <value>" instead of stopping the run.
package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"

	"golang.org/x/exp/trace"
)

func main() {
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer out.Flush()
	files := os.Args[1:]
	if len(files) == 0 {
		sc := bufio.NewScanner(os.Stdin)
		for sc.Scan() {
			if sc.Text() != "" {
				files = append(files, sc.Text())
			}
		}
	}
	for _, f := range files {
		fmt.Fprintf(out, "=== %s\n", f)
		data, err := os.ReadFile(f)
		if err != nil {
			fmt.Fprintf(out, "IOERROR: %v\n", err)
			continue
		}
		fmt.Fprintln(out, check(data, out))
	}
}

func check(data []byte, out *bufio.Writer) (verdict string) {
	defer func() {
		if p := recover(); p != nil {
			verdict = fmt.Sprintf("PANIC: %v", p)
		}
	}()
	r, err := trace.NewReader(bytes.NewReader(data))
	if err != nil {
		return "ERROR: " + err.Error()
	}
	n := 0
	for {
		ev, err := r.ReadEvent()
		if err == io.EOF {
			return fmt.Sprintf("OK %d", n)
		}
		if err != nil {
			return "ERROR: " + err.Error()
		}
		out.WriteString(ev.String())
		out.WriteByte('\n')
		n++
	}
}
