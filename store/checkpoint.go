package store

import (
	"context"
	"sync"
)

// A checkpoint (https://sqlite.org/wal.html#ckpt) copies the pages that
// transactions committed to the write-ahead log back into the database file,
// with an fsync of each (synchronous=NORMAL). SQLite runs one by itself
// inside the commit that takes the log past wal_autocheckpoint pages, which
// in a fetch puts those copies and fsyncs on the path of the one writer:
// 7–17 µs of each stored article's 71–82 (BenchmarkIngestStages/store-batched
// with wal_autocheckpoint 0 against SQLite's default, 16 KiB pages). The Store runs its checkpoints from a goroutine of its own instead
// (checkpointer), after each of its write transactions commits, so that the
// writer goes on writing while the disk syncs. A checkpoint of this kind
// (PASSIVE) waits for no reader and no writer: it copies what it can, and
// the next one copies the rest.
//
// walBackstopPages is the wal_autocheckpoint every connection keeps, far
// above SQLite's 1,000 pages: should the goroutine fall behind (a reader
// holding an old snapshot keeps a checkpoint from finishing), a commit
// still checkpoints once the log holds this many pages (64 MiB of 16 KiB
// pages, see pageSize).
const walBackstopPages = 4096

// checkpointer runs PASSIVE checkpoints for a Store, one at a time, each
// after at least one commit asked for it (walWritten): requests that come
// while one runs make one more run, not one each.
type checkpointer struct {
	wake chan struct{} // capacity 1: a pending request
	stop context.CancelFunc
	done sync.WaitGroup
	once sync.Once
}

// startCheckpointer starts s's checkpoint goroutine; stopCheckpointer ends
// it.
func (s *Store) startCheckpointer() {
	ctx, cancel := context.WithCancel(context.Background())
	c := &checkpointer{wake: make(chan struct{}, 1), stop: cancel}
	s.ckpt = c
	c.done.Add(1)
	go func() {
		defer c.done.Done()
		for {
			select {
			case <-ctx.Done():
				return
			case <-c.wake:
			}
			// An error (the database closing under it, or busy) loses
			// nothing: the log keeps the pages, and the next
			// checkpoint, or the backstop, copies them.
			s.db.ExecContext(ctx, "PRAGMA wal_checkpoint(PASSIVE)")
		}
	}()
}

// walWritten asks for a checkpoint after a write transaction committed.
// It never blocks.
func (s *Store) walWritten() {
	if s.ckpt == nil {
		return
	}
	select {
	case s.ckpt.wake <- struct{}{}:
	default: // one is already pending
	}
}

// stopCheckpointer stops the goroutine and waits for it, cancelling a
// checkpoint that is running (SQLite also checkpoints when the last
// connection closes). It may be called more than once.
func (s *Store) stopCheckpointer() {
	if s.ckpt == nil {
		return
	}
	s.ckpt.once.Do(func() {
		s.ckpt.stop()
		s.ckpt.done.Wait()
	})
}
