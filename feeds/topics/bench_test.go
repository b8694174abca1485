package topics

import (
	"testing"
)

// BenchmarkTag tags every item of the shared ai-news corpus per iteration
// and reports articles per second.
func BenchmarkTag(b *testing.B) {
	items := readCorpus(b)
	tg := New(DefaultRules())
	var bytes int64
	for _, it := range items {
		bytes += int64(len(it.title) + len(it.body))
	}
	b.SetBytes(bytes)
	b.ResetTimer()
	for b.Loop() {
		for _, it := range items {
			tg.Tag(it.title, it.body, "")
		}
	}
	b.ReportMetric(float64(b.N*len(items))/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkNew measures compiling the built-in rules.
func BenchmarkNew(b *testing.B) {
	r := DefaultRules()
	for b.Loop() {
		New(r)
	}
}
