package store

import (
	"context"
	"time"

	"github.com/nashra-reader/nashra/feeds"
)

// SaveTimed is SaveResult that also returns how long the write
// transaction took (BeginTx to Commit): how long it held the write lock.
// For benchmarks in package store_test.
func (s *Store) SaveTimed(ctx context.Context, res feeds.Result) (time.Duration, error) {
	pr := s.prepare(res)
	start := time.Now()
	_, err := s.savePrepared(ctx, pr)
	return time.Since(start), err
}
