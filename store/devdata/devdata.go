// Package devdata fills a nashra store with a large synthetic but realistic
// data set, for benchmarks and for trying the TUI on a big database: feeds in
// Arabic (about a third) and English, articles whose titles and bodies draw
// their words from a Zipf-distributed vocabulary (a few words in nearly every
// article, a long tail of words in a handful), the spelling variation real
// Arabic text has (proclitics, harakat, alef forms), undated items, and topic
// and entity tags.
//
// The output is deterministic for given Options (same seed, same articles),
// except that dates are relative to Options.Now.
package devdata

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/feeds/topics"
	"github.com/nashra-reader/nashra/store"
)

// Options say how much to generate.
type Options struct {
	Articles int       // total articles (default 100,000)
	Feeds    int       // feeds, articles spread over them (default 500)
	Seed     uint64    // random seed (0 is a valid seed)
	Now      time.Time // dates go back two years from here; zero: time.Now()
}

func (o *Options) defaults() {
	if o.Articles <= 0 {
		o.Articles = 100_000
	}
	if o.Feeds <= 0 {
		o.Feeds = 500
	}
	if o.Now.IsZero() {
		o.Now = time.Now()
	}
}

// version changes whenever the generated data changes, so that cached files
// from an older generator are not reused. 4: the store makes databases with
// 8 KiB pages (see store's pageSize), and a benchmark must measure what a
// new database gets.
const version = 4

// Generate adds o.Feeds feeds and o.Articles articles to st, one
// transaction per feed through SaveResult (so the full-text index and tags
// are filled as by a real fetch), then marks about 70% of the articles read
// and 1% starred. It returns the first error, wrapped.
func Generate(ctx context.Context, st *store.Store, o Options) error {
	o.defaults()
	g := newGen(o.Seed)
	perFeed := o.Articles / o.Feeds
	extra := o.Articles % o.Feeds
	span := 2 * 365 * 24 * time.Hour
	for fi := 0; fi < o.Feeds; fi++ {
		if err := ctx.Err(); err != nil {
			return err
		}
		arabicFeed := fi%3 == 0
		lang := "en"
		title := g.feedTitle(false, fi)
		if arabicFeed {
			lang = "ar"
			title = g.feedTitle(true, fi)
		}
		u := fmt.Sprintf("https://feed%03d.example.%s/rss", fi, map[bool]string{true: "net", false: "org"}[arabicFeed])
		id, _, err := st.AddFeed(ctx, store.NewFeed{URL: u})
		if err != nil {
			return fmt.Errorf("devdata: %w", err)
		}
		n := perFeed
		if fi < extra {
			n++
		}
		res := feeds.Result{FeedID: id, URL: u, Meta: feeds.Meta{Title: title, Language: lang}}
		res.Items = make([]feeds.Item, 0, n)
		for i := 0; i < n; i++ {
			it := g.item(arabicFeed, fi, i)
			if g.r.IntN(50) != 0 { // 2% undated: sorted by first seen
				p := o.Now.Add(-time.Duration(g.r.Int64N(int64(span)))).Truncate(time.Second)
				it.Published = &p
			}
			res.Items = append(res.Items, it)
		}
		if _, err := st.SaveResult(ctx, res); err != nil {
			return fmt.Errorf("devdata: feed %d: %w", fi, err)
		}
	}
	if _, err := st.DB().ExecContext(ctx, `UPDATE articles SET read = 1 WHERE (id * 7919) % 10 < 7`); err != nil {
		return fmt.Errorf("devdata: mark read: %w", err)
	}
	if _, err := st.DB().ExecContext(ctx, `UPDATE articles SET starred = 1 WHERE (id * 104729) % 97 = 0`); err != nil {
		return fmt.Errorf("devdata: star: %w", err)
	}
	return nil
}

