package ui

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/store"
)

// arabicParagraph is a paragraph written for these benchmarks: numbers,
// a percentage, Latin names and brackets inside Arabic.
const arabicParagraph = "أعلنت شركة Nvidia اليوم عن جيل جديد من الرقائق المخصصة لمراكز البيانات، " +
	"وقالت إن أداءه أعلى بنسبة 45% من الجيل السابق (وفق اختباراتها الداخلية)، " +
	"وإن الشحنات الأولى ستصل إلى العملاء في الربع الثالث من عام 2025. " +
	"ويرى محللون أن المنافسة مع AMD وGoogle ستشتد خلال الأشهر المقبلة، " +
	"خاصة بعد أن رفعت الشركات الكبرى إنفاقها على البنية التحتية إلى أكثر من 200 مليار دولار."

// benchModel builds a 160×50 model over a store with n generated articles
// (a third Arabic) and one long Arabic article, with the list loaded.
func benchModel(b *testing.B, n int) (*Model, int64) {
	b.Helper()
	s := openStore(b)
	fillMany(b, s, n)
	ctx := context.Background()
	id, _, err := s.AddFeed(ctx, store.NewFeed{URL: "https://akhbar.example/long.xml"})
	if err != nil {
		b.Fatal(err)
	}
	pub := fixtureBase.Add(time.Hour)
	body := strings.Repeat(arabicParagraph+"\n\n", 12)
	if _, err := s.SaveResult(ctx, feeds.Result{FeedID: id, URL: "https://akhbar.example/long.xml",
		Meta: feeds.Meta{Title: "أخبار التقنية", Language: "ar"},
		Items: []feeds.Item{{GUID: "long", Title: "إنفيديا تعلن عن رقائق جديدة لمراكز البيانات بأداء أعلى 45%",
			Published: &pub, Lang: "ar", Dir: "rtl", Content: body, URL: "https://akhbar.example/long"}}}); err != nil {
		b.Fatal(err)
	}
	m := syncModel(b, s, 160, 50)
	a := m.list.current()
	if a == nil || a.GUID != "long" {
		b.Fatalf("the long article is not first: %+v", a)
	}
	return m, a.ID
}

// BenchmarkViewList renders one full 160×50 frame with the list focused
// (feeds pane, 47 list rows with Arabic and English titles, empty reader).
func BenchmarkViewList(b *testing.B) {
	m, _ := benchModel(b, 2000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkViewReader renders one full 160×50 frame with a long Arabic
// article in the reader (its lines already laid out, as after opening).
func BenchmarkViewReader(b *testing.B) {
	m, _ := benchModel(b, 2000)
	press(b, m, "enter")
	if m.reader.art == nil {
		b.Fatal("the article did not open")
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkReaderLayout lays the long Arabic article out for the reader
// (what opening it or resizing costs) and renders the frame.
func BenchmarkReaderLayout(b *testing.B) {
	m, _ := benchModel(b, 200)
	press(b, m, "enter")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		m.reader.refresh()
		_ = m.View()
	}
}

// BenchmarkCursorDown moves the list cursor one row and renders the frame:
// the work one key press costs, page fetches excluded (they run in
// tea.Cmds).
func BenchmarkCursorDown(b *testing.B) {
	m, _ := benchModel(b, 2000)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		m.list.cursor = 0
		m.list.top = 0
		m.list.move(1)
		_ = m.View()
	}
}

// BenchmarkViewSearch renders one full 160×50 frame of a filter with words:
// two-line rows with snippets and highlighted titles, and the reader
// previewing the long Arabic article with its matches highlighted.
func BenchmarkViewSearch(b *testing.B) {
	m, _ := benchModel(b, 2000)
	press(b, m, "/")
	typeText(b, m, "الرقائق OR accelerators")
	press(b, m, "enter")
	if m.list.hl == nil || len(m.list.snips) == 0 || m.reader.art == nil {
		b.Fatalf("no search view: %d snippets", len(m.list.snips))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		_ = m.View()
	}
}

// BenchmarkReaderLayoutSearch lays the long Arabic article out with the
// filter's matches highlighted (LayoutSpans per paragraph) and renders the
// frame.
func BenchmarkReaderLayoutSearch(b *testing.B) {
	m, _ := benchModel(b, 200)
	press(b, m, "/")
	typeText(b, m, "الرقائق")
	press(b, m, "enter", "enter")
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		m.reader.refresh()
		_ = m.View()
	}
}
