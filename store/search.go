package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"strings"
	"sync"
)

// Sort is the order of search results.
type Sort int

const (
	// SortDate is newest first (published, else first seen; ties by ID),
	// the order of List.
	SortDate Sort = iota
	// SortRelevance is best match first: see Search.
	SortRelevance
)

// ParseSort reads a --sort value: "date" or "relevance".
func ParseSort(s string) (Sort, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "date", "":
		return SortDate, nil
	case "relevance":
		return SortRelevance, nil
	}
	return SortDate, fmt.Errorf("sort %q: expected date or relevance", s)
}

func (o Sort) String() string {
	if o == SortRelevance {
		return "relevance"
	}
	return "date"
}

// Hit is one search result: the article (fields as List fills them) and a
// snippet of its text with the query's words highlighted.
type Hit struct {
	Article
	Snippet Snippet
	// Score is the relevance score (higher is better; see Search), 0 when
	// the hits are in date order.
	Score float64
}

// Ranking parameters; see Search.
const (
	// Column weights of bm25 for title, body, feed name, author.
	weightTitle, weightBody, weightFeed, weightAuthor = 10.0, 1.0, 3.0, 3.0
	// RecencyHalfLife is the age, in seconds, at which the recency boost
	// has fallen to half its maximum: 14 days.
	RecencyHalfLife = 14 * 24 * 3600
	// MaxRelevanceResults bounds relevance-ordered results: Search ranks
	// the matches and pages by offset within the best MaxRelevanceResults;
	// offset+limit beyond it is cut. Further down a relevance order is
	// noise; the date order (List) pages through everything.
	MaxRelevanceResults = 1000
	// MaxRankedMatches bounds the cost of ranking (about 1 µs per match):
	// when the query's words match more articles than this, only the
	// MaxRankedMatches matches with the highest article IDs — the most
	// recently stored — are ranked.
	MaxRankedMatches = 10_000
	// DefaultSnippetRunes is the snippet length (runes) until
	// SetSnippetRunes changes it.
	DefaultSnippetRunes = 120
)

// SetSnippetRunes sets the length, in runes, of the snippets Search and
// Snippets cut (n < 20 is taken as 20). Safe for concurrent use.
func (s *Store) SetSnippetRunes(n int) {
	s.snippetRunes.Store(int64(max(n, 20)))
}

func (s *Store) snippetLen() int {
	if n := s.snippetRunes.Load(); n > 0 {
		return int(n)
	}
	return DefaultSnippetRunes
}

// searchPlan is a View turned into SQL pieces.
type searchPlan struct {
	q      *Query // nil without a query
	match  string // FTS5 expression every result matches, "" if none
	where  string // SQL boolean over a (never "")
	args   []any  // for where
	mnodes []node // the nodes behind match, for estimating its matches
	est    int64  // estimated matches of match (set by tooCommon)
	hl     [][]string
}

func (s *Store) plan(v View) (*searchPlan, error) {
	q, err := ParseQuery(v.Query)
	if err != nil {
		return nil, err
	}
	vw, vargs := viewConds(v)
	c := q.compileSplit()
	p := &searchPlan{q: q, match: c.match, where: vw, args: vargs, mnodes: c.matchNodes, hl: q.highlights()}
	if c.where != "" {
		p.where += " AND " + c.where
		p.args = append(p.args, c.args...)
	}
	return p, nil
}

// viewConds compiles v's fields other than Query to an SQL boolean over
// articles a alone (the search queries do not join feeds).
func viewConds(v View) (string, []any) {
	conds := []string{"1"}
	var args []any
	if v.FeedID != 0 {
		conds = append(conds, "a.feed_id = ?")
		args = append(args, v.FeedID)
	}
	if v.Folder != "" {
		conds = append(conds, folderCond)
		args = append(args, v.Folder)
	}
	if v.Tag != "" {
		conds = append(conds, compileNode(node{kind: nTag, text: v.Tag}, &args))
	}
	if v.Starred {
		conds = append(conds, "a.starred = 1")
	}
	if v.UnreadOnly {
		conds = append(conds, "a.read = 0")
	}
	if len(conds) > 1 {
		conds = conds[1:]
	}
	return strings.Join(conds, " AND "), args
}

