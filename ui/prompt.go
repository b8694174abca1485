package ui

import (
	"errors"
	"sort"
	"strings"

	"github.com/charmbracelet/bubbles/key"
	"github.com/charmbracelet/bubbles/textinput"
	tea "github.com/charmbracelet/bubbletea"
	"github.com/charmbracelet/x/ansi"

	"github.com/nashra-reader/nashra/store"
	"github.com/nashra-reader/nashra/ui/bidi"
)

// inputLine is a one-line editor. bubbles/textinput keeps the text and the
// cursor and interprets the editing keys; the line is drawn through
// bidi.Field so that typed Arabic reads right while it is typed.
type inputLine struct {
	c     *common
	ti    textinput.Model
	label string
}

func newInputLine(c *common, label string) inputLine {
	ti := textinput.New()
	ti.Prompt = ""
	ti.CharLimit = 512
	ti.Focus()
	return inputLine{c: c, ti: ti, label: label}
}

// update passes an editing key to the text input.
func (in *inputLine) update(msg tea.Msg) {
	in.ti, _ = in.ti.Update(msg)
}

func (in *inputLine) value() string { return in.ti.Value() }

func (in *inputLine) setValue(s string) {
	in.ti.SetValue(s)
	in.ti.CursorEnd()
}

// view draws "label text" in w cells with the text cursor in reverse video.
func (in *inputLine) view(w int) string {
	st := &in.c.styles
	label := in.label
	lw := ansiWidth(label)
	fw := max(w-lw-1, 1)
	// Field returns exactly fw cells, scrolled so the cursor is visible,
	// and the cursor's column in them. Text narrower than the field is
	// laid out in its own width and drawn from the label on, whatever its
	// direction: right-aligned, typed Arabic would land at the far edge
	// of a wide screen, away from the label the eye is on.
	o := bidi.Options{Base: bidi.Auto, Mode: in.c.bidi}
	line, col := bidi.Field(in.ti.Value(), 0, in.ti.Position(), o)
	if line.Width > fw {
		line, col = bidi.Field(in.ti.Value(), fw, in.ti.Position(), o)
	} else {
		// The line as Field lays it out in a box of its own width: the
		// cursor's column kept inside the box (Field's last step).
		if line.Width > 0 {
			col = max(0, min(col, line.Width-1))
		}
		line.Text += blank(fw - line.Width)
	}
	text := line.Text
	cc := min(max(col, 0), max(fw-1, 0))
	before := ansi.Cut(text, 0, cc)
	under := ansi.Cut(text, cc, cc+1)
	after := ansi.Cut(text, cc+1, fw)
	if under == "" {
		under = " "
	}
	return st.Prompt.Render(label) + before + st.InputCur.Render(under) + after + " "
}

// filterPrompt is the `/` editor: the query language, checked as it is
// typed with store.ParseQuery; tab completes the value of a tag: term at
// the end of the text from the tags in use.
type filterPrompt struct {
	in  inputLine
	err error    // the parse error of the current text
	all []string // every tag in use, for completion

	// completion cycling: the tag prefix being completed, the last match
	// given (-1: not completing) and the matches shown under the line
	compBase string
	compIdx  int
	shown    []string
	keys     promptKeys
}

func newFilterPrompt(c *common, current string, all []string) *filterPrompt {
	p := &filterPrompt{in: newInputLine(c, "/ "), all: all, compIdx: -1, keys: defaultPromptKeys()}
	p.in.setValue(current)
	p.check()
	return p
}

func (p *filterPrompt) check() {
	_, err := store.ParseQuery(p.in.value())
	p.err = err
}

// update handles a key that is not accept/cancel/save.
func (p *filterPrompt) update(msg tea.KeyMsg) {
	if key.Matches(msg, p.keys.Complete) {
		p.complete()
	} else {
		p.compIdx, p.shown = -1, nil
		p.in.update(msg)
	}
	p.check()
}

// tagTerm splits the text at the tag: term it ends with: head is the text
// before the tag's value ("… -tag:" included, the user's spelling of
// "tag:" kept), value is what was typed of it; ok is false when the text
// does not end with a tag: term.
func (p *filterPrompt) tagTerm() (head, value string, ok bool) {
	v := p.in.value()
	i := strings.LastIndexAny(v, " \t(") + 1
	w := strings.TrimPrefix(v[i:], "-")
	if len(w) < 4 || !strings.EqualFold(w[:4], "tag:") {
		return "", "", false
	}
	j := len(v) - len(w) + 4
	return v[:j], v[j:], true
}

// complete replaces the value of the tag: term being typed with the next
// tag in use that starts with it (case-insensitively), in sorted order.
func (p *filterPrompt) complete() {
	head, value, ok := p.tagTerm()
	if !ok {
		p.compIdx, p.shown = -1, nil
		return
	}
	if p.compIdx < 0 {
		p.compBase = value
	}
	m := withPrefix(p.all, p.compBase)
	if len(m) == 0 {
		p.compIdx, p.shown = -1, nil
		return
	}
	p.compIdx = (p.compIdx + 1) % len(m)
	p.shown = m
	p.in.setValue(head + m[p.compIdx])
}

