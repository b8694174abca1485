package main

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/nashra-reader/nashra/feeds/devfeeds"
	"github.com/nashra-reader/nashra/store"
	"github.com/nashra-reader/nashra/store/devdata"
)

// devCmd holds the developer tools behind issue 6's measurements. It is
// hidden from --help: nothing here is for readers.
type devCmd struct {
	GenDB devGenDBCmd `cmd:"" name:"gen-db" help:"Fill the database (--db) with generated feeds and articles."`
	Serve devServeCmd `cmd:"" help:"Serve generated RSS feeds on 127.0.0.1 (ETag, 304, gzip) until interrupted."`
}

type devGenDBCmd struct {
	Articles int    `default:"100000" help:"Articles to generate."`
	Feeds    int    `default:"500" help:"Feeds to spread them over."`
	Seed     uint64 `default:"1" help:"Random seed; the same seed gives the same articles."`
}

// Run generates c.Articles articles over c.Feeds feeds (about a third
// Arabic, with tags, 70% read, 1% starred) into the database named by --db,
// which must hold no articles yet. It does not run ANALYZE, so the database
// is what a user's would be.
func (c *devGenDBCmd) Run(e *env) error {
	if c.Articles <= 0 || c.Feeds <= 0 {
		return usageErrorf("dev gen-db: --articles and --feeds must be positive")
	}
	st, err := e.store()
	if err != nil {
		return err
	}
	n, err := st.Count(e.ctx, store.View{})
	if err != nil {
		return err
	}
	if n > 0 {
		return usageErrorf("dev gen-db: %s already holds %d articles: give a new --db", st.Path(), n)
	}
	start := time.Now()
	if err := devdata.Generate(e.ctx, st, devdata.Options{Articles: c.Articles, Feeds: c.Feeds, Seed: c.Seed}); err != nil {
		return err
	}
	if _, err := st.DB().ExecContext(e.ctx, "PRAGMA wal_checkpoint(TRUNCATE)"); err != nil {
		return fmt.Errorf("dev gen-db: checkpoint: %w", err)
	}
	fmt.Fprintf(e.stdout, "generated %d articles over %d feeds in %s: %s\n",
		c.Articles, c.Feeds, time.Since(start).Round(time.Millisecond), st.Path())
	return nil
}

type devServeCmd struct {
	Feeds int    `default:"500" help:"Feeds to serve."`
	Items int    `default:"50" help:"Items per feed."`
	Addr  string `default:"127.0.0.1:0" help:"Address to listen on (port 0: any free port)."`
	Hosts int    `default:"1" help:"Spread the feeds over this many ports, standing in for that many hosts."`
	Seed  uint64 `default:"1" help:"Random seed; the same seed gives the same feeds."`
	URLs  string `name:"urls" placeholder:"FILE" help:"Also write the feed URLs to FILE (a newsboat urls file; nashra import reads it too)."`
}

// Run serves the feeds until interrupted. stdout gets one feed URL per
// line; stderr says where the feeds are and how to add new items
// (POST /_bump?feeds=F&items=R).
func (c *devServeCmd) Run(e *env) error {
	if c.Feeds <= 0 || c.Items <= 0 {
		return usageErrorf("dev serve: --feeds and --items must be positive")
	}
	set := devfeeds.New(devfeeds.Options{Feeds: c.Feeds, Items: c.Items, Seed: c.Seed,
		EnglishWords: devdata.EnglishVocabulary(c.Seed), ArabicWords: devdata.ArabicVocabulary(c.Seed)})
	srv, err := devfeeds.Serve(set, c.Addr, c.Hosts)
	if err != nil {
		return err
	}
	defer srv.Close()
	urls := srv.URLs()
	if c.URLs != "" {
		if err := os.WriteFile(c.URLs, []byte(strings.Join(urls, "\n")+"\n"), 0o644); err != nil {
			return fmt.Errorf("dev serve: %w", err)
		}
	}
	for _, u := range urls {
		fmt.Fprintln(e.stdout, u)
	}
	addrs := srv.Addrs()
	fmt.Fprintf(e.stderr, "serving %d feeds of %d items on %s; POST http://%s/_bump?feeds=F&items=R adds R items to the first F feeds; ctrl+c stops\n",
		c.Feeds, c.Items, strings.Join(addrs, " "), addrs[0])
	<-e.ctx.Done()
	if err := srv.Close(); err != nil && !errors.Is(err, e.ctx.Err()) {
		return err
	}
	return nil
}
