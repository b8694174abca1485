package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/term"

	"github.com/nashra-reader/nashra/feeds/demo"
	"github.com/nashra-reader/nashra/store"
	"github.com/nashra-reader/nashra/ui"
	"github.com/nashra-reader/nashra/ui/bidi"
)

type tuiCmd struct{}

// Run opens the TUI. With --demo it first starts the bundled sample feeds'
// server on 127.0.0.1, subscribes a throwaway database to them and lets the
// TUI poll them through the real poller.
func (c *tuiCmd) Run(e *env) error {
	if !term.IsTerminal(int(os.Stdin.Fd())) || !term.IsTerminal(int(os.Stdout.Fd())) {
		return errors.New("the reader needs a terminal; for scripts use `nashra articles` or `nashra fetch`")
	}
	cfg, err := e.config()
	if err != nil {
		return err
	}
	log := e.logger()
	title := ""
	refreshOnStart := false
	if e.cli.Demo {
		srv, err := demo.Start()
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		defer srv.Close()
		dir, err := os.MkdirTemp("", "nashra-demo-")
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		defer os.RemoveAll(dir)
		e.cli.DB = filepath.Join(dir, "demo.db")
		st, err := e.store()
		if err != nil {
			return err
		}
		for _, u := range srv.URLs() {
			if _, _, err := st.AddFeed(e.ctx, store.NewFeed{URL: u, Folders: []string{"demo"}}); err != nil {
				return fmt.Errorf("demo: %w", err)
			}
		}
		title = "nashra demo"
		refreshOnStart = true
	}
	st, err := e.store()
	if err != nil {
		return err
	}
	p, err := e.poller()
	if err != nil {
		return err
	}
	tg, err := e.tagger()
	if err != nil {
		return err
	}
	t, err := bidi.SetupTerm(e.ctx, cfg.Bidi, os.Stdin, os.Stdout, os.Getenv)
	if err != nil {
		return err
	}
	if perr := t.ProbeErr(); perr != nil {
		log.Info("bidi probe", "err", perr)
	}
	log.Info("tui start", "db", st.Path(), "bidi", t.Mode().String(), "demo", e.cli.Demo)
	return ui.Run(e.ctx, ui.Options{
		Store:           st,
		Poller:          p,
		Topics:          tg,
		Bidi:            t.Mode(),
		Term:            t,
		RefreshInterval: cfg.RefreshInterval.Duration,
		Browser:         cfg.Browser,
		RefreshOnStart:  refreshOnStart,
		Logger:          log,
		Title:           title,
	})
}
