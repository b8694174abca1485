package store

import (
	"cmp"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
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
//
// After a permanent redirect (res.MovedTo, RFC 9110 §15.4.2 and §15.4.9)
// the feed's URL becomes res.MovedTo and the old one is kept as an alias,
// unless another subscription already has that URL (as its URL or an
// alias): then the feed is a second subscription to the same one, so
// nothing of res is stored, the feed keeps its URL and its articles (with
// their read, starred and tag state), and the error is recorded as its
// last error and returned as a *MovedToSubscribedError (errors.Is
// ErrAlreadySubscribed), without the "save URL" context that wraps the
// store's own errors. Nothing is deleted: removing the feed is the user's
// call.
//
// Everything that needs no database — fingerprints, JSON, full-text
// analysis when the items do not carry it (feeds.Item.Index) — is computed
// before the transaction begins, so that the write lock is held only for
// the writes (see prepare).
func (s *Store) SaveResult(ctx context.Context, res feeds.Result) (SaveStats, error) {
	return s.savePrepared(ctx, s.prepare(res))
}

// SaveResults records several polls as SaveResult records one, each
// result all or nothing, in as few transactions as the batch limits allow
// (see saveBatch): what Refresh does when results arrive faster than they
// are written. stats[i] and errs[i] are SaveResult's answers for
// results[i].
func (s *Store) SaveResults(ctx context.Context, results []feeds.Result) (stats []SaveStats, errs []error) {
	stats, errs = make([]SaveStats, len(results)), make([]error, len(results))
	for start := 0; start < len(results); {
		var batch []*preparedResult
		end, items := start, 0
		for end < len(results) && (end == start || !batchFull(end-start, items)) {
			pr := s.prepare(results[end])
			batch = append(batch, pr)
			items += len(pr.items)
			end++
		}
		for k, o := range s.saveBatch(ctx, batch) {
			stats[start+k], errs[start+k] = o.stats, saveError(batch[k].res.URL, o.err)
		}
		start = end
	}
	return stats, errs
}

// preparedResult is a poll result with the per-item work that needs no
// database done.
type preparedResult struct {
	res   feeds.Result
	items []preparedItem // res.Items without repeated GUIDs
}

// preparedItem is one item ready to write.
type preparedItem struct {
	it    *feeds.Item
	hash  string            // itemHash
	links string            // JSON
	terms []string          // JSON of each tag's terms, as it.Tags
	index *feeds.IndexTerms // never nil
}

// prepare does the work of saving res that needs no database: the items'
// fingerprints, their links and tag terms as JSON and, for items that do
// not carry their full-text index terms, the analysis. It is safe to call
// from several goroutines at once (Refresh does, while another result is
// being written).
func (s *Store) prepare(res feeds.Result) *preparedResult {
	pr := &preparedResult{res: res}
	if res.Skipped || res.Err != nil || res.NotModified || len(res.Items) == 0 {
		return pr
	}
	seen := make(map[string]bool, len(res.Items))
	pr.items = make([]preparedItem, 0, len(res.Items))
	for i := range res.Items {
		it := &res.Items[i]
		if it.GUID == "" || seen[it.GUID] {
			continue // the feed repeats an item: keep the first
		}
		seen[it.GUID] = true
		lj, _ := json.Marshal(nonNilLinks(it.Links))
		links := string(lj)
		p := preparedItem{it: it, hash: itemHash(it, links), links: links, index: it.Index}
		if p.index == nil {
			p.index = &feeds.IndexTerms{Title: s.analyze(it.Title), Body: s.analyze(it.Content), Author: s.analyze(it.Author)}
		}
		if len(it.Tags) > 0 {
			p.terms = make([]string, len(it.Tags))
			for k, t := range it.Tags {
				terms, _ := json.Marshal(nonNilStrings(t.Terms))
				p.terms[k] = string(terms)
			}
		}
		pr.items = append(pr.items, p)
	}
	return pr
}

// savePrepared writes a prepared result in one transaction (see
// SaveResult).
func (s *Store) savePrepared(ctx context.Context, pr *preparedResult) (SaveStats, error) {
	out := s.saveBatch(ctx, []*preparedResult{pr})
	return out[0].stats, saveError(pr.res.URL, out[0].err)
}

// saveError gives an error of saving the result for url the "save URL"
// context SaveResult documents; a *MovedToSubscribedError and nil are
// returned as they are.
func saveError(url string, err error) error {
	if err == nil || isMoved(err) {
		return err
	}
	return fmt.Errorf("save %s: %w", url, err)
}

func isMoved(err error) bool {
	var moved *MovedToSubscribedError
	return errors.As(err, &moved)
}

// Batches of feed updates (see saveBatch) end at whichever of these comes
// first. A batch of 2,000 new items holds the write lock for about a fifth
// of a second on an idle core (BenchmarkIngestStages/store-batched); items
// that changed cost more (their old full-text rows are deleted first), and
// a QA run that changed every item of 320 feeds saw another writer wait up
// to 1.6 s (2.4 s with one transaction per feed), well inside busyTimeout.
const (
	maxBatchFeeds = 32
	maxBatchItems = 2000
)

// batchFull reports whether a batch of feeds results holding items items
// has reached the batch limits.
func batchFull(feeds, items int) bool { return feeds >= maxBatchFeeds || items >= maxBatchItems }

// saveOutcome is what saving one result of a batch came to. err is the
// store's error as it is, without the "save URL" context (see saveError).
type saveOutcome struct {
	stats SaveStats
	err   error
}

// saveBatch writes prepared results in one transaction. If the writes of
// one result fail, or the commit does, the whole transaction is rolled back
// and each result is written again in a transaction of its own, so that
// only the one that fails is lost, with its error in its outcome and
// recorded as the feed's last error: each feed is stored whole or not at
// all, and a crash before the commit stores none of the batch. The
// full-text rows of the whole batch are written last, together, so that
// FTS5 makes one index segment per batch rather than one per feed (see
// flushFTS). A feed that comes twice is written in a second batch from
// there on: its article's full-text rows must be replaced in order.
// Committing once per batch instead of once per feed takes about a quarter
// off what a new article costs to store (BenchmarkIngestStages: store,
// store-batched).
//
// A savepoint per result (https://sqlite.org/lang_savepoint.html) would
// roll a failing result back alone without writing the others twice, but
// it made every result cost more: 5–10 µs per new article of the 70–80 that
// storing one costs (store-batched, 16 KiB pages, one core), for a
// failure that comes only when a feed is removed during its own fetch, the
// disk fails, or the database is damaged.
func (s *Store) saveBatch(ctx context.Context, prs []*preparedResult) []saveOutcome {
	seen := make(map[int64]bool, len(prs))
	for i, pr := range prs {
		if seen[pr.res.FeedID] {
			return append(s.saveBatch(ctx, prs[:i]), s.saveBatch(ctx, prs[i:])...)
		}
		seen[pr.res.FeedID] = true
	}
	out := make([]saveOutcome, len(prs))
	if !slices.ContainsFunc(prs, func(pr *preparedResult) bool { return !pr.res.Skipped }) {
		return out // nothing to write: no need to take the write lock
	}
	now := s.now()
	var w *itemWriter
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		if w, err = newItemWriter(ctx, tx, s); err != nil {
			return err
		}
		defer w.close()
		for i, pr := range prs {
			if pr.res.Skipped {
				continue
			}
			out[i].stats, out[i].err = s.saveOneTx(ctx, tx, w, pr, now)
			if out[i].err != nil && !isMoved(out[i].err) {
				return out[i].err
			}
		}
		return w.flushFTS()
	})
	if err != nil {
		if len(prs) > 1 {
			// Nothing of the batch was stored (a result's writes or the
			// commit failed): write each result alone, so that only the
			// one that fails is lost.
			for i, pr := range prs {
				out[i] = s.saveBatch(ctx, []*preparedResult{pr})[0]
			}
			return out
		}
		// The update's own error, or the commit's (which undid a
		// recorded move error as well).
		if out[0].err == nil || isMoved(out[0].err) {
			out[0].err = err
		}
		out[0].stats = SaveStats{}
		// Record the failure on the feed, if the database takes a write
		// at all now.
		s.inTx(ctx, func(tx *sql.Tx) error {
			return recordSaveError(ctx, tx, prs[0].res.FeedID, now, out[0].err)
		})
		return out
	}
	if w != nil {
		for name, id := range w.tags.cache {
			s.tagIDs.Store(name, id)
		}
	}
	return out
}

