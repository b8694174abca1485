package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/adrg/xdg"
	"golang.org/x/net/http/httpguts"

	"github.com/nashra-reader/nashra/ui"
)

// Config is nashra's configuration: defaults (DefaultConfig), then the TOML
// file (docs/config.md documents every key), then the environment, then
// command-line flags, then Validate.
type Config struct {
	// Bidi says how right-to-left text is drawn: auto, app, terminal or off.
	Bidi string `toml:"bidi"`
	// RefreshInterval is how often the TUI polls every feed; 0 turns it off.
	RefreshInterval Duration `toml:"refresh_interval"`
	// Browser opens links: a program and its arguments; "" means $BROWSER,
	// else xdg-open.
	Browser string `toml:"browser"`
	// Rules is the user's tagging rules file; "" means rules.toml beside the
	// config file, used when it exists.
	Rules string `toml:"rules"`

	Poller PollerConfig `toml:"poller"`

	path string // where it was loaded from
	// bidiFrom names what set Bidi when not the file: "NASHRA_BIDI" or
	// "--bidi", for Validate's error.
	bidiFrom string
	// browserFromEnv: Browser came from $BROWSER, not from the file.
	browserFromEnv bool
}

// PollerConfig configures HTTP polling. Sizes are in megabytes.
type PollerConfig struct {
	Timeout          Duration `toml:"timeout"`           // whole response
	ConnectTimeout   Duration `toml:"connect_timeout"`   // TCP + TLS
	MaxBodyMB        int64    `toml:"max_body_mb"`       // on the wire
	MaxDecompressMB  int64    `toml:"max_decompress_mb"` // after gzip
	MaxRedirects     int      `toml:"max_redirects"`
	PerHost          int      `toml:"per_host"`    // requests in flight per host:port
	Concurrency      int      `toml:"concurrency"` // requests in flight in all
	UserAgent        string   `toml:"user_agent"`
	DefaultRetryWait Duration `toml:"default_retry_wait"` // 429/503 without Retry-After
}

// Duration is a time.Duration written in TOML as a string such as "15m".
type Duration struct{ time.Duration }

// UnmarshalText parses a Go duration string ("90s", "15m", "1h30m").
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(strings.TrimSpace(string(b)))
	if err != nil {
		return fmt.Errorf("invalid duration %q (use e.g. 30s, 15m, 1h)", b)
	}
	d.Duration = v
	return nil
}

// MarshalText writes the duration as a Go duration string.
func (d Duration) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// DefaultConfig returns the built-in defaults.
func DefaultConfig() *Config {
	return &Config{
		Bidi:            "auto",
		RefreshInterval: Duration{15 * time.Minute},
		Poller: PollerConfig{
			Timeout:          Duration{30 * time.Second},
			ConnectTimeout:   Duration{10 * time.Second},
			MaxBodyMB:        20,
			MaxDecompressMB:  64,
			MaxRedirects:     5,
			PerHost:          4,
			Concurrency:      16,
			DefaultRetryWait: Duration{30 * time.Minute},
		},
	}
}

// LoadConfig reads the TOML file at path over the defaults. A missing file
// means defaults; a malformed one is an error naming the file and line.
// Environment: BROWSER fills Browser when the file leaves it empty;
// NASHRA_BIDI overrides Bidi.
func LoadConfig(path string) (*Config, error) {
	cfg := DefaultConfig()
	cfg.path = path
	if path != "" {
		if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
			// A FIFO or device would block or never end the read.
			return nil, fmt.Errorf("config %s: not a regular file", path)
		}
		md, err := toml.DecodeFile(path, cfg)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			var pe toml.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("config %s: line %d: %s", path, pe.Position.Line, pe.Message)
			}
			return nil, fmt.Errorf("config %s: %w", path, err)
		default:
			if und := md.Undecoded(); len(und) > 0 {
				keys := make([]string, len(und))
				for i, k := range und {
					keys[i] = k.String()
				}
				return nil, fmt.Errorf("config %s: unknown keys: %s", path, strings.Join(keys, ", "))
			}
		}
	}
	if cfg.Browser == "" {
		cfg.Browser = os.Getenv("BROWSER")
		cfg.browserFromEnv = cfg.Browser != ""
	}
	if v := os.Getenv("NASHRA_BIDI"); v != "" {
		cfg.SetBidi(v, "NASHRA_BIDI")
	}
	return cfg, nil
}

