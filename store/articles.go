package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode"

	"github.com/nashra-reader/nashra/feeds"
)

// Tag is one tag on an article.
type Tag struct {
	Name   string   `json:"name"`   // slug: open-source, org:meta, or the user's word
	Kind   string   `json:"kind"`   // topic, entity or user
	Source string   `json:"source"` // auto or user
	Terms  []string `json:"terms"`  // for automatic tags, the terms that fired them; else empty
}

// Article is a stored article. List queries fill every field but Content,
// HTML, Links and Enclosures; Article fills them all.
type Article struct {
	ID          int64
	FeedID      int64
	FeedURL     string
	FeedTitle   string
	GUID        string
	URL         string
	Title       string
	Author      string
	Published   *time.Time // nil when the feed gave no usable date
	Updated     *time.Time
	FirstSeen   time.Time
	Lang        string // ISO 639-1, "" when unknown
	Dir         string // "rtl" or "ltr"
	ExplicitDir string // the HTML dir attribute, "" when none
	Read        bool
	Starred     bool
	Tags        []Tag
	Cursor      Cursor // position in date order, for keyset paging

	Content    string
	HTML       string
	Links      []feeds.Link
	Enclosures []feeds.Enclosure
}

// Time is the article's date for display and ordering: published, else
// first seen — also when the publication date lies more than a day after
// it was first seen (see sortTimeOf), so that what the list shows, its
// order and since:/before: agree. Published keeps the feed's own date.
func (a Article) Time() time.Time {
	if publishedStands(a.Published, a.FirstSeen.Unix()) {
		return *a.Published
	}
	return a.FirstSeen
}

// Cursor is a position in the date order (newest first): sort time in unix
// seconds, then article ID.
type Cursor struct {
	Time int64
	ID   int64
}

// View selects the articles a list shows. Fields combine with AND.
type View struct {
	FeedID     int64  // 0: all feeds
	Folder     string // a feed folder (OPML outline, newsboat tag, --folder): the articles of its feeds; "" for none
	Tag        string // a tag slug, "" for none
	Starred    bool   // only starred
	UnreadOnly bool   // only unread
	Query      string // the query language (see ParseQuery), "" for none
}

// Page asks for Limit articles after (older than) After, or before (newer
// than) Before, or from the top when neither is set. Results are always
// newest first.
type Page struct {
	After  *Cursor
	Before *Cursor
	Limit  int
}

const articleCols = `a.id, a.feed_id, f.url, CASE WHEN f.user_title != '' THEN f.user_title WHEN f.title != '' THEN f.title ELSE f.url END,
	a.guid, a.url, a.title, a.author, a.published, a.updated, a.first_seen, a.sort_time,
	a.lang, a.dir, a.explicit_dir, a.read, a.starred`

func scanArticle(r interface{ Scan(...any) error }, a *Article, extra ...any) error {
	var pub, upd sql.NullInt64
	var first int64
	dst := []any{&a.ID, &a.FeedID, &a.FeedURL, &a.FeedTitle, &a.GUID, &a.URL, &a.Title, &a.Author,
		&pub, &upd, &first, &a.Cursor.Time, &a.Lang, &a.Dir, &a.ExplicitDir, &a.Read, &a.Starred}
	if err := r.Scan(append(dst, extra...)...); err != nil {
		return err
	}
	a.Published, a.Updated = timePtr(pub), timePtr(upd)
	a.FirstSeen = time.Unix(first, 0).UTC()
	a.Cursor.ID = a.ID
	return nil
}

// where builds the WHERE clause (without the keyword) and arguments for v.
func (s *Store) where(v View) (string, []any, error) {
	var conds []string
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
		conds = append(conds, "a.id IN (SELECT t.article_id FROM article_tags t JOIN tags g ON g.id = t.tag_id WHERE g.name = ? AND t.removed = 0)")
		args = append(args, v.Tag)
	}
	if v.Starred {
		conds = append(conds, "a.starred = 1")
	}
	if v.UnreadOnly {
		conds = append(conds, "a.read = 0")
	}
	if strings.TrimSpace(v.Query) != "" {
		q, err := ParseQuery(v.Query)
		if err != nil {
			return "", nil, err
		}
		sqlText, qargs := q.compile()
		if sqlText != "" {
			conds = append(conds, sqlText)
			args = append(args, qargs...)
		}
	}
	if len(conds) == 0 {
		return "1", nil, nil
	}
	return strings.Join(conds, " AND "), args, nil
}

