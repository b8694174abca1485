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
	sql.Register(driverName, &sqlite3.SQLiteDriver{ConnectHook: registerFuncs})
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
