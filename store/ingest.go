package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/feeds/topics"
)

// SaveStats says what one SaveResult changed.
type SaveStats struct {
	New     int // articles added
	Updated int // articles whose content changed
}

// SaveResult records one poll of one feed, in one transaction: either the
// whole result is stored or nothing is. On success it updates the feed's
// title, site link, language, ETag and Last-Modified, clears its error and
// upserts every item by (feed, GUID): new items are inserted; items whose
// fields changed are updated in place without touching read, starred or the
// user's tags. Automatic tags are replaced by res's tags, except that an
// automatic tag the user removed stays removed and a tag the user added is
// kept. On res.Err the feed's error (and Gone/RetryAfter) is recorded and
// its articles stay as they were. A skipped result changes nothing.
func (s *Store) SaveResult(ctx context.Context, res feeds.Result) (SaveStats, error) {
	var st SaveStats
	if res.Skipped {
		return st, nil
	}
	now := s.now()
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var feedTitle string
		if err := tx.QueryRowContext(ctx, `SELECT CASE WHEN user_title != '' THEN user_title ELSE title END FROM feeds WHERE id = ?`,
			res.FeedID).Scan(&feedTitle); err != nil {
			if errors.Is(err, sql.ErrNoRows) {
				return fmt.Errorf("save feed %d: %w", res.FeedID, ErrNotFound)
			}
			return err
		}
		if res.Err != nil {
			var retry any
			if !res.RetryAfter.IsZero() {
				retry = res.RetryAfter.Unix()
			}
			_, err := tx.ExecContext(ctx, `UPDATE feeds SET last_poll = ?, last_error = ?, dead = dead OR ?, retry_after = ? WHERE id = ?`,
				now.Unix(), oneLine(res.Err.Error()), res.Gone, retry, res.FeedID)
			return err
		}
		if res.MovedTo != "" && res.MovedTo != res.URL {
			if err := moveFeedTx(ctx, tx, res.FeedID, res.MovedTo); err != nil {
				return err
			}
		}
		if res.NotModified {
			_, err := tx.ExecContext(ctx, `UPDATE feeds SET last_poll = ?, last_ok = ?, last_error = '', retry_after = NULL,
				etag = CASE WHEN ? != '' THEN ? ELSE etag END,
				last_modified = CASE WHEN ? != '' THEN ? ELSE last_modified END WHERE id = ?`,
				now.Unix(), now.Unix(), res.ETag, res.ETag, res.LastModified, res.LastModified, res.FeedID)
			return err
		}
		// A feed cut off before its channel metadata comes with an empty
		// Meta: keep what was stored.
		if _, err := tx.ExecContext(ctx, `UPDATE feeds SET last_poll = ?1, last_ok = ?1, last_error = '', retry_after = NULL,
			title = CASE WHEN ?2 != '' THEN ?2 ELSE title END,
			site_url = CASE WHEN ?3 != '' THEN ?3 ELSE site_url END,
			lang = CASE WHEN ?4 != '' THEN ?4 ELSE lang END,
			etag = ?5, last_modified = ?6 WHERE id = ?7`,
			now.Unix(), res.Meta.Title, res.Meta.SiteURL, res.Meta.Language,
			res.ETag, res.LastModified, res.FeedID); err != nil {
			return err
		}
		if res.Meta.Title != "" {
			old := feedTitle
			if err := tx.QueryRowContext(ctx, `SELECT CASE WHEN user_title != '' THEN user_title ELSE title END FROM feeds WHERE id = ?`,
				res.FeedID).Scan(&feedTitle); err != nil {
				return err
			}
			if feedTitle != old {
				if err := reindexFeedNameTx(ctx, tx, res.FeedID); err != nil {
					return err
				}
			}
		}
		w, err := newItemWriter(ctx, tx, s)
		if err != nil {
			return err
		}
		defer w.close()
		seen := make(map[string]bool, len(res.Items))
		for i := range res.Items {
			it := &res.Items[i]
			if it.GUID == "" || seen[it.GUID] {
				continue // the feed repeats an item: keep the first
			}
			seen[it.GUID] = true
			created, changed, err := w.write(res.FeedID, feedTitle, it, now)
			if err != nil {
				return fmt.Errorf("save item %q: %w", it.GUID, err)
			}
			switch {
			case created:
				st.New++
			case changed:
				st.Updated++
			}
		}
		return nil
	})
	if err != nil {
		return SaveStats{}, fmt.Errorf("save %s: %w", res.URL, err)
	}
	return st, nil
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// moveFeedTx points a feed at its new URL after a permanent redirect and
// keeps the old one as an alias. If another feed already has the new URL the
// move is not made (both stay as they are).
func moveFeedTx(ctx context.Context, tx *sql.Tx, id int64, newURL string) error {
	var old string
	if err := tx.QueryRowContext(ctx, `SELECT url FROM feeds WHERE id = ?`, id).Scan(&old); err != nil {
		return err
	}
	var other int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM feeds WHERE url = ?`, newURL).Scan(&other)
	if err == nil {
		return nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE feeds SET url = ? WHERE id = ?`, newURL, id); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM feed_aliases WHERE url = ?`, newURL); err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT OR REPLACE INTO feed_aliases (url, feed_id) VALUES (?, ?)`, old, id)
	return err
}