// List returns one page of the articles v selects, newest first (published,
// else first seen; ties by ID). Errors: a *QueryError for a malformed query.
//
// Each page is one index range scan whatever its depth (keyset paging on
// (sort_time, id), never OFFSET): a tag view walks the tag's index
// (article_tags_by_tag), the others the articles' time indexes. A folder
// view either walks the time index, keeping its feeds' articles, or merges
// the per-feed ranges of articles_by_feed, whichever reads fewer entries
// (see planFolder).
func (s *Store) List(ctx context.Context, v View, p Page) ([]Article, error) {
	if p.Limit <= 0 {
		p.Limit = 100
	}
	var fp *folderPlan
	if v.Folder != "" && v.FeedID == 0 {
		var err error
		if fp, err = s.planFolder(ctx, v, p.Limit); err != nil {
			return nil, err
		}
		if len(fp.feeds) == 0 {
			return nil, nil // an empty or unknown folder
		}
	}
	return s.listPage(ctx, v, p, fp)
}

// listPage runs listSQL(v, p, fp) and reads its rows with their tags.
func (s *Store) listPage(ctx context.Context, v View, p Page, fp *folderPlan) ([]Article, error) {
	q, args, reverse, err := s.listSQL(v, p, fp)
	if err != nil {
		return nil, err
	}
	rows, err := s.db.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	defer rows.Close()
	var out []Article
	for rows.Next() {
		var a Article
		if err := scanArticle(rows, &a); err != nil {
			return nil, err
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	if reverse {
		for i, j := 0, len(out)-1; i < j; i, j = i+1, j-1 {
			out[i], out[j] = out[j], out[i]
		}
	}
	if err := s.loadTags(ctx, out); err != nil {
		return nil, err
	}
	return out, nil
}

// listSQL is List's SELECT for v and p with its arguments; reverse says
// the rows come oldest first (a page Before a cursor). fp is the plan of a
// folder view (nil for other views, and for a folder view that also names
// a feed, which that feed's index drives).
func (s *Store) listSQL(v View, p Page, fp *folderPlan) (q string, args []any, reverse bool, err error) {
	if p.Limit <= 0 {
		p.Limit = 100
	}
	if fp != nil && fp.merge {
		return s.mergeSQL(v, p, fp.feeds)
	}
	lq, err := s.listQuery(v)
	if err != nil {
		return "", nil, false, err
	}
	if lq.folder >= 0 {
		// Probe the folder's feeds while an ordered index is walked: a
		// plain IN would drive the query by articles_by_feed, one range
		// per feed, and sort the whole folder for each page.
		lq.conds[lq.folder] = "+" + folderCond
	}
	where, args := lq.where(), lq.args
	order := lq.tcol + " DESC, " + lq.icol + " DESC"
	switch {
	case p.After != nil:
		where += " AND (" + lq.tcol + ", " + lq.icol + ") < (?, ?)"
		args = append(args, p.After.Time, p.After.ID)
	case p.Before != nil:
		where += " AND (" + lq.tcol + ", " + lq.icol + ") > (?, ?)"
		args = append(args, p.Before.Time, p.Before.ID)
		order = lq.tcol + " ASC, " + lq.icol + " ASC"
		reverse = true
	}
	args = append(args, p.Limit)
	return `SELECT ` + articleCols + ` FROM ` + lq.fromWithFeeds() + `
WHERE ` + where + ` ORDER BY ` + order + ` LIMIT ?`, args, reverse, nil
}

// folderPlan is how List reads a page of a folder view.
type folderPlan struct {
	feeds []int64 // the folder's feeds, by ID
	// merge: read each feed's range of articles_by_feed (or
	// articles_feed_unread) in order and merge them (mergeSQL); else walk
	// the view's time index and keep the folder's articles.
	merge bool
}

// Costs of planFolder's choice, calibrated on BenchmarkListFolder.
const (
	// mergeArmCost is what one feed of a merge costs, in index entries a
	// walk of the time index reads for the same time (preparing its arm of
	// the compound SELECT, seeking its range, merging its rows).
	mergeArmCost = 20
	// mergeArmCostText is mergeArmCost when the view's query has words:
	// each arm builds its own list of the full-text matches (ftsIn), about
	// 7 ms for a word in most articles at 100,000, where a walk builds it
	// once.
	mergeArmCostText = 1500
	// maxMergeArms bounds the compound SELECT of a merge, far below
	// SQLite's limit on its terms (SQLITE_MAX_COMPOUND_SELECT, 500).
	maxMergeArms = 200
)

// planFolder chooses how List reads a page of limit articles of the folder
// view v, from the counters (feed_counts: the cost grows with the number
// of feeds, not of articles); see mergeCheaper.
func (s *Store) planFolder(ctx context.Context, v View, limit int) (*folderPlan, error) {
	fp := &folderPlan{}
	var in, all folderCounts
	err := scanEach(ctx, s.db, `SELECT c.feed_id, c.total, c.unread, c.starred,
	c.feed_id IN (SELECT feed_id FROM feed_folders WHERE folder = ?)
FROM feed_counts c ORDER BY c.feed_id`, []any{v.Folder}, func(r *sql.Rows) error {
		var id int64
		var n folderCounts
		var member bool
		if err := r.Scan(&id, &n.total, &n.unread, &n.starred, &member); err != nil {
			return err
		}
		all.add(n)
		if member {
			in.add(n)
			fp.feeds = append(fp.feeds, id)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("folder %q: %w", v.Folder, err)
	}
	if len(fp.feeds) == 0 || len(fp.feeds) > maxMergeArms {
		return fp, nil
	}
	text := false
	if strings.TrimSpace(v.Query) != "" {
		q, err := ParseQuery(v.Query)
		if err != nil {
			return nil, err
		}
		sqlText, _ := q.compile()
		text = strings.Contains(sqlText, "articles_fts")
	}
	fp.merge = mergeCheaper(v, text, len(fp.feeds), in, all, int64(limit))
	return fp, nil
}

// folderCounts are feed_counts summed over some feeds.
type folderCounts struct{ total, unread, starred int64 }

func (c *folderCounts) add(d folderCounts) {
	c.total += d.total
	c.unread += d.unread
	c.starred += d.starred
}

// mergeCheaper reports whether merging the ranges of a folder's feeds
// (feeds of them, holding in of the all articles) reads a page of limit
// articles of v for less than walking v's time index, in index entries
// read (each costs about the same: a lookup of the article's row):
//
//   - a walk reads about limit × all/in entries of the index it walks
//     (the whole index, all or unread, when in is 0);
//   - a merge costs mergeArmCost per feed (mergeArmCostText when the
//     query has words: text), plus the page itself.
//
// A starred view walks the starred index (every starred article at most)
// where the merge, which has no per-feed index of the flag, reads the
// folder's articles until it has a page of starred ones.
//
// The query's own selectivity is not estimated: a rare word makes a walk
// read more than this says, so a middle-sized folder may walk where a merge
// would have been faster.
func mergeCheaper(v View, text bool, feeds int, in, all folderCounts, limit int64) bool {
	arm := int64(mergeArmCost)
	if text {
		arm = mergeArmCostText
	}
	setup := int64(feeds) * arm
	// walked is what a walk reads for n of the view's m index entries.
	walked := func(n, m int64) int64 {
		if n == 0 {
			return m
		}
		return min(m, limit*m/n)
	}
	switch {
	case v.Starred:
		return setup+walked(in.starred, in.total) < walked(in.starred, all.starred)
	case v.UnreadOnly:
		return setup+limit < walked(in.unread, all.unread)
	}
	return setup+limit < walked(in.total, all.total)
}

// mergeSQL is listSQL for a folder view read by merging its feeds: a
// compound SELECT with one arm per feed, each an ordered range of the
// feed's index (articles_by_feed, or articles_feed_unread for an unread
// view), which SQLite merges in order (MERGE (UNION ALL)) and stops after
// the page: no sort, and about limit + len(feeds) entries read whatever the
// depth. A tag is tested per article (article_tags' primary key) instead of
// driving the query.
func (s *Store) mergeSQL(v View, p Page, feeds []int64) (q string, args []any, reverse bool, err error) {
	lq, err := s.listQuery(View{Starred: v.Starred, UnreadOnly: v.UnreadOnly, Query: v.Query})
	if err != nil {
		return "", nil, false, err
	}
	conds := append([]string{"a.feed_id = ?"}, lq.conds...)
	var tail []any
	if v.Tag != "" {
		conds = append(conds, "EXISTS (SELECT 1 FROM article_tags t WHERE t.article_id = a.id AND t.tag_id = (SELECT id FROM tags WHERE name = ?) AND t.removed = 0)")
		tail = append(tail, v.Tag)
	}
	// Result columns 12 and 1 of articleCols: a.sort_time, a.id.
	order := "12 DESC, 1 DESC"
	switch {
	case p.After != nil:
		conds = append(conds, "(a.sort_time, a.id) < (?, ?)")
		tail = append(tail, p.After.Time, p.After.ID)
	case p.Before != nil:
		conds = append(conds, "(a.sort_time, a.id) > (?, ?)")
		tail = append(tail, p.Before.Time, p.Before.ID)
		order, reverse = "12 ASC, 1 ASC", true
	}
	arm := `SELECT ` + articleCols + ` FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE ` + strings.Join(conds, " AND ")
	var b strings.Builder
	for i, id := range feeds {
		if i > 0 {
			b.WriteString("\nUNION ALL ")
		}
		b.WriteString(arm)
		args = append(args, id)
		args = append(args, lq.args...)
		args = append(args, tail...)
	}
	b.WriteString("\nORDER BY " + order + " LIMIT ?")
	args = append(args, p.Limit)
	return b.String(), args, reverse, nil
}

// listQuery is a View compiled for List, Count and Position.
type listQuery struct {
	from  string // the FROM clause without the feeds join
	conds []string
	args  []any
	// tcol and icol are the keyset columns, those of the index that orders
	// the view: a.sort_time, a.id, or for a tag view t.sort_time,
	// t.article_id (article_tags keeps a copy of sort_time).
	tcol, icol string
	needFeed   bool // a condition reads feeds f
	tagOnly    bool // a tag view with no condition on the article: counts need only article_tags
	query      bool // a condition comes from the query language
	unread     int  // index in conds of the unread condition, -1 if none
	narrowed   bool // a feed, folder, tag or starred view: a small index range comes first
	folder     int  // index in conds of the folder condition, -1 if none
}

// folderCond keeps the articles of one folder's feeds (its argument: the
// folder's name). feed_folders is keyed by (feed_id, folder), so the
// subquery reads the whole table: one row per feed and folder, never
// articles.
const folderCond = "a.feed_id IN (SELECT feed_id FROM feed_folders WHERE folder = ?)"

// refersToFeeds matches an SQL text that uses the feeds alias f.
var refersToFeeds = regexp.MustCompile(`\bf\.`)

// listQuery compiles v. Unlike where, it joins feeds f only when a
// condition needs it (the query language's feed:), so that counts run on
// covering indexes, and it drives a tag view from the tag's index instead
// of testing every article for the tag.
func (s *Store) listQuery(v View) (*listQuery, error) {
	lq := &listQuery{from: "articles a", tcol: "a.sort_time", icol: "a.id", unread: -1, folder: -1,
		narrowed: v.FeedID != 0 || v.Folder != "" || v.Tag != "" || v.Starred}
	if v.Tag != "" {
		lq.from = "article_tags t JOIN articles a ON a.id = t.article_id"
		lq.tcol, lq.icol = "t.sort_time", "t.article_id"
		lq.conds = append(lq.conds, "t.tag_id = (SELECT id FROM tags WHERE name = ?)", "t.removed = 0")
		lq.args = append(lq.args, v.Tag)
		lq.tagOnly = v.FeedID == 0 && v.Folder == "" && !v.Starred && !v.UnreadOnly
	}
	if v.FeedID != 0 {
		lq.conds = append(lq.conds, "a.feed_id = ?")
		lq.args = append(lq.args, v.FeedID)
	}
	if v.Folder != "" {
		lq.conds = append(lq.conds, folderCond)
		lq.args = append(lq.args, v.Folder)
		lq.folder = len(lq.conds) - 1
	}
	if v.Starred {
		lq.conds = append(lq.conds, "a.starred = 1")
	}
	if v.UnreadOnly {
		lq.conds = append(lq.conds, "a.read = 0")
		lq.unread = len(lq.conds) - 1
	}
	if strings.TrimSpace(v.Query) != "" {
		q, err := ParseQuery(v.Query)
		if err != nil {
			return nil, err
		}
		sqlText, qargs := q.compile()
		if sqlText != "" {
			lq.conds = append(lq.conds, sqlText)
			lq.args = append(lq.args, qargs...)
			lq.needFeed = refersToFeeds.MatchString(sqlText)
			lq.tagOnly, lq.query = false, true
		}
	}
	return lq, nil
}

func (lq *listQuery) where() string {
	if len(lq.conds) == 0 {
		return "1"
	}
	return strings.Join(lq.conds, " AND ")
}

// scanQuery reports whether counting the view should read every article
// through a narrow index instead of walking an ordered index and looking
// each row up: a query-language view over all feeds and tags, whose
// conditions (lang:, words, since:, …) no time index covers.
func (lq *listQuery) scanQuery() bool {
	return lq.query && !lq.needFeed && !lq.narrowed
}

// countWhere is where() for Count and Position. For a scanQuery view the
// unread condition and the keyset are written with SQLite's unary + (which
// keeps a term from choosing an index): otherwise the planner walks the
// unread or time index and reads each candidate's whole row — 30,000
// random row reads for "lang:ar" unread at 100,000 articles, 200 ms —
// where a scan of the narrow covering index articles_rank costs 3 ms.
func (lq *listQuery) countWhere() string {
	if !lq.scanQuery() || lq.unread < 0 {
		return lq.where()
	}
	conds := append([]string(nil), lq.conds...)
	conds[lq.unread] = "+a.read = 0"
	return strings.Join(conds, " AND ")
}

// fromWithFeeds is the FROM clause with feeds f joined.
func (lq *listQuery) fromWithFeeds() string {
	return lq.from + " JOIN feeds f ON f.id = a.feed_id"
}

// fromForCount is the FROM clause a count needs: feeds only when a
// condition reads them. (Every article has its feed: feed_id is a foreign
// key, so leaving the join out changes no count.)
func (lq *listQuery) fromForCount() string {
	switch {
	case lq.needFeed:
		return lq.fromWithFeeds()
	case lq.tagOnly:
		return "article_tags t"
	}
	return lq.from
}

// Last returns the oldest Limit articles of v (the end of the list), newest
// first, for jumping to the bottom.
func (s *Store) Last(ctx context.Context, v View, limit int) ([]Article, error) {
	return s.List(ctx, v, Page{Before: &Cursor{Time: -1 << 62, ID: 0}, Limit: limit})
}

// Count returns how many articles v selects. The views of the feeds pane
// (all, unread, starred, one feed, one folder, one tag, each optionally
// unread only)
// are read from the counters the schema's triggers keep (feed_counts,
// tag_counts), in time independent of the number of articles; other views
// are counted on an index. Errors: a *QueryError for a malformed query.
func (s *Store) Count(ctx context.Context, v View) (int, error) {
	if n, ok, err := s.countFromCounters(ctx, v); ok || err != nil {
		return n, err
	}
	q, args, err := s.countSQL(v)
	if err != nil {
		return 0, err
	}
	var n int
	if err := s.db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count articles: %w", err)
	}
	return n, nil
}

// countSQL is the query Count runs for a view the counters do not cover.
func (s *Store) countSQL(v View) (string, []any, error) {
	lq, err := s.listQuery(v)
	if err != nil {
		return "", nil, err
	}
	return `SELECT count(*) FROM ` + lq.fromForCount() + ` WHERE ` + lq.countWhere(), lq.args, nil
}

// countFromCounters answers Count from feed_counts and tag_counts when v is
// one of the views they cover; ok is false when it is not.
func (s *Store) countFromCounters(ctx context.Context, v View) (n int, ok bool, err error) {
	if strings.TrimSpace(v.Query) != "" {
		return 0, false, nil
	}
	col := "total"
	if v.UnreadOnly {
		col = "unread"
	}
	var q string
	var args []any
	switch {
	case v.Folder != "" && (v.Tag != "" || v.FeedID != 0 || v.Starred && v.UnreadOnly):
		return 0, false, nil
	case v.Folder != "":
		if v.Starred {
			col = "starred"
		}
		q, args = `SELECT coalesce(sum(c.`+col+`), 0) FROM feed_counts c WHERE c.feed_id IN (SELECT feed_id FROM feed_folders WHERE folder = ?)`, []any{v.Folder}
	case v.Tag != "" && v.FeedID == 0 && !v.Starred:
		q, args = `SELECT coalesce((SELECT c.`+col+` FROM tag_counts c JOIN tags g ON g.id = c.tag_id WHERE g.name = ?), 0)`, []any{v.Tag}
	case v.Tag != "":
		return 0, false, nil
	case v.FeedID != 0 && !v.Starred:
		q, args = `SELECT coalesce((SELECT `+col+` FROM feed_counts WHERE feed_id = ?), 0)`, []any{v.FeedID}
	case v.FeedID != 0:
		return 0, false, nil
	case v.Starred && v.UnreadOnly:
		return 0, false, nil
	case v.Starred:
		q = `SELECT coalesce(sum(starred), 0) FROM feed_counts`
	default:
		q = `SELECT coalesce(sum(` + col + `), 0) FROM feed_counts`
	}
	if err := s.db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return 0, true, fmt.Errorf("count articles: %w", err)
	}
	return n, true, nil
}

// Position returns how many articles of v come before c in date order (the
// 0-based index of the article at c). It counts index entries newer than c,
// so its cost grows with the position (about 25 ns an entry for the plain
// views), not with the size of the view.
func (s *Store) Position(ctx context.Context, v View, c Cursor) (int, error) {
	q, args, err := s.positionSQL(v, c)
	if err != nil {
		return 0, err
	}
	var n int
	if err := s.db.QueryRowContext(ctx, q, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("article position: %w", err)
	}
	return n, nil
}

// positionSQL is the query Position runs.
func (s *Store) positionSQL(v View, c Cursor) (string, []any, error) {
	lq, err := s.listQuery(v)
	if err != nil {
		return "", nil, err
	}
	args := append(lq.args, c.Time, c.ID)
	keyset := `(` + lq.tcol + `, ` + lq.icol + `) > (?, ?)`
	if lq.scanQuery() {
		keyset = `(+a.sort_time, +a.id) > (?, ?)`
	}
	return `SELECT count(*) FROM ` + lq.fromForCount() + ` WHERE ` + lq.countWhere() + ` AND ` + keyset, args, nil
}

// idList is an SQL list of one placeholder per ID ("?,?,?"), for IN (…),
// with its arguments.
func idList(ids []int64) (string, []any) {
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	return strings.TrimSuffix(strings.Repeat("?,", len(ids)), ","), args
}

// articleIDList is idList of the articles' IDs.
func articleIDList(arts []Article) (string, []any) {
	ids := make([]int64, len(arts))
	for i, a := range arts {
		ids[i] = a.ID
	}
	return idList(ids)
}

func (s *Store) loadTags(ctx context.Context, arts []Article) error {
	if len(arts) == 0 {
		return nil
	}
	idx := make(map[int64]int, len(arts))
	for i, a := range arts {
		idx[a.ID] = i
	}
	in, args := articleIDList(arts)
	return scanEach(ctx, s.db, `SELECT t.article_id, g.name, g.kind, t.source, t.terms FROM article_tags t JOIN tags g ON g.id = t.tag_id
WHERE t.removed = 0 AND t.article_id IN (`+in+`)
ORDER BY t.article_id, CASE g.kind WHEN 'topic' THEN 0 WHEN 'user' THEN 1 ELSE 2 END, g.name`, args,
		func(r *sql.Rows) error {
			var id int64
			var t Tag
			var terms string
			if err := r.Scan(&id, &t.Name, &t.Kind, &t.Source, &terms); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(terms), &t.Terms); err != nil || t.Terms == nil {
				t.Terms = []string{}
			}
			i := idx[id]
			arts[i].Tags = append(arts[i].Tags, t)
			return nil
		})
}

// Article returns one article with its content, links and enclosures.
// Errors wrap ErrNotFound.
func (s *Store) Article(ctx context.Context, id int64) (Article, error) {
	var a Article
	var links string
	row := s.db.QueryRowContext(ctx, `SELECT `+articleCols+`, a.content, a.html, a.links FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.id = ?`, id)
	if err := scanArticle(row, &a, &a.Content, &a.HTML, &links); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return Article{}, fmt.Errorf("article %d: %w", id, ErrNotFound)
		}
		return Article{}, fmt.Errorf("article %d: %w", id, err)
	}
	if err := json.Unmarshal([]byte(links), &a.Links); err != nil {
		a.Links = nil
	}
	if err := scanEach(ctx, s.db, `SELECT url, type, length FROM enclosures WHERE article_id = ? ORDER BY pos`, []any{id},
		func(r *sql.Rows) error {
			var e feeds.Enclosure
			if err := r.Scan(&e.URL, &e.Type, &e.Length); err != nil {
				return err
			}
			a.Enclosures = append(a.Enclosures, e)
			return nil
		}); err != nil {
		return Article{}, err
	}
	arts := []Article{a}
	if err := s.loadTags(ctx, arts); err != nil {
		return Article{}, err
	}
	return arts[0], nil
}

