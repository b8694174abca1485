package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/feeds/topics"
)

// searchFixture is a store with articles written for these tests (Arabic
// spelling variants, English plurals and case, mixed-script titles) and a
// fixed clock.
type searchFixture struct {
	s    *Store
	now  time.Time
	byID map[int64]string // article ID → GUID
}

func newSearchFixture(t *testing.T, items ...feeds.Item) *searchFixture {
	t.Helper()
	s := openTest(t)
	now := time.Date(2025, 6, 15, 12, 0, 0, 0, time.Local)
	s.now = func() time.Time { return now }
	ctx := context.Background()
	fid, _, err := s.AddFeed(ctx, NewFeed{URL: "https://souq.example.com/feed", Title: "سوق الكتب"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveResult(ctx, feeds.Result{FeedID: fid, Items: items}); err != nil {
		t.Fatal(err)
	}
	f := &searchFixture{s: s, now: now, byID: map[int64]string{}}
	arts, err := s.List(ctx, View{}, Page{Limit: 1000})
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range arts {
		f.byID[a.ID] = a.GUID
	}
	return f
}

func daysAgo(now time.Time, d int) *time.Time {
	t := now.Add(-time.Duration(d) * 24 * time.Hour)
	return &t
}

// guids runs the query with List (date order) and with Search in both
// orders, checks that all three select the same articles, and returns
// their GUIDs sorted.
func (f *searchFixture) guids(t *testing.T, q string) []string {
	t.Helper()
	ctx := context.Background()
	got := listGUIDs(t, f.s, View{Query: q}, 1000)
	for _, sort := range []Sort{SortDate, SortRelevance} {
		hits, err := f.s.Search(ctx, View{Query: q}, sort, 1000, 0)
		if err != nil {
			t.Fatalf("Search %q (%v): %v", q, sort, err)
		}
		var h []string
		for _, x := range hits {
			h = append(h, x.GUID)
		}
		slices.Sort(h)
		if !slices.Equal(h, got) {
			t.Errorf("Search %q (%v) = %v, List = %v", q, sort, h, got)
		}
	}
	return got
}

func TestSearchArabicSpellings(t *testing.T) {
	now := time.Date(2025, 6, 15, 12, 0, 0, 0, time.Local)
	f := newSearchFixture(t,
		feeds.Item{GUID: "al", Title: "معرض الكتاب يفتح أبوابه", Content: "زوار كثيرون في اليوم الأول.", Published: daysAgo(now, 1)},
		feeds.Item{GUID: "wa", Title: "قلم وكتاب على الطاولة", Content: "صورة من المكتب.", Published: daysAgo(now, 2)},
		feeds.Item{GUID: "vowelled", Title: "هذا كِتَابٌ مفيد", Content: "نص مشكول بالكامل.", Published: daysAgo(now, 3)},
		feeds.Item{GUID: "bi", Title: "قرأت بالكتاب فصلين", Content: "ثم نمت.", Published: daysAgo(now, 4)},
		feeds.Item{GUID: "tatweel", Title: "الكـتـاب الجديد", Content: "بالمد.", Published: daysAgo(now, 5)},
		feeds.Item{GUID: "ahmad-bare", Title: "مقابلة مع احمد", Content: "حوار قصير.", Published: daysAgo(now, 6)},
		feeds.Item{GUID: "ahmad-hamza", Title: "أحمد يفوز بالجائزة", Content: "تهانينا.", Published: daysAgo(now, 7)},
		feeds.Item{GUID: "madrasa", Title: "المدرسة تفتح", Content: "بداية العام الدراسي في مدرسه القرية.", Published: daysAgo(now, 8)},
		feeds.Item{GUID: "ya", Title: "مستشفى جديد", Content: "افتتاح مستشفي المدينة.", Published: daysAgo(now, 9)},
		feeds.Item{GUID: "digits", Title: "إطلاق النسخة ٤", Content: "رقم عربي هندي.", Published: daysAgo(now, 10)},
		feeds.Item{GUID: "other", Title: "الطقس اليوم", Content: "أمطار متفرقة.", Published: daysAgo(now, 11)},
	)
	cases := []struct{ q, want string }{
		{"كتاب", "al bi tatweel vowelled wa"},
		{"الكتاب", "al bi tatweel vowelled wa"},
		{"كِتَابٌ", "al bi tatweel vowelled wa"},
		{"وكتاب", "al bi tatweel vowelled wa"},
		{"أحمد", "ahmad-bare ahmad-hamza"},
		{"احمد", "ahmad-bare ahmad-hamza"},
		{"مدرسة", "madrasa"}, // ة and ه fold together
		{"مستشفى", "ya"},     // ى and ي fold together
		{"4", "digits"},      // Arabic-Indic digits are indexed as ASCII
		{"الكتاب -وكتاب", ""},
		{`"معرض الكتاب"`, "al"},
	}
	for _, c := range cases {
		if got := strings.Join(f.guids(t, c.q), " "); got != c.want {
			t.Errorf("%q found [%s], want [%s]", c.q, got, c.want)
		}
	}
}

// TestSearchBareProclitics: light stemming keeps a bare preposition or
// conjunction on a word (لجوجل, بميتا) and half of a stacked one
// (وبالكتاب → بالكتاب); a one-word query finds the word behind them too,
// but a quoted word, a phrase or a word under three letters does not grow.
func TestSearchBareProclitics(t *testing.T) {
	now := time.Date(2025, 6, 15, 12, 0, 0, 0, time.Local)
	f := newSearchFixture(t,
		feeds.Item{GUID: "li", Title: "صفقة جديدة لجوجل في السعودية", Content: "تفاصيل الصفقة.", Published: daysAgo(now, 1)},
		feeds.Item{GUID: "bi", Title: "شراكة بميتا وأمازون", Content: "تعاون في الحوسبة.", Published: daysAgo(now, 2)},
		feeds.Item{GUID: "fali", Title: "فلجوجل خطة أخرى", Content: "بحسب المصادر.", Published: daysAgo(now, 3)},
		feeds.Item{GUID: "wabil", Title: "ونقرأ وبالكتاب نبدأ", Content: "نص.", Published: daysAgo(now, 4)},
		feeds.Item{GUID: "plain", Title: "جوجل تطلق نموذجا", Content: "وميتا تراقب.", Published: daysAgo(now, 5)},
		feeds.Item{GUID: "yad", Title: "بيد أن الخبر لم يؤكد", Content: "نص آخر.", Published: daysAgo(now, 6)},
		feeds.Item{GUID: "apple", Title: "تحديث لأبل", Content: "نظام جديد.", Published: daysAgo(now, 7)},
		feeds.Item{GUID: "name", Title: "محمد بن سلمان يزور المعرض", Content: "جولة قصيرة.", Published: daysAgo(now, 8)},
	)
	cases := []struct{ q, want string }{
		{"جوجل", "fali li plain"},
		{"ميتا", "bi plain"},
		{"كتاب", "wabil"},
		{"أبل", "apple"},
		{"جوجل -صفقة", "fali plain"},
		{`"جوجل"`, "plain"},       // a quoted word is taken as written
		{`"صفقة جديدة جوجل"`, ""}, // nor does a phrase grow
		{"لبنان", ""},             // للبنان stems to بن: no variant under three letters
		{"يد", ""},                // two letters: بيد is not يد
	}
	for _, c := range cases {
		if got := strings.Join(f.guids(t, c.q), " "); got != c.want {
			t.Errorf("%q found [%s], want [%s]", c.q, got, c.want)
		}
	}
	h, err := NewHighlighter("جوجل")
	if err != nil {
		t.Fatal(err)
	}
	text := "صفقة جديدة لجوجل وجوجل"
	var got []string
	for _, sp := range h.Find(text) {
		got = append(got, text[sp.Start:sp.End])
	}
	if strings.Join(got, "|") != "لجوجل|وجوجل" {
		t.Errorf("highlights of جوجل in %q = %q", text, got)
	}
}

func TestSearchEnglishAndMixedScripts(t *testing.T) {
	now := time.Date(2025, 6, 15, 12, 0, 0, 0, time.Local)
	f := newSearchFixture(t,
		feeds.Item{GUID: "models", Title: "Open MODELS are catching up", Content: "Several labs released weights.", Published: daysAgo(now, 1)},
		feeds.Item{GUID: "model", Title: "A model for everything", Content: "The lab says its chip is fast.", Published: daysAgo(now, 2)},
		feeds.Item{GUID: "mixed", Title: "ميتا تطلق Llama 4 للمطورين", Content: "النموذج متاح الآن.", Published: daysAgo(now, 3)},
		feeds.Item{GUID: "glued", Title: "مقارنة بين وGemini و ChatGPT", Content: "", Published: daysAgo(now, 4)},
		feeds.Item{GUID: "gpt", Title: "GPT-4 pricing cut", Content: "Cheaper API calls for open-source projects.", Published: daysAgo(now, 5)},
		feeds.Item{GUID: "opensource", Title: "Why open source matters", Content: "Source code, open to all.", Published: daysAgo(now, 6)},
	)
	cases := []struct{ q, want string }{
		{"model", "model models"},
		{"Models", "model models"},
		{"MODEL", "model models"},
		{"chips", "model"},
		{"llama", "mixed"},
		{"LLAMA", "mixed"},
		{"ميتا", "mixed"},
		{"gemini", "glued"},
		{"chatgpt", "glued"},
		{"GPT-4", "gpt"},
		{"gpt 4", "gpt"},
		{`"4 gpt"`, ""},
		{"open-source", "gpt opensource"},   // a hyphenated word is the phrase "open source"
		{`"open source"`, "gpt opensource"}, // phrase: adjacent, in order
		{"source open", "gpt opensource"},   // words: anywhere
		{`"source open"`, ""},
		{"open source", "gpt opensource"},
		{"open -source", "models"},
		{"weights OR chip", "model models"},
		{"(weights OR chip) -fast", "models"},
		{"ميتا OR gemini", "glued mixed"},
	}
	for _, c := range cases {
		if got := strings.Join(f.guids(t, c.q), " "); got != c.want {
			t.Errorf("%q found [%s], want [%s]", c.q, got, c.want)
		}
	}
}

func TestQueryOperatorsMore(t *testing.T) {
	run := queryFixture(t)
	cases := []struct{ q, want string }{
		{"tag:open-source lang:ar", "a1"},
		{"TAG:Open-Source", "a1 e1"},
		{"llama AND meta", "e1"},
		{"llama NOT meta", "a1"},
		{"NOT is:starred", "a1 e2 e3"},
		{"-(tag:compute OR is:starred)", "a1 e3"},
		{"--is:starred", "a2 e1"},
		{"feed:اخبار", "a1 a2"}, // the feed is titled أخبار التقنية
		{"feed:TECH", "e1 e2 e3"},
		{"feed:example.net", "a1 a2"},
		{"lang:EN is:unread", "e1 e2"},
		{"is:unstarred is:unread", "a1 e2"},
		{"- llama", "a1 e1"}, // a lone '-' is no operator: ignored
		{"llama &", "a1 e1"},
		{`llama OR ""`, "a1 e1"},
		{"since:2025-01-10", "e3"},
		{"before:2025-01-01", ""},
		{"(llama) (meta OR tag:compute)", "e1"},
		{"a1", ""}, // GUIDs are not indexed
	}
	for _, c := range cases {
		if got := strings.Join(run(c.q), " "); got != c.want {
			t.Errorf("query %q = [%s], want [%s]", c.q, got, c.want)
		}
	}
}

// TestSinceBeforeUndated: an article without a date is placed by when it
// was first seen; since is inclusive and before exclusive, at local
// midnight.
func TestSinceBeforeUndated(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	seen := time.Date(2025, 3, 10, 9, 30, 0, 0, time.Local)
	s.now = func() time.Time { return seen }
	fid := addFeed(t, s, "https://dates.example.org/feed")
	midnight := time.Date(2025, 3, 5, 0, 0, 0, 0, time.Local)
	justBefore := midnight.Add(-time.Second)
	if _, err := s.SaveResult(ctx, feeds.Result{FeedID: fid, Items: []feeds.Item{
		{GUID: "undated", Title: "no date"},
		{GUID: "midnight", Title: "at midnight", Published: &midnight},
		{GUID: "before", Title: "a second earlier", Published: &justBefore},
	}}); err != nil {
		t.Fatal(err)
	}
	cases := []struct{ q, want string }{
		{"since:2025-03-10", "undated"},
		{"before:2025-03-10", "before midnight"},
		{"since:2025-03-05", "midnight undated"},
		{"before:2025-03-05", "before"},
		{"since:2025-03-05 before:2025-03-06", "midnight"},
	}
	for _, c := range cases {
		got := listGUIDs(t, s, View{Query: c.q}, 10)
		if strings.Join(got, " ") != c.want {
			t.Errorf("%q = %v, want [%s]", c.q, got, c.want)
		}
	}
}

func TestMalformedQueries(t *testing.T) {
	cases := []struct {
		q, msg string
		char   int // 1-based character the error points at
	}{
		{`"unterminated`, "unterminated quote", 1},
		{`llama "open`, "unterminated quote", 7},
		{`is:maybe`, "is:maybe: expected is:unread", 1},
		{`since:2025-13-01`, "expected a date as YYYY-MM-DD", 1},
		{`before:yesterday`, "expected a date as YYYY-MM-DD", 1},
		{`lang:arabic1`, "expected a language code", 1},
		{`tag:`, "tag: needs a value", 1},
		{`feed:""`, "feed: needs a value", 1},
		{`OR word`, "OR needs a term on each side", 1},
		{`word OR`, "OR needs a term on each side", 6},
		{`a OR OR b`, "OR needs a term on each side", 3},
		{`a AND`, "AND needs a term on each side", 3},
		{`AND a`, "AND needs a term on each side", 1},
		{`NOT`, "NOT needs a term after it", 1},
		{`(a b`, "'(' without ')'", 1},
		{`a b)`, "')' without '('", 4},
		{`()`, "empty parentheses", 1},
		{`كتاب (`, "expected a search term", 7},
		{strings.Repeat("(", MaxQueryDepth+1) + "a" + strings.Repeat(")", MaxQueryDepth+1), "too deeply nested", MaxQueryDepth + 1},
		{strings.Repeat("-", MaxQueryDepth+1) + "a", "too deeply nested", MaxQueryDepth + 1},
		{strings.Repeat("w ", MaxQueryTerms+1), "too many terms", 2*MaxQueryTerms + 1},
		{strings.Repeat("x", MaxQueryBytes+1), "query too long", MaxQueryBytes + 1},
	}
	for _, c := range cases {
		_, err := ParseQuery(c.q)
		var qe *QueryError
		if !errors.As(err, &qe) {
			t.Errorf("ParseQuery(%.40q) = %v, want a *QueryError", c.q, err)
			continue
		}
		msg := qe.Error()
		if !strings.HasPrefix(msg, "query: ") || !strings.Contains(msg, c.msg) {
			t.Errorf("ParseQuery(%.40q): %q, want it to say %q", c.q, msg, c.msg)
		}
		if want := fmt.Sprintf("(at character %d)", c.char); !strings.HasSuffix(msg, want) {
			t.Errorf("ParseQuery(%.40q): %q, want %s", c.q, msg, want)
		}
	}
	// Every entry point reports the same error.
	s := openTest(t)
	ctx := context.Background()
	var qe *QueryError
	if _, err := s.List(ctx, View{Query: "(a"}, Page{}); !errors.As(err, &qe) {
		t.Errorf("List: %v", err)
	}
	if _, err := s.Search(ctx, View{Query: "(a"}, SortRelevance, 10, 0); !errors.As(err, &qe) {
		t.Errorf("Search: %v", err)
	}
	if _, err := s.Snippets(ctx, "(a", nil); !errors.As(err, &qe) {
		t.Errorf("Snippets: %v", err)
	}
	if _, err := s.SaveSearch(ctx, "bad", "(a"); !errors.As(err, &qe) {
		t.Errorf("SaveSearch: %v", err)
	}
}

func TestRelevanceOrder(t *testing.T) {
	now := time.Date(2025, 6, 15, 12, 0, 0, 0, time.Local)
	long := strings.Repeat("Industry analysts wrote a long report about many things. ", 6)
	f := newSearchFixture(t,
		// The title match is older than the body matches, and still wins.
		feeds.Item{GUID: "title", Title: "Quantization makes models small", Content: long, Published: daysAgo(now, 200)},
		feeds.Item{GUID: "body-new", Title: "Weekly roundup", Content: long + "One item covered quantization.", Published: daysAgo(now, 1)},
		feeds.Item{GUID: "body-old", Title: "Monthly roundup", Content: long + "One item covered quantization.", Published: daysAgo(now, 90)},
		feeds.Item{GUID: "filler1", Title: "Nothing here", Content: "Unrelated text.", Published: daysAgo(now, 5)},
		feeds.Item{GUID: "filler2", Title: "Nothing there", Content: "Unrelated words.", Published: daysAgo(now, 6)},
		feeds.Item{GUID: "filler3", Title: "Still nothing", Content: "More unrelated words.", Published: daysAgo(now, 7)},
	)
	ctx := context.Background()
	hits, err := f.s.Search(ctx, View{Query: "quantization"}, SortRelevance, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	var order []string
	for _, h := range hits {
		order = append(order, h.GUID)
		if h.Score <= 0 {
			t.Errorf("%s: score %v, want > 0", h.GUID, h.Score)
		}
	}
	if strings.Join(order, " ") != "title body-new body-old" {
		t.Errorf("relevance order %v, want [title body-new body-old] (title beats body; equal bm25: newer first)", order)
	}
	// Date order for the same query.
	hits, err = f.s.Search(ctx, View{Query: "quantization"}, SortDate, 10, 0)
	if err != nil {
		t.Fatal(err)
	}
	order = order[:0]
	for _, h := range hits {
		order = append(order, h.GUID)
	}
	if strings.Join(order, " ") != "body-new body-old title" {
		t.Errorf("date order %v", order)
	}
	// Offset paging within the relevance order.
	page, err := f.s.Search(ctx, View{Query: "quantization"}, SortRelevance, 1, 1)
	if err != nil || len(page) != 1 || page[0].GUID != "body-new" {
		t.Errorf("second relevance page: %v %v", page, err)
	}
	if page, err := f.s.Search(ctx, View{Query: "quantization"}, SortRelevance, 10, MaxRelevanceResults); err != nil || len(page) != 0 {
		t.Errorf("page past MaxRelevanceResults: %d hits, %v", len(page), err)
	}
}

// TestRelevanceFallsBackToDate: a word in most articles, or a query without
// a required word, gives date order with zero scores.
func TestRelevanceFallsBackToDate(t *testing.T) {
	now := time.Date(2025, 6, 15, 12, 0, 0, 0, time.Local)
	var items []feeds.Item
	for i := 0; i < 6; i++ {
		title := fmt.Sprintf("Report number %d on chips", i)
		if i == 4 {
			title = "Chips chips chips: a report" // best bm25, but not the newest
		}
		items = append(items, feeds.Item{GUID: fmt.Sprint(i), Title: title, Published: daysAgo(now, 10-i)})
	}
	items = append(items, feeds.Item{GUID: "x", Title: "Something else", Published: daysAgo(now, 20)})
	f := newSearchFixture(t, items...)
	for _, q := range []string{"chips", "chips OR tag:none", "is:unread"} {
		hits, err := f.s.Search(context.Background(), View{Query: q}, SortRelevance, 10, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(hits) < 6 {
			t.Fatalf("%q: %d hits", q, len(hits))
		}
		for i, h := range hits {
			if h.Score != 0 {
				t.Errorf("%q: hit %s has score %v, want date order", q, h.GUID, h.Score)
			}
			if i > 0 && hits[i-1].Cursor.Time < h.Cursor.Time {
				t.Errorf("%q: not in date order at %d", q, i)
			}
		}
	}
}

func TestSnippetHighlights(t *testing.T) {
	now := time.Date(2025, 6, 15, 12, 0, 0, 0, time.Local)
	body := "مقدمة طويلة عن المعرض والزوار والناشرين الذين جاؤوا من كل مكان في العالم العربي. " +
		"وفي الجناح الرئيسي عُرض كِتَابٌ نادر عن تاريخ الطباعة، إلى جانب نسخة من Llama مطبوعة على الورق.\n\n" +
		"خاتمة طويلة أيضاً لا علاقة لها بالموضوع المطلوب في هذا الاختبار على الإطلاق."
	f := newSearchFixture(t,
		feeds.Item{GUID: "a", Title: "عرض كِتَابٍ عن Llama في المعرض", Content: body, Published: daysAgo(now, 1)},
	)
	f.s.SetSnippetRunes(80)
	hits, err := f.s.Search(context.Background(), View{Query: "كتاب llama"}, SortRelevance, 10, 0)
	if err != nil || len(hits) != 1 {
		t.Fatalf("hits %v, %v", hits, err)
	}
	h := hits[0]
	var inTitle, inText []string
	for _, sp := range h.Snippet.Title {
		inTitle = append(inTitle, h.Title[sp.Start:sp.End])
	}
	for _, sp := range h.Snippet.Highlights {
		inText = append(inText, h.Snippet.Text[sp.Start:sp.End])
	}
	if strings.Join(inTitle, "|") != "كِتَابٍ|Llama" {
		t.Errorf("title highlights %q", inTitle)
	}
	if strings.Join(inText, "|") != "كِتَابٌ|Llama" {
		t.Errorf("snippet highlights %q in %q", inText, h.Snippet.Text)
	}
	sn := h.Snippet.Text
	if !strings.HasPrefix(sn, "…") || !strings.HasSuffix(sn, "…") {
		t.Errorf("snippet %q: want … at both ends (cut on both sides)", sn)
	}
	if n := utf8.RuneCountInString(sn); n > 80 {
		t.Errorf("snippet has %d runes, want at most 80", n)
	}
	if strings.Contains(sn, "\n") || strings.Contains(sn, "  ") {
		t.Errorf("snippet %q is not one line", sn)
	}
	// Cut on word boundaries: every word of the snippet is a word of the body.
	for _, w := range strings.Fields(strings.Trim(sn, "…")) {
		if !strings.Contains(body, w) {
			t.Errorf("snippet word %q is not in the body (cut inside a word?)", w)
		}
	}
}

func TestCutSnippet(t *testing.T) {
	m := newMatcher([][]string{{"chip"}, {"data", "center"}})
	cases := []struct {
		name, text string
		width      int
		want       string
		hl         []string
	}{
		{"short text, whole", "New chips\n\nfor the data center.", 80, "New chips for the data center.", []string{"chips", "data center"}},
		{"no match: the start", "One two three four five six seven eight nine ten eleven twelve", 30, "One two three four five six…", nil},
		{"cut both sides", "Alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma chip tau upsilon phi chi psi omega and then some more words follow here",
			40, "…rho sigma chip tau upsilon phi chi psi…", []string{"chip"}},
		{"phrase beats words", "data is here; the center is there; then a data center appears", 200, "data is here; the center is there; then a data center appears", []string{"data center"}},
		{"empty", "  \n ", 40, "", nil},
	}
	for _, c := range cases {
		got, spans := cutSnippet(c.text, m.find(c.text), c.width)
		if got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
		var hl []string
		for _, sp := range spans {
			hl = append(hl, got[sp.Start:sp.End])
		}
		if !slices.Equal(hl, c.hl) {
			t.Errorf("%s: highlights %q, want %q", c.name, hl, c.hl)
		}
		if n := utf8.RuneCountInString(got); n > c.width {
			t.Errorf("%s: %d runes > %d", c.name, n, c.width)
		}
	}
}

func TestSnippetsForListPage(t *testing.T) {
	now := time.Date(2025, 6, 15, 12, 0, 0, 0, time.Local)
	f := newSearchFixture(t,
		feeds.Item{GUID: "a", Title: "Chips", Content: "Demand for chips grows.", Published: daysAgo(now, 1)},
		feeds.Item{GUID: "b", Title: "Other", Content: "A chip shortage.", Published: daysAgo(now, 2)},
	)
	ctx := context.Background()
	arts, err := f.s.List(ctx, View{Query: "chip"}, Page{Limit: 10})
	if err != nil {
		t.Fatal(err)
	}
	hits, err := f.s.Snippets(ctx, "chip", arts)
	if err != nil || len(hits) != 2 {
		t.Fatalf("%v %v", hits, err)
	}
	for i, h := range hits {
		if h.ID != arts[i].ID || len(h.Snippet.Highlights) != 1 {
			t.Errorf("hit %d: %+v", i, h)
		}
	}
	if got := hits[1].Snippet.Text[hits[1].Snippet.Highlights[0].Start:hits[1].Snippet.Highlights[0].End]; got != "chip" {
		t.Errorf("highlight %q", got)
	}
}

// TestMigrationReindexes opens a database written by schema version 1 (an
// index of lower-cased text by unicode61, where a vowelled word is split at
// every haraka) and checks that migration 2 reindexed it.
func TestMigrationReindexes(t *testing.T) {
	path := filepath.Join(t.TempDir(), "old.db")
	db, err := sql.Open(driverName, "file:"+path+"?_foreign_keys=on")
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for _, stmt := range []string{
		migrations[0],
		`PRAGMA user_version = 1`,
		`INSERT INTO feeds (id, url, title, added) VALUES (1, 'https://old.example.org/feed', 'مكتبة', 0)`,
		`INSERT INTO articles (id, feed_id, guid, title, content, first_seen, sort_time)
		 VALUES (7, 1, 'g', 'هذا كِتَابٌ قديم', 'Several Models', 0, 0)`,
		`INSERT INTO articles_fts (rowid, title, body, feed, author) VALUES (7, lower('هذا كِتَابٌ قديم'), lower('Several Models'), 'مكتبة', '')`,
	} {
		if _, err := db.ExecContext(ctx, stmt); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, q := range []string{"كتاب", "بالكتاب", "model", "مكتبه"} {
		arts, err := s.List(ctx, View{Query: q}, Page{Limit: 10})
		if err != nil || len(arts) != 1 || arts[0].ID != 7 {
			t.Errorf("after migration, %q found %v (%v)", q, arts, err)
		}
	}
	if err := s.IntegrityCheck(ctx); err != nil {
		t.Fatal(err)
	}
}

// TestQueryPlans checks with EXPLAIN QUERY PLAN that the search and list
// queries read articles through an index, never by a full table scan.
func TestQueryPlans(t *testing.T) {
	s := openTest(t)
	ctx := context.Background()
	queries := []string{"llama", "llama meta", `"open source" -meta`, "tag:compute llama", "lang:ar llama", "feed:tech", "is:unread llama OR tag:x", "since:2025-01-01"}
	explain := func(q string, args []any) string {
		rows, err := s.db.QueryContext(ctx, "EXPLAIN QUERY PLAN "+q, args...)
		if err != nil {
			t.Fatalf("%s: %v", q, err)
		}
		defer rows.Close()
		var b strings.Builder
		for rows.Next() {
			var id, parent, notused int
			var detail string
			rows.Scan(&id, &parent, &notused, &detail)
			b.WriteString(detail + "\n")
		}
		return b.String()
	}
	for _, q := range queries {
		p, err := s.plan(View{Query: q})
		if err != nil {
			t.Fatal(err)
		}
		var plans []string
		if p.match != "" {
			rq, rargs := relevanceSQL(p, 0, 0, 10, 0)
			plans = append(plans, explain(rq, rargs))
		}
		for _, est := range []int64{0, 1 << 40} { // few and many matches
			p.est = est
			dq, dargs := dateSQL(p, 10, 0)
			plans = append(plans, explain(dq, dargs))
		}
		lq, lerr := s.listQuery(View{Query: q})
		if lerr != nil {
			t.Fatal(lerr)
		}
		plans = append(plans, explain(`SELECT a.id FROM `+lq.fromWithFeeds()+` WHERE `+lq.where()+` ORDER BY a.sort_time DESC, a.id DESC LIMIT 10`, lq.args))
		for _, plan := range plans {
			for _, line := range strings.Split(plan, "\n") {
				if strings.HasPrefix(line, "SCAN a") && !strings.Contains(line, "INDEX") {
					t.Errorf("query %q: full scan of articles:\n%s", q, plan)
				}
			}
		}
	}
}

// queryFixtureStore is queryFixture's store, for the fuzz target.
func fuzzStore(t testing.TB) *Store {
	s := openTest(t)
	ctx := context.Background()
	fid := addFeed(t, s, "https://fuzz.example.org/feed")
	p := time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC)
	if _, err := s.SaveResult(ctx, feeds.Result{FeedID: fid, Meta: feeds.Meta{Title: "Fuzz News"}, Items: []feeds.Item{
		{GUID: "1", Title: "Meta releases Llama", Content: "Open weights (again).", Lang: "en", Published: &p,
			Tags: []topics.Tag{{Name: "open-source", Kind: "topic"}}},
		{GUID: "2", Title: "ميتا تطلق لاما", Content: "كِتَابٌ عن النماذج.", Lang: "ar"},
	}}); err != nil {
		t.Fatal(err)
	}
	return s
}

// FuzzParseQuery: any query either parses, and then compiles and runs
// without error through List, Count, Search (both orders) and Snippets, or
// is refused with a *QueryError. Seeds: testdata/fuzz/FuzzParseQuery and
// the f.Add calls.
func FuzzParseQuery(f *testing.F) {
	for _, q := range []string{
		"", "llama", `"open source" -meta`, "tag:org:meta OR feed:tech", "(a OR b) -(c d)", "is:unread lang:ar since:2025-01-01",
		"كِتَابٌ -أحمد", `NEAR(a b)`, `a*`, `"`, `(`, `)`, "-", "--x", "NOT NOT x", "a AND OR b", "col:x", "x:", "\x00", "\xff\xfe",
		`feed:"a b"`, "before:2025-02-30", "OR", "AND", "((((a))))",
	} {
		f.Add(q)
	}
	s := fuzzStore(f)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, q string) {
		_, err := ParseQuery(q)
		if err != nil {
			var qe *QueryError
			if !errors.As(err, &qe) {
				t.Fatalf("ParseQuery(%q): %v is not a *QueryError", q, err)
			}
			_ = qe.Error()
			return
		}
		if _, err := s.List(ctx, View{Query: q}, Page{Limit: 5}); err != nil {
			t.Fatalf("List(%q): %v", q, err)
		}
		if _, err := s.Count(ctx, View{Query: q, UnreadOnly: true}); err != nil {
			t.Fatalf("Count(%q): %v", q, err)
		}
		for _, sort := range []Sort{SortDate, SortRelevance} {
			if _, err := s.Search(ctx, View{Query: q, Tag: "open-source"}, sort, 5, 0); err != nil {
				t.Fatalf("Search(%q, %v): %v", q, sort, err)
			}
		}
		if _, err := s.Snippets(ctx, q, []Article{{ID: 1, Title: "Meta releases Llama"}}); err != nil {
			t.Fatalf("Snippets(%q): %v", q, err)
		}
	})
}

func TestHighlighter(t *testing.T) {
	h, err := NewHighlighter(`كتاب -سيارة tag:compute "open weights"`)
	if err != nil {
		t.Fatal(err)
	}
	text := "بالكتاب والسيارة and open  weights"
	var got []string
	for _, sp := range h.Find(text) {
		got = append(got, text[sp.Start:sp.End])
	}
	if strings.Join(got, "|") != "بالكتاب|open  weights" {
		t.Fatalf("Find = %q", got)
	}
	if h, err := NewHighlighter("tag:compute is:unread"); h != nil || err != nil {
		t.Fatalf("operators only: %v %v", h, err)
	}
	if _, err := NewHighlighter(`"open`); err == nil {
		t.Fatal("malformed query accepted")
	}
}

// TestSearchSoftHyphens: a word written with soft hyphens (U+00AD, set in
// text hyphenated for print) is indexed whole, as if they were not there,
// so the word finds it and its pieces do not.
func TestSearchSoftHyphens(t *testing.T) {
	now := time.Date(2025, 6, 15, 12, 0, 0, 0, time.Local)
	f := newSearchFixture(t,
		feeds.Item{GUID: "shy", Title: "Silbentrennung im Netz", Content: "Ein hy\u00adphen\u00adat\u00aded Wort und GP\u00adUs im Rechen\u00adzentrum.", Published: daysAgo(now, 1)},
		feeds.Item{GUID: "plain", Title: "Plain text", Content: "A hyphenated word, no soft hyphen.", Published: daysAgo(now, 2)},
	)
	cases := []struct{ q, want string }{
		{"hyphenated", "plain shy"},
		{"GPU", "shy"},
		{"rechenzentrum", "shy"},
		{"phen", ""},
		{"zentrum", ""},
	}
	for _, c := range cases {
		if got := strings.Join(f.guids(t, c.q), " "); got != c.want {
			t.Errorf("%q found [%s], want [%s]", c.q, got, c.want)
		}
	}
}