// CachedPath returns the path of a database generated with o, under
// os.TempDir() and named after o (articles, feeds, seed), the generator
// version and the schema version, generating it first when it does not
// exist. The file is written under a temporary name and renamed, so an
// interrupted run leaves no half-made cache. Callers must not write to it.
// o.Now is ignored for the key: a cached file keeps the dates of the day it
// was made.
func CachedPath(ctx context.Context, o Options) (string, error) {
	o.defaults()
	name := fmt.Sprintf("nashra-devdata-g%d-s%d-a%d-f%d-seed%d.db", version, store.SchemaVersion, o.Articles, o.Feeds, o.Seed)
	path := filepath.Join(os.TempDir(), name)
	if _, err := os.Stat(path); err == nil {
		return path, nil
	} else if !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	tmp, err := os.MkdirTemp("", "nashra-devdata-*")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	work := filepath.Join(tmp, "db")
	st, err := store.Open(work)
	if err != nil {
		return "", err
	}
	if err := Generate(ctx, st, o); err != nil {
		st.Close()
		return "", err
	}
	if _, err := st.DB().ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		st.Close()
		return "", err
	}
	if _, err := st.DB().ExecContext(ctx, "ANALYZE"); err != nil {
		st.Close()
		return "", err
	}
	if err := st.Close(); err != nil {
		return "", err
	}
	if err := os.Rename(work, path); err != nil {
		// Different file systems: copy instead.
		data, rerr := os.ReadFile(work)
		if rerr != nil {
			return "", rerr
		}
		if werr := os.WriteFile(path+".part", data, 0o644); werr != nil {
			return "", werr
		}
		if err := os.Rename(path+".part", path); err != nil {
			return "", err
		}
	}
	return path, nil
}

// gen holds the random source and the vocabularies.
type gen struct {
	r        *rand.Rand
	en, ar   []string
	enZ, arZ *rand.Zipf
}

func newGen(seed uint64) *gen {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	g := &gen{r: r}
	g.en = buildEnglish(r, 20000)
	g.ar = buildArabic(r, 20000)
	// s = 1.1: word frequency falls roughly as 1/rank, as in natural text
	// (Zipf's law); v = 2 flattens the very top a little.
	g.enZ = rand.NewZipf(r, 1.1, 2, uint64(len(g.en)-1))
	g.arZ = rand.NewZipf(r, 1.1, 2, uint64(len(g.ar)-1))
	return g
}

// EnglishVocabulary and ArabicVocabulary return the generator's words for
// seed in rank order (index 0 is the most frequent), for benchmarks that
// pick query terms by frequency class.
func EnglishVocabulary(seed uint64) []string { return newGen(seed).en }

// ArabicVocabulary: see EnglishVocabulary.
func ArabicVocabulary(seed uint64) []string { return newGen(seed).ar }

func (g *gen) word(arabicText bool) string {
	if arabicText {
		w := g.ar[g.arZ.Uint64()]
		return g.arabicVariant(w)
	}
	w := g.en[g.enZ.Uint64()]
	if g.r.IntN(8) == 0 && len(w) > 3 {
		w += "s" // plurals for the S-stemmer
	}
	return w
}

// arabicVariant writes a word as Arabic text does: now and then with a
// proclitic, a fully or partly vowelled spelling, a hamza-less alef or a
// tatweel.
func (g *gen) arabicVariant(w string) string {
	switch n := g.r.IntN(40); {
	case n < 3 && !strings.HasPrefix(w, "ال"):
		w = []string{"و", "ب", "ل", "ف"}[g.r.IntN(4)] + w
	case n == 3:
		w = vowel(w, g.r)
	case n == 4:
		w = strings.NewReplacer("أ", "ا", "إ", "ا", "آ", "ا").Replace(w)
	case n == 5:
		rs := []rune(w)
		if len(rs) > 2 {
			w = string(rs[:1]) + "ـ" + string(rs[1:])
		}
	}
	return w
}

var harakat = []rune{'\u064E', '\u064F', '\u0650', '\u0652'}

func vowel(w string, r *rand.Rand) string {
	var b strings.Builder
	for _, c := range w {
		b.WriteRune(c)
		if c != 'ا' && c != 'و' && c != 'ي' && r.IntN(2) == 0 {
			b.WriteRune(harakat[r.IntN(len(harakat))])
		}
	}
	return b.String()
}

