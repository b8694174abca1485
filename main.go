// Command nashra is a terminal news reader for the AI industry in Arabic and
// English: it polls RSS, Atom and JSON feeds into SQLite, tags every article
// by topic and entity, and shows them in a keyboard-driven TUI where Arabic
// is drawn right to left, shaped and in the right order.
//
// Run without a command for the TUI; `nashra --help` lists the commands.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/adrg/xdg"
	"github.com/alecthomas/kong"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/feeds/topics"
	"github.com/nashra-reader/nashra/store"
)

// version is set at build time with -ldflags "-X main.version=…".
var version = "0.1.0-dev"

// Exit statuses.
const (
	exitOK          = 0
	exitFatal       = 1
	exitUsage       = 2
	exitFeedsFailed = 3
)

// CLI is the command line. Global flags may come before or after the
// command and its arguments.
type CLI struct {
	DB      string           `name:"db" help:"Database file." placeholder:"PATH" default:"${default_db}"`
	Config  string           `name:"config" help:"Configuration file (a missing file means defaults)." placeholder:"PATH" default:"${default_config}"`
	Bidi    string           `name:"bidi" help:"How to draw right-to-left text: auto, app, terminal or off (overrides the config file)." placeholder:"MODE"`
	Demo    bool             `name:"demo" help:"Open the TUI over bundled sample feeds, in a throwaway database (the TUI only)."`
	Version kong.VersionFlag `name:"version" help:"Print the version and exit."`

	TUI      tuiCmd      `cmd:"" default:"1" hidden:"" help:"Open the reader (the default)."`
	Add      addCmd      `cmd:"" help:"Subscribe to feeds (URLs or local files), without fetching."`
	Remove   removeCmd   `cmd:"" help:"Unsubscribe from a feed and delete its articles."`
	Import   importCmd   `cmd:"" help:"Import subscriptions from an OPML file or a newsboat urls file."`
	Export   exportCmd   `cmd:"" help:"Write the subscriptions as OPML 2.0 to standard output."`
	Fetch    fetchCmd    `cmd:"" help:"Poll every feed once, without the TUI (for cron)."`
	Articles articlesCmd `cmd:"" help:"List stored articles, newest first."`
	Retag    retagCmd    `cmd:"" help:"Re-apply the tagging rules to stored articles."`
	EvalTags evalTagsCmd `cmd:"" name:"eval-tags" help:"Compare the tagger with hand labels: precision, recall, F1."`
	Bidi2    bidiCmd     `cmd:"" name:"bidi" help:"Lay out logical text from stdin as nashra draws it (a filter for checking bidi)."`
	Dev      devCmd      `cmd:"" hidden:"" help:"Developer tools: generate a large database, serve generated feeds."`
}

// exitError carries an exit status other than 1 for an error.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

func usageErrorf(format string, args ...any) error {
	return &exitError{code: exitUsage, err: fmt.Errorf(format, args...)}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// run parses args and runs the chosen command, returning the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	var cli CLI
	exitCode := -1
	parser, err := kong.New(&cli,
		kong.Name("nashra"),
		kong.Description("A terminal news reader for the AI industry, in Arabic and English.\nRun without a command to open the reader."),
		kong.UsageOnError(),
		kong.ConfigureHelp(kong.HelpOptions{Compact: true}),
		kong.Vars{
			"default_db":     filepath.Join(xdg.DataHome, "nashra", "nashra.db"),
			"default_config": filepath.Join(xdg.ConfigHome, "nashra", "config.toml"),
			"version":        "nashra " + version,
		},
		kong.Writers(stdout, stderr),
		kong.Exit(func(code int) { exitCode = code }),
	)
	if err != nil {
		fmt.Fprintln(stderr, "nashra:", err)
		return exitFatal
	}
	kctx, err := parser.Parse(hoistCommandFlags(parser.Model.Node, args))
	if exitCode >= 0 { // --help or --version
		return exitCode
	}
	if err != nil {
		fmt.Fprintln(stderr, "nashra:", err)
		var pe *kong.ParseError
		if errors.As(err, &pe) && pe.Context != nil {
			fmt.Fprintf(stderr, "Run '%s --help' for usage.\n", strings.TrimSpace("nashra "+commandPath(pe.Context)))
		}
		return exitUsage
	}
	switch cli.Bidi {
	case "", "auto", "app", "terminal", "off":
	default:
		fmt.Fprintf(stderr, "nashra: --bidi: %q is not one of auto, app, terminal, off\n", cli.Bidi)
		return exitUsage
	}
	if sel := kctx.Selected(); cli.Demo && sel != nil && sel.Name != "tui" {
		// --demo is a global flag, so kong takes it anywhere; it only
		// means something to the TUI, and ignoring it would let
		// `nashra --demo add …` write to the user's own database.
		fmt.Fprintf(stderr, "nashra: --demo opens the reader over sample feeds in a throwaway database; it does not go with %q (run `nashra --demo` alone)\n", sel.Name)
		return exitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM, syscall.SIGHUP)
	defer stop()
	env := &env{cli: &cli, ctx: ctx, stdin: stdin, stdout: stdout, stderr: stderr}
	defer env.close()
	err = kctx.Run(env)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.code != exitFeedsFailed {
			fmt.Fprintln(stderr, "nashra:", ee.err)
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "nashra:", err)
	return exitFatal
}

