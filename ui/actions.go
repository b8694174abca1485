package ui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"unicode"

	osc52 "github.com/aymanbagabas/go-osc52/v2"
	tea "github.com/charmbracelet/bubbletea"

	"github.com/nashra-reader/nashra/feeds"
)

// browserMsg reports that the browser was started (or could not be).
type browserMsg struct {
	url  string
	proc *exec.Cmd
	err  error
}

// copiedMsg reports y.
type copiedMsg struct {
	url string
	err error
}

// checkWebURL accepts only absolute http and https URLs with a host
// (feeds.SafeLink): o and y never hand file:, javascript: or other schemes
// from a feed to another program. It returns the URL to hand over (ASCII:
// punycode host, percent-encoded path).
func checkWebURL(raw string) (string, error) {
	u, ok := feeds.SafeLink(raw)
	if !ok {
		return "", fmt.Errorf("not opening the link: only http and https links are opened (%s)", feeds.DisplayURL(raw))
	}
	return u, nil
}

// browserCommand builds the argument vector that opens u: the $BROWSER-style
// command (which may carry arguments, quoted with ' or "; the first of a
// colon-separated list is used), with "%s" replaced by u or u appended.
// Empty browser means xdg-open (open on macOS).
func browserCommand(browser, u string) ([]string, error) {
	browser = firstBrowser(browser)
	if browser == "" {
		if runtime.GOOS == "darwin" {
			return []string{"open", u}, nil
		}
		return []string{"xdg-open", u}, nil
	}
	args, err := splitArgs(browser)
	if err != nil {
		return nil, fmt.Errorf("browser command %q: %w", browser, err)
	}
	if len(args) == 0 {
		return nil, errors.New("the browser command is blank")
	}
	replaced := false
	for i, a := range args[1:] {
		if strings.Contains(a, "%s") {
			args[i+1] = strings.ReplaceAll(a, "%s", u)
			replaced = true
		}
	}
	if !replaced {
		args = append(args, u)
	}
	return args, nil
}

// firstBrowser is the command browserCommand runs of browser: without
// the white space around it, and the first of a colon-separated list
// ("firefox:chromium", the old $BROWSER list) when what comes before the
// first colon holds no space or quote; "" for a blank one.
func firstBrowser(browser string) string {
	browser = strings.TrimSpace(browser)
	if i := strings.IndexByte(browser, ':'); i > 0 && !strings.ContainsAny(browser[:i], " '\"") {
		browser = browser[:i]
	}
	return browser
}

// CheckBrowser reports whether browser, the command that opens links
// (config key browser, or $BROWSER), can be split into a program and its
// arguments as o runs it (the first of a colon-separated list, see
// browserCommand): it returns splitArgs's error (an unterminated quote, a
// trailing backslash), or nil. An empty or blank command is valid
// (xdg-open is used).
func CheckBrowser(browser string) error {
	_, err := splitArgs(firstBrowser(browser))
	return err
}

// splitArgs splits a command line into words at white space, honouring
// single and double quotes and backslash escapes outside single quotes. It
// is not a shell: no variables, globs, pipes or redirections.
func splitArgs(s string) ([]string, error) {
	var args []string
	var cur strings.Builder
	inWord := false
	var quote rune
	esc := false
	for _, r := range s {
		switch {
		case esc:
			cur.WriteRune(r)
			esc = false
		case r == '\\' && quote != '\'':
			esc, inWord = true, true
		case quote != 0:
			if r == quote {
				quote = 0
			} else {
				cur.WriteRune(r)
			}
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case unicode.IsSpace(r):
			if inWord {
				args = append(args, cur.String())
				cur.Reset()
				inWord = false
			}
		default:
			cur.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, errors.New("unterminated quote")
	}
	if esc {
		return nil, errors.New("trailing backslash")
	}
	if inWord {
		args = append(args, cur.String())
	}
	return args, nil
}

// openBrowserCmd starts the browser on raw (an http(s) URL) as a program
// with arguments (os/exec, no shell), detached from the terminal's input
// and output.
func (c *common) openBrowserCmd(raw string) tea.Cmd {
	return func() tea.Msg {
		u, err := checkWebURL(raw)
		if err != nil {
			return browserMsg{err: err}
		}
		argv, err := browserCommand(c.browser, u)
		if err != nil {
			return browserMsg{err: err}
		}
		cmd := exec.Command(argv[0], argv[1:]...)
		cmd.Stdin, cmd.Stdout, cmd.Stderr = nil, nil, nil
		cmd.Env = os.Environ()
		if err := cmd.Start(); err != nil {
			return browserMsg{err: openError(argv[0], err, u)}
		}
		c.log.Info("opened link", "url", u, "browser", argv[0])
		return browserMsg{url: u, proc: cmd}
	}
}

// openError is the error of a browser that did not open URL u: the reason
// first and the URL after it, so that a status bar too narrow for both
// cuts the URL, not the reason ("cannot open link: xdg-open not found
// (https://…)"). It wraps err.
func openError(browser string, err error, u string) error {
	name, shown := filepath.Base(browser), feeds.DisplayURL(u)
	if errors.Is(err, exec.ErrNotFound) || errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("cannot open link: %s not found (%s): %w", name, shown, err)
	}
	return fmt.Errorf("cannot open link: %s: %w (%s)", name, err, shown)
}

// waitBrowserCmd reaps the browser process and reports a failure.
func waitBrowserCmd(p *exec.Cmd, u string) tea.Cmd {
	return func() tea.Msg {
		if err := p.Wait(); err != nil {
			return statusMsg{text: openError(p.Path, err, u).Error(), err: true}
		}
		return nil
	}
}

// copyCmd puts raw on the terminal's clipboard with OSC 52.
func (c *common) copyCmd(raw string) tea.Cmd {
	return func() tea.Msg {
		u, err := checkWebURL(raw)
		if err != nil {
			return copiedMsg{err: err}
		}
		if c.clipboard == nil {
			return copiedMsg{err: errors.New("copy: no terminal to send OSC 52 to")}
		}
		// Plain OSC 52: tmux passes it on with `set-clipboard on`.
		seq := osc52.New(u)
		if _, err := seq.WriteTo(c.clipboard); err != nil {
			return copiedMsg{err: fmt.Errorf("copy: %w", err)}
		}
		return copiedMsg{url: u}
	}
}
