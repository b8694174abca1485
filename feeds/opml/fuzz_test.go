package opml

import (
	"bytes"
	"errors"
	"slices"
	"testing"
)

// FuzzParse checks, for any input, that Parse returns either a list or a
// *ParseError with a line, never both and never a panic; and that a parsed
// list survives Write and Parse again unchanged. Seeds: testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	f.Add([]byte(sampleOPML))
	f.Add([]byte("https://a.example/ \"~t\" x\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Parse(data)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is not a *ParseError", err, err)
			}
			if pe.Line < 1 || pe.Column < 0 {
				t.Fatalf("error %v has line %d column %d", err, pe.Line, pe.Column)
			}
			if l != nil {
				t.Fatalf("list returned with error %v", err)
			}
			return
		}
		seen := map[string]bool{}
		for _, s := range l.Subscriptions {
			if s.URL == "" || seen[s.URL] {
				t.Fatalf("empty or repeated URL %q", s.URL)
			}
			seen[s.URL] = true
			for i, f := range s.Folders {
				if f == "" || slices.Contains(s.Folders[:i], f) {
					t.Fatalf("%s: empty or repeated folder in %q", s.URL, s.Folders)
				}
			}
		}
		var buf bytes.Buffer
		if err := Write(&buf, l.Title, l.Subscriptions); err != nil {
			t.Fatalf("Write: %v", err)
		}
		back, err := Parse(buf.Bytes())
		if err != nil {
			t.Fatalf("Parse(Write(list)): %v\n%s", err, buf.Bytes())
		}
		if back.Title != l.Title {
			t.Fatalf("title %q came back as %q", l.Title, back.Title)
		}
		want := bySubURL(l.Subscriptions)
		got := bySubURL(back.Subscriptions)
		if len(got) != len(want) {
			t.Fatalf("%d subscriptions came back as %d:\n%s", len(want), len(got), buf.Bytes())
		}
		for u, w := range want {
			g := got[u]
			if g.URL != u || g.Title != w.Title || g.SiteURL != w.SiteURL || !slices.Equal(g.Folders, w.Folders) {
				t.Fatalf("round trip changed %+v into %+v", w, g)
			}
		}
	})
}