// hoistCommandFlags moves a command's flags written before the command
// (nashra --json articles) to just after it, where the parser looks for
// them, so that flags may come before or after the command. Global flags
// (and their values) stay where they are; everything after "--" is left
// alone. Without a command word among args they are returned unchanged.
func hoistCommandFlags(root *kong.Node, args []string) []string {
	global := flagIndex(root.Flags)
	commands := map[string]bool{}
	// takesValue: the flags of every command, by spelling, and whether
	// they take a value (--limit 5) or not (--json).
	takesValue := map[string]bool{}
	var walk func(n *kong.Node)
	walk = func(n *kong.Node) {
		for name, f := range flagIndex(n.Flags) {
			takesValue[name] = takesValue[name] || !f.IsBool() && !f.IsCounter()
		}
		for _, c := range n.Children {
			walk(c)
		}
	}
	for _, c := range root.Children {
		if c.DefaultCmd == nil && c.Name != "" {
			commands[c.Name] = true
		}
		for _, a := range c.Aliases {
			commands[a] = true
		}
		walk(c)
	}
	var kept, moved []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--":
			return args
		case strings.HasPrefix(a, "-") && a != "-":
			name, _, hasValue := strings.Cut(a, "=")
			if f, ok := global[name]; ok {
				kept = append(kept, a)
				if !hasValue && !f.IsBool() && !f.IsCounter() && i+1 < len(args) {
					i++
					kept = append(kept, args[i])
				}
				continue
			}
			moved = append(moved, a)
			if takesValue[name] && !hasValue && i+1 < len(args) {
				i++ // its value, even when it reads like a command (--folder fetch)
				moved = append(moved, args[i])
			}
		case commands[a]:
			if len(moved) == 0 {
				return args
			}
			return append(append(append(kept, a), moved...), args[i+1:]...)
		default:
			// An argument before any command: the parser's to judge
			// (the default command's, or an error), with nothing moved.
			return args
		}
	}
	return args
}

// flagIndex maps each spelling of flags ("--name", "-n", aliases) to it.
func flagIndex(flags []*kong.Flag) map[string]*kong.Flag {
	m := map[string]*kong.Flag{}
	for _, f := range flags {
		m["--"+f.Name] = f
		for _, a := range f.Aliases {
			m["--"+a] = f
		}
		if f.Short != 0 {
			m["-"+string(f.Short)] = f
		}
	}
	return m
}

func commandPath(k *kong.Context) string {
	if k.Selected() == nil || k.Selected().Name == "tui" {
		return ""
	}
	return k.Selected().Path()
}

// env is what every command gets: the parsed flags, the configuration, and
// the store and services opened lazily.
type env struct {
	cli    *CLI
	ctx    context.Context
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer

	cfg     *Config
	st      *store.Store
	tg      *topics.Tagger
	pl      *feeds.Poller
	logFile *os.File
	log     *slog.Logger
}

// config loads the configuration once: defaults, then the file, then the
// environment, then flags, then validation.
func (e *env) config() (*Config, error) {
	if e.cfg != nil {
		return e.cfg, nil
	}
	cfg, err := LoadConfig(e.cli.Config)
	if err != nil {
		return nil, err
	}
	if e.cli.Bidi != "" {
		cfg.SetBidi(e.cli.Bidi, "--bidi")
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	e.cfg = cfg
	return cfg, nil
}

// existingStore is store for commands that only read (articles, export,
// remove): a database that does not exist yet is an error rather than
// created empty, so a mistyped --db says so.
func (e *env) existingStore() (*store.Store, error) {
	if e.st == nil {
		if _, err := os.Stat(e.cli.DB); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("no database at %s yet: `nashra add` or `nashra import` creates it", e.cli.DB)
		}
	}
	return e.store()
}

// store opens the database named by --db.
func (e *env) store() (*store.Store, error) {
	if e.st != nil {
		return e.st, nil
	}
	st, err := store.Open(e.cli.DB)
	if err != nil {
		return nil, err
	}
	e.st = st
	return st, nil
}

// logger logs to nashra.log under the XDG state directory; never to the
// terminal, which the TUI owns. When the file cannot be opened logs are
// discarded.
func (e *env) logger() *slog.Logger {
	if e.log != nil {
		return e.log
	}
	e.log = slog.New(slog.DiscardHandler)
	var out io.Writer = io.Discard
	p, err := xdg.StateFile(filepath.Join("nashra", "nashra.log"))
	if err == nil {
		if f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o600); err == nil {
			e.logFile = f
			out = f
			e.log = slog.New(slog.NewTextHandler(f, &slog.HandlerOptions{Level: slog.LevelInfo}))
		}
	}
	// Libraries that log through the standard logger (net/http does, on
	// input a hostile server controls) must not write over the TUI.
	log.SetOutput(out)
	slog.SetDefault(e.log)
	return e.log
}

func (e *env) close() {
	if e.st != nil {
		e.st.Close()
	}
	if e.logFile != nil {
		log.SetOutput(os.Stderr)
		e.logFile.Close()
	}
}