// recordSaveError records, as feed id's last error, that its update could
// not be stored and why: the feed's last successful poll stays as it was.
func recordSaveError(ctx context.Context, tx *sql.Tx, id int64, now time.Time, err error) error {
	_, e := tx.ExecContext(ctx, `UPDATE feeds SET last_poll = ?, last_error = ? WHERE id = ?`,
		now.Unix(), oneLine("not stored: "+err.Error()), id)
	return e
}

// saveOneTx writes one prepared result within tx through w: the feed's
// poll state, then its items. Its full-text rows are queued on w. It
// returns a *MovedToSubscribedError, with the feed's error recorded, when
// the feed moved to an address already subscribed.
func (s *Store) saveOneTx(ctx context.Context, tx *sql.Tx, w *itemWriter, pr *preparedResult, now time.Time) (SaveStats, error) {
	res := pr.res
	var st SaveStats
	// The feed's shown name (its user title, else its own), before and
	// after the update.
	var userTitle, title string
	if err := tx.QueryRowContext(ctx, `SELECT user_title, title FROM feeds WHERE id = ?`,
		res.FeedID).Scan(&userTitle, &title); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return st, fmt.Errorf("save feed %d: %w", res.FeedID, ErrNotFound)
		}
		return st, err
	}
	feedTitle := cmp.Or(userTitle, title)
	if res.Err != nil {
		var retry any
		if !res.RetryAfter.IsZero() {
			retry = res.RetryAfter.Unix()
		}
		_, err := tx.ExecContext(ctx, `UPDATE feeds SET last_poll = ?, last_error = ?, dead = dead OR ?, retry_after = ? WHERE id = ?`,
			now.Unix(), oneLine(res.Err.Error()), res.Gone, retry, res.FeedID)
		return st, err
	}
	if res.MovedTo != "" && res.MovedTo != res.URL {
		dup, err := moveFeedTx(ctx, tx, res.FeedID, res.MovedTo)
		if err != nil {
			return st, err
		}
		if dup != nil {
			// The feed is another subscription under a second
			// address: store none of its items (they would be
			// duplicates), only the error, and leave the user to
			// remove it (its articles may hold stars and tags).
			if _, err := tx.ExecContext(ctx, `UPDATE feeds SET last_poll = ?, last_error = ?, retry_after = NULL WHERE id = ?`,
				now.Unix(), oneLine(dup.Error()), res.FeedID); err != nil {
				return st, err
			}
			return st, dup
		}
	}
	if res.NotModified {
		_, err := tx.ExecContext(ctx, `UPDATE feeds SET last_poll = ?, last_ok = ?, last_error = '', retry_after = NULL,
			etag = CASE WHEN ? != '' THEN ? ELSE etag END,
			last_modified = CASE WHEN ? != '' THEN ? ELSE last_modified END WHERE id = ?`,
			now.Unix(), now.Unix(), res.ETag, res.ETag, res.LastModified, res.LastModified, res.FeedID)
		return st, err
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
		return st, err
	}
	if res.Meta.Title != "" && userTitle == "" && res.Meta.Title != title {
		// The UPDATE renamed the feed as shown.
		feedTitle = res.Meta.Title
		if err := reindexFeedNameTx(ctx, tx, res.FeedID); err != nil {
			return st, err
		}
	}
	if len(pr.items) == 0 {
		return st, nil
	}
	stored, err := storedItemsTx(ctx, tx, res.FeedID, pr.items)
	if err != nil {
		return st, err
	}
	feedTerms := s.analyze(feedTitle)
	for i := range pr.items {
		p := &pr.items[i]
		old, found := stored[p.it.GUID]
		created, changed, err := w.write(res.FeedID, p, old, found, now, feedTerms)
		if err != nil {
			return st, fmt.Errorf("save item %q: %w", p.it.GUID, err)
		}
		switch {
		case created:
			st.New++
		case changed:
			st.Updated++
		}
	}
	return st, w.flushCounts(res.FeedID)
}

