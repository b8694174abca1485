package main

import (
	"errors"
	"fmt"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/store"
)

type fetchCmd struct{}

// Run polls every feed once. stderr gets one line per failed feed
// ("URL: reason"), stdout one summary line. Exit status 0 when every feed
// succeeded or was skipped, 3 when any failed.
func (c *fetchCmd) Run(e *env) error {
	e.logger()
	st, err := e.store()
	if err != nil {
		return err
	}
	p, err := e.poller()
	if err != nil {
		return err
	}
	canceled := 0
	sum, err := st.Refresh(e.ctx, p, func(ev store.RefreshEvent) {
		switch {
		case ev.Err == nil:
		case errors.Is(ev.Err, feeds.ErrCanceled) && e.ctx.Err() != nil:
			// Not polled because the user interrupted: not a failure of
			// the feed, and one line each would bury the summary.
			canceled++
		default:
			fmt.Fprintf(e.stderr, "%s: %s\n", ev.Result.URL, oneLine(ev.Err.Error()))
		}
	})
	if err != nil {
		return err
	}
	if e.ctx.Err() != nil {
		return fmt.Errorf("fetch interrupted: %d of %s polled (%d ok, %d failed), %s kept",
			sum.Feeds-canceled, plural(sum.Feeds, "feed", "feeds"), sum.OK, sum.Failed-canceled, plural(sum.New, "new article", "new articles"))
	}
	line := fmt.Sprintf("fetched %s: %d ok, %d failed", plural(sum.Feeds, "feed", "feeds"), sum.OK, sum.Failed)
	if sum.Skipped > 0 {
		line += fmt.Sprintf(", %d skipped", sum.Skipped)
	}
	fmt.Fprintf(e.stdout, "%s, %s\n", line, plural(sum.New, "new article", "new articles"))
	if sum.Failed > 0 {
		return &exitError{code: exitFeedsFailed, err: fmt.Errorf("%s failed", plural(sum.Failed, "feed", "feeds"))}
	}
	return nil
}
