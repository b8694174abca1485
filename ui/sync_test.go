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
		case tea.QuitMsg:
			return
		default:
			_, next := m.Update(msg)
			queue = append(queue, next)
		}
	}
}

// runsSuspend runs cmd and what follows from it (without feeding the
// model) and reports whether it asks bubbletea to suspend.
func runsSuspend(cmd tea.Cmd) bool {
	queue := []tea.Cmd{cmd}
	for len(queue) > 0 {
		c := queue[0]
		queue = queue[1:]
		if c == nil {
			continue
		}
		switch msg := c().(type) {
		case tea.BatchMsg:
			queue = append(queue, msg...)
		case tea.SuspendMsg:
			return true
		}
	}
	return false
}

// typeText presses each rune of text in turn, as typing it does.
func typeText(tb testing.TB, m *Model, text string) {
	tb.Helper()
	for _, r := range text {
		press(tb, m, string(r))
	}
}

// press sends keys to m (a rune string, or a special key name such as
// "enter") and runs what follows.
func press(tb testing.TB, m *Model, keys ...string) {
	tb.Helper()
	for _, k := range keys {
		var msg tea.KeyMsg
		switch k {
		case "enter":
			msg = tea.KeyMsg{Type: tea.KeyEnter}
		case "esc":
			msg = tea.KeyMsg{Type: tea.KeyEsc}
		case "tab":
			msg = tea.KeyMsg{Type: tea.KeyTab}
		case "pgdown":
			msg = tea.KeyMsg{Type: tea.KeyPgDown}
		case "pgup":
			msg = tea.KeyMsg{Type: tea.KeyPgUp}
		case "backspace":
			msg = tea.KeyMsg{Type: tea.KeyBackspace}
		default:
			msg = tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(k)}
		}
		drive(tb, m, func() tea.Msg { return msg })
	}
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
