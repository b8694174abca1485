package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/feeds/topics"
	"github.com/nashra-reader/nashra/store"
)

// The sample articles below were written for these tests.

// base is the publication time of the newest fixture article; the others
// are one hour apart, older.
var fixtureBase = time.Date(2025, 3, 14, 12, 0, 0, 0, time.UTC)

func fixtureNow() time.Time { return fixtureBase.Add(48 * time.Hour) }

type fixtureArticle struct {
	feed   int // index into fixtureFeeds
	guid   string
	title  string
	author string
	body   string
	lang   string
	dir    string
	tags   []topics.Tag
	links  []feeds.Link
}

var fixtureFeeds = []struct {
	url, title, lang string
	folders          []string
}{
	{"https://tech.example/en.xml", "Compute Weekly", "en", []string{"English"}},
	{"https://akhbar.example/ar.xml", "أخبار التقنية", "ar", []string{"Arabic"}},
}

var fixtureArticles = []fixtureArticle{
	{feed: 0, guid: "en-1", title: "Chip makers race to fill new data centre orders",
		author: "Dana Wright", lang: "en", dir: "ltr",
		body:  "Orders for accelerators doubled this quarter.\n\nSuppliers say lead times are now six months [1].",
		tags:  []topics.Tag{{Name: "compute", Kind: "topic", Terms: []string{"accelerators", "data centre"}}},
		links: []feeds.Link{{Text: "the supplier report", URL: "https://tech.example/report"}}},
	{feed: 0, guid: "en-2", title: "A lab publishes open weights for its small model",
		author: "Sam Lee", lang: "en", dir: "ltr",
		body: "The release includes the weights and a permissive licence.",
		tags: []topics.Tag{{Name: "open-source", Kind: "topic", Terms: []string{"open weights", "licence"}}}},
	{feed: 1, guid: "ar-1", title: "ميتا تؤجل إطلاق نموذجها الأكبر إلى الخريف",
		author: "Reporter Amal", lang: "ar", dir: "rtl",
		body: "قالت الشركة إن النموذج يحتاج إلى مزيد من الاختبارات قبل إطلاقه.\n\nوأضافت أن الأداء تحسن بنسبة 20% في الاختبارات الداخلية.",
		tags: []topics.Tag{
			{Name: "model-release", Kind: "topic", Terms: []string{"إطلاق", "تؤجل"}},
			{Name: "org:meta", Kind: "entity", Terms: []string{"ميتا"}},
		}},
	{feed: 1, guid: "ar-2", title: "استثمارات جديدة في مراكز البيانات بقيمة 5 مليارات دولار",
		author: "Reporter Karim", lang: "ar", dir: "rtl",
		body: "أعلنت الشركة عن خطة لبناء ثلاثة مراكز بيانات جديدة.",
		tags: []topics.Tag{{Name: "investment", Kind: "topic", Terms: []string{"استثمارات", "مليارات"}}}},
	{feed: 0, guid: "en-3", title: "Regulators open a consultation on model audits",
		author: "Ines Park", lang: "en", dir: "ltr",
		body: "The consultation runs for eight weeks.",
		tags: []topics.Tag{{Name: "regulation", Kind: "topic", Terms: []string{"regulators"}}}},
}

// fixtureTopics names the topics the fixture uses.
type fixtureTopics struct{}

func (fixtureTopics) Topics() []topics.Topic {
	return []topics.Topic{
		{Slug: "compute", NameEN: "Compute and infrastructure", NameAR: "الحوسبة والبنية التحتية"},
		{Slug: "open-source", NameEN: "Open-source strategy", NameAR: "استراتيجية المصدر المفتوح"},
		{Slug: "model-release", NameEN: "Model releases", NameAR: "إطلاق النماذج"},
		{Slug: "investment", NameEN: "Investment", NameAR: "الاستثمار"},
		{Slug: "regulation", NameEN: "Regulation", NameAR: "التنظيم"},
	}
}

