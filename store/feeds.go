package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/nashra-reader/nashra/feeds"
)

// Feed is a subscription with its polling state and article counts.
type Feed struct {
	ID           int64
	URL          string
	FeedTitle    string // as the feed names itself
	UserTitle    string // set by the user or an import; "" if none
	SiteURL      string
	Lang         string
	Folders      []string
	Aliases      []string // earlier URLs of a feed that moved
	ETag         string
	LastModified string
	Added        time.Time
	LastPoll     *time.Time
	LastOK       *time.Time
	LastError    string
	Dead         bool
	RetryAfter   *time.Time
	Unread       int
	Total        int
}

// Title is the name to show: the user's title, else the feed's own, else the URL.
func (f Feed) Title() string {
	switch {
	case f.UserTitle != "":
		return f.UserTitle
	case f.FeedTitle != "":
		return f.FeedTitle
	}
	return f.URL
}

// NewFeed describes a subscription to add.
type NewFeed struct {
	URL     string // normalized (feeds.NormalizeURL) by the caller
	Title   string // user title, "" to use the feed's own
	SiteURL string
	Folders []string
}

// SavedSearch is a query kept in the database and shown as a virtual feed.
type SavedSearch struct {
	ID     int64
	Title  string
	Query  string
	Unread int // filled by SavedSearches
}

// AddFeed subscribes to f.URL. When the URL (or an alias of a feed that
// moved) is already subscribed, nothing new is created: a non-empty f.Title
// replaces the user title and f.Folders are added to the feed's folders.
// It returns the feed's ID and whether it was created.
func (s *Store) AddFeed(ctx context.Context, f NewFeed) (id int64, created bool, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		id, created, err = addFeedTx(ctx, tx, f, s.now(), true)
		return err
	})
	return id, created, err
}

