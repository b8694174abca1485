package opml

import (
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/nashra-reader/nashra/feeds/testcorpus"
)

func benchFile(b *testing.B, rel string) []byte {
	b.Helper()
	data, err := os.ReadFile(filepath.Join(testcorpus.Dir(b, "corpus/opml"), filepath.FromSlash(rel)))
	if err != nil {
		b.Fatal(err)
	}
	return data
}

// BenchmarkParseOPML: 64 KB, 422 feed outlines.
func BenchmarkParseOPML(b *testing.B) {
	data := benchFile(b, "engineering-blogs/engineering_blogs.opml")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseNewsboat: 17 KB, 278 lines with quoted tags.
func BenchmarkParseNewsboat(b *testing.B) {
	data := benchFile(b, "newsboat-urls/Almo7aya_dotfiles.urls")
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Parse(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWrite: the 420 subscriptions of the engineering-blogs list.
func BenchmarkWrite(b *testing.B) {
	l, err := Parse(benchFile(b, "engineering-blogs/engineering_blogs.opml"))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := Write(io.Discard, l.Title, l.Subscriptions); err != nil {
			b.Fatal(err)
		}
	}
}
