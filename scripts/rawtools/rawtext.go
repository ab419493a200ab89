//go:build ignore

// rawtext converts Go execution traces between the binary wire format and the
// raw text format used by the .test conformance files, using x/exp's internal
// raw codec. It is our own equivalent of Go's gotraceraw debugging tool.
//
//	rawtext bytes2text < trace.bin > trace.txt
//	rawtext text2bytes < trace.txt > trace.bin
//
// A plain end of input ends the conversion quietly (exit 0). Any other error
// is printed to standard error after flushing what was already converted, and
// the exit status is 1.
//
// This file is not part of the gotrace.local/scripts module (see the build
// tag): scripts/build-oracle.sh copies it into a private copy of the pinned
// golang.org/x/exp module, under trace/internal/raw/cmd/rawtext, because only
// code inside x/exp's trace/internal tree may import the raw package.
package main

import (
	"bufio"
	"fmt"
	"io"
	"os"

	"golang.org/x/exp/trace/internal/raw"
)

type eventReader interface {
	ReadEvent() (raw.Event, error)
}

type eventWriter interface {
	WriteEvent(raw.Event) error
}

func main() {
	if len(os.Args) != 2 || (os.Args[1] != "bytes2text" && os.Args[1] != "text2bytes") {
		fmt.Fprintln(os.Stderr, "usage: rawtext bytes2text|text2bytes < in > out")
		os.Exit(2)
	}
	in := bufio.NewReaderSize(os.Stdin, 1<<16)
	out := bufio.NewWriterSize(os.Stdout, 1<<16)
	err := convert(os.Args[1], in, out)
	if ferr := out.Flush(); err == nil {
		err = ferr
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func convert(mode string, in io.Reader, out io.Writer) error {
	var r eventReader
	var w eventWriter
	switch mode {
	case "bytes2text":
		br, err := raw.NewReader(in)
		if err != nil {
			return err
		}
		tw, err := raw.NewTextWriter(out, br.Version())
		if err != nil {
			return err
		}
		r, w = br, tw
	case "text2bytes":
		tr, err := raw.NewTextReader(in)
		if err != nil {
			return err
		}
		bw, err := raw.NewWriter(out, tr.Version())
		if err != nil {
			return err
		}
		r, w = tr, bw
	}
	for {
		ev, err := r.ReadEvent()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if err := w.WriteEvent(ev); err != nil {
			return err
		}
	}
}
