package feeds

import (
	"net/url"
	"strings"
	"testing"
	"time"
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
		"a \u00a0b", "a \u202eb", "ab \u200f", "x\ry", "\u0645 \u0645  ", "ok\xc3", "ok\xc2\x85z",
		"<p>one<p>two &amp; <b>three</b></p>", `<ul><li><a href="/x?a=1&amp;b=2" TITLE='t'>x</a></li></ul>`,
		"<h1>a</h1><div><p>b<hr/>c</div>", `<b class="x" id="1" ID="2">y</b>`, "<li><p>a<li>b", "1 < 2 <br> &copy 3",
		"Mon, 02 Jan 2006 15:04:05 GMT", "Tue, 10 Jun 2025 08:00:00 UTC", "Mon, 02 Jan 2006 15:04:05 +0000",
		"2025-06-01T10:00:00Z", "2025-06-01T10:00:00+03:00", "02 Jan 06 15:04 -0700", "Mon Jan 02 15:04:05 -0700 2006",
		"<![CDATA[a]]>", "<![CDATA[a]]><![CDATA[b]]>", "<![CDATA[]]>", "x<![CDATA[&amp;]]>&amp;",
		"one two", "one  two", " lead and trail ", "word", " ", "a b c d e f g h i j k l m n o p q r s t ", "one\u00a0two", "a \u0085", "\xffx y", "ك ت ب",
		"<p><i>a<p>b</i>", "<a href='/1'>x<a>y</a>", "<h2><span>a<h3>b", "<img alt=\"&lt;&#39;\">",
	} {
		f.Add(s)
	}
	base, _ := url.Parse("https://example.org/dir/page.html")
	f.Fuzz(func(t *testing.T, s string) {
		for _, line := range []bool{false, true} {
			n := cleanPrefix(s, line)
			want := sanitizeFrom(s, 0, line)
			if got := sanitizeFrom(s, n, line); got != want {
				t.Errorf("sanitizeFrom(%q, cleanPrefix %d, %v) = %q, from 0 %q", s, n, line, got, want)
			}
			if n == len(s) && want != s {
				t.Errorf("cleanPrefix(%q, %v) = len(s) but sanitize gives %q", s, line, want)
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
		checkFastFragment(t, s)
		if singleSpaced(s) {
			for _, before := range []string{"", "x", "x\n"} {
				var fast, slow textWriter
				for _, w := range []*textWriter{&fast, &slow} {
					w.b.WriteString(before)
					w.lineStart = strings.HasSuffix(before, "\n")
				}
				fast.collapse(s, true)
				slow.collapse(s, false)
				fast.write("y")
				slow.write("y")
				if fast.b.String() != slow.b.String() {
					t.Errorf("collapse(%q) after %q: %q, without the shortcut %q", s, before, fast.b.String(), slow.b.String())
				}
			}
		}
		if isFieldsJoined(s) && strings.Join(strings.Fields(s), " ") != s {
			t.Errorf("isFieldsJoined(%q) but its fields join to %q", s, strings.Join(strings.Fields(s), " "))
		}
		for _, cdata := range []string{s, "<![CDATA[" + s + "]]>"} {
			if got, want := stripCDATALike(cdata), stripCDATALoop(cdata); got != want {
				t.Errorf("stripCDATALike(%q) = %q, loop %q", cdata, got, want)
			}
		}
		if got, _ := gofeedDate(s); !sameTimePtr(got, gofeedDateAll(s)) {
			t.Errorf("gofeedDate(%q) = %v, trying every layout %v", s, got, gofeedDateAll(s))
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

// gofeedDateAll is gofeedDate trying every layout in order.
func gofeedDateAll(s string) *time.Time {
	d := strings.TrimSpace(s)
	for _, layout := range []string{
		time.RFC822Z, time.RFC3339, time.RubyDate, time.RFC1123Z,
		"Mon, 02 Jan 2006 15:04:05 GMT", "Mon, 02 Jan 2006 15:04:05 UTC",
	} {
		if p, err := time.Parse(layout, d); err == nil && d != "" {
			u := p.UTC()
			return &u
		}
	}
	return nil
}

func sameTimePtr(a, b *time.Time) bool {
	if a == nil || b == nil {
		return a == b
	}
	return a.Equal(*b) && a.Location() == b.Location()
}
