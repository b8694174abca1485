package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

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
// first seen.
func (a Article) Time() time.Time {
	if a.Published != nil {
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
		sqlText, qargs := q.compile(s.analyze)
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
func (s *Store) List(ctx context.Context, v View, p Page) ([]Article, error) {
	where, args, err := s.where(v)
	if err != nil {
		return nil, err
	}
	if p.Limit <= 0 {
		p.Limit = 100
	}
	order := "a.sort_time DESC, a.id DESC"
	reverse := false
	switch {
	case p.After != nil:
		where += " AND (a.sort_time, a.id) < (?, ?)"
		args = append(args, p.After.Time, p.After.ID)
	case p.Before != nil:
		where += " AND (a.sort_time, a.id) > (?, ?)"
		args = append(args, p.Before.Time, p.Before.ID)
		order = "a.sort_time ASC, a.id ASC"
		reverse = true
	}
	args = append(args, p.Limit)
	rows, err := s.db.QueryContext(ctx, `SELECT `+articleCols+` FROM articles a JOIN feeds f ON f.id = a.feed_id
WHERE `+where+` ORDER BY `+order+` LIMIT ?`, args...)
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

// Last returns the oldest Limit articles of v (the end of the list), newest
// first, for jumping to the bottom.
func (s *Store) Last(ctx context.Context, v View, limit int) ([]Article, error) {
	return s.List(ctx, v, Page{Before: &Cursor{Time: -1 << 62, ID: 0}, Limit: limit})
}

// Count returns how many articles v selects.
func (s *Store) Count(ctx context.Context, v View) (int, error) {
	where, args, err := s.where(v)
	if err != nil {
		return 0, err
	}
	var n int
	if err := s.db.QueryRowContext(ctx, `SELECT count(*) FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE `+where, args...).Scan(&n); err != nil {
		return 0, fmt.Errorf("count articles: %w", err)
	}
	return n, nil
}

// Position returns how many articles of v come before c in date order (the
// 0-based index of the article at c).
func (s *Store) Position(ctx context.Context, v View, c Cursor) (int, error) {
	where, args, err := s.where(v)
	if err != nil {
		return 0, err
	}
	args = append(args, c.Time, c.ID)
	var n int
	err = s.db.QueryRowContext(ctx, `SELECT count(*) FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE `+where+
		` AND (a.sort_time, a.id) > (?, ?)`, args...).Scan(&n)
	return n, err
}

func (s *Store) loadTags(ctx context.Context, arts []Article) error {
	if len(arts) == 0 {
		return nil
	}
	idx := make(map[int64]int, len(arts))
	ph := make([]string, len(arts))
	args := make([]any, len(arts))
	for i, a := range arts {
		idx[a.ID] = i
		ph[i] = "?"
		args[i] = a.ID
	}
	return scanEach(ctx, s.db, `SELECT t.article_id, g.name, g.kind, t.source, t.terms FROM article_tags t JOIN tags g ON g.id = t.tag_id
WHERE t.removed = 0 AND t.article_id IN (`+strings.Join(ph, ",")+`)
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

// SetRead marks articles read or unread.
func (s *Store) SetRead(ctx context.Context, read bool, ids ...int64) error {
	return s.setFlag(ctx, "read", read, ids)
}

// SetStarred stars or unstars articles.
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
			if _, err := st.ExecContext(ctx, on, id); err != nil {
				return fmt.Errorf("set %s on article %d: %w", col, id, err)
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
// earlier restores it (as the user's). name is trimmed and must not be empty
// or contain spaces.
func (s *Store) AddTag(ctx context.Context, articleID int64, name string) error {
	name, err := checkTagName(name)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		id, err := tagIDTx(ctx, tx, name, "user", nil)
		if err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO article_tags (article_id, tag_id, source, sort_time)
SELECT id, ?, 'user', sort_time FROM articles WHERE id = ?
ON CONFLICT (article_id, tag_id) DO UPDATE SET source = 'user', removed = 0`, id, articleID)
		if err != nil {
			return fmt.Errorf("tag article %d: %w", articleID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("article %d: %w", articleID, ErrNotFound)
		}
		return nil
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

func checkTagName(name string) (string, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return "", errors.New("empty tag name")
	}
	if strings.ContainsAny(name, " \t\n\"") {
		return "", fmt.Errorf("tag %q: a tag is one word (no spaces or quotes)", name)
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
// first, then user tags, then entities, each by name.
func (s *Store) Tags(ctx context.Context) ([]TagCount, error) {
	var out []TagCount
	err := scanEach(ctx, s.db, `SELECT g.name, g.kind, count(*), coalesce(sum(a.read = 0), 0)
FROM article_tags t JOIN tags g ON g.id = t.tag_id JOIN articles a ON a.id = t.article_id
WHERE t.removed = 0 GROUP BY g.id
ORDER BY CASE g.kind WHEN 'topic' THEN 0 WHEN 'user' THEN 1 ELSE 2 END, g.name`, nil,
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

// Totals are the counts behind the feed list's virtual feeds.
type Totals struct {
	All, Unread, Starred int
}

// Totals counts all, unread and starred articles.
func (s *Store) Totals(ctx context.Context) (Totals, error) {
	var t Totals
	err := s.db.QueryRowContext(ctx, `SELECT (SELECT count(*) FROM articles), (SELECT count(*) FROM articles WHERE read = 0),
(SELECT count(*) FROM articles WHERE starred = 1)`).Scan(&t.All, &t.Unread, &t.Starred)
	return t, err
}

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
