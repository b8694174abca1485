package feeds

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/nashra-reader/nashra/feeds/arabic"
	"github.com/nashra-reader/nashra/feeds/topics"
)

// knownStore stands in for the store: the raw hashes of the items it was
// given, by GUID, and how many GUIDs it was asked about.
type knownStore struct {
	hashes map[string]string
	asked  int
	err    error
}

func (k *knownStore) save(items []Item) {
	if k.hashes == nil {
		k.hashes = map[string]string{}
	}
	for _, it := range items {
		k.hashes[it.GUID] = it.RawHash
	}
}

func (k *knownStore) known(ctx context.Context, guids []string) (map[string]string, error) {
	k.asked += len(guids)
	if k.err != nil {
		return nil, k.err
	}
	out := map[string]string{}
	for _, g := range guids {
		if h, ok := k.hashes[g]; ok {
			out[g] = h
		}
	}
	return out, nil
}

// skipDoc is an RSS document of items; each is "guid|title|description"
// ("" for an empty field; a guid of "-" leaves the element out).
func skipDoc(lang string, items ...string) []byte {
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title><link>https://example.com/</link>`)
	if lang != "" {
		b.WriteString("<language>" + lang + "</language>")
	}
	for _, it := range items {
		f := strings.SplitN(it, "|", 3)
		b.WriteString("<item>")
		if f[0] != "-" {
			b.WriteString("<guid>" + f[0] + "</guid>")
		}
		if f[1] != "" {
			b.WriteString("<title>" + f[1] + "</title>")
		}
		b.WriteString("<description>" + f[2] + "</description></item>")
	}
	b.WriteString(`</channel></rss>`)
	return []byte(b.String())
}

func guidsOf(items []Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.GUID)
	}
	return out
}

// TestParseBodySkipsUnchangedItems polls a document, stores what came back
// and polls again: unchanged items are left out (and counted), changed and
// new ones come back exactly as a poll without Known makes them.
func TestParseBodySkipsUnchangedItems(t *testing.T) {
	ctx := context.Background()
	p := NewPoller(Config{}, topics.New(topics.DefaultRules()))
	const u = "https://example.com/feed"
	v1 := skipDoc("en", "a|OpenAI ships a model|&lt;p&gt;Text about GPUs&lt;/p&gt;", "b|Second|two", "c|Third|three")
	k := &knownStore{}
	r1 := p.ParseBody(ctx, Request{URL: u, Known: k.known}, v1, "", u)
	if r1.Err != nil || len(r1.Items) != 3 || r1.Unchanged != 0 {
		t.Fatalf("first poll: %v, %d items, %d unchanged", r1.Err, len(r1.Items), r1.Unchanged)
	}
	for _, it := range r1.Items {
		if len(it.RawHash) != 32 || it.Index == nil {
			t.Fatalf("item %s: raw hash %q, index %v", it.GUID, it.RawHash, it.Index)
		}
	}
	k.save(r1.Items)

	r2 := p.ParseBody(ctx, Request{URL: u, Known: k.known}, v1, "", u)
	if len(r2.Items) != 0 || r2.Unchanged != 3 {
		t.Fatalf("same document again: items %v, %d unchanged", guidsOf(r2.Items), r2.Unchanged)
	}

	// b's description changed, d is new, a and c are as they were.
	v2 := skipDoc("en", "d|Fourth|four", "a|OpenAI ships a model|&lt;p&gt;Text about GPUs&lt;/p&gt;", "b|Second|two, edited", "c|Third|three")
	r3 := p.ParseBody(ctx, Request{URL: u, Known: k.known}, v2, "", u)
	if got := guidsOf(r3.Items); !reflect.DeepEqual(got, []string{"d", "b"}) || r3.Unchanged != 2 {
		t.Fatalf("after an edit: items %v, %d unchanged", got, r3.Unchanged)
	}
	full := p.ParseBody(ctx, Request{URL: u}, v2, "", u)
	byGUID := map[string]Item{}
	for _, it := range full.Items {
		byGUID[it.GUID] = it
	}
	for _, it := range r3.Items {
		if !reflect.DeepEqual(it, byGUID[it.GUID]) {
			t.Errorf("item %s differs from a full poll:\n%+v\n%+v", it.GUID, it, byGUID[it.GUID])
		}
	}
	if r3.Meta != full.Meta {
		t.Errorf("meta %+v, want %+v", r3.Meta, full.Meta)
	}
}

