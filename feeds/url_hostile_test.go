package feeds

import "testing"

// TestNormalizeURLEscapesQuery: a subscription address is stored and shown
// (the feed list, `nashra add`, OPML export), so NormalizeURL must not keep
// raw controls, C1 controls or bidi characters from the query, where
// url.Parse leaves them (it refuses only ASCII controls).
func TestNormalizeURLEscapesQuery(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://example.com/?q=\u202egnp.exe", "https://example.com/?q=%E2%80%AEgnp.exe"},
		{"https://example.com/?a=\u009b2J", "https://example.com/?a=%C2%9B2J"},
		{"https://example.com/?a=b c", "https://example.com/?a=b%20c"},
		{"https://example.com/?q=عربي", "https://example.com/?q=%D8%B9%D8%B1%D8%A8%D9%8A"},
		{"https://example.com/?q=%D8%B9&x=\"<>\"", "https://example.com/?q=%D8%B9&x=%22%3C%3E%22"},
		{"https://example.com/feed?format=rss&lang=ar", "https://example.com/feed?format=rss&lang=ar"},
		{"https://example.com/\u009b2J/\u202e", "https://example.com/%C2%9B2J/%E2%80%AE"},
	}
	for _, tt := range tests {
		got, err := NormalizeURL(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("NormalizeURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
			continue
		}
		if again, _ := NormalizeURL(got); again != got {
			t.Errorf("NormalizeURL not idempotent: %q -> %q", got, again)
		}
		if SanitizeLine(got) != got {
			t.Errorf("NormalizeURL(%q) = %q is not a clean line", tt.in, got)
		}
	}
}
