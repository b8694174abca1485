package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/feeds/hostile"
	"github.com/nashra-reader/nashra/store"
)

// buildNashra builds the nashra binary (with the sqlite_fts5 tag) into a
// temporary directory and returns its path. A build failure fails the test,
// or skips it in -short mode, saying why.
func buildNashra(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "nashra")
	cmd := exec.Command("go", "build", "-tags", "sqlite_fts5", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=1")
	if out, err := cmd.CombinedOutput(); err != nil {
		msg := fmt.Sprintf("cannot build the nashra binary for this test: %v\n%s", err, out)
		if testing.Short() {
			t.Skip(msg)
		}
		t.Fatal(msg)
	}
	return bin
}

// binCmd prepares the built binary with args, its state directory (the
// log file) under dir.
func binCmd(ctx context.Context, bin, dir string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, bin, args...)
	cmd.Env = append(os.Environ(), "XDG_STATE_HOME="+filepath.Join(dir, "state"), "XDG_CONFIG_HOME="+filepath.Join(dir, "config"))
	return cmd
}

// writeConfig writes a configuration file into dir and returns its path.
func writeConfig(t *testing.T, dir, text string) string {
	t.Helper()
	p := filepath.Join(dir, "config.toml")
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// openRaw opens the SQLite file directly, bypassing the store, for checks
// of what is really on disk.
func openRaw(t *testing.T, path string) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite3", "file:"+path+"?_busy_timeout=10000")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// integrityCheck runs PRAGMA integrity_check and returns "ok" or SQLite's
// report. It first refreshes FTS5's cached index structure on the same
// connection (see store.IntegrityCheck: without it, integrity_check on a
// connection that read the index before another process wrote reports
// corruption that is not there).
func integrityCheck(db *sql.DB) (string, error) {
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		return "", err
	}
	defer conn.Close()
	var discard int64
	if err := conn.QueryRowContext(ctx, "SELECT rowid FROM articles_fts WHERE rowid = 0").Scan(&discard); err != nil && err != sql.ErrNoRows {
		return "", err
	}
	rows, err := conn.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var msgs []string
	for rows.Next() {
		var m string
		if err := rows.Scan(&m); err != nil {
			return "", err
		}
		msgs = append(msgs, m)
	}
	return strings.Join(msgs, "; "), rows.Err()
}

// countersMismatch compares the article counters kept by triggers
// (feed_counts, tag_counts), when the schema has them, with counts of the
// rows themselves, and returns a description of each difference. A schema
// without them, or with other columns, gives nothing to compare.
func countersMismatch(t *testing.T, db *sql.DB) []string {
	t.Helper()
	checks := []struct{ name, q string }{
		{"feed_counts", `SELECT f.id, coalesce(c.total, -1), coalesce(c.unread, -1), coalesce(c.starred, -1),
			(SELECT count(*) FROM articles a WHERE a.feed_id = f.id),
			(SELECT count(*) FROM articles a WHERE a.feed_id = f.id AND a.read = 0),
			(SELECT count(*) FROM articles a WHERE a.feed_id = f.id AND a.starred = 1)
			FROM feeds f LEFT JOIN feed_counts c ON c.feed_id = f.id`},
		{"tag_counts", `SELECT g.id, coalesce(c.total, -1), coalesce(c.unread, -1), 0,
			(SELECT count(*) FROM article_tags t WHERE t.tag_id = g.id AND t.removed = 0),
			(SELECT count(*) FROM article_tags t JOIN articles a ON a.id = t.article_id WHERE t.tag_id = g.id AND t.removed = 0 AND a.read = 0),
			0
			FROM tags g LEFT JOIN tag_counts c ON c.tag_id = g.id`},
	}
	var out []string
	for _, c := range checks {
		rows, err := db.Query(c.q)
		if err != nil {
			continue // no such counters in this schema
		}
		for rows.Next() {
			var id, total, unread, starred, wantTotal, wantUnread, wantStarred int64
			if err := rows.Scan(&id, &total, &unread, &starred, &wantTotal, &wantUnread, &wantStarred); err != nil {
				t.Fatal(err)
			}
			if total != wantTotal || unread != wantUnread || starred != wantStarred {
				out = append(out, fmt.Sprintf("%s %d: total/unread/starred %d/%d/%d, rows say %d/%d/%d",
					c.name, id, total, unread, starred, wantTotal, wantUnread, wantStarred))
			}
		}
		rows.Close()
	}
	return out
}

// notDrawn are the text columns never shown to the user, which keep what
// the feed or server sent: the original HTML, and the validators sent back
// byte for byte in conditional requests.
var notDrawn = map[string]bool{"articles.html": true, "feeds.etag": true, "feeds.last_modified": true}

// multilineColumns may hold newlines, tabs and the implicit bidi marks.
var multilineColumns = map[string]bool{"articles.content": true}

