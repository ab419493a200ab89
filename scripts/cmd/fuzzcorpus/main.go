// Command fuzzcorpus decodes one Go fuzzing corpus file whose single value is
// a []byte (the format of x/exp's trace/testdata/fuzz/FuzzReader entries):
//
//	go test fuzz v1
//	[]byte("...")
//
// and writes the raw bytes to standard output (or to -o FILE).
//
// Usage: fuzzcorpus [-o OUT] CORPUSFILE
package main

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"
)

func main() {
	outPath := flag.String("o", "", "write the bytes to this file instead of standard output")
	flag.Parse()
	if flag.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "usage: fuzzcorpus [-o OUT] CORPUSFILE")
		os.Exit(2)
	}
	src, err := os.ReadFile(flag.Arg(0))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	data, err := decode(src)
	if err != nil {
		fmt.Fprintf(os.Stderr, "%s: %v\n", flag.Arg(0), err)
		os.Exit(1)
	}
	if *outPath != "" {
		err = os.WriteFile(*outPath, data, 0o644)
	} else {
		_, err = os.Stdout.Write(data)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

// decode parses the corpus file text. Blank lines and lines starting with
// "//" are ignored after the version line; exactly one value, of the form
// []byte(<Go string literal>), must follow.
func decode(src []byte) ([]byte, error) {
	lines := strings.Split(string(bytes.ReplaceAll(src, []byte("\r\n"), []byte("\n"))), "\n")
	if len(lines) == 0 || strings.TrimSpace(lines[0]) != "go test fuzz v1" {
		return nil, fmt.Errorf("missing \"go test fuzz v1\" header")
	}
	var values []string
	for _, l := range lines[1:] {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "//") {
			continue
		}
		values = append(values, l)
	}
	if len(values) != 1 {
		return nil, fmt.Errorf("want exactly one value, found %d", len(values))
	}
	v := values[0]
	if !strings.HasPrefix(v, "[]byte(") || !strings.HasSuffix(v, ")") {
		return nil, fmt.Errorf("value is not a []byte(...) literal: %.40q", v)
	}
	lit := strings.TrimSuffix(strings.TrimPrefix(v, "[]byte("), ")")
	s, err := strconv.Unquote(lit)
	if err != nil {
		return nil, fmt.Errorf("bad string literal: %v", err)
	}
	return []byte(s), nil
}
