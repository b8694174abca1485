// Package devfeeds generates RSS 2.0 feeds of made-up articles and serves
// them on 127.0.0.1, for fetch benchmarks (`nashra dev serve`, and the
// benchmarks that poll through the real poller). About a third of the feeds
// are Arabic. Every feed is served with an ETag and a Last-Modified, answers
// conditional GETs (RFC 9110 §13.1) with 304 Not Modified, and is gzipped
// for clients that accept it, as a well-run news site does.
//
// The output is deterministic for given Options: the same seed gives the
// same feeds, byte for byte. Bump adds new items to feeds, so a benchmark can
// measure a fetch in which a known number of items changed.
package devfeeds

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"html"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Options say what to generate.
type Options struct {
	Feeds int    // number of feeds (default 500)
	Items int    // items per feed (default 50)
	Seed  uint64 // random seed (0 is a valid seed)
	// Now is the date of the newest item before any Bump; zero: a fixed
	// date (2025-06-01 UTC), so that bodies are the same run after run.
	Now time.Time
	// EnglishWords and ArabicWords are the vocabularies, most frequent
	// first (store/devdata's EnglishVocabulary and ArabicVocabulary fit);
	// words are drawn from them by a Zipf law. nil: small built-in lists.
	EnglishWords, ArabicWords []string
}

func (o *Options) defaults() {
	if o.Feeds <= 0 {
		o.Feeds = 500
	}
	if o.Items <= 0 {
		o.Items = 50
	}
	if o.Now.IsZero() {
		o.Now = time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC)
	}
	if len(o.EnglishWords) < 2 {
		o.EnglishWords = strings.Fields(fallbackEnglish)
	}
	if len(o.ArabicWords) < 2 {
		o.ArabicWords = strings.Fields(fallbackArabic)
	}
}

// Set is a set of generated feeds. It is safe for concurrent use.
type Set struct {
	o Options

	mu    sync.RWMutex
	feeds []*feed
}

// feed is one generated feed as served: next is how many items the feed
// has ever had (it shows items next-Items … next-1, newest first).
type feed struct {
	next         int
	body, gz     []byte
	etag         string
	lastModified time.Time
}

// itemEvery is the time between two items of one feed.
const itemEvery = 3 * time.Hour

// New generates the feeds of o.
func New(o Options) *Set {
	o.defaults()
	s := &Set{o: o, feeds: make([]*feed, o.Feeds)}
	for i := range s.feeds {
		s.feeds[i] = s.render(i, o.Items)
	}
	return s
}

// Len returns the number of feeds.
func (s *Set) Len() int { return len(s.feeds) }

// Body returns feed i's current RSS document (UTF-8 XML). It panics when i
// is out of range.
func (s *Set) Body(i int) []byte {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return s.feeds[i].body
}

// Path returns the URL path feed i is served at, e.g. "/feed/0007.xml".
func Path(i int) string { return fmt.Sprintf("/feed/%04d.xml", i) }

// Bump adds items new items to each of the first feeds feeds (all when
// feeds <= 0 or more than there are); their oldest items drop out, so each
// keeps Options.Items items. The changed feeds get a new ETag and
// Last-Modified. It returns how many items were added in all.
func (s *Set) Bump(feeds, items int) int {
	if items <= 0 {
		return 0
	}
	if feeds <= 0 || feeds > len(s.feeds) {
		feeds = len(s.feeds)
	}
	out := make([]*feed, feeds)
	s.mu.RLock()
	for i := range out {
		out[i] = s.render(i, s.feeds[i].next+items)
	}
	s.mu.RUnlock()
	s.mu.Lock()
	copy(s.feeds, out)
	s.mu.Unlock()
	return feeds * items
}

// render builds feed i as it is after next items.
func (s *Set) render(i, next int) *feed {
	o := &s.o
	arabic := i%3 == 0
	var b bytes.Buffer
	b.Grow(o.Items * 1500)
	lang, title, desc := "en", englishFeedTitle(i), "Generated news about the AI industry, for benchmarks."
	if arabic {
		lang, title, desc = "ar", arabicFeedTitle(i), "أخبار مولّدة عن صناعة الذكاء الاصطناعي لقياس الأداء."
	}
	newest := s.itemTime(i, next-1)
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?>` + "\n")
	b.WriteString(`<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">` + "\n<channel>\n")
	fmt.Fprintf(&b, "<title>%s</title>\n<link>https://site%04d.example/</link>\n<description>%s</description>\n<language>%s</language>\n<lastBuildDate>%s</lastBuildDate>\n",
		html.EscapeString(title), i, html.EscapeString(desc), lang, newest.Format(time.RFC1123Z))
	for j := next - 1; j >= max(next-o.Items, 0); j-- {
		s.writeItem(&b, i, j, arabic)
	}
	b.WriteString("</channel>\n</rss>\n")
	body := b.Bytes()
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.DefaultCompression)
	zw.Write(body)
	zw.Close()
	h := fnv.New64a()
	h.Write(body)
	return &feed{next: next, body: body, gz: gz.Bytes(),
		etag:         `"` + strconv.FormatUint(h.Sum64(), 36) + `"`,
		lastModified: newest.UTC().Truncate(time.Second)}
}