// TestParseBodyFullPollMatchesParse checks that a poll without Known gives
// Parse's items with the tagger's tags and the analyzer's index terms.
func TestParseBodyFullPollMatchesParse(t *testing.T) {
	tg := topics.New(topics.DefaultRules())
	p := NewPoller(Config{}, tg)
	const u = "https://example.com/feed"
	doc := skipDoc("ar", "1|أعلنت أوبن إيه آي|&lt;p&gt;نموذج جديد للذكاء الاصطناعي من OpenAI&lt;/p&gt;", "-|No GUID|text", "2|GPUs and LLMs|Nvidia chips")
	res := p.ParseBody(context.Background(), Request{URL: u}, doc, "", u)
	_, want, err := Parse(doc, "", u)
	if err != nil || res.Err != nil || len(res.Items) != len(want) {
		t.Fatalf("ParseBody %v (%d items), Parse %v (%d items)", res.Err, len(res.Items), err, len(want))
	}
	for i := range want {
		w := want[i]
		w.Tags = tg.Tag(w.Title, w.Content, w.Lang)
		w.Index = &IndexTerms{Title: arabic.IndexText(w.Title), Body: arabic.IndexText(w.Content), Author: arabic.IndexText(w.Author)}
		got := res.Items[i]
		got.RawHash = ""
		if !reflect.DeepEqual(got, w) {
			t.Errorf("item %d:\n got %+v\nwant %+v", i, got, w)
		}
	}
}