// itemWriter holds the prepared statements of one feed update, so that
// each item costs only statement executions (no SQL parsing).
type itemWriter struct {
	ctx                                                    context.Context
	s                                                      *Store
	tx                                                     *sql.Tx
	lookup, insert, update, delEnc, insEnc, delFTS, insFTS *sql.Stmt
	tagTime                                                *sql.Stmt
	tags                                                   *tagWriter

	// feedTitle and feedTerms: the feed's title and its analyzed form for
	// the full-text index, computed once per feed instead of per item.
	feedTitle, feedTerms string
}

func newItemWriter(ctx context.Context, tx *sql.Tx, s *Store) (*itemWriter, error) {
	w := &itemWriter{ctx: ctx, s: s, tx: tx, tags: newTagWriter(ctx, tx, map[string]int64{})}
	prep := []struct {
		dst **sql.Stmt
		q   string
	}{
		{&w.lookup, `SELECT id, hash, first_seen FROM articles WHERE feed_id = ? AND guid = ?`},
		{&w.insert, `INSERT INTO articles (feed_id, guid, url, title, author, published, updated, first_seen, sort_time,
			content, html, links, lang, dir, explicit_dir, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&w.update, `UPDATE articles SET url = ?, title = ?, author = ?, published = ?, updated = ?, sort_time = ?,
			content = ?, html = ?, links = ?, lang = ?, dir = ?, explicit_dir = ?, hash = ? WHERE id = ?`},
		{&w.delEnc, `DELETE FROM enclosures WHERE article_id = ?`},
		{&w.insEnc, `INSERT INTO enclosures (article_id, pos, url, type, length) VALUES (?, ?, ?, ?, ?)`},
		{&w.delFTS, `DELETE FROM articles_fts WHERE rowid = ?`},
		{&w.insFTS, `INSERT INTO articles_fts (rowid, title, body, feed, author) VALUES (?, ?, ?, ?, ?)`},
		{&w.tagTime, `UPDATE article_tags SET sort_time = ? WHERE article_id = ?`},
	}
	for _, p := range prep {
		st, err := tx.PrepareContext(ctx, p.q)
		if err != nil {
			w.close()
			return nil, fmt.Errorf("prepare: %w", err)
		}
		*p.dst = st
	}
	return w, nil
}

func (w *itemWriter) close() {
	for _, st := range []*sql.Stmt{w.lookup, w.insert, w.update, w.delEnc, w.insEnc, w.delFTS, w.insFTS, w.tagTime} {
		if st != nil {
			st.Close()
		}
	}
	w.tags.close()
}

// feedIndexTerms returns the analyzed feed title for the full-text index.
func (w *itemWriter) feedIndexTerms(title string) string {
	if title != w.feedTitle || w.feedTerms == "" {
		w.feedTitle, w.feedTerms = title, w.s.analyze(title)
	}
	return w.feedTerms
}

// itemHash fingerprints the fields an update may change.
func itemHash(it *feeds.Item) string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	enc.Encode([]any{it.URL, it.Title, it.Author, unixOrNil(it.Published), unixOrNil(it.Updated),
		it.Content, it.HTML, it.Links, it.Enclosures, it.Lang, it.Dir, it.ExplicitDir, it.Tags})
	return hex.EncodeToString(h.Sum(nil)[:16])
}

func (w *itemWriter) write(feedID int64, feedTitle string, it *feeds.Item, now time.Time) (created, changed bool, err error) {
	ctx := w.ctx
	hash := itemHash(it)
	links, err := json.Marshal(nonNilLinks(it.Links))
	if err != nil {
		return false, false, err
	}
	var id, sortTime, firstSeen int64
	var oldHash string
	err = w.lookup.QueryRowContext(ctx, feedID, it.GUID).Scan(&id, &oldHash, &firstSeen)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		sortTime = now.Unix()
		if it.Published != nil {
			sortTime = it.Published.Unix()
		}
		res, err := w.insert.ExecContext(ctx, feedID, it.GUID, it.URL, it.Title, it.Author,
			unixOrNil(it.Published), unixOrNil(it.Updated), now.Unix(), sortTime,
			it.Content, it.HTML, string(links), it.Lang, dirOr(it.Dir), it.ExplicitDir, hash)
		if err != nil {
			return false, false, err
		}
		id, _ = res.LastInsertId()
		created = true
	case err != nil:
		return false, false, err
	case oldHash == hash:
		return false, false, nil
	default:
		sortTime = firstSeen
		if it.Published != nil {
			sortTime = it.Published.Unix()
		}
		if _, err := w.update.ExecContext(ctx, it.URL, it.Title, it.Author, unixOrNil(it.Published),
			unixOrNil(it.Updated), sortTime, it.Content, it.HTML, string(links), it.Lang, dirOr(it.Dir),
			it.ExplicitDir, hash, id); err != nil {
			return false, false, err
		}
		if _, err := w.tagTime.ExecContext(ctx, sortTime, id); err != nil {
			return false, false, err
		}
		if _, err := w.delEnc.ExecContext(ctx, id); err != nil {
			return false, false, err
		}
		if _, err := w.delFTS.ExecContext(ctx, id); err != nil {
			return false, false, err
		}
		changed = true
	}
	for i, e := range it.Enclosures {
		if _, err := w.insEnc.ExecContext(ctx, id, i, e.URL, e.Type, e.Length); err != nil {
			return false, false, err
		}
	}
	if _, err := w.insFTS.ExecContext(ctx, id, w.s.analyze(it.Title), w.s.analyze(it.Content),
		w.feedIndexTerms(feedTitle), w.s.analyze(it.Author)); err != nil {
		return false, false, err
	}
	if _, err := w.tags.set(id, sortTime, it.Tags, created); err != nil {
		return false, false, err
	}
	return created, changed, nil
}

func dirOr(d string) string {
	if d == "rtl" {
		return d
	}
	return "ltr"
}

func nonNilLinks(l []feeds.Link) []feeds.Link {
	if l == nil {
		return []feeds.Link{}
	}
	return l
}

// TagChange is one automatic tag that a retag adds to or removes from an article.
type TagChange struct {
	ArticleID int64
	Tag       string
	Added     bool // false: removed
}

// setAutoTagsTx makes the article's automatic tags equal to tags, keeping
// tombstones (user-removed automatic tags stay removed) and user tags. It
// returns what changed. cache maps tag names to IDs within tx.
func setAutoTagsTx(ctx context.Context, tx *sql.Tx, articleID, sortTime int64, tags []topics.Tag, cache map[string]int64) ([]TagChange, error) {
	w := newTagWriter(ctx, tx, cache)
	defer w.close()
	return w.set(articleID, sortTime, tags, false)
}

// tagWriter sets articles' automatic tags within one transaction. Its
// statements are prepared on first use and kept, so a feed update parses
// each once, not once per item.
type tagWriter struct {
	ctx   context.Context
	tx    *sql.Tx
	stmts [nTagStmts]*sql.Stmt
	cache map[string]int64 // tag name → ID, valid within tx
}

const (
	tsExisting = iota
	tsInsert
	tsTerms
	tsDelete
	tsUpsertTag
	tsTagID
	nTagStmts
)

var tagStmtSQL = [nTagStmts]string{
	tsExisting: `SELECT t.tag_id, g.name, t.source, t.removed, t.terms FROM article_tags t JOIN tags g ON g.id = t.tag_id WHERE t.article_id = ?`,
	tsInsert:   `INSERT INTO article_tags (article_id, tag_id, source, terms, sort_time) VALUES (?, ?, 'auto', ?, ?)`,
	tsTerms:    `UPDATE article_tags SET terms = ? WHERE article_id = ? AND tag_id = ?`,
	tsDelete:   `DELETE FROM article_tags WHERE article_id = ? AND tag_id = ?`,
	tsUpsertTag: `INSERT INTO tags (name, kind) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET kind = excluded.kind
WHERE tags.kind = 'user' AND excluded.kind != 'user'`,
	tsTagID: `SELECT id FROM tags WHERE name = ?`,
}

func newTagWriter(ctx context.Context, tx *sql.Tx, cache map[string]int64) *tagWriter {
	if cache == nil {
		cache = map[string]int64{}
	}
	return &tagWriter{ctx: ctx, tx: tx, cache: cache}
}

func (w *tagWriter) stmt(i int) (*sql.Stmt, error) {
	if w.stmts[i] == nil {
		st, err := w.tx.PrepareContext(w.ctx, tagStmtSQL[i])
		if err != nil {
			return nil, fmt.Errorf("prepare: %w", err)
		}
		w.stmts[i] = st
	}
	return w.stmts[i], nil
}

func (w *tagWriter) close() {
	for _, st := range w.stmts {
		if st != nil {
			st.Close()
		}
	}
}

// exec runs statement i.
func (w *tagWriter) exec(i int, args ...any) error {
	st, err := w.stmt(i)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(w.ctx, args...)
	return err
}

// tagID returns the ID of tag name, creating it with kind (see tagIDTx).
func (w *tagWriter) tagID(name, kind string) (int64, error) {
	if id, ok := w.cache[name]; ok {
		return id, nil
	}
	if kind == "" {
		kind = "user"
	}
	if err := w.exec(tsUpsertTag, name, kind); err != nil {
		return 0, fmt.Errorf("tag %q: %w", name, err)
	}
	st, err := w.stmt(tsTagID)
	if err != nil {
		return 0, err
	}
	var id int64
	if err := st.QueryRowContext(w.ctx, name).Scan(&id); err != nil {
		return 0, fmt.Errorf("tag %q: %w", name, err)
	}
	w.cache[name] = id
	return id, nil
}

// set makes the article's automatic tags equal to tags (see setAutoTagsTx).
// isNew says the article was inserted in this transaction, so it has no
// tags yet and none need reading.
func (w *tagWriter) set(articleID, sortTime int64, tags []topics.Tag, isNew bool) ([]TagChange, error) {
	type row struct {
		source  string
		removed bool
		terms   string
	}
	var existing map[int64]row
	var names map[int64]string
	if !isNew {
		existing, names = map[int64]row{}, map[int64]string{}
		st, err := w.stmt(tsExisting)
		if err != nil {
			return nil, err
		}
		rows, err := st.QueryContext(w.ctx, articleID)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var id int64
			var r row
			var name string
			if err := rows.Scan(&id, &name, &r.source, &r.removed, &r.terms); err != nil {
				rows.Close()
				return nil, err
			}
			existing[id] = r
			names[id] = name
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	var changes []TagChange
	var want map[int64]bool
	if len(existing) > 0 {
		want = make(map[int64]bool, len(tags))
	}
	for _, t := range tags {
		id, err := w.tagID(t.Name, t.Kind)
		if err != nil {
			return nil, err
		}
		if want != nil {
			want[id] = true
		}
		terms, _ := json.Marshal(nonNilStrings(t.Terms))
		r, ok := existing[id]
		switch {
		case !ok:
			if err := w.exec(tsInsert, articleID, id, string(terms), sortTime); err != nil {
				return nil, err
			}
			changes = append(changes, TagChange{articleID, t.Name, true})
		case r.source == "auto" && r.terms != string(terms):
			if err := w.exec(tsTerms, string(terms), articleID, id); err != nil {
				return nil, err
			}
		}
	}
	for id, r := range existing {
		if r.source == "auto" && !r.removed && !want[id] {
			if err := w.exec(tsDelete, articleID, id); err != nil {
				return nil, err
			}
			changes = append(changes, TagChange{articleID, names[id], false})
		}
	}
	return changes, nil
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func tagIDTx(ctx context.Context, tx *sql.Tx, name, kind string, cache map[string]int64) (int64, error) {
	if id, ok := cache[name]; ok {
		return id, nil
	}
	if kind == "" {
		kind = "user"
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO tags (name, kind) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET kind = excluded.kind WHERE tags.kind = 'user' AND excluded.kind != 'user'`, name, kind); err != nil {
		return 0, fmt.Errorf("tag %q: %w", name, err)
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `SELECT id FROM tags WHERE name = ?`, name).Scan(&id); err != nil {
		return 0, err
	}
	if cache != nil {
		cache[name] = id
	}
	return id, nil
}

// reindexFeedNameTx rewrites the full-text index rows of a feed's articles
// after the feed's shown name changed, so feed-name words match the new
// name only. The index is contentless, so each row is deleted and inserted
// again from the articles table (nashra_index is arabic.IndexText).
func reindexFeedNameTx(ctx context.Context, tx *sql.Tx, feedID int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM articles_fts WHERE rowid IN (SELECT id FROM articles WHERE feed_id = ?)`, feedID); err != nil {
		return fmt.Errorf("reindex feed %d: %w", feedID, err)
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO articles_fts (rowid, title, body, feed, author)
SELECT a.id, nashra_index(a.title), nashra_index(a.content),
       nashra_index(CASE WHEN f.user_title != '' THEN f.user_title ELSE f.title END), nashra_index(a.author)
FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE a.feed_id = ?`, feedID)
	if err != nil {
		return fmt.Errorf("reindex feed %d: %w", feedID, err)
	}
	return nil
}