// itemTime is when item j of feed i was published: the feed's first
// Options.Items items end at Options.Now, one every itemEvery, each feed
// shifted by a few minutes so that feeds interleave.
func (s *Set) itemTime(i, j int) time.Time {
	shift := time.Duration(i%180) * time.Minute
	return s.o.Now.Add(-shift).Add(time.Duration(j-(s.o.Items-1)) * itemEvery)
}

// writeItem writes item j of feed i: a title of 6–14 words; an HTML
// description of 1–5 paragraphs with a link, now and then a list; a GUID, a
// link, a date, a category and sometimes an author.
func (s *Set) writeItem(b *bytes.Buffer, i, j int, arabic bool) {
	r := rand.New(rand.NewPCG(s.o.Seed^uint64(i)<<32^uint64(j), 0x6e61736872610000|uint64(j)))
	words := s.o.EnglishWords
	if arabic {
		words = s.o.ArabicWords
	}
	z := rand.NewZipf(r, 1.1, 2, uint64(len(words)-1))
	sentence := func(n int) string {
		var sb strings.Builder
		for k := 0; k < n; k++ {
			if k > 0 {
				sb.WriteByte(' ')
			}
			w := words[z.Uint64()]
			if !arabic && k == 0 {
				w = strings.ToUpper(w[:1]) + w[1:]
			}
			sb.WriteString(w)
		}
		return sb.String()
	}
	title := sentence(6 + r.IntN(9))
	if arabic && r.IntN(4) == 0 {
		// Arabic headlines name Latin-script products and companies.
		title += " " + latinNames[r.IntN(len(latinNames))]
	}
	var d strings.Builder
	paras := 1 + r.IntN(5)
	for p := 0; p < paras; p++ {
		d.WriteString("<p>")
		ns := 2 + r.IntN(3)
		for k := 0; k < ns; k++ {
			if k > 0 {
				d.WriteByte(' ')
			}
			d.WriteString(html.EscapeString(sentence(6 + r.IntN(14))))
			d.WriteByte('.')
		}
		if p == 0 {
			fmt.Fprintf(&d, ` <a href="https://site%04d.example/related/%d">%s</a>`, i, r.IntN(100000), html.EscapeString(sentence(3)))
		}
		d.WriteString("</p>")
		if p == 1 && r.IntN(3) == 0 {
			d.WriteString("<ul>")
			for k := 0; k < 3; k++ {
				d.WriteString("<li>" + html.EscapeString(sentence(4+r.IntN(4))) + "</li>")
			}
			d.WriteString("</ul>")
		}
	}
	fmt.Fprintf(b, "<item>\n<title>%s</title>\n<link>https://site%04d.example/%d/article-%d</link>\n<guid isPermaLink=\"false\">site%04d-%d</guid>\n<pubDate>%s</pubDate>\n",
		html.EscapeString(title), i, 2025, j, i, j, s.itemTime(i, j).Format(time.RFC1123Z))
	if r.IntN(3) == 0 {
		fmt.Fprintf(b, "<dc:creator>%s</dc:creator>\n", html.EscapeString(authors[r.IntN(len(authors))]))
	}
	fmt.Fprintf(b, "<category>%s</category>\n", html.EscapeString(words[r.IntN(min(len(words), 200))]))
	b.WriteString("<description><![CDATA[")
	b.WriteString(strings.ReplaceAll(d.String(), "]]>", "]]]]><![CDATA[>"))
	b.WriteString("]]></description>\n</item>\n")
}

// Handler serves feed i at Path(i) with Content-Type application/rss+xml,
// an ETag and a Last-Modified; answers If-None-Match (or, without it,
// If-Modified-Since) with 304 (RFC 9110 §13.1.2, §13.1.3); gzips for
// clients that send Accept-Encoding: gzip. Other paths get 404. POST
// /_bump?feeds=F&items=R calls Bump(F, R) and answers with the number of
// items added.
func (s *Set) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /feed/{name}", s.serveFeed)
	mux.HandleFunc("POST /_bump", func(w http.ResponseWriter, r *http.Request) {
		f, _ := strconv.Atoi(r.URL.Query().Get("feeds"))
		n, _ := strconv.Atoi(r.URL.Query().Get("items"))
		fmt.Fprintln(w, s.Bump(f, n))
	})
	return mux
}

