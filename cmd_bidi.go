package main

import (
	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/ui/bidi"
)

type bidiCmd struct {
	Width int    `help:"Wrap each paragraph to N cells; RTL lines are right-aligned with leading spaces (0: one output line per input line, unpadded)." placeholder:"N"`
	Base  string `help:"Base direction: auto (first strong character), ltr or rtl." default:"auto" enum:"auto,ltr,rtl"`
	Mode  string `help:"app (visual order, shaped), terminal (logical, for terminals that reorder) or off (raw)." default:"app" enum:"app,terminal,off"`
}

// Run reads logical text on stdin, one paragraph per line, cleans each line
// as ingest cleans an article body, and writes the visual lines exactly as
// the TUI draws them.
func (c *bidiCmd) Run(e *env) error {
	if c.Width < 0 {
		return usageErrorf("--width must not be negative")
	}
	base, err := bidi.ParseDirection(c.Base)
	if err != nil {
		return usageErrorf("--base: %v", err)
	}
	mode, err := bidi.ParseMode(c.Mode)
	if err != nil {
		return usageErrorf("--mode: %v", err)
	}
	return bidi.Filter(e.stdin, e.stdout, c.Width, bidi.Options{Base: base, Mode: mode}, feeds.SanitizeText)
}
