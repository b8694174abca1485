package feeds

import (
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/idna"
)

// punycode is the ASCII form of a host, computed by x/net/idna: the
// expected display of hosts that must not be shown in Unicode.
func punycode(t *testing.T, host string) string {
	t.Helper()
	a, err := idna.Punycode.ToASCII(host)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func TestDisplayURL(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "https://example.com/path?q=1#top", "https://example.com/path?q=1#top"},
		{"Arabic IDN from punycode", "https://" + punycode(t, "مثال") + "." + punycode(t, "مصر") + "/", "https://مثال.مصر/"},
		{"Arabic IDN raw", "https://مثال.مصر/", "https://مثال.مصر/"},
		{"upper-case punycode", "HTTPS://" + strings.ToUpper(punycode(t, "مثال")) + ".COM/", "https://مثال.com/"},
		{"Arabic label and ASCII label", "https://ex-1.مصر/", "https://ex-1.مصر/"},
		{"Persian with ZWNJ", "https://می\u200cخواهم.ir/", "https://می\u200cخواهم.ir/"},
		{"Cyrillic host, Cyrillic TLD", "https://пример.рф/", "https://пример.рф/"},
		{"Japanese mix", "https://ひらがな漢字カタカナabc.jp/", "https://ひらがな漢字カタカナabc.jp/"},
		{"Chinese", "https://例子.中国/", "https://例子.中国/"},
		{"Korean with Latin", "https://한국abc.kr/", "https://한국abc.kr/"},
		{"Latin with Cyrillic a", "https://pаypal.com/login", "https://" + punycode(t, "pаypal") + ".com/login"},
		{"Latin with Greek omicron", "https://gοogle.com/", "https://" + punycode(t, "gοogle") + ".com/"},
		{"all-Cyrillic look-alike under .com", "https://аррӏе.com/", "https://" + punycode(t, "аррӏе") + ".com/"},
		{"look-alike punycode stays", "https://" + punycode(t, "аррӏе") + ".com/", "https://" + punycode(t, "аррӏе") + ".com/"},
		{"all-Cyrillic look-alike under Cyrillic TLD", "https://аррӏе.рф/", "https://аррӏе.рф/"},
		{"Arabic with Latin in one label", "https://abcمثال.com/", "https://" + punycode(t, "abcمثال") + ".com/"},
		{"Cyrillic with Arabic", "https://мирسلام.net/", "https://" + punycode(t, "мирسلام") + ".net/"},
		{"symbol host", "https://☃.net/", "https://" + punycode(t, "☃") + ".net/"},
		{"user information dropped", "https://bank.example@evil.example/login", "https://evil.example/login"},
		{"password dropped", "https://user:secret@example.com/", "https://example.com/"},
		{"port kept", "http://example.com:8080/x", "http://example.com:8080/x"},
		{"IPv4", "http://127.0.0.1:8099/feed", "http://127.0.0.1:8099/feed"},
		{"IPv6", "http://[::1]:8080/", "http://[::1]:8080/"},
		{"Arabic slug decoded", "https://example.com/2024/%D9%85%D9%82%D8%A7%D9%84-%D8%B9%D9%86", "https://example.com/2024/مقال-عن"},
		{"harakat after a letter decoded", "https://example.com/%D9%85%D9%8E", "https://example.com/مَ"},
		{"mark after ASCII kept", "https://example.com/%CC%81abc", "https://example.com/%CC%81abc"},
		{"mark after slash kept", "https://example.com/a/%D9%8E", "https://example.com/a/%D9%8E"},
		{"raw Arabic path kept readable", "https://example.com/مقال", "https://example.com/مقال"},
		{"query decoded", "https://example.com/s?q=%D8%B9%D8%B1%D8%A8%D9%8A&n=2", "https://example.com/s?q=عربي&n=2"},
		{"fragment decoded", "https://example.com/#%D9%82%D8%B3%D9%85", "https://example.com/#قسم"},
		{"RLO escaped stays", "https://example.com/abc%E2%80%AEgnp.exe", "https://example.com/abc%E2%80%AEgnp.exe"},
		{"raw RLO escaped", "https://example.com/abc\u202egnp.exe", "https://example.com/abc%E2%80%AEgnp.exe"},
		{"isolate stays", "https://example.com/%E2%81%A6x%E2%81%A9", "https://example.com/%E2%81%A6x%E2%81%A9"},
		{"RLM and ALM stay", "https://example.com/%E2%80%8F%D8%9C", "https://example.com/%E2%80%8F%D8%9C"},
		{"ZWJ stays", "https://example.com/a%E2%80%8Db", "https://example.com/a%E2%80%8Db"},
		{"NBSP stays", "https://example.com/a%C2%A0b", "https://example.com/a%C2%A0b"},
		{"C1 CSI stays", "https://example.com/%C2%9B2J", "https://example.com/%C2%9B2J"},
		{"ASCII stays encoded", "https://example.com/a%2Fb%20c%41%3F", "https://example.com/a%2Fb%20c%41%3F"},
		{"invalid UTF-8 stays", "https://example.com/%FF%D9", "https://example.com/%FF%D9"},
		{"division slash stays", "https://example.com/a%E2%88%95b", "https://example.com/a%E2%88%95b"},
		{"fullwidth solidus stays", "https://example.com/a%EF%BC%8Fb", "https://example.com/a%EF%BC%8Fb"},
		{"ideographic full stop stays", "https://example.com/a%E3%80%82b", "https://example.com/a%E3%80%82b"},
		{"private use stays", "https://example.com/%EE%80%80", "https://example.com/%EE%80%80"},
		{"half an escape", "https://example.com/100%", "https://example.com/100%"},
		{"no host", "mailto:someone@example.com", "mailto:someone@example.com"},
		{"javascript shown, not run", "javascript:alert(1)", "javascript:alert(1)"},
		{"unparsable", "http://[bad\u202e", "http://[bad%E2%80%AE"},
		{"space trimmed", "  https://example.com/  ", "https://example.com/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := DisplayURL(tt.in)
			if got != tt.want {
				t.Errorf("DisplayURL(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
			checkDisplay(t, tt.in, got)
		})
	}
}