// Search returns the articles v selects, ordered by sort, limit at a time
// from offset (limit <= 0 means 100), each with a snippet (see Snippet).
//
// SortRelevance ranks by FTS5's bm25 over the query's words with column
// weights title 10, feed name 3, author 3, body 1, multiplied by a recency
// boost:
//
//	score = -bm25 × (1 + 1/(1 + age/RecencyHalfLife))
//
// where age is now minus the article's date (published, else first seen),
// at least 0: a new article counts up to twice, one 14 days old 1.5 times,
// a year old 1.04 times; equal bm25 goes to the newer article. Ties are
// broken by date, newest first. Relevance results page by offset within
// the best MaxRelevanceResults. When the words match more than
// MaxRankedMatches articles, only the MaxRankedMatches most recently stored
// matches (highest IDs) are ranked, which bounds the cost (about 1 µs per
// ranked match).
//
// Date order is used instead, whatever sort says, when the query has no
// search word that every result must contain (only operators, or words only
// inside an OR with an operator, such as `llama OR tag:compute`), and when
// the words match most of the database: when the estimated number of
// matches (from the index's document counts per term: the least frequent
// word of an AND, the sum over an OR) exceeds half the articles. Such a
// term has no weight in bm25 (FTS5 clamps the inverse document frequency of
// a term in more than half the documents to nearly zero), so ranking would
// only reproduce date order at a higher cost. Date order pages by offset
// here; List pages it by keyset.
//
// Errors: a *QueryError for a malformed query; wrapped database errors.
func (s *Store) Search(ctx context.Context, v View, sort Sort, limit, offset int) ([]Hit, error) {
	p, err := s.plan(v)
	if err != nil {
		return nil, err
	}
	if limit <= 0 {
		limit = 100
	}
	offset = max(offset, 0)
	if p.match != "" {
		common, err := s.tooCommon(ctx, p)
		if err != nil {
			return nil, err
		}
		if sort == SortRelevance && !common {
			return s.searchRelevance(ctx, p, limit, offset)
		}
	}
	return s.searchDate(ctx, p, limit, offset)
}

