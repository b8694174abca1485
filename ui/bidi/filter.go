package bidi

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Filter is `nashra bidi`: it reads logical text from r, one paragraph per
// line ("\n" or "\r\n" ends a line), passes each line through clean (the
// ingest sanitizer; nil keeps the line as it is) and writes the visual lines
// to w exactly as the TUI would draw them. With width <= 0 it writes one
// output line per input line, unpadded. With width > 0 it writes each
// paragraph's wrapped lines, one per output line, RTL lines right-aligned to
// width with leading spaces, LTR lines unpadded. An empty input line gives an
// empty output line. It returns the first read or write error, wrapped.
func Filter(r io.Reader, w io.Writer, width int, o Options, clean func(string) string) error {
	br := bufio.NewReader(r)
	bw := bufio.NewWriter(w)
	for lineNo := 1; ; lineNo++ {
		line, err := br.ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("bidi filter: read line %d: %w", lineNo, err)
		}
		if line == "" && err != nil {
			break
		}
		line = strings.TrimSuffix(line, "\n")
		line = strings.TrimSuffix(line, "\r")
		if clean != nil {
			line = clean(line)
		}
		for _, l := range Layout(line, width, o) {
			text := l.Text
			if width > 0 && l.RTL {
				text = l.Pad(width)
			}
			if _, werr := bw.WriteString(text); werr != nil {
				return fmt.Errorf("bidi filter: write: %w", werr)
			}
			if werr := bw.WriteByte('\n'); werr != nil {
				return fmt.Errorf("bidi filter: write: %w", werr)
			}
		}
		if err != nil {
			break
		}
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("bidi filter: write: %w", err)
	}
	return nil
}