// SetRead marks articles read or unread, all or none: an article of ids
// that does not exist (another process removed its feed) is ErrNotFound,
// wrapped, and nothing is changed.
func (s *Store) SetRead(ctx context.Context, read bool, ids ...int64) error {
	return s.setFlag(ctx, "read", read, ids)
}

// SetStarred stars or unstars articles, all or none, as SetRead marks them.
func (s *Store) SetStarred(ctx context.Context, starred bool, ids ...int64) error {
	return s.setFlag(ctx, "starred", starred, ids)
}

func (s *Store) setFlag(ctx context.Context, col string, on bool, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, `UPDATE articles SET `+col+` = ? WHERE id = ?`)
		if err != nil {
			return err
		}
		defer st.Close()
		for _, id := range ids {
			res, err := st.ExecContext(ctx, on, id)
			if err != nil {
				return fmt.Errorf("set %s on article %d: %w", col, id, err)
			}
			// changes() counts the rows the WHERE matched, changed or
			// not: none means no such article.
			if n, err := res.RowsAffected(); err != nil {
				return fmt.Errorf("set %s on article %d: %w", col, id, err)
			} else if n == 0 {
				return fmt.Errorf("set %s on article %d: %w", col, id, ErrNotFound)
			}
		}
		return nil
	})
}