func (s *Store) searchRelevance(ctx context.Context, p *searchPlan, limit, offset int) ([]Hit, error) {
	if offset >= MaxRelevanceResults {
		return nil, nil
	}
	limit = min(limit, MaxRelevanceResults-offset)
	cutoff := int64(0)
	if p.est > MaxRankedMatches {
		err := s.db.QueryRowContext(ctx, `SELECT rowid FROM articles_fts WHERE articles_fts MATCH ? ORDER BY rowid DESC LIMIT 1 OFFSET ?`,
			p.match, MaxRankedMatches-1).Scan(&cutoff)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, fmt.Errorf("search: %w", err)
		}
	}
	q, args := relevanceSQL(p, s.now().Unix(), cutoff, limit, offset)
	var ids []int64
	scores := map[int64]float64{}
	err := scanEach(ctx, s.db, q, args, func(r *sql.Rows) error {
		var id int64
		var sc float64
		if err := r.Scan(&id, &sc); err != nil {
			return err
		}
		ids = append(ids, id)
		scores[id] = sc
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	hits, err := s.hitsByID(ctx, ids, p.hl)
	if err != nil {
		return nil, err
	}
	for i := range hits {
		hits[i].Score = scores[hits[i].ID]
	}
	return hits, nil
}

// relevanceSQL is the ranking query of p: article IDs and scores, best
// first, of the matches with rowid >= cutoff (0: all), at time now (unix
// seconds).
func relevanceSQL(p *searchPlan, now, cutoff int64, limit, offset int) (string, []any) {
	where := p.where
	if cutoff > 0 {
		where = fmt.Sprintf("articles_fts.rowid >= %d AND %s", cutoff, where)
	}
	args := []any{float64(now), p.match}
	args = append(args, p.args...)
	args = append(args, limit, offset)
	// ?1 and ?2 are numbered: the anonymous ? of where continue from 3.
	// INDEXED BY: read sort_time and the filter columns from the narrow
	// articles_rank index, not from the ~1 KB table rows (the planner
	// prefers the table for a rowid lookup).
	return fmt.Sprintf(`SELECT a.id, -bm25(articles_fts, %g, %g, %g, %g) * (1.0 + 1.0 / (1.0 + max(0.0, ?1 - a.sort_time) / %d.0)) AS score
FROM articles_fts JOIN articles a INDEXED BY articles_rank ON a.id = articles_fts.rowid
WHERE articles_fts MATCH ?2 AND %s
ORDER BY score DESC, a.sort_time DESC, a.id DESC LIMIT ? OFFSET ?`,
		weightTitle, weightBody, weightFeed, weightAuthor, RecencyHalfLife, where), args
}

// driveByMatches: up to this many estimated matches, the date order is
// driven by the matches (about 1 µs each) instead of a scan of the date
// index (about 60 ns an entry, up to all of them for a rare word).
const driveByMatches = 1000

// dateSQL is the date-order query of p: article IDs, newest first.
func dateSQL(p *searchPlan, limit, offset int) (string, []any) {
	where, args := p.where, p.args
	if p.match != "" {
		in := ftsIn
		if p.est <= driveByMatches {
			// Few matches: look them up by rowid and sort them, rather
			// than scan the date index for them (see ftsIn).
			in = strings.TrimPrefix(ftsIn, "+")
		}
		where = in + " AND " + where
		args = append([]any{p.match}, args...)
	}
	args = append(args, limit, offset)
	return `SELECT a.id FROM articles a WHERE ` + where + ` ORDER BY a.sort_time DESC, a.id DESC LIMIT ? OFFSET ?`, args
}

func (s *Store) searchDate(ctx context.Context, p *searchPlan, limit, offset int) ([]Hit, error) {
	q, args := dateSQL(p, limit, offset)
	var ids []int64
	err := scanEach(ctx, s.db, q, args, func(r *sql.Rows) error {
		var id int64
		if err := r.Scan(&id); err != nil {
			return err
		}
		ids = append(ids, id)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return s.hitsByID(ctx, ids, p.hl)
}

// tooCommon reports whether p's match is estimated to select more than half
// of the articles.
func (s *Store) tooCommon(ctx context.Context, p *searchPlan) (bool, error) {
	tot, err := s.Totals(ctx)
	if err != nil {
		return false, fmt.Errorf("search: %w", err)
	}
	total := int64(tot.All)
	df := map[string]int64{}
	lookup := func(term string) (int64, error) {
		if n, ok := df[term]; ok {
			return n, nil
		}
		var n int64
		err := s.db.QueryRowContext(ctx, `SELECT doc FROM articles_fts_terms WHERE term = ?`, term).Scan(&n)
		if err == sql.ErrNoRows {
			err = nil
		}
		if err != nil {
			return 0, fmt.Errorf("search: term counts: %w", err)
		}
		df[term] = n
		return n, nil
	}
	est := total
	for _, n := range p.mnodes {
		e, err := estimate(n, lookup)
		if err != nil {
			return false, err
		}
		est = min(est, e)
	}
	p.est = est
	return est*2 > total, nil
}

// estimate bounds the number of documents an anchored text node matches:
// the rarest term of a word or phrase, the rarest positive part of an AND,
// the sum over an OR.
func estimate(n node, df func(string) (int64, error)) (int64, error) {
	switch n.kind {
	case nText:
		best := int64(-1)
		for _, t := range n.terms {
			c, err := df(t)
			if err != nil {
				return 0, err
			}
			if best < 0 || c < best {
				best = c
			}
		}
		return max(best, 0), nil
	case nOr:
		var sum int64
		for _, k := range n.kids {
			c, err := estimate(k, df)
			if err != nil {
				return 0, err
			}
			sum += c
		}
		return sum, nil
	case nAnd:
		best := int64(-1)
		for _, k := range n.kids {
			if k.kind == nNot {
				continue
			}
			c, err := estimate(k, df)
			if err != nil {
				return 0, err
			}
			if best < 0 || c < best {
				best = c
			}
		}
		return max(best, 0), nil
	}
	return 0, nil
}

// hitsByID loads the articles ids names, in that order, with their
// snippets for the highlight terms hl.
func (s *Store) hitsByID(ctx context.Context, ids []int64, hl [][]string) ([]Hit, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	pos := make(map[int64]int, len(ids))
	for i, id := range ids {
		pos[id] = i
	}
	in, args := idList(ids)
	arts := make([]Article, len(ids))
	bodies := make([]string, len(ids))
	found := make([]bool, len(ids))
	err := scanEach(ctx, s.db, `SELECT `+articleCols+`, a.content FROM articles a JOIN feeds f ON f.id = a.feed_id
WHERE a.id IN (`+in+`)`, args, func(r *sql.Rows) error {
		var a Article
		var body string
		if err := scanArticle(r, &a, &body); err != nil {
			return err
		}
		i := pos[a.ID]
		arts[i], bodies[i], found[i] = a, body, true
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	// An article deleted between the two queries is left out.
	n := 0
	for i := range arts {
		if found[i] {
			arts[n], bodies[n] = arts[i], bodies[i]
			n++
		}
	}
	arts, bodies = arts[:n], bodies[:n]
	if err := s.loadTags(ctx, arts); err != nil {
		return nil, err
	}
	return s.withSnippets(arts, bodies, hl), nil
}

// withSnippets makes the hits of arts, cutting each snippet from the body
// of the same index; the work is split over up to GOMAXPROCS goroutines,
// which it waits for.
func (s *Store) withSnippets(arts []Article, bodies []string, hl [][]string) []Hit {
	m := newMatcher(hl)
	width := s.snippetLen()
	hits := make([]Hit, len(arts))
	workers := min(runtime.GOMAXPROCS(0), (len(arts)+7)/8)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < len(arts); i += workers {
				hits[i] = Hit{Article: arts[i], Snippet: m.snippet(arts[i].Title, bodies[i], width)}
			}
		}()
	}
	wg.Wait()
	return hits
}

// Snippets returns arts (for example a page from List) as hits with
// snippets for query: what Search would give them, in the same order, for
// a date-ordered list paged by keyset. Errors: a *QueryError for a
// malformed query; wrapped database errors.
func (s *Store) Snippets(ctx context.Context, query string, arts []Article) ([]Hit, error) {
	q, err := ParseQuery(query)
	if err != nil {
		return nil, err
	}
	if len(arts) == 0 {
		return nil, nil
	}
	in, args := articleIDList(arts)
	byID := make(map[int64]string, len(arts))
	if err := scanEach(ctx, s.db, `SELECT id, content FROM articles WHERE id IN (`+in+`)`, args,
		func(r *sql.Rows) error {
			var id int64
			var body string
			if err := r.Scan(&id, &body); err != nil {
				return err
			}
			byID[id] = body
			return nil
		}); err != nil {
		return nil, fmt.Errorf("snippets: %w", err)
	}
	bodies := make([]string, len(arts))
	for i, a := range arts {
		bodies[i] = byID[a.ID]
	}
	return s.withSnippets(arts, bodies, q.highlights()), nil
}