// SetBidi sets Bidi from outside the file: from names where the value came
// from ("NASHRA_BIDI", "--bidi"), so that Validate blames it and not the
// file for a bad value.
func (c *Config) SetBidi(mode, from string) {
	c.Bidi, c.bidiFrom = mode, from
}

// Validate checks every value and returns an error naming the first bad one.
func (c *Config) Validate() error {
	bad := func(key, msg string) error {
		where := "config"
		if c.path != "" {
			where = "config " + c.path
		}
		return fmt.Errorf("%s: %s: %s", where, key, msg)
	}
	switch c.Bidi {
	case "auto", "app", "terminal", "off":
	default:
		msg := fmt.Sprintf("%q is not one of auto, app, terminal, off", c.Bidi)
		if c.bidiFrom != "" {
			return fmt.Errorf("%s: %s", c.bidiFrom, msg)
		}
		return bad("bidi", msg)
	}
	// The file's browser only: $BROWSER belongs to every program, and a
	// value nashra cannot split must not stop `nashra fetch` (o says why
	// it cannot open a link).
	if err := ui.CheckBrowser(c.Browser); err != nil && !c.browserFromEnv {
		return bad("browser", fmt.Sprintf("%q: %v", c.Browser, err))
	}
	if c.RefreshInterval.Duration < 0 || (c.RefreshInterval.Duration > 0 && c.RefreshInterval.Duration < time.Minute) {
		return bad("refresh_interval", "must be 0 (off) or at least 1m")
	}
	p := c.Poller
	switch {
	case p.Timeout.Duration <= 0:
		return bad("poller.timeout", "must be positive")
	case p.ConnectTimeout.Duration <= 0:
		return bad("poller.connect_timeout", "must be positive")
	case p.MaxBodyMB <= 0:
		return bad("poller.max_body_mb", "must be positive")
	case p.MaxDecompressMB <= 0:
		return bad("poller.max_decompress_mb", "must be positive")
	case p.MaxRedirects < 0 || p.MaxRedirects > 20:
		return bad("poller.max_redirects", "must be between 0 and 20")
	case p.PerHost <= 0:
		return bad("poller.per_host", "must be positive")
	case p.Concurrency <= 0:
		return bad("poller.concurrency", "must be positive")
	case p.DefaultRetryWait.Duration < 0:
		return bad("poller.default_retry_wait", "must not be negative")
	case !httpguts.ValidHeaderFieldValue(p.UserAgent):
		// Sent as the User-Agent field of every request (RFC 9110 §5.5,
		// §10.1.5): net/http refuses a control character in it.
		return bad("poller.user_agent", fmt.Sprintf("%q is not a valid HTTP field value (no control characters)", p.UserAgent))
	}
	return nil
}

// RulesPath returns the user rules file to load, or "" when there is none.
// An explicitly configured file must exist.
func (c *Config) RulesPath() (string, error) {
	if c.Rules != "" {
		p := c.Rules
		if strings.HasPrefix(p, "~/") {
			home, _ := os.UserHomeDir()
			p = filepath.Join(home, p[2:])
		}
		if _, err := os.Stat(p); err != nil {
			where := "config"
			if c.path != "" {
				where = "config " + c.path // only the file sets rules
			}
			return "", fmt.Errorf("%s: rules: %w", where, err)
		}
		return p, nil
	}
	dir := filepath.Join(xdg.ConfigHome, "nashra")
	if c.path != "" {
		dir = filepath.Dir(c.path)
	}
	p := filepath.Join(dir, "rules.toml")
	if _, err := os.Stat(p); err == nil {
		return p, nil
	}
	return "", nil
}
