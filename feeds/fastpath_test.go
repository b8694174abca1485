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
		"a \u00a0b", "a \u202eb", "ab \u200f", "x\ry", "\u0645 \u0645  ", "ok\xc3", "ok\xc2\x85z",
		"<p>one<p>two &amp; <b>three</b></p>", `<ul><li><a href="/x?a=1&amp;b=2" TITLE='t'>x</a></li></ul>`,
		"<h1>a</h1><div><p>b<hr/>c</div>", `<b class="x" id="1" ID="2">y</b>`, "<li><p>a<li>b", "1 < 2 <br> &copy 3",
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
		if isPlainWebURL(s) {
			for _, b := range []*url.URL{nil, base} {
				if got := parseResolve(b, s); got != s {
					t.Errorf("isPlainWebURL(%q) but parseResolve(%v) gives %q", s, b, got)
				}
			}
		}
	})
}
