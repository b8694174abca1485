package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"github.com/nashra-reader/nashra/feeds"
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

	// 2: the full-text index stores the Arabic-aware analyzer's terms
	// (arabic.IndexText through nashra_index, see analyze.go). The table is
	// dropped and created again — a contentless FTS5 table cannot be
	// rebuilt from itself — and refilled from articles in this migration's
	// transaction. The 'ascii' tokenizer splits only at ASCII
	// non-alphanumerics, so each analyzer term (letters and digits, joined
	// by spaces) is exactly one FTS5 token; unicode61 would re-split terms
	// with letters newer than its Unicode 6.1 tables.
	// articles_fts_terms exposes per-term document counts, which Search
	// uses to tell rare from very common terms.
	`
DROP TABLE articles_fts;
CREATE VIRTUAL TABLE articles_fts USING fts5(
	title, body, feed, author,
	content = '', contentless_delete = 1,
	tokenize = 'ascii'
);
CREATE VIRTUAL TABLE articles_fts_terms USING fts5vocab(articles_fts, 'row');
INSERT INTO articles_fts (rowid, title, body, feed, author)
SELECT a.id, nashra_index(a.title), nashra_index(a.content),
       nashra_index(CASE WHEN f.user_title != '' THEN f.user_title ELSE f.title END),
       nashra_index(a.author)
FROM articles a JOIN feeds f ON f.id = a.feed_id;

-- A narrow covering index for relevance ranking: the rank query joins every
-- FTS5 match to its article for the recency boost and the filters, which
-- through the table itself reads ~1 KB rows (content) at random.
CREATE INDEX articles_rank ON articles (id, sort_time, feed_id, lang, read, starred);
`,

	// perf: article counts kept by triggers, so that the feeds pane's counts
	// (Feeds, Tags, Totals, and Count of its views) cost the same with a
	// thousand articles or a million: feed_counts per feed (total, unread,
	// starred), tag_counts per tag (total and unread over the non-removed
	// article_tags rows). Filled from the data in this migration.
	//
	// An article's tag rows are deleted by a BEFORE DELETE trigger while
	// the article still exists, so that their trigger can still read its
	// read state (the cascade from articles would run after the row is
	// gone). INSERT OR REPLACE must not be used on articles or article_tags:
	// its implicit delete fires no trigger (recursive_triggers is off).
	`
CREATE TABLE feed_counts (
	feed_id INTEGER PRIMARY KEY REFERENCES feeds(id) ON DELETE CASCADE,
	total   INTEGER NOT NULL DEFAULT 0,
	unread  INTEGER NOT NULL DEFAULT 0,
	starred INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE tag_counts (
	tag_id INTEGER PRIMARY KEY REFERENCES tags(id) ON DELETE CASCADE,
	total  INTEGER NOT NULL DEFAULT 0,
	unread INTEGER NOT NULL DEFAULT 0
);
INSERT INTO feed_counts (feed_id, total, unread, starred)
SELECT f.id, count(a.id), coalesce(sum(a.read = 0), 0), coalesce(sum(a.starred = 1), 0)
FROM feeds f LEFT JOIN articles a ON a.feed_id = f.id GROUP BY f.id;
INSERT INTO tag_counts (tag_id, total, unread)
SELECT g.id, count(a.id), coalesce(sum(a.read = 0), 0)
FROM tags g LEFT JOIN article_tags t ON t.tag_id = g.id AND t.removed = 0
LEFT JOIN articles a ON a.id = t.article_id GROUP BY g.id;

CREATE TRIGGER feeds_count_ins AFTER INSERT ON feeds BEGIN
	INSERT INTO feed_counts (feed_id) VALUES (NEW.id);
END;
CREATE TRIGGER tags_count_ins AFTER INSERT ON tags BEGIN
	INSERT INTO tag_counts (tag_id) VALUES (NEW.id);
END;

CREATE TRIGGER articles_count_ins AFTER INSERT ON articles BEGIN
	UPDATE feed_counts SET total = total + 1, unread = unread + (NEW.read = 0),
		starred = starred + (NEW.starred = 1) WHERE feed_id = NEW.feed_id;
END;
CREATE TRIGGER articles_count_del BEFORE DELETE ON articles BEGIN
	DELETE FROM article_tags WHERE article_id = OLD.id;
	UPDATE feed_counts SET total = total - 1, unread = unread - (OLD.read = 0),
		starred = starred - (OLD.starred = 1) WHERE feed_id = OLD.feed_id;
END;
CREATE TRIGGER articles_count_upd AFTER UPDATE OF read, starred, feed_id ON articles
WHEN OLD.read IS NOT NEW.read OR OLD.starred IS NOT NEW.starred OR OLD.feed_id IS NOT NEW.feed_id BEGIN
	UPDATE feed_counts SET total = total - 1, unread = unread - (OLD.read = 0),
		starred = starred - (OLD.starred = 1) WHERE feed_id = OLD.feed_id;
	UPDATE feed_counts SET total = total + 1, unread = unread + (NEW.read = 0),
		starred = starred + (NEW.starred = 1) WHERE feed_id = NEW.feed_id;
	UPDATE tag_counts SET unread = unread + (NEW.read = 0) - (OLD.read = 0)
	WHERE (OLD.read = 0) != (NEW.read = 0)
	  AND tag_id IN (SELECT tag_id FROM article_tags WHERE article_id = NEW.id AND removed = 0);
END;

CREATE TRIGGER article_tags_count_ins AFTER INSERT ON article_tags WHEN NEW.removed = 0 BEGIN
	UPDATE tag_counts SET total = total + 1,
		unread = unread + coalesce((SELECT read = 0 FROM articles WHERE id = NEW.article_id), 0)
	WHERE tag_id = NEW.tag_id;
END;
CREATE TRIGGER article_tags_count_del AFTER DELETE ON article_tags WHEN OLD.removed = 0 BEGIN
	UPDATE tag_counts SET total = total - 1,
		unread = unread - coalesce((SELECT read = 0 FROM articles WHERE id = OLD.article_id), 0)
	WHERE tag_id = OLD.tag_id;
END;
CREATE TRIGGER article_tags_count_upd AFTER UPDATE OF removed, tag_id, article_id ON article_tags
WHEN OLD.removed IS NOT NEW.removed OR OLD.tag_id IS NOT NEW.tag_id OR OLD.article_id IS NOT NEW.article_id BEGIN
	UPDATE tag_counts SET total = total - 1,
		unread = unread - coalesce((SELECT read = 0 FROM articles WHERE id = OLD.article_id), 0)
	WHERE tag_id = OLD.tag_id AND OLD.removed = 0;
	UPDATE tag_counts SET total = total + 1,
		unread = unread + coalesce((SELECT read = 0 FROM articles WHERE id = NEW.article_id), 0)
	WHERE tag_id = NEW.tag_id AND NEW.removed = 0;
END;
`,

	// 4: fetch time.
	//
	// The raw hash of each article (feeds.Item.RawHash): a fingerprint of
	// the feed's fields before cleaning, the cleaning rules and the
	// tagging rules, which the poller compares (through Request.Known) to
	// skip items that have not changed, without cleaning or tagging them.
	// '' for articles stored before: their next poll fills it in.
	//
	// Inserts are counted by the code that makes them, not by triggers:
	// SaveResult adds its new articles to feed_counts and its new tag rows
	// to tag_counts with one UPDATE per feed and per tag at the end of the
	// feed's transaction (the two insert triggers cost ~40 µs per ingested
	// article, a fifth of writing it); Retag and AddTag count their rows
	// too. Updates and deletes are still counted by the triggers of
	// migration 3. Code that inserts into articles or article_tags must
	// count what it inserts.
	`
ALTER TABLE articles ADD COLUMN raw_hash TEXT NOT NULL DEFAULT '';
DROP TRIGGER articles_count_ins;
DROP TRIGGER article_tags_count_ins;
`,

	// 5: a publication date more than a day after the article was first
	// seen is not believed for ordering (see sortTime): the article sorts
	// by when it was first seen, so that a feed with dates in 2106 does
	// not hold the top of every list. published itself is kept as given.
	`
UPDATE articles SET sort_time = first_seen WHERE published > first_seen + 86400;
UPDATE article_tags SET sort_time = (SELECT a.sort_time FROM articles a WHERE a.id = article_tags.article_id)
WHERE article_id IN (SELECT id FROM articles WHERE published > first_seen + 86400);
`,

	// 6: feed URLs normalized again. feeds.NormalizeURL now follows RFC
	// 3986 §6.2.2 further (unreserved escapes decoded, dot segments
	// removed, a bare "?" and a host's final dot dropped, ports without
	// leading zeros), so a URL stored before may no longer be what the
	// same address normalizes to, and `nashra remove` or `add` would miss
	// it. The work is Go code (renormalizeFeedURLs), run by migrate when it
	// upgrades a database across this version; the SQL marks the version.
	`SELECT 1;`,
}

