package store

import (
	"context"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/nashra-reader/nashra/feeds"
)

// Poller polls feeds; *feeds.Poller implements it. The store never does
// network I/O itself: Refresh hands the requests to the poller and stores
// what comes back.
type Poller interface {
	// PollAll polls every request and calls each once per result, from one
	// goroutine at a time, returning when all are done or ctx ends.
	PollAll(ctx context.Context, reqs []feeds.Request, each func(feeds.Result))
}

// RefreshEvent reports one feed's outcome during Refresh.
type RefreshEvent struct {
	Result feeds.Result
	Saved  SaveStats
	Err    error // the poll's error, or the store's if saving failed
	Done   int   // feeds finished so far, this one included
	Total  int   // feeds being polled
}

// RefreshSummary totals one Refresh.
type RefreshSummary struct {
	Feeds   int // feeds considered
	OK      int
	Failed  int
	Skipped int // dead, or waiting out a Retry-After
	New     int // new articles
	Updated int
	Errors  []RefreshEvent // the failed feeds, in completion order
}

// saveQueue is how many polled feeds may wait to be prepared, and how many
// prepared ones to be saved.
const saveQueue = 8

// batchWait is how long the writer waits for more results to write in the
// same transaction as the first one it has (see Refresh).
const batchWait = 20 * time.Millisecond

// Refresh polls the feeds ids names (all when none) through p and saves
// each result as it arrives, each feed all or nothing (one transaction, or
// one for a batch when results arrive faster than they are written, with
// each result written again alone should the batch fail: see saveBatch),
// calling progress (if
// not nil) after each. A feed that fails records its error and the others go
// on. progress is called from one goroutine (not the caller's), one event
// at a time. It returns an error only when the feed list cannot be read.
//
// The work is a pipeline: the poller's goroutines fetch, parse, tag and
// analyze; GOMAXPROCS goroutines prepare each result for writing (see
// prepare); one goroutine writes, so that the write lock is held only for
// writes while the other cores go on parsing. The queues between the
// stages are short, which bounds how many parsed feeds wait in memory.
func (s *Store) Refresh(ctx context.Context, p Poller, progress func(RefreshEvent), ids ...int64) (RefreshSummary, error) {
	reqs, skip, err := s.PollPlan(ctx, ids...)
	if err != nil {
		return RefreshSummary{}, fmt.Errorf("refresh: %w", err)
	}
	sum := RefreshSummary{Feeds: len(reqs) + len(skip), Skipped: len(skip)}
	polled := make(chan feeds.Result, saveQueue)
	prepared := make(chan *preparedResult, saveQueue)
	var preparers, writer sync.WaitGroup
	for range max(1, runtime.GOMAXPROCS(0)) {
		preparers.Add(1)
		go func() {
			defer preparers.Done()
			for r := range polled {
				prepared <- s.prepare(r)
			}
		}()
	}
	writer.Add(1)
	go func() {
		defer writer.Done()
		done := 0
		var batch []*preparedResult
		for pr := range prepared {
			batch = gatherBatch(batch[:0], pr, prepared)
			for i, o := range s.saveRefreshBatch(ctx, batch) {
				r := batch[i].res
				ev := RefreshEvent{Result: r, Saved: o.stats, Err: r.Err, Total: len(reqs)}
				if o.err != nil && ev.Err == nil {
					// The event names the feed: say only what went
					// wrong, as recorded on the feed.
					ev.Err = o.err
					if !isMoved(o.err) {
						ev.Err = fmt.Errorf("not stored: %w", o.err)
					}
				}
				done++
				ev.Done = done
				if ev.Err != nil {
					sum.Failed++
					sum.Errors = append(sum.Errors, ev)
				} else {
					sum.OK++
					sum.New += ev.Saved.New
					sum.Updated += ev.Saved.Updated
				}
				if progress != nil {
					progress(ev)
				}
			}
		}
	}()
	p.PollAll(ctx, reqs, func(r feeds.Result) { polled <- r })
	close(polled)
	preparers.Wait()
	close(prepared)
	writer.Wait()
	return sum, nil
}

// gatherBatch returns batch (emptied by the caller) with first and what
// else more brings within batchWait, up to the batch limits: one commit
// for several feeds costs much less than one each (see saveBatch), and a
// fetch is not held up by the wait, since the pollers go on meanwhile.
func gatherBatch(batch []*preparedResult, first *preparedResult, more <-chan *preparedResult) []*preparedResult {
	batch = append(batch, first)
	items := len(first.items)
	wait := time.NewTimer(batchWait)
	defer wait.Stop()
	for !batchFull(len(batch), items) {
		select {
		case next, ok := <-more:
			if !ok {
				return batch
			}
			batch = append(batch, next)
			items += len(next.items)
		case <-wait.C:
			return batch
		}
	}
	return batch
}

// saveRefreshBatch saves Refresh's batch (see saveBatch), to the end even
// once ctx is done, except that a poll cut short by cancellation is not
// recorded as the feed's error: it is not saved. outs[i] is batch[i]'s
// outcome, zero for a result not saved.
func (s *Store) saveRefreshBatch(ctx context.Context, batch []*preparedResult) (outs []saveOutcome) {
	outs = make([]saveOutcome, len(batch))
	var save []*preparedResult
	var at []int // at[k] is save[k]'s index in batch
	for i, pr := range batch {
		if pr.res.Err == nil || ctx.Err() == nil {
			save = append(save, pr)
			at = append(at, i)
		}
	}
	if len(save) == 0 {
		return outs
	}
	for k, o := range s.saveBatch(context.WithoutCancel(ctx), save) {
		outs[at[k]] = o
	}
	return outs
}