// checkDisplay checks the guarantees of DisplayURL's result.
func checkDisplay(t *testing.T, in, got string) {
	t.Helper()
	if !utf8.ValidString(got) || SanitizeLine(got) != got {
		t.Errorf("DisplayURL(%q) = %q is not a sanitized line", in, got)
	}
	if i := strings.IndexFunc(got, func(r rune) bool {
		return isTerminalHazard(r) || r == 0x200e || r == 0x200f || r == 0x061c || r >= 0x80 && !showable(r) && r != 0x200c
	}); i >= 0 {
		t.Errorf("DisplayURL(%q) = %q holds %U", in, got, []rune(got[i:])[0])
	}
}

func TestSafeLink(t *testing.T) {
	ar := punycode(t, "مثال") + "." + punycode(t, "مصر")
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"https://example.com/a?b=c#d", "https://example.com/a?b=c#d", true},
		{"HTTP://Example.COM/x", "http://example.com/x", true},
		{"  https://example.com/  ", "https://example.com/", true},
		{"https://مثال.مصر/مقال?q=عربي#قسم", "https://" + ar + "/%D9%85%D9%82%D8%A7%D9%84?q=%D8%B9%D8%B1%D8%A8%D9%8A#%D9%82%D8%B3%D9%85", true},
		{"https://example.com/a b?c d", "https://example.com/a%20b?c%20d", true},
		{"https://example.com/\u202egnp.exe", "https://example.com/%E2%80%AEgnp.exe", true},
		{"https://example.com/?q=\"<x>\"|{}", "https://example.com/?q=%22%3Cx%3E%22%7C%7B%7D", true},
		{"https://bank.example@evil.example/", "https://evil.example/", true},
		{"http://[::1]:8080/feed", "http://[::1]:8080/feed", true},
		{"http://127.0.0.1:8099/x", "http://127.0.0.1:8099/x", true},
		{"https://example.com:443/", "https://example.com:443/", true},
		{"javascript:alert(1)", "", false},
		{"JavaScript://example.com/%0Aalert(1)", "", false},
		{"data:text/html,<script>alert(1)</script>", "", false},
		{"file:///etc/passwd", "", false},
		{"ftp://example.com/file", "", false},
		{"mailto:a@example.com", "", false},
		{"//example.com/path", "", false},
		{"/relative/path", "", false},
		{"http:///path", "", false},
		{"https://", "", false},
		{"http:example.com", "", false},
		{"https://exa mple.com/", "", false},
		{"https://bad\u202ehost.com/", "", false},
		{"", "", false},
		{"-remote https://x", "", false},
	}
	for _, tt := range tests {
		got, ok := SafeLink(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("SafeLink(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
		if ok {
			checkSafeLink(t, tt.in, got)
		}
	}
}

func checkSafeLink(t *testing.T, in, got string) {
	t.Helper()
	if !strings.HasPrefix(got, "http://") && !strings.HasPrefix(got, "https://") {
		t.Errorf("SafeLink(%q) = %q: not http(s)", in, got)
	}
	for i := 0; i < len(got); i++ {
		if c := got[i]; c <= 0x20 || c >= 0x7f {
			t.Errorf("SafeLink(%q) = %q: byte %#x at %d", in, got, c, i)
			break
		}
	}
}

// FuzzDisplayURL checks DisplayURL and SafeLink on arbitrary strings: no
// panic, a display that is one sanitized line without hazards, and a link
// that is ASCII http(s) or refused.
func FuzzDisplayURL(f *testing.F) {
	for _, s := range []string{
		"https://example.com/", "https://مثال.مصر/مقال", "https://pаypal.com/", "https://example.com/%E2%80%AE",
		"javascript:alert(1)", "http://[::1]:80/%D9%85", "https://a@b/%CC%81", "http://xn--a.com/", "https://\u202e.com/",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		checkDisplay(t, s, DisplayURL(s))
		if link, ok := SafeLink(s); ok {
			checkSafeLink(t, s, link)
		} else if link != "" {
			t.Errorf("SafeLink(%q) refused but returned %q", s, link)
		}
	})
}