// Import adds all subs and saved searches in one transaction: all or
// nothing. It returns how many feeds were new. Importing the same list again
// creates nothing (feeds are matched by URL, searches by title). A feed
// already subscribed gains the list's folders but keeps its title: an old
// OPML backup imported again does not rename feeds (the list's title is
// taken only by a feed that has no title of any kind yet).
func (s *Store) Import(ctx context.Context, subs []NewFeed, searches []SavedSearch) (created int, err error) {
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		now := s.now()
		for _, f := range subs {
			_, c, err := addFeedTx(ctx, tx, f, now, false)
			if err != nil {
				return err
			}
			if c {
				created++
			}
		}
		for _, q := range searches {
			if _, err := saveSearchTx(ctx, tx, q.Title, q.Query); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return created, nil
}

// addFeedTx subscribes to f (see AddFeed). For a feed already subscribed,
// a non-empty f.Title replaces its user title when retitle is set (add
// --title), and otherwise only stands in for a feed with no title yet
// (Import).
func addFeedTx(ctx context.Context, tx *sql.Tx, f NewFeed, now time.Time, retitle bool) (int64, bool, error) {
	if f.URL == "" {
		return 0, false, errors.New("add feed: empty URL")
	}
	// Titles and folders typed by the user (--title, --folder) or read from
	// a list reach the terminal: cleaned as a feed's own title is.
	f.Title = feeds.SanitizeLine(f.Title)
	f.SiteURL = feeds.SanitizeLine(f.SiteURL)
	id, err := feedIDByURL(ctx, tx, f.URL)
	created := false
	switch {
	case errors.Is(err, ErrNotFound):
		res, err := tx.ExecContext(ctx,
			`INSERT INTO feeds (url, user_title, site_url, added) VALUES (?, ?, ?, ?)`,
			f.URL, f.Title, f.SiteURL, now.Unix())
		if err != nil {
			return 0, false, fmt.Errorf("add feed %s: %w", f.URL, err)
		}
		id, _ = res.LastInsertId()
		created = true
	case err != nil:
		return 0, false, err
	default:
		if f.Title != "" {
			q := `UPDATE feeds SET user_title = ? WHERE id = ?`
			if !retitle {
				q += ` AND user_title = '' AND title = ''`
			}
			if _, err := tx.ExecContext(ctx, q, f.Title, id); err != nil {
				return 0, false, err
			}
		}
		if f.SiteURL != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE feeds SET site_url = ? WHERE id = ? AND site_url = ''`, f.SiteURL, id); err != nil {
				return 0, false, err
			}
		}
	}
	for i, folder := range f.Folders {
		folder = feeds.SanitizeLine(folder)
		if folder == "" {
			continue
		}
		if _, err := tx.ExecContext(ctx,
			`INSERT OR IGNORE INTO feed_folders (feed_id, folder, pos) VALUES (?, ?, ?)`, id, folder, i); err != nil {
			return 0, false, err
		}
	}
	return id, created, nil
}

type queryer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

func feedIDByURL(ctx context.Context, q queryer, u string) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx,
		`SELECT id FROM feeds WHERE url = ? UNION ALL SELECT feed_id FROM feed_aliases WHERE url = ? LIMIT 1`,
		u, u).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("feed %s: %w", u, ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("look up feed %s: %w", u, err)
	}
	return id, nil
}

// FeedByURL returns the feed subscribed at u (normalized) or at an earlier
// URL of a feed that moved. Errors wrap ErrNotFound when there is none.
func (s *Store) FeedByURL(ctx context.Context, u string) (Feed, error) {
	id, err := feedIDByURL(ctx, s.db, u)
	if err != nil {
		return Feed{}, err
	}
	return s.Feed(ctx, id)
}

// Feed returns one feed with its counts. Errors wrap ErrNotFound.
func (s *Store) Feed(ctx context.Context, id int64) (Feed, error) {
	fs, err := s.feeds(ctx, "WHERE f.id = ?", id)
	if err != nil {
		return Feed{}, err
	}
	if len(fs) == 0 {
		return Feed{}, fmt.Errorf("feed %d: %w", id, ErrNotFound)
	}
	return fs[0], nil
}

// Feeds returns every feed with unread and total counts, ordered by title
// (case-insensitive).
func (s *Store) Feeds(ctx context.Context) ([]Feed, error) {
	fs, err := s.feeds(ctx, "")
	if err != nil {
		return nil, err
	}
	sort.SliceStable(fs, func(i, j int) bool {
		return strings.ToLower(fs[i].Title()) < strings.ToLower(fs[j].Title())
	})
	return fs, nil
}

func (s *Store) feeds(ctx context.Context, where string, args ...any) ([]Feed, error) {
	rows, err := s.db.QueryContext(ctx, `
SELECT f.id, f.url, f.title, f.user_title, f.site_url, f.lang, f.etag, f.last_modified,
       f.added, f.last_poll, f.last_ok, f.last_error, f.dead, f.retry_after
FROM feeds f `+where+` ORDER BY f.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("list feeds: %w", err)
	}
	var out []Feed
	idx := map[int64]int{}
	for rows.Next() {
		var f Feed
		var added int64
		var lastPoll, lastOK, retry sql.NullInt64
		if err := rows.Scan(&f.ID, &f.URL, &f.FeedTitle, &f.UserTitle, &f.SiteURL, &f.Lang, &f.ETag,
			&f.LastModified, &added, &lastPoll, &lastOK, &f.LastError, &f.Dead, &retry); err != nil {
			rows.Close()
			return nil, err
		}
		f.Added = time.Unix(added, 0).UTC()
		f.LastPoll, f.LastOK, f.RetryAfter = timePtr(lastPoll), timePtr(lastOK), timePtr(retry)
		idx[f.ID] = len(out)
		out = append(out, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	one := len(out) == 1
	filter := ""
	var fargs []any
	if one {
		filter = " WHERE feed_id = ?"
		fargs = []any{out[0].ID}
	}
	if err := scanEach(ctx, s.db, `SELECT feed_id, folder FROM feed_folders`+filter+` ORDER BY feed_id, pos, folder`, fargs,
		func(r *sql.Rows) error {
			var id int64
			var folder string
			if err := r.Scan(&id, &folder); err != nil {
				return err
			}
			if i, ok := idx[id]; ok {
				out[i].Folders = append(out[i].Folders, folder)
			}
			return nil
		}); err != nil {
		return nil, err
	}
	if err := scanEach(ctx, s.db, `SELECT feed_id, url FROM feed_aliases`+filter, fargs, func(r *sql.Rows) error {
		var id int64
		var u string
		if err := r.Scan(&id, &u); err != nil {
			return err
		}
		if i, ok := idx[id]; ok {
			out[i].Aliases = append(out[i].Aliases, u)
		}
		return nil
	}); err != nil {
		return nil, err
	}
	// Counts come from feed_counts, kept by triggers (see the schema).
	if err := scanEach(ctx, s.db, `SELECT feed_id, total, unread FROM feed_counts`+filter, fargs,
		func(r *sql.Rows) error {
			var id int64
			var total, unread int
			if err := r.Scan(&id, &total, &unread); err != nil {
				return err
			}
			if i, ok := idx[id]; ok {
				out[i].Total, out[i].Unread = total, unread
			}
			return nil
		}); err != nil {
		return nil, err
	}
	return out, nil
}

func scanEach(ctx context.Context, q queryer, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return fmt.Errorf("query: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// UserState counts a feed's articles that carry user state worth keeping:
// starred ones and ones the user tagged by hand.
func (s *Store) UserState(ctx context.Context, feedID int64) (starred, tagged int, err error) {
	err = s.db.QueryRowContext(ctx, `
SELECT (SELECT count(*) FROM articles WHERE feed_id = ?1 AND starred = 1),
       (SELECT count(DISTINCT t.article_id) FROM article_tags t JOIN articles a ON a.id = t.article_id
        WHERE a.feed_id = ?1 AND t.source = 'user' AND t.removed = 0)`, feedID).Scan(&starred, &tagged)
	if err != nil {
		return 0, 0, fmt.Errorf("feed %d state: %w", feedID, err)
	}
	return starred, tagged, nil
}

// RemoveFeed deletes a feed with all its articles, tags links and index
// entries, in one transaction. Errors wrap ErrNotFound.
func (s *Store) RemoveFeed(ctx context.Context, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx,
			`DELETE FROM articles_fts WHERE rowid IN (SELECT id FROM articles WHERE feed_id = ?)`, id); err != nil {
			return fmt.Errorf("remove feed %d: %w", id, err)
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM feeds WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("remove feed %d: %w", id, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("feed %d: %w", id, ErrNotFound)
		}
		return nil
	})
}

// SetFeedTitle sets (or with "" clears) the user's title for a feed.
func (s *Store) SetFeedTitle(ctx context.Context, id int64, title string) error {
	title = feeds.SanitizeLine(title)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE feeds SET user_title = ? WHERE id = ?`, title, id); err != nil {
			return err
		}
		return reindexFeedNameTx(ctx, tx, id)
	})
}

// PollPlan splits feeds into requests to poll now and feeds to skip (dead,
// or waiting out a Retry-After backoff). ids selects feeds; none means all.
// Each request's Known looks up the feed's stored raw hashes (see
// KnownRawHashes), so that the poller skips the items that have not
// changed.
func (s *Store) PollPlan(ctx context.Context, ids ...int64) (poll []feeds.Request, skip []Feed, err error) {
	var fs []Feed
	if len(ids) == 0 {
		fs, err = s.feeds(ctx, "")
	} else {
		for _, id := range ids {
			f, err := s.Feed(ctx, id)
			if err != nil {
				return nil, nil, err
			}
			fs = append(fs, f)
		}
	}
	if err != nil {
		return nil, nil, err
	}
	now := s.now()
	for _, f := range fs {
		if f.Dead || (f.RetryAfter != nil && now.Before(*f.RetryAfter)) {
			skip = append(skip, f)
			continue
		}
		id := f.ID
		poll = append(poll, feeds.Request{FeedID: f.ID, URL: f.URL, ETag: f.ETag, LastModified: f.LastModified,
			Known: func(ctx context.Context, guids []string) (map[string]string, error) {
				return s.KnownRawHashes(ctx, id, guids)
			}})
	}
	return poll, skip, nil
}

// SaveSearch stores a saved search (replacing the query of one with the same
// title) and returns its ID.
func (s *Store) SaveSearch(ctx context.Context, title, query string) (int64, error) {
	if _, err := ParseQuery(query); err != nil {
		return 0, err
	}
	var id int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		id, err = saveSearchTx(ctx, tx, title, query)
		return err
	})
	return id, err
}

func saveSearchTx(ctx context.Context, tx *sql.Tx, title, query string) (int64, error) {
	title = feeds.SanitizeLine(title)
	if title == "" {
		title = query
	}
	if _, err := tx.ExecContext(ctx, `
INSERT INTO saved_searches (title, query, pos) VALUES (?, ?, (SELECT coalesce(max(pos), 0) + 1 FROM saved_searches))
ON CONFLICT (title) DO UPDATE SET query = excluded.query`, title, query); err != nil {
		return 0, fmt.Errorf("save search %q: %w", title, err)
	}
	var id int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM saved_searches WHERE title = ?`, title).Scan(&id)
	return id, err
}

// DeleteSearch removes a saved search.
func (s *Store) DeleteSearch(ctx context.Context, id int64) error {
	_, err := s.db.ExecContext(ctx, `DELETE FROM saved_searches WHERE id = ?`, id)
	return err
}

// SavedSearches returns the saved searches in creation order with their
// unread counts. A search whose query no longer parses gets Unread -1.
func (s *Store) SavedSearches(ctx context.Context) ([]SavedSearch, error) {
	var out []SavedSearch
	if err := scanEach(ctx, s.db, `SELECT id, title, query FROM saved_searches ORDER BY pos, id`, nil,
		func(r *sql.Rows) error {
			var q SavedSearch
			if err := r.Scan(&q.ID, &q.Title, &q.Query); err != nil {
				return err
			}
			out = append(out, q)
			return nil
		}); err != nil {
		return nil, err
	}
	for i := range out {
		n, err := s.Count(ctx, View{Query: out[i].Query, UnreadOnly: true})
		if err != nil {
			out[i].Unread = -1
			continue
		}
		out[i].Unread = n
	}
	return out, nil
}