// view draws the editor line and, below it, the parse error or a hint.
func (p *filterPrompt) view(w int) []string {
	st := &p.in.c.styles
	second := st.Dim.Render(" " + p.in.c.cell("enter applies · esc cancels · ctrl+s saves · words \"a phrase\" -not a OR b (…) tag: feed: folder: is:unread lang:ar since: before: · full syntax: ? in the list", w-1, bidi.LTR))
	if p.err != nil {
		msg := p.err.Error()
		var qe *store.QueryError
		if errors.As(p.err, &qe) {
			msg = qe.Error()
		}
		second = st.StatusErr.Render(padRight(" "+msg, w))
	}
	if len(p.shown) > 0 {
		second = st.Suggestion.Render(p.in.c.cell(" "+isolatedList(p.shown), w, bidi.LTR))
	}
	return []string{p.in.view(w), second}
}

// tagEditor is the `t` editor: words to add, -words to remove, tab
// completes the word under the cursor from the tags in use.
type tagEditor struct {
	in        inputLine
	articleID int64
	current   []store.Tag
	all       []string // every tag in use, for completion

	// completion cycling: the word being completed and the next match
	compBase string
	compIdx  int
	keys     promptKeys
}

func newTagEditor(c *common, a *store.Article, all []string) *tagEditor {
	e := &tagEditor{in: newInputLine(c, "tags> "), articleID: a.ID, current: a.Tags, all: all,
		keys: defaultPromptKeys(), compIdx: -1}
	return e
}

// words splits the editor's text into tags to add and to remove. "name" and
// "+name" add; "-name" removes.
func (e *tagEditor) words() (add, remove []string) {
	for _, w := range strings.Fields(e.in.value()) {
		switch {
		case strings.HasPrefix(w, "-") && len(w) > 1:
			remove = append(remove, w[1:])
		case strings.HasPrefix(w, "+") && len(w) > 1:
			add = append(add, w[1:])
		case w != "-" && w != "+":
			add = append(add, w)
		}
	}
	return add, remove
}

// lastWord is the word being typed (the text after the last space) and its
// sign.
func (e *tagEditor) lastWord() (sign, word string) {
	v := e.in.value()
	i := strings.LastIndexAny(v, " \t")
	w := v[i+1:]
	if strings.HasPrefix(w, "-") || strings.HasPrefix(w, "+") {
		return w[:1], w[1:]
	}
	return "", w
}

// matches are the completions of the word being typed: for "-word" the
// article's own tags, else every tag in use that the article lacks.
func (e *tagEditor) matches() []string {
	sign, w := e.lastWord()
	if e.compIdx >= 0 {
		w = e.compBase
	}
	has := map[string]bool{}
	for _, t := range e.current {
		has[t.Name] = true
	}
	var pool []string
	if sign == "-" {
		for _, t := range e.current {
			pool = append(pool, t.Name)
		}
	} else {
		for _, t := range e.all {
			if !has[t] {
				pool = append(pool, t)
			}
		}
	}
	return withPrefix(pool, w)
}

// withPrefix is the tags of pool that start with prefix, compared
// case-insensitively, in sorted order: the completions of both editors.
func withPrefix(pool []string, prefix string) []string {
	lp := strings.ToLower(prefix)
	var out []string
	for _, t := range pool {
		if strings.HasPrefix(strings.ToLower(t), lp) {
			out = append(out, t)
		}
	}
	sort.Strings(out)
	return out
}

// isolatedList is tag names, each in its own isolate (isolateTag), two
// spaces apart: a line of completions where Arabic and Latin names side by
// side keep their own directions.
func isolatedList(names []string) string {
	shown := make([]string, len(names))
	for i, t := range names {
		shown[i] = isolateTag(t)
	}
	return strings.Join(shown, "  ")
}

// complete replaces the word being typed with the next completion.
func (e *tagEditor) complete() {
	sign, w := e.lastWord()
	if e.compIdx < 0 {
		e.compBase = w
	}
	m := e.matches()
	if len(m) == 0 {
		e.compIdx = -1
		return
	}
	e.compIdx = (e.compIdx + 1) % len(m)
	v := e.in.value()
	i := strings.LastIndexAny(v, " \t")
	e.in.setValue(v[:i+1] + sign + m[e.compIdx])
}

// update handles a key that is not accept/cancel.
func (e *tagEditor) update(msg tea.KeyMsg) {
	if key.Matches(msg, e.keys.Complete) {
		e.complete()
		return
	}
	e.compIdx = -1
	e.in.update(msg)
}

// view draws three lines: the article's tags, the editor, completions.
func (e *tagEditor) view(w int) []string {
	st := &e.in.c.styles
	var cur []string
	for _, t := range e.current {
		// Each name in its own isolate, its * outside: Arabic names
		// side by side would otherwise run together and take each
		// other's marks.
		n := isolate(t.Name)
		if t.Source == "user" {
			n += "*"
		}
		cur = append(cur, n)
	}
	head := " tags: " + strings.Join(cur, "  ")
	if len(cur) == 0 {
		head = " no tags yet"
	}
	first := st.Tag.Render(e.in.c.cell(head, w, bidi.LTR))
	m := e.matches()
	hint := " word adds, -word removes, tab completes · enter applies · esc cancels"
	if len(m) > 0 && (e.compIdx >= 0 || func() bool { _, lw := e.lastWord(); return lw != "" }()) {
		hint = " " + isolatedList(m)
	}
	return []string{first, e.in.view(w), st.Suggestion.Render(e.in.c.cell(hint, w, bidi.LTR))}
}