// renormalizeFrom is the first schema version whose feed URLs are
// normalized as now (see migration 6).
const renormalizeFrom = 6

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
	from := v
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
	if from > 0 && from < renormalizeFrom {
		if err := s.inTx(ctx, func(tx *sql.Tx) error { return renormalizeFeedURLs(ctx, tx) }); err != nil {
			return fmt.Errorf("migration %d: %w", renormalizeFrom, err)
		}
	}
	return nil
}

// renormalizeFeedURLs rewrites each stored feed URL that feeds.NormalizeURL
// now spells differently, keeping the old spelling as an alias (so that
// conditional GET state and lookups by the old URL still work), as a
// permanent redirect does (moveFeedTx). A feed whose new spelling another
// feed already has keeps its URL: merging two subscriptions is the user's
// call (nashra remove).
func renormalizeFeedURLs(ctx context.Context, tx *sql.Tx) error {
	type feedURL struct {
		id  int64
		url string
	}
	var all []feedURL
	err := scanEach(ctx, tx, `SELECT id, url FROM feeds`, nil, func(r *sql.Rows) error {
		var f feedURL
		if err := r.Scan(&f.id, &f.url); err != nil {
			return err
		}
		all = append(all, f)
		return nil
	})
	if err != nil {
		return err
	}
	for _, f := range all {
		n, err := feeds.NormalizeURL(f.url)
		if err != nil || n == f.url {
			continue
		}
		switch _, err := feedIDByURL(ctx, tx, n); {
		case err == nil:
			continue // taken by another feed (or already this one's alias)
		case !errors.Is(err, ErrNotFound):
			return err
		}
		if _, err := moveFeedTx(ctx, tx, f.id, n); err != nil {
			return err
		}
	}
	return nil
}
