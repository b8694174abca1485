package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	tea "github.com/charmbracelet/bubbletea"
)

// Run runs the TUI in the terminal (alternate screen) until the user quits
// or ctx ends. bubbletea puts the terminal back on exit and on a panic; when
// o.Term is set, the bidi mode the terminal had before is put back on exit,
// on suspend (ctrl+z), on a panic and on SIGINT/SIGTERM/SIGHUP, and switched
// again on resume. Run waits for the refresh it started before returning.
// Errors: o.Store missing, or the program's own error (ctx ending, or a
// signal, is not one).
func Run(ctx context.Context, o Options) (err error) {
	if o.Store == nil {
		return errors.New("ui: no store")
	}
	if o.Clipboard == nil {
		o.Clipboard = os.Stdout
	}
	m := newModel(o)
	defer m.c.cancel()

	if t := m.c.term; t != nil {
		if err := t.Enter(); err != nil {
			m.c.log.Warn("bidi terminal mode", "err", err)
		}
		defer t.Restore()
		defer t.RestoreOnPanic()
		stop := t.WatchSignals()
		defer stop()
	}

	// SIGHUP (and SIGTERM, SIGINT from outside) end the program through ctx,
	// so the deferred restores run.
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()

	p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithContext(ctx))
	_, err = p.Run()
	m.c.cancel()
	if m.refresh.cancel != nil {
		m.refresh.cancel()
	}
	m.c.wg.Wait()
	if err != nil && (ctx.Err() != nil || errors.Is(err, tea.ErrInterrupted)) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("ui: %w", err)
	}
	return nil
}

// resumeCmd switches the terminal's bidi mode again after a suspend.
func resumeCmd(c *common) tea.Cmd {
	if c.term == nil {
		return nil
	}
	return func() tea.Msg {
		if err := c.term.Resume(); err != nil {
			c.log.Warn("bidi terminal mode", "err", err)
		}
		return nil
	}
}

// suspend puts the terminal's bidi mode back and suspends the program
// (ctrl+z); tea.ResumeMsg switches it again.
func suspend(c *common) tea.Cmd {
	return func() tea.Msg {
		if c.term != nil {
			if err := c.term.Suspend(); err != nil {
				c.log.Warn("restore bidi terminal mode", "err", err)
			}
		}
		return tea.Suspend()
	}
}