func (s *Set) serveFeed(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	i, err := strconv.Atoi(strings.TrimSuffix(name, ".xml"))
	if err != nil || !strings.HasSuffix(name, ".xml") || i < 0 || i >= len(s.feeds) || Path(i) != r.URL.Path {
		http.NotFound(w, r)
		return
	}
	s.mu.RLock()
	f := s.feeds[i]
	s.mu.RUnlock()
	h := w.Header()
	h.Set("ETag", f.etag)
	h.Set("Last-Modified", f.lastModified.Format(http.TimeFormat))
	h.Set("Vary", "Accept-Encoding")
	if notModified(r, f) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", "application/rss+xml; charset=utf-8")
	body := f.body
	if acceptsGzip(r.Header.Get("Accept-Encoding")) {
		h.Set("Content-Encoding", "gzip")
		body = f.gz
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

func notModified(r *http.Request, f *feed) bool {
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, t := range strings.Split(inm, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == f.etag || t == "*" {
				return true
			}
		}
		return false
	}
	if ims := r.Header.Get("If-Modified-Since"); ims != "" {
		if t, err := http.ParseTime(ims); err == nil && !f.lastModified.After(t) {
			return true
		}
	}
	return false
}

// acceptsGzip reports whether an Accept-Encoding header (RFC 9110 §12.5.3)
// accepts gzip with a non-zero weight.
func acceptsGzip(ae string) bool {
	for _, part := range strings.Split(ae, ",") {
		coding, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		_, q, ok := strings.Cut(strings.ReplaceAll(params, " ", ""), "q=")
		if !ok {
			return true
		}
		w, err := strconv.ParseFloat(q, 64)
		return err == nil && w > 0
	}
	return false
}

// Server serves a Set on one or more loopback ports.
type Server struct {
	set  *Set
	lns  []net.Listener
	srvs []*http.Server
	wg   sync.WaitGroup
}

// Serve listens on addr (e.g. "127.0.0.1:0"), and on hosts-1 more free
// ports of the same IP when hosts > 1, and serves s on all of them until
// Close. Spreading the feeds over several ports stands in for feeds on many
// hosts (a poller limits its connections per host:port). Errors are
// net.Listen's, wrapped.
func Serve(s *Set, addr string, hosts int) (*Server, error) {
	hosts = max(hosts, 1)
	srv := &Server{set: s}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("devfeeds: %w", err)
	}
	for k := 0; k < hosts; k++ {
		a := addr
		if k > 0 {
			a = net.JoinHostPort(host, "0")
		}
		ln, err := net.Listen("tcp", a)
		if err != nil {
			srv.Close()
			return nil, fmt.Errorf("devfeeds: listen on %s: %w", a, err)
		}
		hs := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: 2 * time.Minute}
		srv.lns = append(srv.lns, ln)
		srv.srvs = append(srv.srvs, hs)
		srv.wg.Add(1)
		go func() {
			defer srv.wg.Done()
			hs.Serve(ln)
		}()
	}
	return srv, nil
}

// URLs returns the URL of every feed; feed i is on port i mod hosts.
func (srv *Server) URLs() []string {
	out := make([]string, srv.set.Len())
	for i := range out {
		out[i] = "http://" + srv.lns[i%len(srv.lns)].Addr().String() + Path(i)
	}
	return out
}

// Addrs returns the addresses listened on.
func (srv *Server) Addrs() []string {
	out := make([]string, len(srv.lns))
	for i, ln := range srv.lns {
		out[i] = ln.Addr().String()
	}
	return out
}

// Close shuts every listener down, waiting up to five seconds for requests
// in flight, and waits for the serving goroutines.
func (srv *Server) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var errs []error
	for _, hs := range srv.srvs {
		if err := hs.Shutdown(ctx); err != nil {
			errs = append(errs, err)
		}
	}
	srv.wg.Wait()
	return errors.Join(errs...)
}

func englishFeedTitle(i int) string {
	a := []string{"Daily", "Weekly", "The", "Inside", "Frontier", "Signal"}
	b := []string{"AI", "Compute", "Models", "Machine Learning", "Tech", "Policy"}
	return fmt.Sprintf("%s %s Wire %d", a[i%len(a)], b[(i/len(a))%len(b)], i)
}

func arabicFeedTitle(i int) string {
	a := []string{"نشرة", "أخبار", "مدونة", "بوابة", "مرصد", "منصة"}
	b := []string{"التقنية", "الذكاء الاصطناعي", "المستقبل", "الحوسبة", "الأعمال", "العلوم"}
	return fmt.Sprintf("%s %s %d", a[i%len(a)], b[(i/len(a))%len(b)], i)
}

var latinNames = strings.Fields("OpenAI Nvidia Meta Google Anthropic DeepSeek Mistral GPT-5 Llama Gemini Claude H100 TSMC")

var authors = []string{"Dana Whitfield", "Omar Haddad", "سارة المنصوري", "خالد العتيبي", "Priya Raman",
	"Lena Vogel", "يوسف الشامي", "Tom Okafor"}

// The built-in vocabularies, used when Options gives none.
const fallbackEnglish = `the of and to a in for is on that with as by at from AI model models data company
chips training compute GPU cloud revenue startup funding investors open source weights release launch
regulators policy safety research lab billion deal agents inference benchmark OpenAI Anthropic Meta
Google Microsoft Nvidia Mistral DeepSeek Llama Gemini Claude market competition export China Europe`

const fallbackArabic = `في من على إلى أن التي الذي عن مع هذا الذكاء الاصطناعي شركة نموذج النماذج البيانات
الحوسبة الرقائق الحكومة التنظيم الاستثمار مليار دولار المصدر المفتوح إطلاق السلامة البحث مختبر التدريب
السحابة الإيرادات الشراكة ميتا جوجل مايكروسوفت إنفيديا المنافسة السوق الصين أوروبا التصدير`
