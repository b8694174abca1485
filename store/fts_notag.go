//go:build !sqlite_fts5

package store

// Built without the sqlite_fts5 tag: Open refuses with ErrNoFTS5 instead of
// failing later on "no such module: fts5".
const builtWithFTS5 = false
