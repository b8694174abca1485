package main

import (
	"fmt"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/feeds/topics"
)

// tagger builds the tagger from the built-in rules and the user's rules
// file, if there is one.
func (e *env) tagger() (*topics.Tagger, error) {
	if e.tg != nil {
		return e.tg, nil
	}
	cfg, err := e.config()
	if err != nil {
		return nil, err
	}
	rules := topics.DefaultRules()
	p, err := cfg.RulesPath()
	if err != nil {
		return nil, err
	}
	if p != "" {
		user, err := topics.LoadRules(p)
		if err != nil {
			return nil, err
		}
		rules = rules.Merge(user)
	}
	e.tg = topics.New(rules)
	return e.tg, nil
}

// poller builds the HTTP poller from the configuration, tagging with the
// tagger.
func (e *env) poller() (*feeds.Poller, error) {
	if e.pl != nil {
		return e.pl, nil
	}
	cfg, err := e.config()
	if err != nil {
		return nil, err
	}
	tg, err := e.tagger()
	if err != nil {
		return nil, err
	}
	pc := feeds.DefaultConfig()
	c := cfg.Poller
	pc.Timeout = c.Timeout.Duration
	pc.ConnectTimeout = c.ConnectTimeout.Duration
	pc.MaxBodyBytes = c.MaxBodyMB << 20
	pc.MaxDecodedBytes = c.MaxDecompressMB << 20
	pc.MaxRedirects = c.MaxRedirects
	pc.PerHost = c.PerHost
	pc.Concurrency = c.Concurrency
	if c.UserAgent != "" {
		pc.UserAgent = c.UserAgent
	}
	if c.DefaultRetryWait.Duration > 0 {
		pc.DefaultRetryAfter = c.DefaultRetryWait.Duration
	}
	if err := pc.Validate(); err != nil {
		return nil, fmt.Errorf("config: poller: %w", err)
	}
	e.pl = feeds.NewPoller(pc, tg)
	return e.pl, nil
}
