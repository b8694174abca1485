package ui

import (
	"strings"
	"testing"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/nashra-reader/nashra/store"
)

// syncModel builds a model over s with timers off, sized w×h, and runs its
// Init commands to completion, so View can be checked directly.
func syncModel(tb testing.TB, s *store.Store, w, h int) *Model {
	tb.Helper()
	return syncModelWith(tb, Options{Store: s, Topics: fixtureTopics{}, Now: fixtureNow}, w, h)
}

// syncModelWith is syncModel for other options than the fixture's.
func syncModelWith(tb testing.TB, o Options, w, h int) *Model {
	tb.Helper()
	m := newModel(o)
	m.c.noTimers = true
	tb.Cleanup(m.c.cancel)
	drive(tb, m, resize(w, h))
	drive(tb, m, m.Init())
	return m
}

// drive runs cmd and every command that follows from it, synchronously,
// feeding each message to m.Update. Timers must be off (m.c.noTimers).
func drive(tb testing.TB, m *Model, cmd tea.Cmd) {
	tb.Helper()
	runCmds(cmd, func(msg tea.Msg) (tea.Cmd, bool) {
		if _, ok := msg.(tea.QuitMsg); ok {
			return nil, true
		}
		_, next := m.Update(msg)
		return next, false
	})
}

// runsSuspend runs cmd and what follows from it (without feeding the
// model) and reports whether it asks bubbletea to suspend.
func runsSuspend(cmd tea.Cmd) bool {
	suspends := false
	runCmds(cmd, func(msg tea.Msg) (tea.Cmd, bool) {
		_, suspends = msg.(tea.SuspendMsg)
		return nil, suspends
	})
	return suspends
}

// runCmds runs cmd and the commands of every batch, in order, handing
// each other message (nil ones left out) to f, which returns a command to
// run after them and whether to stop.
func runCmds(cmd tea.Cmd, f func(tea.Msg) (next tea.Cmd, stop bool)) {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case nil:
		case tea.BatchMsg:
			queue = append(queue, msg...)
		default:
			next, stop := f(msg)
			if stop {
				return
			}
			queue = append(queue, next)
		}
	}
}

// typeText presses each rune of text in turn, as typing it does.
func typeText(tb testing.TB, m *Model, text string) {
	tb.Helper()
	for _, r := range text {
		press(tb, m, string(r))
	}
}

// press sends keys to m (a rune string, or a special key name such as
// "enter", see keyMsg) and runs what follows.
func press(tb testing.TB, m *Model, keys ...string) {
	tb.Helper()
	for _, k := range keys {
		msg := keyMsg(k)
		drive(tb, m, func() tea.Msg { return msg })
	}
}

// keyMsg is the key k: a special key by its bubbletea name, else the runes
// of k typed at once.
func keyMsg(k string) tea.KeyMsg {
	if t, ok := namedKeys[k]; ok {
		return tea.KeyMsg{Type: t}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
}

// namedKeys are the special keys keyMsg knows by name.
var namedKeys = map[string]tea.KeyType{
	"enter": tea.KeyEnter, "esc": tea.KeyEsc, "tab": tea.KeyTab,
	"pgdown": tea.KeyPgDown, "pgup": tea.KeyPgUp, "backspace": tea.KeyBackspace,
	"ctrl+s": tea.KeyCtrlS, "ctrl+u": tea.KeyCtrlU,
}

// filtered is a model over the fixture database (fillStore), w×h, with
// query typed into / and applied.
func filtered(t *testing.T, w, h int, query string) *Model {
	t.Helper()
	s := openStore(t)
	fillStore(t, s)
	m := syncModel(t, s, w, h)
	press(t, m, "/")
	typeText(t, m, query)
	press(t, m, "enter")
	return m
}

// checkFrame asserts that a frame has exactly h lines of exactly w cells.
func checkFrame(t *testing.T, frame string, w, h int) {
	t.Helper()
	lines := strings.Split(frame, "\n")
	if len(lines) != h {
		t.Errorf("frame has %d lines, want %d", len(lines), h)
	}
	for i, l := range lines {
		if got := ansi.StringWidth(l); got != w {
			t.Errorf("line %d is %d cells wide, want %d: %q", i, got, w, ansi.Strip(l))
		}
	}
}

func resize(w, h int) tea.Cmd {
	return func() tea.Msg { return tea.WindowSizeMsg{Width: w, Height: h} }
}