// MarkViewRead marks every unread article v selects as read and returns how
// many changed.
func (s *Store) MarkViewRead(ctx context.Context, v View) (int, error) {
	where, args, err := s.where(v)
	if err != nil {
		return 0, err
	}
	res, err := s.db.ExecContext(ctx, `UPDATE articles SET read = 1 WHERE read = 0 AND id IN
(SELECT a.id FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE `+where+`)`, args...)
	if err != nil {
		return 0, fmt.Errorf("mark read: %w", err)
	}
	n, _ := res.RowsAffected()
	return int(n), nil
}

// AddTag puts a user tag on an article. Adding a tag the user removed
// earlier restores it (as the user's). name is stored as checkTagName
// cleans it (trimmed, its bidi formatting characters taken out); a name
// that is then empty or holds white space, a quote or a control character
// is an error, as is an article that does not exist (ErrNotFound).
func (s *Store) AddTag(ctx context.Context, articleID int64, name string) error {
	name, err := checkTagName(name)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		tw := newTagWriter(ctx, tx, nil)
		defer tw.close()
		id, err := tw.tagID(name, "user")
		if err != nil {
			return err
		}
		// An existing row (an automatic tag, perhaps one the user removed)
		// becomes the user's; the update trigger counts a restored one.
		res, err := tx.ExecContext(ctx, `UPDATE article_tags SET source = 'user', removed = 0 WHERE article_id = ? AND tag_id = ?`,
			articleID, id)
		if err != nil {
			return fmt.Errorf("tag article %d: %w", articleID, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			return nil
		}
		res, err = tx.ExecContext(ctx, `INSERT INTO article_tags (article_id, tag_id, source, sort_time)
SELECT id, ?, 'user', sort_time FROM articles WHERE id = ?`, id, articleID)
		if err != nil {
			return fmt.Errorf("tag article %d: %w", articleID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("article %d: %w", articleID, ErrNotFound)
		}
		// Inserts are counted by the code that makes them (migration 4).
		_, err = tx.ExecContext(ctx, `UPDATE tag_counts SET total = total + 1,
	unread = unread + (SELECT read = 0 FROM articles WHERE id = ?) WHERE tag_id = ?`, articleID, id)
		return err
	})
}

