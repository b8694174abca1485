package feeds

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

func TestNormalizeURL(t *testing.T) {
	tests := []struct {
		in, want string
	}{
		{"https://Example.COM/feed.xml", "https://example.com/feed.xml"},
		{"HTTP://example.com:80/rss", "http://example.com/rss"},
		{"https://example.com:443/rss", "https://example.com/rss"},
		{"https://example.com:8443/rss", "https://example.com:8443/rss"},
		{"https://example.com", "https://example.com/"},
		{"https://example.com/feed#section", "https://example.com/feed"},
		{"https://example.com/feed?format=rss&lang=ar", "https://example.com/feed?format=rss&lang=ar"},
		{"  https://example.com/feed  ", "https://example.com/feed"},
		{"feed://example.com/rss", "http://example.com/rss"},
		{"feed:https://example.com/rss", "https://example.com/rss"},
		{"https://مثال.إختبار/rss", "https://xn--mgbh0fb.xn--kgbechtv/rss"},
		{"https://[::1]:8080/feed", "https://[::1]:8080/feed"},
		{"https://example.com/%D8%B9%D8%B1%D8%A8%D9%8A", "https://example.com/%D8%B9%D8%B1%D8%A8%D9%8A"},
		{"file:///tmp/feeds/../a.xml", "file:///tmp/a.xml"},
		{"file://localhost/tmp/a.xml", "file:///tmp/a.xml"},
		{"/var/feeds/a.xml", "file:///var/feeds/a.xml"},
		// RFC 3986 §6.2.2 normalization.
		{"http://example.com/%66eed", "http://example.com/feed"},
		{"http://example.com/a/../feed", "http://example.com/feed"},
		{"http://example.com/a/./b/.", "http://example.com/a/b/"},
		{"http://example.com/../../feed", "http://example.com/feed"},
		{"http://example.com/feed?", "http://example.com/feed"},
		{"http://example.com./feed", "http://example.com/feed"},
		{"http://example.com/%d8%b9?q=%7e%2f", "http://example.com/%D8%B9?q=~%2F"},
		{"http://example.com/a%2Fb", "http://example.com/a%2Fb"},     // an encoded slash stays encoded
		{"http://example.com\u3002/feed", "http://example.com/feed"}, // "。" maps to "." first
		{"http://example.com:0080/feed", "http://example.com/feed"},
		{"http://example.com:08080/feed", "http://example.com:8080/feed"},
		{"http://@example.com/feed", "http://example.com/feed"},
		{"http://user:pw@example.com/feed", "http://user:pw@example.com/feed"}, // basic auth kept
		{"http://[::0001]/feed", "http://[::1]/feed"},
		{"file://LOCALHOST/tmp/a.xml", "file:///tmp/a.xml"},
	}
	for _, tt := range tests {
		got, err := NormalizeURL(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("NormalizeURL(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
}

func TestNormalizeURLRelativeAndHome(t *testing.T) {
	wd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	got, err := NormalizeURL("testdata/x.xml")
	if want := "file://" + filepath.ToSlash(filepath.Join(wd, "testdata/x.xml")); err != nil || got != want {
		t.Errorf("relative path = %q, %v; want %q", got, err, want)
	}
	t.Setenv("HOME", "/home/reader")
	got, err = NormalizeURL("~/feeds/a.xml")
	if err != nil || got != "file:///home/reader/feeds/a.xml" {
		t.Errorf("home path = %q, %v", got, err)
	}
}

func TestNormalizeURLErrors(t *testing.T) {
	for _, in := range []string{"", "   ", "ftp://example.com/feed", "gopher://x", "https://", "file://remote.host/a.xml", "javascript://x",
		"http://example.com:99999/feed", "http://example.com:0/feed", "javascript:alert(1)", "data:text/xml,<rss/>", "mailto:a@b", "file:rel/a.xml",
		"//example.com/feed.xml", "http://\u00ad/", "http://\u200b/", "http://\u3002/"} {
		if got, err := NormalizeURL(in); !errors.Is(err, ErrBadURL) {
			t.Errorf("NormalizeURL(%q) = %q, %v; want ErrBadURL", in, got, err)
		}
	}
}

func TestNormalizeURLIdempotent(t *testing.T) {
	for _, in := range []string{"HTTPS://Example.com:443", "feed://a.example/x#y", "/tmp/../tmp/f.xml", "https://مثال.إختبار"} {
		once, err := NormalizeURL(in)
		if err != nil {
			t.Fatal(err)
		}
		twice, err := NormalizeURL(once)
		if err != nil || twice != once {
			t.Errorf("NormalizeURL not idempotent for %q: %q -> %q (%v)", in, once, twice, err)
		}
	}
}

func TestFilePath(t *testing.T) {
	tests := []struct {
		in   string
		want string
		ok   bool
	}{
		{"file:///tmp/a.xml", filepath.FromSlash("/tmp/a.xml"), true},
		{"file:///tmp/with%20space.xml", filepath.FromSlash("/tmp/with space.xml"), true},
		{"https://example.com/a.xml", "", false},
		{"/tmp/a.xml", "", false},
	}
	for _, tt := range tests {
		got, ok := FilePath(tt.in)
		if got != tt.want || ok != tt.ok {
			t.Errorf("FilePath(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
	// Round trip through NormalizeURL for a path with spaces and Arabic.
	p := filepath.Join(t.TempDir(), "أخبار feed.xml")
	u, err := NormalizeURL(p)
	if err != nil {
		t.Fatal(err)
	}
	if back, ok := FilePath(u); !ok || back != p {
		t.Errorf("FilePath(NormalizeURL(%q)) = %q, %v", p, back, ok)
	}
}

// FuzzNormalizeURL: a normalized address normalizes to itself, so the same
// feed is found again however it was first written.
func FuzzNormalizeURL(f *testing.F) {
	for _, s := range []string{"http://example.com\u3002/", "http://[fe80::1%25ETH0]:80/x", "http://\u00ad/", "https://Example.COM:443/a/../%66eed?", "http://example.com./a/./b/.", "feed:https://x.example/%7e?q=%2f", "/tmp/a/../b.xml", "http://[::1]:8080/x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		once, err := NormalizeURL(in)
		if err != nil {
			return
		}
		twice, err := NormalizeURL(once)
		if err != nil || twice != once {
			t.Fatalf("NormalizeURL(%q) = %q, then %q, %v", in, once, twice, err)
		}
	})
}

func TestIsRelativePath(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"feed.xml", true},
		{" ./feeds/ai.xml ", true},
		{"feeds/ai", true},
		{"C:feed.xml", true}, // one letter is a drive, not a scheme
		{"", false},
		{"~", false},
		{"~/feeds/ai.xml", false},
		{"/srv/feed.xml", false},
		{"//example.com/feed", false},
		{"https://example.com/feed", false},
		{"FILE:///tmp/feed.xml", false},
		{"feed:https://example.com/feed", false},
		{"gopher://example.org/old", false},
		{"file:notes/feed.xml", false},
		{"mailto:feeds@example.com", false},
		{"localhost:8080/rss", false},
	} {
		if got := IsRelativePath(c.in); got != c.want {
			t.Errorf("IsRelativePath(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}
