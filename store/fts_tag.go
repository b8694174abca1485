//go:build sqlite_fts5

package store

const builtWithFTS5 = true
