// Package store keeps nashra's data in one SQLite file: feeds, articles,
// read/starred state, tags (automatic, with the terms that fired them, and
// the user's own), saved searches and a full-text index. The database runs in
// WAL mode with a busy timeout, so the TUI and a `nashra fetch` from cron can
// use it at the same time; every feed update is stored whole or not at all
// (in a transaction of its own, or of a batch that is written again one
// feed at a time should it fail, see Refresh).
//
// The store never loads every article: lists are paged by keyset on
// (sort_time, id).
package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	sqlite3 "github.com/mattn/go-sqlite3"
)

// ErrNoFTS5 is returned by Open when the binary was built without SQLite's
// FTS5 module (the sqlite_fts5 build tag).
var ErrNoFTS5 = errors.New("this nashra binary was built without SQLite FTS5 support: " +
	"rebuild with `make build` (or `go build -tags sqlite_fts5`)")

// ErrNotFound is returned (wrapped) when a feed, article or saved search does
// not exist.
var ErrNotFound = errors.New("not found")

// Store is an open nashra database. It is safe for concurrent use.
type Store struct {
	db   *sql.DB
	path string

	// Analyze turns text into the words the full-text index stores (and
	// queries are analyzed the same way). Set by Open to the Arabic-aware
	// analyzer, arabic.IndexText: the one the Poller applies ahead
	// (feeds.Item.Index), whose terms SaveResult stores as they are.
	analyze func(string) string

	snippetRunes atomic.Int64 // snippet length for Search; see SetSnippetRunes (search.go)

	// tagIDs maps the names of automatic tags to their IDs, filled from
	// committed feed updates, so that a feed update does not upsert each
	// of its tags again. Tags are never deleted (articles' tag rows are,
	// the tags table keeps its names), which keeps an ID once cached valid.
	tagIDs sync.Map

	mu      sync.Mutex
	version *sql.Conn // dedicated connection for PRAGMA data_version
	now     func() time.Time

	ckpt *checkpointer // see checkpoint.go
}

// busyTimeout is how long a write waits for another connection's write
// transaction (the TUI marking an article read while `nashra fetch` runs
// from cron, or two fetches) before failing with "database is locked".
// The longest write transaction is one feed's update, or a batch of about
// 2,000 items of several feeds (well under a second): everything but the
// writes is done before it begins (see SaveResult), and writing takes about
// 90 µs per new item on an idle core (BenchmarkSaveLargeFeed: 1.8 s for a
// 20,000-item feed, 5.7 s before that work moved out), so a 50,000-item
// feed holds the lock for some 5 s, two or three times that on a busy
// machine. 30 s leaves room for two fetches and a loaded machine; waiting
// costs nothing when nobody writes, and the TUI waits in a command, never
// in its update loop.
const busyTimeout = 30 * time.Second

// Open opens (creating if needed) the database at path, applies pending
// migrations and returns the store. path ":memory:" is not supported (the
// store uses several connections); use a file in a temporary directory.
// Errors: ErrNoFTS5 when built without FTS5; a wrapped error when the file
// cannot be opened, is not a nashra database, or was written by a newer
// version of nashra.
func Open(path string) (*Store, error) {
	if !builtWithFTS5 {
		return nil, ErrNoFTS5
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return nil, fmt.Errorf("open database: %w", err)
		}
	}
	q := url.Values{}
	// Not _journal_mode: WAL is set by each connection itself, after the
	// page size (see initConn).
	q.Set("_busy_timeout", strconv.Itoa(int(busyTimeout/time.Millisecond)))
	q.Set("_foreign_keys", "on")
	q.Set("_synchronous", "NORMAL")
	q.Set("_txlock", "immediate")
	// Each connection keeps its last 64 prepared statements, so that the
	// statements of a feed update (and the TUI's list queries) are
	// compiled once per connection, not once per transaction.
	q.Set("_stmt_cache_size", "64")

	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open(driverName, dsn) // see analyze.go
	if err != nil {
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	db.SetMaxOpenConns(8)
	db.SetMaxIdleConns(4)
	db.SetConnMaxIdleTime(5 * time.Minute)
	s := &Store{db: db, path: path, analyze: defaultAnalyze, now: time.Now}
	ctx := context.Background()
	if err := s.migrate(ctx); err != nil {
		db.Close()
		var se sqlite3.Error
		if errors.As(err, &se) && strings.Contains(se.Error(), "no such module: fts5") {
			return nil, ErrNoFTS5
		}
		if strings.Contains(err.Error(), "no such module: fts5") {
			return nil, ErrNoFTS5
		}
		if strings.Contains(err.Error(), "readonly database") || strings.Contains(err.Error(), "unable to open database file") {
			// SQLite in WAL mode writes beside the database (-wal, -shm)
			// even to read it.
			return nil, fmt.Errorf("open database %s: nashra needs write access to it and to its directory %s: %w", path, filepath.Dir(path), err)
		}
		return nil, fmt.Errorf("open database %s: %w", path, err)
	}
	s.startCheckpointer()
	return s, nil
}

