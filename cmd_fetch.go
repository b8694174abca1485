package main

import (
	"fmt"

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
	sum, err := st.Refresh(e.ctx, p, func(ev store.RefreshEvent) {
		if ev.Err != nil {
			fmt.Fprintf(e.stderr, "%s: %s\n", ev.Result.URL, oneLine(ev.Err.Error()))
		}
	})
	if err != nil {
		return err
	}
	if e.ctx.Err() != nil {
		return fmt.Errorf("fetch interrupted")
	}
	line := fmt.Sprintf("fetched %d feeds: %d ok, %d failed", sum.Feeds, sum.OK, sum.Failed)
	if sum.Skipped > 0 {
		line += fmt.Sprintf(", %d skipped", sum.Skipped)
	}
	fmt.Fprintf(e.stdout, "%s, %d new articles\n", line, sum.New)
	if sum.Failed > 0 {
		return &exitError{code: exitFeedsFailed, err: fmt.Errorf("%d feeds failed", sum.Failed)}
	}
	return nil
}