// storedItem is what the store holds of an article that an update may
// change.
type storedItem struct {
	id, firstSeen int64
	hash, rawHash string
	read          bool
}

// storedItemsSQL and knownSQL look a feed's articles up by GUID, the GUIDs
// given as a JSON array: one search of the (feed_id, guid) index per GUID.
const (
	storedItemsSQL = `SELECT guid, id, first_seen, hash, raw_hash, read FROM articles
WHERE feed_id = ? AND guid IN (SELECT value FROM json_each(?))`
	knownSQL = `SELECT guid, raw_hash FROM articles
WHERE feed_id = ? AND guid IN (SELECT value FROM json_each(?)) AND raw_hash != ''`
)

// storedItemsTx reads, in one query, the stored state of the feed's
// articles that items name, by GUID.
func storedItemsTx(ctx context.Context, tx *sql.Tx, feedID int64, items []preparedItem) (map[string]storedItem, error) {
	guids := make([]string, len(items))
	for i, p := range items {
		guids[i] = p.it.GUID
	}
	list, err := json.Marshal(guids)
	if err != nil {
		return nil, err
	}
	out := make(map[string]storedItem, len(items))
	err = scanEach(ctx, tx, storedItemsSQL, []any{feedID, string(list)}, func(r *sql.Rows) error {
		var guid string
		var it storedItem
		if err := r.Scan(&guid, &it.id, &it.firstSeen, &it.hash, &it.rawHash, &it.read); err != nil {
			return err
		}
		out[guid] = it
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// KnownRawHashes returns the raw hashes (feeds.Item.RawHash) stored for
// those of guids that feed feedID has as articles with one, in one indexed
// query: what feeds.Request.Known asks for.
func (s *Store) KnownRawHashes(ctx context.Context, feedID int64, guids []string) (map[string]string, error) {
	out := make(map[string]string, len(guids))
	if len(guids) == 0 {
		return out, nil
	}
	list, err := json.Marshal(guids)
	if err != nil {
		return nil, err
	}
	err = scanEach(ctx, s.db, knownSQL, []any{feedID, string(list)}, func(r *sql.Rows) error {
		var g, h string
		if err := r.Scan(&g, &h); err != nil {
			return err
		}
		out[g] = h
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("known items of feed %d: %w", feedID, err)
	}
	return out, nil
}

func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// ErrAlreadySubscribed is what a *MovedToSubscribedError matches with
// errors.Is.
var ErrAlreadySubscribed = errors.New("already subscribed")

// MovedToSubscribedError is the error SaveResult returns, and records as
// the feed's last error, when a feed moved permanently (301/308,
// feeds.Result.MovedTo) to a URL that another subscription already has,
// as its URL or as an alias (an earlier URL of a feed that moved): the two
// are one feed, so none of the result's items were stored, and the feed
// that moved keeps its URL and its articles until the user removes it.
// Its Error() is one line without the moving feed's URL, like
// feeds.Result.Err.
type MovedToSubscribedError struct {
	URL     string // where the feed moved
	FeedID  int64  // the subscription that already has URL
	Title   string // that subscription's shown title, "" if it has none
	FeedURL string // that subscription's URL (not URL when URL is its alias)
}

func (e *MovedToSubscribedError) Error() string {
	as := ""
	switch {
	case e.Title != "" && e.FeedURL != e.URL:
		as = fmt.Sprintf(" (as %q, now at %s)", e.Title, e.FeedURL)
	case e.Title != "":
		as = fmt.Sprintf(" (as %q)", e.Title)
	case e.FeedURL != e.URL:
		as = fmt.Sprintf(" (now at %s)", e.FeedURL)
	}
	return fmt.Sprintf("moved permanently to %s, which is already subscribed%s; remove this feed", e.URL, as)
}

// Is reports whether target is ErrAlreadySubscribed.
func (e *MovedToSubscribedError) Is(target error) bool { return target == ErrAlreadySubscribed }

// moveFeedTx points a feed at its new URL after a permanent redirect and
// keeps the old one as an alias. If another feed already has the new URL,
// as its URL or as an alias, the move is not made and nothing changes: it
// returns that feed as a *MovedToSubscribedError (and a nil error).
func moveFeedTx(ctx context.Context, tx *sql.Tx, id int64, newURL string) (*MovedToSubscribedError, error) {
	var old string
	if err := tx.QueryRowContext(ctx, `SELECT url FROM feeds WHERE id = ?`, id).Scan(&old); err != nil {
		return nil, err
	}
	dup := MovedToSubscribedError{URL: newURL}
	err := tx.QueryRowContext(ctx, `SELECT f.id, f.url, CASE WHEN f.user_title != '' THEN f.user_title ELSE f.title END
FROM feeds f WHERE f.id != ?1 AND (f.url = ?2 OR f.id IN (SELECT feed_id FROM feed_aliases WHERE url = ?2))
ORDER BY f.url != ?2 LIMIT 1`, id, newURL).Scan(&dup.FeedID, &dup.FeedURL, &dup.Title)
	if err == nil {
		return &dup, nil
	}
	if !errors.Is(err, sql.ErrNoRows) {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `UPDATE feeds SET url = ? WHERE id = ?`, newURL, id); err != nil {
		return nil, err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM feed_aliases WHERE url = ?`, newURL); err != nil {
		return nil, err
	}
	_, err = tx.ExecContext(ctx, `INSERT OR REPLACE INTO feed_aliases (url, feed_id) VALUES (?, ?)`, old, id)
	return nil, err
}

// itemWriter holds the prepared statements of one feed update, so that
// each item costs only statement executions (no SQL parsing).
type itemWriter struct {
	ctx                                                    context.Context
	tx                                                     *sql.Tx
	insert, update, setRaw, delEnc, insEnc, delFTS, insFTS *sql.Stmt
	tagTime                                                *sql.Stmt
	tags                                                   *tagWriter

	// inserted counts the articles inserted, for feed_counts (see
	// flushCounts).
	inserted int
	// fts holds the full-text rows to write, in order, until flushFTS.
	fts []ftsRow
}

// ftsRow is one full-text index change: the old row of an article deleted
// (del) before the new one is inserted (terms not nil).
type ftsRow struct {
	id    int64
	del   bool
	terms *feeds.IndexTerms
	feed  string // the feed name's index terms
}

// flushFTS writes the queued full-text rows, last in the transaction.
// FTS5 keeps the rows a transaction writes in memory and writes them out as
// one new index segment when the transaction commits — or whenever a
// statement opens a savepoint (a statement that may change several rows,
// such as the update of an article's tag rows, does), so that writing each
// article's row before the next article's statements would make a segment
// per article, which FTS5 must then merge. Written together at the end, deletions first, a
// batch makes one segment: for a feed whose 20,000 items all changed, the
// write lock is held 2.6 s instead of 10.5 s (BenchmarkSaveLargeFeed/changed).
func (w *itemWriter) flushFTS() error {
	// The deletions first: deleting from a contentless-delete table
	// writes out the rows pending in memory, so interleaved with the
	// inserts it would make a segment per article again.
	for _, r := range w.fts {
		if r.del {
			if _, err := w.delFTS.ExecContext(w.ctx, r.id); err != nil {
				return err
			}
		}
	}
	for _, r := range w.fts {
		if !r.del {
			if _, err := w.insFTS.ExecContext(w.ctx, r.id, r.terms.Title, r.terms.Body, r.feed, r.terms.Author); err != nil {
				return err
			}
		}
	}
	w.fts = w.fts[:0]
	return nil
}

// flushCounts adds what the feed update inserted to feed_counts and
// tag_counts, in the update's transaction: one UPDATE for the feed and one
// per tag instead of a trigger per inserted row (see migration 4). New
// articles are unread and not starred.
func (w *itemWriter) flushCounts(feedID int64) error {
	if w.inserted > 0 {
		if _, err := w.tx.ExecContext(w.ctx, `UPDATE feed_counts SET total = total + ?1, unread = unread + ?1 WHERE feed_id = ?2`,
			w.inserted, feedID); err != nil {
			return fmt.Errorf("feed counts: %w", err)
		}
		w.inserted = 0
	}
	return w.tags.flushCounts()
}

func newItemWriter(ctx context.Context, tx *sql.Tx, s *Store) (*itemWriter, error) {
	w := &itemWriter{ctx: ctx, tx: tx, tags: newTagWriter(ctx, tx, map[string]int64{})}
	w.tags.committed = &s.tagIDs
	prep := []struct {
		dst **sql.Stmt
		q   string
	}{
		{&w.insert, `INSERT INTO articles (feed_id, guid, url, title, author, published, updated, first_seen, sort_time,
			content, html, links, lang, dir, explicit_dir, hash, raw_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
		{&w.update, `UPDATE articles SET url = ?, title = ?, author = ?, published = ?, updated = ?, sort_time = ?,
			content = ?, html = ?, links = ?, lang = ?, dir = ?, explicit_dir = ?, hash = ?, raw_hash = ? WHERE id = ?`},
		{&w.setRaw, `UPDATE articles SET raw_hash = ?, hash = ? WHERE id = ?`},
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
	for _, st := range []*sql.Stmt{w.insert, w.update, w.setRaw, w.delEnc, w.insEnc, w.delFTS, w.insFTS, w.tagTime} {
		if st != nil {
			st.Close()
		}
	}
	w.tags.close()
}

// itemHashVersion starts every fingerprint itemHash makes. A stored hash
// without it was made by legacyItemHash, by an older nashra; the next
// update that finds the item unchanged rewrites it in the current form (see
// itemWriter.write), so no migration has to rehash every article.
const itemHashVersion = "2:"

// itemHash fingerprints the fields an update may change: SHA-256 over each
// field, length-prefixed (so that no two different items feed it the same
// bytes), truncated to 128 bits, as itemHashVersion and 32 hex digits.
// links is the item's links as prepare encodes them.
func itemHash(it *feeds.Item, links string) string {
	// The fields are appended to one pooled buffer and hashed at once:
	// the same bytes as writing them to the hash one by one, without
	// the copy of each string that hash.Hash's Write([]byte) takes.
	bp := hashBufs.Get().(*[]byte)
	b := (*bp)[:0]
	num := func(v int64) { b = binary.AppendVarint(b, v) }
	str := func(s string) {
		num(int64(len(s)))
		b = append(b, s...)
	}
	tm := func(t *time.Time) {
		if t == nil || t.IsZero() {
			num(-1 << 62)
			return
		}
		num(t.Unix())
	}
	str(it.URL)
	str(it.Title)
	str(it.Author)
	tm(it.Published)
	tm(it.Updated)
	str(it.Content)
	str(it.HTML)
	str(links)
	num(int64(len(it.Enclosures)))
	for _, e := range it.Enclosures {
		str(e.URL)
		str(e.Type)
		num(e.Length)
	}
	str(it.Lang)
	str(it.Dir)
	str(it.ExplicitDir)
	num(int64(len(it.Tags)))
	for _, t := range it.Tags {
		str(t.Name)
		str(t.Kind)
		num(int64(len(t.Terms)))
		for _, term := range t.Terms {
			str(term)
		}
	}
	sum := sha256.Sum256(b)
	if cap(b) <= maxPooledHashBuf {
		*bp = b
		hashBufs.Put(bp)
	}
	return itemHashVersion + hex.EncodeToString(sum[:16])
}

// hashBufs holds itemHash's buffers; one larger than maxPooledHashBuf
// bytes (an item of a hostile size) is left to the garbage collector.
var hashBufs = sync.Pool{New: func() any { return new([]byte) }}

const maxPooledHashBuf = 1 << 20

// legacyItemHash is the fingerprint stored before itemHashVersion: SHA-256
// of the fields as JSON. It is computed only to compare with such a stored
// fingerprint.
func legacyItemHash(it *feeds.Item) string {
	h := sha256.New()
	enc := json.NewEncoder(h)
	enc.Encode([]any{it.URL, it.Title, it.Author, unixOrNil(it.Published), unixOrNil(it.Updated),
		it.Content, it.HTML, it.Links, it.Enclosures, it.Lang, it.Dir, it.ExplicitDir, it.Tags})
	return hex.EncodeToString(h.Sum(nil)[:16])
}

// maxFutureSkew is how far after an article was first seen its publication
// date may lie and still order it: clocks and time zones drift by hours,
// not by days.
const maxFutureSkew = 24 * 60 * 60 // seconds

// sortTimeOf is the time an article sorts by (Unix seconds): its
// publication date, else when it was first seen (firstSeen), which also
// stands in for a publication date more than maxFutureSkew after it (a
// feed dated 2106 would otherwise stay on top of every list).
func sortTimeOf(published *time.Time, firstSeen int64) int64 {
	if !publishedStands(published, firstSeen) {
		return firstSeen
	}
	return published.Unix()
}

// publishedStands reports whether an article's publication date is the
// one it sorts and shows by (see sortTimeOf): set, and at most
// maxFutureSkew after firstSeen (Unix seconds).
func publishedStands(published *time.Time, firstSeen int64) bool {
	return published != nil && published.Unix() <= firstSeen+maxFutureSkew
}

// write stores one prepared item: old is its stored state when found. The
// item's full-text row is queued for flushFTS.
func (w *itemWriter) write(feedID int64, p *preparedItem, old storedItem, found bool, now time.Time, feedTerms string) (created, changed bool, err error) {
	ctx := w.ctx
	it := p.it
	var id, sortTime int64
	switch {
	case !found:
		sortTime = sortTimeOf(it.Published, now.Unix())
		res, err := w.insert.ExecContext(ctx, feedID, it.GUID, it.URL, it.Title, it.Author,
			unixOrNil(it.Published), unixOrNil(it.Updated), now.Unix(), sortTime,
			it.Content, it.HTML, p.links, it.Lang, dirOr(it.Dir), it.ExplicitDir, p.hash, it.RawHash)
		if err != nil {
			return false, false, err
		}
		id, _ = res.LastInsertId()
		created = true
		w.inserted++
	case old.hash == p.hash || !strings.HasPrefix(old.hash, itemHashVersion) && old.hash == legacyItemHash(it):
		// Unchanged. Keep the raw hash current, so that the next poll
		// can skip the item before cleaning it, and the fingerprint in
		// the current form.
		if it.RawHash != "" && it.RawHash != old.rawHash || old.hash != p.hash {
			raw := it.RawHash
			if raw == "" {
				raw = old.rawHash
			}
			if _, err := w.setRaw.ExecContext(ctx, raw, p.hash, old.id); err != nil {
				return false, false, err
			}
		}
		return false, false, nil
	default:
		id = old.id
		sortTime = sortTimeOf(it.Published, old.firstSeen)
		if _, err := w.update.ExecContext(ctx, it.URL, it.Title, it.Author, unixOrNil(it.Published),
			unixOrNil(it.Updated), sortTime, it.Content, it.HTML, p.links, it.Lang, dirOr(it.Dir),
			it.ExplicitDir, p.hash, it.RawHash, id); err != nil {
			return false, false, err
		}
		if _, err := w.tagTime.ExecContext(ctx, sortTime, id); err != nil {
			return false, false, err
		}
		if _, err := w.delEnc.ExecContext(ctx, id); err != nil {
			return false, false, err
		}
		w.fts = append(w.fts, ftsRow{id: id, del: true})
		changed = true
	}
	for i, e := range it.Enclosures {
		if _, err := w.insEnc.ExecContext(ctx, id, i, e.URL, e.Type, e.Length); err != nil {
			return false, false, err
		}
	}
	w.fts = append(w.fts, ftsRow{id: id, terms: p.index, feed: feedTerms})
	if _, err := w.tags.set(id, sortTime, it.Tags, p.terms, created, created || !old.read); err != nil {
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
// tombstones (user-removed automatic tags stay removed) and user tags, and
// keeps tag_counts up to date (unread is the article's read state). It
// returns what changed. cache maps tag names to IDs within tx.
func setAutoTagsTx(ctx context.Context, tx *sql.Tx, articleID, sortTime int64, tags []topics.Tag, unread bool, cache map[string]int64) ([]TagChange, error) {
	w := newTagWriter(ctx, tx, cache)
	defer w.close()
	changes, err := w.set(articleID, sortTime, tags, nil, false, unread)
	if err != nil {
		return nil, err
	}
	return changes, w.flushCounts()
}

// tagWriter sets articles' automatic tags within one transaction. Its
// statements are prepared on first use and kept, so a feed update parses
// each once, not once per item.
type tagWriter struct {
	ctx   context.Context
	tx    *sql.Tx
	stmts [nTagStmts]*sql.Stmt
	cache map[string]int64 // tag name → ID, valid within tx
	// added counts the tag rows inserted per tag, for tag_counts (see
	// flushCounts).
	added map[int64]*countDelta
	// committed, when not nil, holds the IDs of automatic tags known to be
	// committed (Store.tagIDs); found there, a tag needs no upsert.
	committed *sync.Map
}

// countDelta is what inserted rows add to a feed's or a tag's counters.
type countDelta struct{ total, unread int }

// count records one inserted, not removed, tag row of tag id.
func (w *tagWriter) count(id int64, unread bool) {
	if w.added == nil {
		w.added = map[int64]*countDelta{}
	}
	d := w.added[id]
	if d == nil {
		d = &countDelta{}
		w.added[id] = d
	}
	d.total++
	if unread {
		d.unread++
	}
}

// flushCounts adds the tag rows inserted since the last flush to
// tag_counts: one UPDATE per tag, where a trigger would run one per row.
// The inserts of automatic tags are counted here, not by a trigger (see
// migration 4); deletes and updates of tag rows still are.
func (w *tagWriter) flushCounts() error {
	for id, d := range w.added {
		if err := w.exec(tsCount, d.total, d.unread, id); err != nil {
			return fmt.Errorf("tag counts: %w", err)
		}
	}
	clear(w.added)
	return nil
}

const (
	tsExisting = iota
	tsInsert
	tsTerms
	tsDelete
	tsUpsertTag
	tsTagID
	tsCount
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
	tsCount: `UPDATE tag_counts SET total = total + ?, unread = unread + ? WHERE tag_id = ?`,
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

// tagID returns the ID of tag name, creating it with kind ("" is "user")
// when it does not exist; an existing user tag takes kind when kind is not
// "user", so the tagger's kind wins.
func (w *tagWriter) tagID(name, kind string) (int64, error) {
	if id, ok := w.cache[name]; ok {
		return id, nil
	}
	if w.committed != nil {
		if id, ok := w.committed.Load(name); ok {
			w.cache[name] = id.(int64)
			return id.(int64), nil
		}
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
// terms, when not nil, holds each tag's Terms as JSON, computed ahead.
// isNew says the article was inserted in this transaction, so it has no
// tags yet and none need reading; unread is the article's read state, for
// the tag counts (see flushCounts).
func (w *tagWriter) set(articleID, sortTime int64, tags []topics.Tag, terms []string, isNew, unread bool) ([]TagChange, error) {
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
	for k, t := range tags {
		id, err := w.tagID(t.Name, t.Kind)
		if err != nil {
			return nil, err
		}
		if want != nil {
			want[id] = true
		}
		var termsJSON string
		if k < len(terms) {
			termsJSON = terms[k]
		} else {
			b, _ := json.Marshal(nonNilStrings(t.Terms))
			termsJSON = string(b)
		}
		r, ok := existing[id]
		switch {
		case !ok:
			if err := w.exec(tsInsert, articleID, id, termsJSON, sortTime); err != nil {
				return nil, err
			}
			w.count(id, unread)
			changes = append(changes, TagChange{articleID, t.Name, true})
		case r.source == "auto" && r.terms != termsJSON:
			if err := w.exec(tsTerms, termsJSON, articleID, id); err != nil {
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