// dbHazards scans every text column of every table (the full-text index's
// own tables aside) and returns one line per value holding a character a
// terminal must never receive (see hostile.Hazard): single-line rules for
// every column but the article body, and the same check on every string
// inside values that are JSON (links, tag terms).
func dbHazards(t *testing.T, db *sql.DB) []string {
	t.Helper()
	var tables []string
	rows, err := db.Query(`SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'articles_fts%'`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var n string
		rows.Scan(&n)
		tables = append(tables, n)
	}
	rows.Close()
	var out []string
	for _, tb := range tables {
		var cols []string
		rows, err := db.Query(fmt.Sprintf("SELECT name, type FROM pragma_table_info('%s')", tb))
		if err != nil {
			t.Fatal(err)
		}
		for rows.Next() {
			var n, typ string
			rows.Scan(&n, &typ)
			if strings.EqualFold(typ, "TEXT") && !notDrawn[tb+"."+n] {
				cols = append(cols, n)
			}
		}
		rows.Close()
		for _, c := range cols {
			col := tb + "." + c
			rows, err := db.Query(fmt.Sprintf(`SELECT "%s" FROM "%s"`, c, tb))
			if err != nil {
				t.Fatal(err)
			}
			for rows.Next() {
				var v sql.NullString
				if err := rows.Scan(&v); err != nil {
					t.Fatal(err)
				}
				for _, h := range textHazards(v.String, multilineColumns[col]) {
					out = append(out, fmt.Sprintf("%s: %s in %.120q", col, h, v.String))
				}
			}
			rows.Close()
		}
	}
	return out
}

// textHazards checks s, and when s is JSON every string in it (a JSON
// string may hide ESC as \u001b).
func textHazards(s string, multiline bool) []string {
	var out []string
	if h := hostile.Hazard(s, multiline); h != "" {
		out = append(out, h)
	}
	if t := strings.TrimSpace(s); (strings.HasPrefix(t, "[") || strings.HasPrefix(t, "{")) && json.Valid([]byte(t)) {
		var v any
		json.Unmarshal([]byte(t), &v)
		walkJSONStrings(v, "", func(key, str string) {
			if h := hostile.Hazard(str, multiline || key == "content"); h != "" {
				out = append(out, fmt.Sprintf("JSON %q: %s", key, h))
			}
		})
	}
	return out
}

// walkJSONStrings calls fn with every string in a decoded JSON value and
// the object key it is under.
func walkJSONStrings(v any, key string, fn func(key, s string)) {
	switch x := v.(type) {
	case string:
		fn(key, x)
	case []any:
		for _, e := range x {
			walkJSONStrings(e, key, fn)
		}
	case map[string]any:
		for k, e := range x {
			fn("key", k)
			walkJSONStrings(e, k, fn)
		}
	}
}

// TestCheckersFindPlantedDamage makes sure the database checks used by the
// robustness tests can fail: hazards planted in several columns (raw, and
// hidden in JSON as \u escapes) and a wrong counter are all reported.
func TestCheckersFindPlantedDamage(t *testing.T) {
	db := filepath.Join(t.TempDir(), "nashra.db")
	ctx := context.Background()
	st, err := store.Open(db)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	id, _, err := st.AddFeed(ctx, store.NewFeed{URL: "https://example.com/feed"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := st.SaveResult(ctx, feeds.Result{FeedID: id, Items: []feeds.Item{
		{GUID: "1", Title: "one", Content: "body\n\twith \u200f mark", Links: []feeds.Link{{Text: "l", URL: "https://example.com/"}},
			Enclosures: []feeds.Enclosure{{URL: "https://example.com/a.mp3", Type: "audio/mpeg"}}},
		{GUID: "2", Title: "two"},
	}}); err != nil {
		t.Fatal(err)
	}
	raw := openRaw(t, db)
	if h := dbHazards(t, raw); len(h) != 0 {
		t.Fatalf("clean database reported: %q", h)
	}
	if m := countersMismatch(t, raw); len(m) != 0 {
		t.Fatalf("clean counters reported: %q", m)
	}
	for _, q := range []string{
		"UPDATE articles SET title = 'a\x1b[2Jb' WHERE guid = '1'",
		"UPDATE articles SET content = 'x\u202ey' WHERE guid = '2'",
		`UPDATE articles SET links = '[{"text":"\u001b]52;c;eA==\u0007","url":"https://example.com/"}]' WHERE guid = '2'`,
		"UPDATE feeds SET title = 'feed\u200fname'",
		"UPDATE enclosures SET type = 'audio/mpeg\u009b'",
	} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	h := dbHazards(t, raw)
	for _, col := range []string{"articles.title", "articles.content", "articles.links", "feeds.title", "enclosures.type"} {
		found := false
		for _, line := range h {
			found = found || strings.HasPrefix(line, col+": ")
		}
		if !found {
			t.Errorf("planted hazard in %s not reported; got %q", col, h)
		}
	}
	if _, err := raw.Exec("UPDATE feed_counts SET total = total + 1"); err != nil {
		t.Logf("no feed_counts table (%v): counter check not exercised", err)
	} else if m := countersMismatch(t, raw); len(m) == 0 {
		t.Error("wrong feed_counts.total not reported")
	}
	if res, err := integrityCheck(raw); err != nil || res != "ok" {
		t.Errorf("integrity: %q %v", res, err)
	}
}
