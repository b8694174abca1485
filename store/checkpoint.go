package store

import (
	"context"
	"sync"
	"time"
)

// A checkpoint (https://sqlite.org/wal.html#ckpt) copies the pages that
// transactions committed to the write-ahead log back into the database file,
// with an fsync of each (synchronous=NORMAL). SQLite runs one by itself
// inside the commit that takes the log past wal_autocheckpoint pages, which
// in a fetch puts those copies and fsyncs on the path of the one writer:
// 7–19 µs of each stored article's 71–82 (BenchmarkIngestStages/store-batched
// with wal_autocheckpoint 0 against SQLite's default, 16 KiB pages). The
// Store runs its checkpoints from a goroutine of its own instead
// (checkpointer), shortly after its write transactions commit, so that the
// writer goes on writing while the disk syncs. A checkpoint of this kind
// (PASSIVE) waits for no reader and no writer: it copies what it can, and
// the next one copies the rest.
//
// Measured on this project's 2-core VM, whose disk syncs fast, the gain is
// small: a 500-feed fetch took 2.07–2.35 s against 2.22–2.45 s with
// SQLite's own checkpoints (four runs each, interleaved), and one-core
// ingest is unchanged. It is larger where an fsync takes milliseconds.
//
// walBackstopPages is the wal_autocheckpoint every connection keeps, far
// above SQLite's 1,000 pages: should the goroutine fall behind (a reader
// holding an old snapshot keeps a checkpoint from finishing), a commit
// still checkpoints once the log holds this many pages (32 MiB of 8 KiB
// pages, see pageSize).
const walBackstopPages = 4096

// checkpointDelay is how long after a commit asks for a checkpoint the
// checkpointer runs it: a fetch commits every few tens of milliseconds, and
// a checkpoint after each commit copied the pages they all change (indexes,
// the full-text index) and synced the file each time, which on one core
// made BenchmarkIngest/corpus 7 % slower than SQLite's own checkpoints.
const checkpointDelay = 250 * time.Millisecond

// checkpointer runs PASSIVE checkpoints for a Store, one at a time, each
// checkpointDelay after a commit asked for it (walWritten): requests that
// come meanwhile, or while one runs, make one more run, not one each.
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
			// Let the commits of the next moments join this
			// checkpoint: a page that several commits change (an
			// index's, the full-text index's) is copied once, and
			// the database file is synced once.
			select {
			case <-ctx.Done():
				return
			case <-time.After(checkpointDelay):
			}
			select {
			case <-c.wake:
			default:
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