func (fixtureTopics) Entity(slug string) (topics.Topic, bool) {
	if slug == "org:meta" {
		return topics.Topic{Slug: slug, NameEN: "Meta", NameAR: "ميتا"}, true
	}
	return topics.Topic{}, false
}

func openStore(tb testing.TB) *store.Store {
	tb.Helper()
	s, err := store.Open(filepath.Join(tb.TempDir(), "nashra.db"))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { s.Close() })
	return s
}

// fillStore subscribes the fixture feeds and stores the fixture articles
// through store.SaveResult. It returns the feed IDs and the article IDs by
// GUID.
func fillStore(tb testing.TB, s *store.Store) ([]int64, map[string]int64) {
	tb.Helper()
	ctx := context.Background()
	ids := make([]int64, len(fixtureFeeds))
	for i, f := range fixtureFeeds {
		id, _, err := s.AddFeed(ctx, store.NewFeed{URL: f.url, Folders: f.folders})
		if err != nil {
			tb.Fatal(err)
		}
		ids[i] = id
	}
	for i, f := range fixtureFeeds {
		res := feeds.Result{FeedID: ids[i], URL: f.url, Meta: feeds.Meta{Title: f.title, Language: f.lang}}
		for j, a := range fixtureArticles {
			if a.feed != i {
				continue
			}
			pub := fixtureBase.Add(-time.Duration(j) * time.Hour)
			res.Items = append(res.Items, feeds.Item{
				GUID: a.guid, URL: "https://" + []string{"tech", "akhbar"}[i] + ".example/" + a.guid,
				Title: a.title, Author: a.author, Published: &pub, Content: a.body, Lang: a.lang,
				Dir: a.dir, Tags: a.tags, Links: a.links,
			})
		}
		if _, err := s.SaveResult(ctx, res); err != nil {
			tb.Fatal(err)
		}
	}
	byGUID := map[string]int64{}
	arts, err := s.List(ctx, store.View{}, store.Page{Limit: 100})
	if err != nil {
		tb.Fatal(err)
	}
	for _, a := range arts {
		byGUID[a.GUID] = a.ID
	}
	return ids, byGUID
}

// fillMany stores n generated articles in one feed, a third of them Arabic,
// one minute apart, newest first by number: "Item 1" is the newest.
func fillMany(tb testing.TB, s *store.Store, n int) int64 {
	tb.Helper()
	ctx := context.Background()
	id, _, err := s.AddFeed(ctx, store.NewFeed{URL: "https://bulk.example/feed.xml"})
	if err != nil {
		tb.Fatal(err)
	}
	res := feeds.Result{FeedID: id, URL: "https://bulk.example/feed.xml", Meta: feeds.Meta{Title: "Bulk Feed"}}
	for i := 1; i <= n; i++ {
		pub := fixtureBase.Add(-time.Duration(i) * time.Minute)
		it := feeds.Item{GUID: fmt.Sprintf("bulk-%d", i), URL: fmt.Sprintf("https://bulk.example/%d", i),
			Published: &pub, Lang: "en", Dir: "ltr",
			Title:   fmt.Sprintf("Item %d: accelerators and data centres in the news", i),
			Content: fmt.Sprintf("Paragraph one of item %d.\n\nParagraph two mentions GPUs.", i),
			Tags:    []topics.Tag{{Name: "compute", Kind: "topic", Terms: []string{"GPUs"}}}}
		if i%3 == 0 {
			it.Title = fmt.Sprintf("الخبر %d: رقائق جديدة لمراكز البيانات بنسبة أداء أعلى 30%%", i)
			it.Content = "أعلنت الشركة عن رقائق جديدة لمراكز البيانات، وقالت إن الأداء أعلى بنسبة 30% من الجيل السابق (حسب اختباراتها).\n\nوتتوقع الشركة أن تبدأ الشحنات في الربع الثالث."
			it.Lang, it.Dir = "ar", "rtl"
		}
		res.Items = append(res.Items, it)
	}
	if _, err := s.SaveResult(ctx, res); err != nil {
		tb.Fatal(err)
	}
	return id
}