// Path returns the database file's path.
func (s *Store) Path() string { return s.path }

// DB exposes the underlying handle for tests and benchmarks in this module.
func (s *Store) DB() *sql.DB { return s.db }

// Close closes the database.
func (s *Store) Close() error {
	s.stopCheckpointer()
	s.mu.Lock()
	if s.version != nil {
		s.version.Close()
		s.version = nil
	}
	s.mu.Unlock()
	return s.db.Close()
}

// DataVersion returns SQLite's PRAGMA data_version as seen by one dedicated
// connection: it changes whenever another connection — in this process or
// another, such as `nashra fetch` run from cron — commits a change. The TUI
// polls it to notice new articles.
func (s *Store) DataVersion(ctx context.Context) (int64, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.version == nil {
		c, err := s.db.Conn(ctx)
		if err != nil {
			return 0, fmt.Errorf("data version: %w", err)
		}
		s.version = c
	}
	var v int64
	if err := s.version.QueryRowContext(ctx, "PRAGMA data_version").Scan(&v); err != nil {
		return 0, fmt.Errorf("data version: %w", err)
	}
	return v, nil
}

// IntegrityCheck runs PRAGMA integrity_check and returns nil when SQLite
// answers "ok", else an error carrying its report.
//
// FTS5 caches its index structure in each connection and checks it against
// PRAGMA data_version when a query starts, but its part of integrity_check
// does not (SQLite 3.54): on a connection that read the index before
// another connection or process changed it, integrity_check reports
// "fts5: corruption found reading blob …" for a sound index. So the check
// runs on one connection after a rowid lookup that refreshes that cache.
func (s *Store) IntegrityCheck(ctx context.Context) error {
	conn, err := s.db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	defer conn.Close()
	var discard int64
	if err := conn.QueryRowContext(ctx, "SELECT rowid FROM articles_fts WHERE rowid = 0").Scan(&discard); err != nil && !errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("integrity check: %w", err)
	}
	rows, err := conn.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	defer rows.Close()
	var msgs []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return err
		}
		msgs = append(msgs, m)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(msgs) == 1 && msgs[0] == "ok" {
		return nil
	}
	return fmt.Errorf("integrity check: %s", strings.Join(msgs, "; "))
}

// inTx runs fn in one transaction (BEGIN IMMEDIATE, see Open), committing on
// success and rolling back on error or panic.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) (err error) {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer func() {
		if p := recover(); p != nil {
			tx.Rollback()
			panic(p)
		}
		if err != nil {
			tx.Rollback()
		}
	}()
	if err = fn(tx); err != nil {
		return err
	}
	if err = tx.Commit(); err != nil {
		return err
	}
	s.walWritten()
	return nil
}

func unixOrNil(t *time.Time) any {
	if t == nil || t.IsZero() {
		return nil
	}
	return t.Unix()
}

func timePtr(v sql.NullInt64) *time.Time {
	if !v.Valid {
		return nil
	}
	t := time.Unix(v.Int64, 0).UTC()
	return &t
}
