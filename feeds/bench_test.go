package feeds

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nashra-reader/nashra/feeds/testcorpus"
)

type benchFeed struct {
	name string
	body []byte
}

// loadBenchFeeds reads the feeds of a real-feed corpus directory, keeping
// those that parse.
func loadBenchFeeds(b *testing.B, dir string) ([]benchFeed, int) {
	b.Helper()
	root := testcorpus.Dir(b, dir)
	var feeds []benchFeed
	items := 0
	filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(p, ".md") || strings.HasSuffix(p, ".expected") {
			return err
		}
		body, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if _, its, err := Parse(body, "", "https://example.com/feed"); err == nil {
			feeds = append(feeds, benchFeed{p, body})
			items += len(its)
		}
		return nil
	})
	return feeds, items
}

// BenchmarkParse measures Parse (charset, XML preparation, gofeed, GUIDs,
// HTML cleaning, sanitizing, language detection) over every feed of each
// real-feed corpus; items/s counts items produced.
func BenchmarkParse(b *testing.B) {
	for _, dir := range []string{"corpus/english", "corpus/arabic", "corpus/ai-news"} {
		b.Run(filepath.Base(dir), func(b *testing.B) {
			feeds, items := loadBenchFeeds(b, dir)
			var bytes int64
			for _, f := range feeds {
				bytes += int64(len(f.body))
			}
			b.SetBytes(bytes)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				for _, f := range feeds {
					Parse(f.body, "", "https://example.com/feed")
				}
			}
			b.ReportMetric(float64(items)*float64(b.N)/b.Elapsed().Seconds(), "items/s")
		})
	}
}

// BenchmarkParseLarge parses one synthetic feed of 50,000 distinct items.
func BenchmarkParseLarge(b *testing.B) {
	var sb strings.Builder
	sb.WriteString(`<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Big</title>`)
	for i := range 50000 {
		fmt.Fprintf(&sb, `<item><guid>id-%d</guid><title>نموذج جديد رقم %d من OpenAI</title><link>https://example.com/%d</link>`+
			`<pubDate>Mon, 02 Jun 2025 10:00:00 GMT</pubDate><description>&lt;p&gt;فقرة &lt;a href="/x/%d"&gt;رابط&lt;/a&gt; and text.&lt;/p&gt;</description></item>`, i, i, i, i)
	}
	sb.WriteString(`</channel></rss>`)
	body := []byte(sb.String())
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, items, err := Parse(body, "", "https://example.com/feed"); err != nil || len(items) != 50000 {
			b.Fatalf("%v, %d items", err, len(items))
		}
	}
	b.ReportMetric(50000*float64(b.N)/b.Elapsed().Seconds(), "items/s")
}

// BenchmarkCleanHTML converts a typical article body to text.
func BenchmarkCleanHTML(b *testing.B) {
	var sb strings.Builder
	for i := range 20 {
		fmt.Fprintf(&sb, `<p>Paragraph %d with <a href="/link/%d">a link</a>, <b>bold</b> and <em>emphasis</em>; الذكاء الاصطناعي في المنطقة.</p>`, i, i)
	}
	sb.WriteString(`<ul><li>one</li><li>two</li></ul><blockquote><p>quote</p></blockquote><pre>code\n\tindented</pre>`)
	in := sb.String()
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		CleanHTML(in, nil)
	}
}

// BenchmarkSanitize measures SanitizeText and SanitizeLine on plain ASCII
// (the fast path), Arabic text, and text full of escape sequences.
func BenchmarkSanitize(b *testing.B) {
	inputs := map[string]string{
		"ascii":   strings.Repeat("OpenAI releases a new model for developers. ", 50),
		"arabic":  strings.Repeat("أعلنت الشركة عن نموذج جديد للذكاء الاصطناعي بنسبة 40% (GPT-5). ", 30),
		"hostile": strings.Repeat("text \x1b[31mred\x1b[0m \x1b]52;c;ZXZpbA==\x07 \u202eevil\u202c \u009b2J ", 40),
	}
	for name, in := range inputs {
		b.Run("Text/"+name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				SanitizeText(in)
			}
		})
		b.Run("Line/"+name, func(b *testing.B) {
			b.SetBytes(int64(len(in)))
			b.ReportAllocs()
			for b.Loop() {
				SanitizeLine(in)
			}
		})
	}
}