func (g *gen) feedTitle(arabicFeed bool, i int) string {
	if arabicFeed {
		a := []string{"نشرة", "أخبار", "مدونة", "بوابة", "مرصد", "منصة"}
		b := []string{"التقنية", "الذكاء الاصطناعي", "المستقبل", "الحوسبة", "الأعمال", "العلوم"}
		return fmt.Sprintf("%s %s %d", a[i%len(a)], b[(i/len(a))%len(b)], i)
	}
	a := []string{"Daily", "Weekly", "The", "Inside", "Frontier", "Signal"}
	b := []string{"AI", "Compute", "Models", "Machine Learning", "Tech", "Policy"}
	return fmt.Sprintf("%s %s Report %d", a[i%len(a)], b[(i/len(a))%len(b)], i)
}

// item makes one article: a title of 6–14 words, a body of 1–6 paragraphs
// of 2–5 sentences of 6–20 words (about 25–500 words), a few tags.
func (g *gen) item(arabicText bool, feed, i int) feeds.Item {
	sep, comma, stop := " ", ", ", ". "
	if arabicText {
		comma, stop = "، ", ". "
	}
	sentence := func(n int) string {
		var b strings.Builder
		for k := 0; k < n; k++ {
			if k > 0 {
				if g.r.IntN(9) == 0 {
					b.WriteString(comma)
				} else {
					b.WriteString(sep)
				}
			}
			w := g.word(arabicText)
			if !arabicText && k == 0 && len(w) > 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			b.WriteString(w)
		}
		return b.String()
	}
	title := sentence(6 + g.r.IntN(9))
	if arabicText && g.r.IntN(4) == 0 {
		// Arabic headlines name Latin-script products and companies.
		title += " " + g.en[40+g.r.IntN(40)]
	}
	var body strings.Builder
	paras := 1 + g.r.IntN(6)
	for p := 0; p < paras; p++ {
		if p > 0 {
			body.WriteString("\n\n")
		}
		ns := 2 + g.r.IntN(4)
		for s := 0; s < ns; s++ {
			if s > 0 {
				body.WriteString(stop)
			}
			body.WriteString(sentence(6 + g.r.IntN(15)))
		}
		body.WriteString(".")
	}
	lang, dir := "en", "ltr"
	if arabicText {
		lang, dir = "ar", "rtl"
	}
	it := feeds.Item{
		GUID:    fmt.Sprintf("gen-%d-%d", feed, i),
		URL:     fmt.Sprintf("https://feed%03d.example.org/a/%d", feed, i),
		Title:   title,
		Content: body.String(),
		Lang:    lang,
		Dir:     dir,
	}
	if g.r.IntN(3) == 0 {
		it.Author = authors[g.r.IntN(len(authors))]
	}
	nt := g.r.IntN(4)
	seen := map[string]bool{}
	for k := 0; k < nt; k++ {
		t := tagPool[g.r.IntN(len(tagPool))]
		if seen[t.Name] {
			continue
		}
		seen[t.Name] = true
		it.Tags = append(it.Tags, topics.Tag{Name: t.Name, Kind: t.Kind, Terms: []string{t.Name}})
	}
	return it
}

var authors = []string{"Dana Whitfield", "Omar Haddad", "سارة المنصوري", "خالد العتيبي", "Priya Raman",
	"Lena Vogel", "يوسف الشامي", "Tom Okafor", "ريم الحسن", "Marco Ricci"}

var tagPool = []topics.Tag{
	{Name: "open-source", Kind: "topic"}, {Name: "monetization", Kind: "topic"}, {Name: "investment", Kind: "topic"},
	{Name: "compute", Kind: "topic"}, {Name: "model-release", Kind: "topic"}, {Name: "research", Kind: "topic"},
	{Name: "product", Kind: "topic"}, {Name: "talent", Kind: "topic"}, {Name: "safety", Kind: "topic"},
	{Name: "regulation", Kind: "topic"}, {Name: "geopolitics", Kind: "topic"}, {Name: "competition", Kind: "topic"},
	{Name: "org:meta", Kind: "entity"}, {Name: "org:openai", Kind: "entity"}, {Name: "org:nvidia", Kind: "entity"},
	{Name: "org:google", Kind: "entity"}, {Name: "model:llama", Kind: "entity"}, {Name: "person:altman", Kind: "entity"},
}
