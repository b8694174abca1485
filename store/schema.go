package store

import (
	"context"
	"database/sql"
	"fmt"
)

// migrations are applied in order; PRAGMA user_version records how many
// have run. Never edit a migration that has shipped: append a new one.
var migrations = []string{
	// 1: the initial schema.
	`
CREATE TABLE feeds (
	id            INTEGER PRIMARY KEY,
	url           TEXT NOT NULL UNIQUE,
	title         TEXT NOT NULL DEFAULT '',  -- as the feed names itself
	user_title    TEXT NOT NULL DEFAULT '',  -- set by the user or an import; wins over title
	site_url      TEXT NOT NULL DEFAULT '',
	lang          TEXT NOT NULL DEFAULT '',  -- the feed's <language>
	etag          TEXT NOT NULL DEFAULT '',
	last_modified TEXT NOT NULL DEFAULT '',
	added         INTEGER NOT NULL,          -- unix seconds
	last_poll     INTEGER,                   -- unix seconds of the last attempt
	last_ok       INTEGER,                   -- unix seconds of the last success
	last_error    TEXT NOT NULL DEFAULT '',
	dead          INTEGER NOT NULL DEFAULT 0, -- 410 Gone
	retry_after   INTEGER                    -- unix seconds; do not poll before
);

-- Old URLs of feeds that moved (permanent redirect), so imports and exports
-- keep recognising them.
CREATE TABLE feed_aliases (
	url     TEXT PRIMARY KEY,
	feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE
) WITHOUT ROWID;

-- Folders (OPML outlines) and newsboat tags of a feed.
CREATE TABLE feed_folders (
	feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
	folder  TEXT NOT NULL,
	pos     INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (feed_id, folder)
) WITHOUT ROWID;

CREATE TABLE articles (
	id           INTEGER PRIMARY KEY,
	feed_id      INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
	guid         TEXT NOT NULL,
	url          TEXT NOT NULL DEFAULT '',
	title        TEXT NOT NULL DEFAULT '',
	author       TEXT NOT NULL DEFAULT '',
	published    INTEGER,                 -- unix seconds UTC, NULL when unknown
	updated      INTEGER,
	first_seen   INTEGER NOT NULL,        -- unix seconds UTC
	sort_time    INTEGER NOT NULL,        -- published, else first_seen
	content      TEXT NOT NULL DEFAULT '', -- cleaned text, drawn by the reader
	html         TEXT NOT NULL DEFAULT '', -- original HTML, never drawn
	links        TEXT NOT NULL DEFAULT '[]', -- JSON [{"text","url"}], in reader order
	lang         TEXT NOT NULL DEFAULT '',
	dir          TEXT NOT NULL DEFAULT 'ltr',
	explicit_dir TEXT NOT NULL DEFAULT '',
	read         INTEGER NOT NULL DEFAULT 0,
	starred      INTEGER NOT NULL DEFAULT 0,
	hash         TEXT NOT NULL DEFAULT '', -- of the feed's fields, to skip unchanged items
	UNIQUE (feed_id, guid)
);
CREATE INDEX articles_by_time ON articles (sort_time, id);
CREATE INDEX articles_by_feed ON articles (feed_id, sort_time, id);
CREATE INDEX articles_unread ON articles (sort_time, id) WHERE read = 0;
CREATE INDEX articles_feed_unread ON articles (feed_id, sort_time, id) WHERE read = 0;
CREATE INDEX articles_starred ON articles (sort_time, id) WHERE starred = 1;

CREATE TABLE enclosures (
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	pos        INTEGER NOT NULL,
	url        TEXT NOT NULL,
	type       TEXT NOT NULL DEFAULT '',
	length     INTEGER NOT NULL DEFAULT 0,
	PRIMARY KEY (article_id, pos)
) WITHOUT ROWID;

CREATE TABLE tags (
	id   INTEGER PRIMARY KEY,
	name TEXT NOT NULL UNIQUE,   -- slug: open-source, org:meta, or the user's word
	kind TEXT NOT NULL           -- topic | entity | user
);

-- An article's tags. source 'auto' rows were set by the tagger (terms says
-- why); 'user' rows by the user. removed = 1 is a tombstone: the user took an
-- automatic tag off, and the tagger must not put it back.
CREATE TABLE article_tags (
	article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
	tag_id     INTEGER NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
	source     TEXT NOT NULL,
	terms      TEXT NOT NULL DEFAULT '[]',
	removed    INTEGER NOT NULL DEFAULT 0,
	sort_time  INTEGER NOT NULL,          -- copy of articles.sort_time for paged tag views
	PRIMARY KEY (article_id, tag_id)
) WITHOUT ROWID;
CREATE INDEX article_tags_by_tag ON article_tags (tag_id, sort_time, article_id) WHERE removed = 0;

CREATE TABLE saved_searches (
	id    INTEGER PRIMARY KEY,
	title TEXT NOT NULL UNIQUE,
	query TEXT NOT NULL,
	pos   INTEGER NOT NULL DEFAULT 0
);

-- Full-text index over analyzed text (see Store.analyze); rowid = articles.id.
CREATE VIRTUAL TABLE articles_fts USING fts5(
	title, body, feed, author,
	content = '', contentless_delete = 1,
	tokenize = 'unicode61 remove_diacritics 0'
);
`,
}

// SchemaVersion is the schema version this build writes.
var SchemaVersion = len(migrations)

func (s *Store) migrate(ctx context.Context) error {
	var v int
	if err := s.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&v); err != nil {
		return fmt.Errorf("read schema version: %w", err)
	}
	if v > len(migrations) {
		return fmt.Errorf("database schema version %d is newer than this nashra understands (%d): upgrade nashra", v, len(migrations))
	}
	if v == 0 {
		// A database file that is not empty and has no version is not ours.
		var n int
		if err := s.db.QueryRowContext(ctx, "SELECT count(*) FROM sqlite_schema").Scan(&n); err != nil {
			return fmt.Errorf("read schema: %w", err)
		}
		if n > 0 {
			return fmt.Errorf("%s is not a nashra database", s.path)
		}
	}
	for i := v; i < len(migrations); i++ {
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, migrations[i]); err != nil {
				return fmt.Errorf("migration %d: %w", i+1, err)
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", i+1))
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}
