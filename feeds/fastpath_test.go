package feeds

import (
	"net/url"
	"testing"
)

// FuzzFastPaths checks each shortcut that returns its input unchanged
// against the full algorithm it skips: whenever a shortcut's test accepts
// s, the full algorithm must give back s itself.
func FuzzFastPaths(f *testing.F) {
	for _, s := range []string{
		"", "plain words", "two\n\nparagraphs", "trailing \nspace", "\nleading", "end\n",
		"> quoted\n>\n> more", "a\n\n\nb", "مرحبا بالعالم", "tab\there", "x\u00a0y", " a", "a  b",
		"bidi \u202eevil", "mark \u200f here", "\xff bad", "nel \u0085", "sep \u2028 x", "emoji 😀",
		"https://example.com/a/b?q=1&r=2#frag", "http://EXAMPLE.com", "https://h/p%2Fq%zz",
		"https://h:80/", "https://u@h/", "https://h/#", "https://h/?", "HTTPS://h/", "https://h/a b",
		"https://h/%41%e2%80%8f#%20x", "https://h?x?y#z", "https://h/.././x",
	} {
		f.Add(s)
	}
	base, _ := url.Parse("https://example.org/dir/page.html")
	f.Fuzz(func(t *testing.T, s string) {
		for _, line := range []bool{false, true} {
			if isClean(s, line) {
				if got := sanitizeRunes(s, line); got != s {
					t.Errorf("isClean(%q, %v) but sanitizeRunes gives %q", s, line, got)
				}
			}
		}
		if isTidyPlain(s) {
			if got := cleanPlainLines(s); got != s {
				t.Errorf("isTidyPlain(%q) but cleanPlainLines gives %q", s, got)
			}
		}
		if isTidy(s) {
			if got := tidyLines(s); got != s {
				t.Errorf("isTidy(%q) but tidyLines gives %q", s, got)
			}
		}
		if charsClean(s) {
			if got := cleanCharsCopy(s); got != s {
				t.Errorf("charsClean(%q) but cleanCharsCopy gives %q", s, got)
			}
		}
		if isPlainWebURL(s) {
			for _, b := range []*url.URL{nil, base} {
				if got := parseResolve(b, s); got != s {
					t.Errorf("isPlainWebURL(%q) but parseResolve(%v) gives %q", s, b, got)
				}
			}
		}
	})
}
