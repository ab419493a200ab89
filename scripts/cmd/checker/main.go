// Command checker is the reference ("oracle") reader used by gotrace's tests.
//
// It decodes a Go execution trace with golang.org/x/exp/trace and prints the
// String() form of every event it delivers, one per line, followed by a
// verdict line:
//
//	OK <number of events>
//	ERROR: <error text>
//
// Usage: checker FILE   (or "-" to read standard input)
//
// The exit status is 0 whether the trace is valid or not (the verdict is in
// the output). It is 2 when the input cannot be opened and 1 on a usage error
// or a failure to write the output.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"golang.org/x/exp/trace"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: checker FILE|-")
		os.Exit(1)
	}
	var in io.Reader
	if os.Args[1] == "-" {
		in = os.Stdin
	} else {
		f, err := os.Open(os.Args[1])
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		defer f.Close()
		in = f
	}
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	verdict := run(bufio.NewReaderSize(in, 1<<16), out)
	fmt.Fprintln(out, verdict)
	if err := out.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// run reads every event, writing its String() form, and returns the verdict line.
func run(in io.Reader, out *bufio.Writer) string {
	r, err := trace.NewReader(in)
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
