package store

import (
	"database/sql"
	"fmt"
	"strings"

	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/nashra-reader/nashra/feeds/arabic"
)

// defaultAnalyze is the analyzer of the full-text index: arabic.IndexText,
// the normalized and light-stemmed words of a text joined by spaces. Queries
// go through the same analysis (arabic.QueryTerms), so a query word matches
// what the index stores whatever its spelling (harakat, alef forms, ة/ه,
// proclitics, Latin case and plurals).
var defaultAnalyze = arabic.IndexText

// driverName is the database/sql driver Open uses: mattn/go-sqlite3 with
// nashra's SQL functions registered on every connection.
const driverName = "sqlite3_nashra"

func init() {
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: initConn})
}

// pageSize is the page size, in bytes, of a database nashra creates:
// 8 KiB rather than SQLite's 4 KiB. An article row (cleaned text, the
// original HTML, links) takes 2–4 KB, so with 4 KiB pages nearly every new
// article fills a table page of its own, and each commit writes (and each
// checkpoint copies) that many more pages and WAL frame headers. Measured
// on one core (taskset, three interleaved rounds):
// BenchmarkIngestStages/store-batched 11,994–12,579 items/s with 4 KiB
// pages, 13,092–14,302 with 8 KiB, 13,634–13,888 with 16 KiB; SQLite's own
// floor (sqlite-floor-all) 13,822–14,406, 15,151–15,589, 16,559–17,385.
// 16 KiB pages stored a little faster still but made searching slower
// (BenchmarkSearch on 100,000 articles, p95: rare words 9.4–11 ms against
// 5.3–6.7, the most common 23.2–25.6 against 21.6–22.7, since each row a
// search reads costs a bigger page), where 8 KiB pages search as fast as
// 4 KiB ones.
//
// SQLite fixes the page size when a database's first page is written, and
// a WAL database cannot change it (https://sqlite.org/pragma.html#pragma_page_size),
// so a database made before this keeps its 4 KiB pages.
const pageSize = 8192

// initConn prepares each new connection: the page size of a database that
// is still empty, then WAL mode (https://sqlite.org/wal.html) — in this
// order, because turning WAL on writes the database header and with it the
// page size; on a database that exists both are no-ops — and nashra's SQL
// functions (registerFuncs). Checkpoints are the Store's to run (see
// checkpointer); the connection's own wal_autocheckpoint is only a backstop.
func initConn(c *sqlite3.SQLiteConn) error {
	for _, p := range []string{fmt.Sprintf("PRAGMA page_size = %d", pageSize), "PRAGMA journal_mode = WAL",
		fmt.Sprintf("PRAGMA wal_autocheckpoint = %d", walBackstopPages)} {
		if _, err := c.Exec(p, nil); err != nil {
			return fmt.Errorf("connect: %s: %w", p, err)
		}
	}
	return registerFuncs(c)
}

// registerFuncs adds nashra's deterministic SQL functions to a connection:
//
//	nashra_index(text) → arabic.IndexText(text): the index terms, used by
//	                     migrations that rebuild the full-text index;
//	nashra_fold(text)  → arabic.Normalize(text): the matching form, used by
//	                     feed:TEXT to compare feed titles as the tagger and
//	                     the index do (أخبار = اخبار, case-insensitive).
//
// NULL arguments give "".
func registerFuncs(c *sqlite3.SQLiteConn) error {
	if err := c.RegisterFunc("nashra_index", func(v any) string {
		return arabic.IndexText(sqlText(v))
	}, true); err != nil {
		return err
	}
	return c.RegisterFunc("nashra_fold", func(v any) string {
		return arabic.Normalize(sqlText(v))
	}, true)
}

// sqlText is the text of an SQL function argument: TEXT and BLOB as they
// are, NULL as "", numbers formatted.
func sqlText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case []byte:
		return string(x)
	}
	return fmt.Sprint(v)
}

// foldText is the Go side of nashra_fold, for arguments compared with it.
func foldText(s string) string {
	return arabic.Normalize(strings.TrimSpace(s))
}
