package feeds

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// Seed corpora live in testdata/fuzz/FuzzParse and testdata/fuzz/FuzzSanitize
// (written for this project); `make test` runs them, `make fuzz` explores.

// FuzzParse feeds arbitrary bytes through the whole parse: it must not
// panic, must return either items or a one-line error, and every text
// field of every item must already be sanitized.
func FuzzParse(f *testing.F) {
	f.Add([]byte(`<rss version="2.0"><channel><title>T</title><item><title>A &amp; B</title><link>/a</link></item></channel></rss>`))
	f.Add([]byte(`<feed xmlns="http://www.w3.org/2005/Atom"><entry><id>1</id><title type="html">&lt;b&gt;x&lt;/b&gt;</title></entry></feed>`))
	f.Add([]byte(`{"version":"https://jsonfeed.org/version/1.1","items":[{"id":"1","content_html":"<p>x</p>"}]}`))
	f.Add([]byte("<rss><channel><item><title>\x1b]52;c;eA==\x07</title></item><item><title>cut"))
	f.Fuzz(func(t *testing.T, body []byte) {
		meta, items, err := Parse(body, "", "https://example.com/feed.xml")
		if err != nil {
			msg := err.Error()
			if msg == "" || strings.ContainsAny(msg, "\n\r") || SanitizeLine(msg) != msg {
				t.Fatalf("unreadable error %q", msg)
			}
			if items != nil {
				t.Fatalf("error %v with %d items", err, len(items))
			}
			return
		}
		fields := []string{meta.Title, meta.SiteURL, meta.Language, meta.Encoding}
		guids := map[string]bool{}
		for _, it := range items {
			if it.GUID == "" || guids[it.GUID] {
				t.Fatalf("GUID %q empty or repeated", it.GUID)
			}
			guids[it.GUID] = true
			fields = append(fields, it.GUID, it.Title, it.URL, it.Author, it.Lang, it.ExplicitDir)
			for _, l := range it.Links {
				fields = append(fields, l.Text, l.URL)
			}
			for _, e := range it.Enclosures {
				fields = append(fields, e.URL, e.Type)
			}
			if SanitizeText(it.Content) != it.Content {
				t.Fatalf("content not sanitized: %q", it.Content)
			}
			if it.Dir != "rtl" && it.Dir != "ltr" {
				t.Fatalf("dir %q", it.Dir)
			}
		}
		for _, s := range fields {
			if SanitizeLine(s) != s {
				t.Fatalf("field not sanitized: %q", s)
			}
		}
	})
}

// FuzzSanitize checks the sanitizer's guarantees on arbitrary strings:
// valid UTF-8 out, no control character, escape sequence or bidi
// embedding/override/isolate left, idempotent, and single-line output with
// no line break, tab or implicit mark.
func FuzzSanitize(f *testing.F) {
	f.Add("plain text")
	f.Add("\x1b[31mred\x1b[0m \x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\")
	f.Add("\u009b2J\u009d52;c;eA==\u009c \u202eevil\u202c \u200fعربي\u200e")
	f.Add("a\r\nb\u2028c\u2029d\te\x00\x7f\xff")
	f.Fuzz(func(t *testing.T, s string) {
		for _, line := range []bool{false, true} {
			out := sanitize(s, line)
			if !utf8.ValidString(out) {
				t.Fatalf("invalid UTF-8: %q -> %q", s, out)
			}
			if i := strings.IndexFunc(out, isTerminalHazard); i >= 0 {
				t.Fatalf("hazard %U left: %q -> %q", []rune(out[i:])[0], s, out)
			}
			if again := sanitize(out, line); again != out {
				t.Fatalf("not idempotent (line=%v): %q -> %q -> %q", line, s, out, again)
			}
			if line && (strings.ContainsAny(out, "\n\t\u200e\u200f\u061c") || strings.Contains(out, "  ") ||
				strings.HasPrefix(out, " ") || strings.HasSuffix(out, " ")) {
				t.Fatalf("line output %q", out)
			}
			if len(out) > 3*len(s) { // an invalid byte becomes U+FFFD: 3 bytes
				t.Fatalf("output grew: %d -> %d bytes", len(s), len(out))
			}
		}
	})
}
