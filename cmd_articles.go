package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/nashra-reader/nashra/store"
)

type articlesCmd struct {
	JSON    bool     `name:"json" help:"One JSON object per line."`
	Content bool     `help:"Include the cleaned text and the links (with --json; else the text follows each line)."`
	Limit   int      `help:"At most N articles (0: all)." placeholder:"N"`
	Sort    string   `help:"date (newest first) or relevance (best match first, at most 1000; needs words in the query)." enum:"date,relevance" default:"date"`
	Query   []string `arg:"" optional:"" name:"query" help:"A query: words, \"phrases\", -word, OR, ( ), tag:SLUG, feed:TEXT, folder:NAME, is:unread, is:starred, lang:ar, since:YYYY-MM-DD, before:YYYY-MM-DD."`
}

// articleJSON is the --json shape: one object per line; missing values are null.
type articleJSON struct {
	ID        int64       `json:"id"`
	FeedURL   string      `json:"feed_url"`
	FeedTitle *string     `json:"feed_title"`
	GUID      string      `json:"guid"`
	URL       *string     `json:"url"`
	Title     *string     `json:"title"`
	Author    *string     `json:"author"`
	Published *string     `json:"published"`
	Lang      *string     `json:"lang"`
	Dir       string      `json:"dir"`
	Read      bool        `json:"read"`
	Starred   bool        `json:"starred"`
	Tags      []store.Tag `json:"tags"`
	Content   *string     `json:"content,omitempty"`
	Links     *[]jsonLink `json:"links,omitempty"` // with --content: [] when none
}

// jsonLink is one link of an article's text in --json --content output.
type jsonLink struct {
	Text string `json:"text"`
	URL  string `json:"url"`
}

func strOrNil(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

func (c *articlesCmd) Run(e *env) error {
	if c.Limit < 0 {
		return usageErrorf("--limit must not be negative")
	}
	query := strings.Join(c.Query, " ")
	pq, err := store.ParseQuery(query)
	if err != nil {
		return usageErrorf("%v", err)
	}
	st, err := e.existingStore()
	if err != nil {
		return err
	}
	w := bufio.NewWriter(e.stdout)
	defer w.Flush()
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	v := store.View{Query: query}
	emit := func(a store.Article) error {
		if c.Content {
			full, err := st.Article(e.ctx, a.ID)
			if err != nil {
				return err
			}
			a = full
		}
		if c.JSON {
			return enc.Encode(toJSON(a, c.Content))
		}
		writeArticleLine(w, a, c.Content)
		return nil
	}
	if c.Sort == "relevance" {
		if !pq.HasText() {
			fmt.Fprintln(e.stderr, "nashra: --sort relevance needs words in the query; listing by date")
		}
		n := 0
		for c.Limit == 0 || n < c.Limit {
			size := 500
			if c.Limit > 0 && c.Limit-n < size {
				size = c.Limit - n
			}
			hits, err := st.Search(e.ctx, v, store.SortRelevance, size, n)
			if err != nil {
				var qe *store.QueryError
				if errors.As(err, &qe) {
					return usageErrorf("%v", err)
				}
				return err
			}
			for _, h := range hits {
				if err := emit(h.Article); err != nil {
					return err
				}
			}
			n += len(hits)
			if len(hits) < size {
				break
			}
		}
		return w.Flush()
	}
	var after *store.Cursor
	n := 0
	for {
		size := 500
		if c.Limit > 0 && c.Limit-n < size {
			size = c.Limit - n
		}
		if size == 0 {
			break
		}
		page, err := st.List(e.ctx, v, store.Page{After: after, Limit: size})
		if err != nil {
			var qe *store.QueryError
			if errors.As(err, &qe) {
				return usageErrorf("%v", err)
			}
			return err
		}
		if len(page) == 0 {
			break
		}
		for _, a := range page {
			if err := emit(a); err != nil {
				return err
			}
		}
		n += len(page)
		after = &page[len(page)-1].Cursor
	}
	return w.Flush()
}

func toJSON(a store.Article, content bool) articleJSON {
	j := articleJSON{
		ID: a.ID, FeedURL: a.FeedURL, FeedTitle: strOrNil(a.FeedTitle), GUID: a.GUID, URL: strOrNil(a.URL),
		Title: strOrNil(a.Title), Author: strOrNil(a.Author), Lang: strOrNil(a.Lang), Dir: a.Dir,
		Read: a.Read, Starred: a.Starred, Tags: a.Tags,
	}
	if j.Tags == nil {
		j.Tags = []store.Tag{}
	}
	if a.Published != nil {
		s := a.Published.UTC().Format(time.RFC3339)
		j.Published = &s
	}
	if content {
		j.Content = &a.Content
		links := make([]jsonLink, len(a.Links))
		for i, l := range a.Links {
			links[i] = jsonLink{Text: l.Text, URL: l.URL}
		}
		j.Links = &links
	}
	return j
}

// writeArticleLine prints one article as text: date, flags, feed, title and
// tags, tab-separated, in logical order (a terminal or pager shows it).
func writeArticleLine(w *bufio.Writer, a store.Article, content bool) {
	flags := []byte("  ")
	if !a.Read {
		flags[0] = 'N'
	}
	if a.Starred {
		flags[1] = '*'
	}
	var tags []string
	for _, t := range a.Tags {
		tags = append(tags, t.Name)
	}
	title := a.Title
	if strings.TrimFunc(title, func(r rune) bool { return unicode.IsSpace(r) || unicode.Is(unicode.Cf, r) }) == "" {
		title = "(no title)"
	}
	fmt.Fprintf(w, "%d\t%s\t%s\t%s\t%s", a.ID, a.Time().Local().Format("2006-01-02 15:04"), flags, a.FeedTitle, title)
	if len(tags) > 0 {
		fmt.Fprintf(w, "\t[%s]", strings.Join(tags, " "))
	}
	w.WriteByte('\n')
	if content {
		if a.URL != "" {
			fmt.Fprintf(w, "  %s\n", a.URL)
		}
		for _, p := range strings.Split(a.Content, "\n") {
			fmt.Fprintf(w, "  %s\n", p)
		}
		for i, l := range a.Links {
			fmt.Fprintf(w, "  [%d] %s\n", i+1, l.URL)
		}
		w.WriteByte('\n')
	}
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