// TestRawHashCoversItsInputs checks that everything an item is made from
// changes its raw hash: its fields, the document's URL and language, the
// tagger's rules; and that nothing else does.
func TestRawHashCoversItsInputs(t *testing.T) {
	ctx := context.Background()
	base := NewPoller(Config{}, topics.New(topics.DefaultRules()))
	hash := func(p *Poller, doc []byte, u string) string {
		t.Helper()
		res := p.ParseBody(ctx, Request{URL: u}, doc, "", u)
		if res.Err != nil || len(res.Items) != 1 {
			t.Fatalf("%v, %d items", res.Err, len(res.Items))
		}
		return res.Items[0].RawHash
	}
	const u = "https://example.com/feed"
	item := `<item><guid>g</guid><title>Title</title><link>/a</link><author>x@example.com (X)</author>` +
		`<pubDate>Mon, 02 Jun 2025 10:00:00 GMT</pubDate><description>Body</description>` +
		`<enclosure url="/e.mp3" type="audio/mpeg" length="10"/></item>`
	doc := func(lang, item string) []byte {
		return []byte(`<rss version="2.0"><channel><title>T</title><language>` + lang + `</language>` + item + `</channel></rss>`)
	}
	h0 := hash(base, doc("en", item), u)
	if h0 != hash(base, doc("en", item), u) {
		t.Fatal("raw hash not deterministic")
	}
	// Channel fields other than the language do not count.
	other := []byte(strings.Replace(string(doc("en", item)), "<title>T</title>", "<title>Renamed</title><lastBuildDate>Tue, 03 Jun 2025 10:00:00 GMT</lastBuildDate>", 1))
	if hash(base, other, u) != h0 {
		t.Error("a channel's title or build date changed the items' raw hash")
	}
	changes := map[string]string{
		"guid":        strings.Replace(item, "<guid>g</guid>", "<guid>g2</guid>", 1),
		"title":       strings.Replace(item, "Title", "Title!", 1),
		"link":        strings.Replace(item, "/a", "/b", 1),
		"author":      strings.Replace(item, "(X)", "(Y)", 1),
		"date":        strings.Replace(item, "10:00:00", "11:00:00", 1),
		"description": strings.Replace(item, "Body", "Body!", 1),
		"content":     strings.Replace(item, "</item>", "<content:encoded xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">More</content:encoded></item>", 1),
		"enclosure":   strings.Replace(item, "length=\"10\"", "length=\"11\"", 1),
	}
	for name, changed := range changes {
		if hash(base, doc("en", changed), u) == h0 {
			t.Errorf("a change of %s keeps the raw hash", name)
		}
	}
	if hash(base, doc("ar", item), u) == h0 {
		t.Error("a change of the feed's language keeps the raw hash")
	}
	if hash(base, doc("en", item), "https://example.org/feed") == h0 {
		t.Error("a change of the feed's URL (relative links' base) keeps the raw hash")
	}
	user, err := topics.LoadRules(writeTempRules(t, "[[entity]]\nslug = \"org:acme\"\nname_en = \"Acme\"\naliases = [\"Acme Corp\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if hash(NewPoller(Config{}, topics.New(topics.DefaultRules().Merge(user))), doc("en", item), u) == h0 {
		t.Error("other tagging rules keep the raw hash")
	}
	if hash(NewPoller(Config{}, nil), doc("en", item), u) == h0 {
		t.Error("no tagger keeps the raw hash of a tagged poll")
	}
	// The title's declared type counts (Atom).
	atom := func(typ string) []byte {
		return []byte(`<feed xmlns="http://www.w3.org/2005/Atom"><title>F</title><entry><id>e</id><title` + typ + `>A&amp;amp;B</title></entry></feed>`)
	}
	if hash(base, atom(""), u) == hash(base, atom(` type="html"`), u) {
		t.Error("the title's type does not change the raw hash")
	}
}

func writeTempRules(t *testing.T, s string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "rules.toml")
	if err := os.WriteFile(p, []byte(s), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestParseBodyNeverSkips lists the items that are always cleaned: items
// sharing a GUID (their GUIDs are derived from their cleaned text), items
// whose GUID comes from their content, every item when Known fails, and
// every item when the tagger cannot name its rules.
func TestParseBodyNeverSkips(t *testing.T) {
	ctx := context.Background()
	const u = "https://example.com/feed"
	p := NewPoller(Config{}, topics.New(topics.DefaultRules()))
	doc := skipDoc("en", "dup|One|first", "dup|Two|second", "-||only a description", "x|Unique|text")
	k := &knownStore{}
	r1 := p.ParseBody(ctx, Request{URL: u, Known: k.known}, doc, "", u)
	if len(r1.Items) != 4 {
		t.Fatalf("first poll: %d items", len(r1.Items))
	}
	want := guidsOf(r1.Items)
	k.save(r1.Items)
	r2 := p.ParseBody(ctx, Request{URL: u, Known: k.known}, doc, "", u)
	got := guidsOf(r2.Items)
	if len(got) != 3 || r2.Unchanged != 1 || !reflect.DeepEqual(got, []string{want[0], want[1], want[2]}) {
		t.Errorf("second poll: items %v (%d unchanged), want %v and 1 unchanged", got, r2.Unchanged, want[:3])
	}
	if !strings.HasPrefix(want[0], "dup#") || !strings.HasPrefix(want[2], "sha256:") {
		t.Errorf("GUIDs %v: want derived ones for the duplicates and a content hash", want)
	}

	k.err = errors.New("database is locked")
	if r := p.ParseBody(ctx, Request{URL: u, Known: k.known}, doc, "", u); len(r.Items) != 4 || r.Unchanged != 0 {
		t.Errorf("Known failing: %d items, %d unchanged", len(r.Items), r.Unchanged)
	}
	k.err = nil

	plain := NewPoller(Config{}, &recordingTagger{})
	k2 := &knownStore{}
	ra := plain.ParseBody(ctx, Request{URL: u, Known: k2.known}, doc, "", u)
	k2.save(ra.Items)
	if rb := plain.ParseBody(ctx, Request{URL: u, Known: k2.known}, doc, "", u); len(rb.Items) != 4 || k2.asked != 0 {
		t.Errorf("tagger without a fingerprint: %d items, Known asked about %d GUIDs", len(rb.Items), k2.asked)
	}
}

// BenchmarkParseBodyUnchanged measures a poll of a 50-item document whose
// items are all stored already: hashing replaces cleaning and tagging.
func BenchmarkParseBodyUnchanged(b *testing.B) {
	ctx := context.Background()
	p := NewPoller(Config{}, topics.New(topics.DefaultRules()))
	var items []string
	for i := range 50 {
		items = append(items, fmt.Sprintf("g%d|Title %d about OpenAI|&lt;p&gt;%s&lt;/p&gt;", i, i, strings.Repeat("Some words about GPUs and models. ", 30)))
	}
	doc := skipDoc("en", items...)
	const u = "https://example.com/feed"
	k := &knownStore{}
	k.save(p.ParseBody(ctx, Request{URL: u}, doc, "", u).Items)
	b.ReportAllocs()
	for b.Loop() {
		if r := p.ParseBody(ctx, Request{URL: u, Known: k.known}, doc, "", u); r.Unchanged != 50 {
			b.Fatalf("%d unchanged", r.Unchanged)
		}
	}
	b.ReportMetric(50*float64(b.N)/b.Elapsed().Seconds(), "items/s")
}
