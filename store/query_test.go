package store

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/feeds/topics"
)

func TestParseQueryErrors(t *testing.T) {
	for _, q := range []string{
		`"unterminated`,
		`is:maybe`,
		`since:2025-13-01`,
		`before:yesterday`,
		`lang:arabic1`,
		`tag:`,
		`OR word`,
		`word OR`,
		`a OR OR b`,
		`(a b`,
		`a b)`,
		`()`,
	} {
		_, err := ParseQuery(q)
		var qe *QueryError
		if !errors.As(err, &qe) {
			t.Errorf("ParseQuery(%q) = %v, want a *QueryError", q, err)
			continue
		}
		if !strings.HasPrefix(qe.Error(), "query: ") {
			t.Errorf("ParseQuery(%q) message %q", q, qe.Error())
		}
	}
}

// queryFixture stores a small set of articles and returns a function that
// runs a query and returns the matching GUIDs, sorted.
func queryFixture(t *testing.T) func(string) []string {
	s := openTest(t)
	ctx := context.Background()
	a, _, _ := s.AddFeed(ctx, NewFeed{URL: "https://tech.example.org/rss", Title: "Tech Daily"})
	b, _, _ := s.AddFeed(ctx, NewFeed{URL: "https://akhbar.example.net/feed", Title: "أخبار التقنية"})
	day := func(d int) *time.Time { x := time.Date(2025, 1, d, 12, 0, 0, 0, time.Local); return &x }
	tag := func(name, kind string) topics.Tag { return topics.Tag{Name: name, Kind: kind, Terms: []string{name}} }
	if _, err := s.SaveResult(ctx, feeds.Result{FeedID: a, Items: []feeds.Item{
		{GUID: "e1", Title: "Meta releases Llama weights", Content: "The open model ships today.", Lang: "en", Published: day(1),
			Tags: []topics.Tag{tag("open-source", "topic"), tag("org:meta", "entity")}},
		{GUID: "e2", Title: "Nvidia data center revenue", Content: "GPU sales drive profit.", Lang: "en", Published: day(5),
			Tags: []topics.Tag{tag("compute", "topic"), tag("monetization", "topic")}},
		{GUID: "e3", Title: "Weather: storms ahead", Content: "Rain all week.", Lang: "en", Published: day(10)},
	}}); err != nil {
		t.Fatal(err)
	}
	if _, err := s.SaveResult(ctx, feeds.Result{FeedID: b, Items: []feeds.Item{
		{GUID: "a1", Title: "ميتا تطلق نموذج Llama الجديد", Content: "النموذج مفتوح المصدر.", Lang: "ar", Published: day(3),
			Tags: []topics.Tag{tag("open-source", "topic")}},
		{GUID: "a2", Title: "إنفيديا ومراكز البيانات", Content: "الطلب على الرقائق يرتفع.", Lang: "ar", Published: day(7),
			Tags: []topics.Tag{tag("compute", "topic")}},
	}}); err != nil {
		t.Fatal(err)
	}
	arts, _ := s.List(ctx, View{}, Page{Limit: 10})
	for _, x := range arts {
		switch x.GUID {
		case "e1", "a2":
			s.SetStarred(ctx, true, x.ID)
		case "e3":
			s.SetRead(ctx, true, x.ID)
		}
	}
	return func(q string) []string {
		t.Helper()
		return listGUIDs(t, s, View{Query: q}, 100)
	}
}

func TestQueryOperators(t *testing.T) {
	run := queryFixture(t)
	cases := []struct {
		q    string
		want string
	}{
		{"", "a1 a2 e1 e2 e3"},
		{"is:starred", "a2 e1"},
		{"is:unread", "a1 a2 e1 e2"},
		{"is:read", "e3"},
		{"-is:starred", "a1 e2 e3"},
		{"tag:open-source", "a1 e1"},
		{"tag:org:meta", "e1"},
		{"tag:compute is:starred", "a2"},
		{"tag:compute OR tag:org:meta", "a2 e1 e2"},
		{"feed:tech", "e1 e2 e3"},
		{"feed:akhbar.example", "a1 a2"},
		{`feed:"Tech Daily"`, "e1 e2 e3"},
		{"lang:ar", "a1 a2"},
		{"since:2025-01-05", "a2 e2 e3"},
		{"before:2025-01-05", "a1 e1"},
		{"since:2025-01-03 before:2025-01-07", "a1 e2"},
		{"llama", "a1 e1"},
		{"LLAMA", "a1 e1"},
		{"llama -lang:ar", "e1"},
		{"llama -meta", "a1"},
		{`"data center"`, "e2"},
		{`"center data"`, ""},
		{"(tag:compute OR storms) -lang:ar", "e2 e3"},
		{"tech", "e1 e2 e3"}, // the feed name is indexed too
	}
	for _, c := range cases {
		got := strings.Join(run(c.q), " ")
		if got != c.want {
			t.Errorf("query %q = [%s], want [%s]", c.q, got, c.want)
		}
	}
}

func TestQueryHostileInputIsNotSyntax(t *testing.T) {
	run := queryFixture(t)
	for _, q := range []string{`llama*`, `NEAR(a b)`, `'; DROP TABLE articles; --`, `^llama`, `"`[0:0] + `col:llama`, `{title}: x`} {
		_ = run(q) // must not fail with an SQL or FTS5 syntax error
	}
}