// RemoveTag takes a tag off an article. A user tag is deleted; an automatic
// tag is kept as a tombstone so the tagger never puts it back.
func (s *Store) RemoveTag(ctx context.Context, articleID int64, name string) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM article_tags WHERE article_id = ? AND source = 'user'
AND tag_id = (SELECT id FROM tags WHERE name = ?)`, articleID, name); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `UPDATE article_tags SET removed = 1 WHERE article_id = ? AND source = 'auto'
AND tag_id = (SELECT id FROM tags WHERE name = ?)`, articleID, name)
		return err
	})
}

// checkTagName returns the user's tag name as stored: trimmed, without
// bidi formatting characters (the embeddings, overrides and isolates of
// UAX #9 §2 and the marks LRM, RLM and ALM, which give a one-word name
// nothing and would reorder the text drawn after it). It returns an error
// for a name that is then empty or holds a space, quote or control
// character.
func checkTagName(name string) (string, error) {
	name = feeds.StripBidiFormatting(name)
	name = strings.TrimSpace(name)
	if name == "" {
		return "", errors.New("empty tag name")
	}
	if strings.ContainsFunc(name, func(r rune) bool { return unicode.IsSpace(r) || unicode.IsControl(r) || r == '"' }) {
		return "", fmt.Errorf("tag %q: a tag is one word (no spaces, quotes or control characters)", name)
	}
	return name, nil
}

// TagCount is a tag with how many articles carry it.
type TagCount struct {
	Name   string
	Kind   string
	Total  int
	Unread int
}

// Tags returns every tag in use with its article and unread counts, topics
// first, then user tags, then entities, each by name. The counts come from
// tag_counts, which triggers keep (see the schema), so the cost grows with
// the number of tags, not of articles.
func (s *Store) Tags(ctx context.Context) ([]TagCount, error) {
	var out []TagCount
	err := scanEach(ctx, s.db, tagsSQL, nil,
		func(r *sql.Rows) error {
			var t TagCount
			if err := r.Scan(&t.Name, &t.Kind, &t.Total, &t.Unread); err != nil {
				return err
			}
			out = append(out, t)
			return nil
		})
	return out, err
}

const tagsSQL = `SELECT g.name, g.kind, c.total, c.unread
FROM tag_counts c JOIN tags g ON g.id = c.tag_id
WHERE c.total > 0
ORDER BY CASE g.kind WHEN 'topic' THEN 0 WHEN 'user' THEN 1 ELSE 2 END, g.name`

// Totals are the counts behind the feed list's virtual feeds.
type Totals struct {
	All, Unread, Starred int
	StarredUnread        int // starred and not read
}

// Totals counts all, unread and starred articles, summing the per-feed
// counters (feed_counts): the cost grows with the number of feeds, not of
// articles. StarredUnread is counted from the starred articles themselves
// (the partial index of starred articles: as many rows as are starred).
func (s *Store) Totals(ctx context.Context) (Totals, error) {
	var t Totals
	err := s.db.QueryRowContext(ctx, totalsSQL).Scan(&t.All, &t.Unread, &t.Starred)
	if err == nil && t.Starred > 0 {
		err = s.db.QueryRowContext(ctx, `SELECT count(*) FROM articles WHERE starred = 1 AND read = 0`).Scan(&t.StarredUnread)
	}
	if err != nil {
		return Totals{}, fmt.Errorf("totals: %w", err)
	}
	return t, nil
}

const totalsSQL = `SELECT coalesce(sum(total), 0), coalesce(sum(unread), 0), coalesce(sum(starred), 0) FROM feed_counts`

// NextUnread returns the first unread article of v strictly after c in date
// order (older), or, when there is none, the newest unread one before it.
// found is false when v has no unread article other than c.
func (s *Store) NextUnread(ctx context.Context, v View, c *Cursor) (a Article, found bool, err error) {
	v.UnreadOnly = true
	var page []Article
	if c != nil {
		page, err = s.List(ctx, v, Page{After: c, Limit: 1})
		if err != nil {
			return Article{}, false, err
		}
	}
	if len(page) == 0 {
		page, err = s.List(ctx, v, Page{Limit: 2})
		if err != nil {
			return Article{}, false, err
		}
		if len(page) > 0 && c != nil && page[0].ID == c.ID {
			page = page[1:]
		}
	}
	if len(page) == 0 {
		return Article{}, false, nil
	}
	return page[0], true, nil
}
