package arabic

import (
	"encoding/xml"
	"os"
	"path/filepath"
	"testing"

	"github.com/nashra-reader/nashra/feeds/testcorpus"
)

// corpusDescriptions reads the <description> of every item of the shared
// ai-news corpus in place (the files are well-formed RSS 2.0).
func corpusDescriptions(tb testing.TB) []string {
	tb.Helper()
	dir := testcorpus.Dir(tb, "corpus/ai-news")
	files, err := filepath.Glob(filepath.Join(dir, "*.xml"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no feed files in %s: %v", dir, err)
	}
	var out []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		var rss struct {
			Items []struct {
				Description string `xml:"description"`
			} `xml:"channel>item"`
		}
		if err := xml.Unmarshal(data, &rss); err != nil {
			tb.Fatalf("%s: %v", f, err)
		}
		for _, it := range rss.Items {
			out = append(out, it.Description)
		}
	}
	return out
}

// TestCorpusRoundTrip checks on every real description that each token's
// offsets cut out the original word and that Norm is that word normalized.
func TestCorpusRoundTrip(t *testing.T) {
	descs := corpusDescriptions(t)
	for _, d := range descs {
		prev := 0
		for _, tk := range Tokenize(d) {
			if tk.Start < prev {
				t.Fatalf("overlapping tokens at %d", tk.Start)
			}
			if got := wordNorm(d[tk.Start:tk.End]); got != tk.Norm {
				t.Errorf("token %q: Norm %q, want %q", d[tk.Start:tk.End], tk.Norm, got)
			}
			prev = tk.End
		}
	}
}

// arabicDescription is the longest Arabic description of the corpus.
func arabicDescription(b *testing.B) string {
	var best string
	for _, d := range corpusDescriptions(b) {
		if HasRTLLetters(d) && len(d) > len(best) {
			best = d
		}
	}
	return best
}

func BenchmarkNormalize(b *testing.B) {
	s := arabicDescription(b)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Normalize(s)
	}
}

func BenchmarkTokenize(b *testing.B) {
	s := arabicDescription(b)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		Tokenize(s)
	}
}

func BenchmarkIndexText(b *testing.B) {
	s := arabicDescription(b)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		IndexText(s)
	}
}
