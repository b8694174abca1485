package ui

import "github.com/charmbracelet/bubbles/key"

// keyMap is every key the browser screens answer to. The help view (`?`)
// is drawn from it, so a key that is not here does not exist.
type keyMap struct {
	Up, Down, Top, Bottom, PageUp, PageDown key.Binding
	Enter, Back, Tab                        key.Binding

	Refresh, RefreshAll, Errors key.Binding
	Star, Read, Tags, Why       key.Binding
	Open, Copy                  key.Binding
	Filter, NextUnread          key.Binding
	MarkAll, HideRead           key.Binding
	Delete                      key.Binding
	Help, Quit, Suspend         key.Binding
}

func defaultKeys() keyMap {
	return keyMap{
		Up:         key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("↑/k", "up")),
		Down:       key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("↓/j", "down")),
		Top:        key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:     key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),
		PageUp:     key.NewBinding(key.WithKeys("pgup", "ctrl+b", "ctrl+u"), key.WithHelp("pgup", "page up")),
		PageDown:   key.NewBinding(key.WithKeys("pgdown", "ctrl+f", "ctrl+d", " "), key.WithHelp("pgdn/space", "page down")),
		Enter:      key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Back:       key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back")),
		Tab:        key.NewBinding(key.WithKeys("tab", "shift+tab"), key.WithHelp("tab", "next pane")),
		Refresh:    key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "refresh feed or folder")),
		RefreshAll: key.NewBinding(key.WithKeys("R"), key.WithHelp("R", "refresh all")),
		Errors:     key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "feed errors")),
		Star:       key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "star")),
		Read:       key.NewBinding(key.WithKeys("m"), key.WithHelp("m", "read/unread")),
		Tags:       key.NewBinding(key.WithKeys("t"), key.WithHelp("t", "edit tags")),
		Why:        key.NewBinding(key.WithKeys("w"), key.WithHelp("w", "why these tags")),
		Open:       key.NewBinding(key.WithKeys("o"), key.WithHelp("o / 3o", "open article / link [3]")),
		Copy:       key.NewBinding(key.WithKeys("y"), key.WithHelp("y / 3y", "copy its link / link [3]")),
		Filter:     key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		NextUnread: key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next unread")),
		MarkAll:    key.NewBinding(key.WithKeys("M"), key.WithHelp("M", "mark view read")),
		HideRead:   key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "hide/show read")),
		Delete:     key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "delete saved search")),
		Help:       key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:       key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),
		Suspend:    key.NewBinding(key.WithKeys("ctrl+z"), key.WithHelp("ctrl+z", "suspend")),
	}
}

// ShortHelp is the one-line help of the status bar (help.KeyMap).
func (k keyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Help, k.Enter, k.Tab, k.Filter, k.Star, k.Tags, k.RefreshAll, k.Quit}
}

// FullHelp is the `?` screen, one column per group (help.KeyMap).
func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.PageUp, k.PageDown, k.Enter, k.Back, k.Tab},
		{k.Star, k.Read, k.Tags, k.Why, k.Open, k.Copy, k.NextUnread, k.MarkAll},
		{k.Filter, k.HideRead, k.Delete, k.Refresh, k.RefreshAll, k.Errors, k.Help, k.Suspend, k.Quit},
	}
}

// FullHelp is the part of the `?` screen for the one-line editors and the
// y/n questions (help.KeyMap).
func (k promptKeys) FullHelp() [][]key.Binding {
	return [][]key.Binding{{k.Accept, k.Cancel, k.Complete, k.Save}, {k.Yes, k.No}}
}

// ShortHelp is FullHelp on one line (help.KeyMap).
func (k promptKeys) ShortHelp() []key.Binding {
	return []key.Binding{k.Accept, k.Cancel, k.Complete, k.Save, k.Yes, k.No}
}

// promptKeys are the keys of the one-line editors (filter, tag editor).
type promptKeys struct {
	Accept, Cancel, Complete, Save key.Binding
	Yes, No                        key.Binding // a y/n question
}

func defaultPromptKeys() promptKeys {
	return promptKeys{
		Accept:   key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Cancel:   key.NewBinding(key.WithKeys("esc", "ctrl+c"), key.WithHelp("esc", "cancel")),
		Complete: key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "complete a tag name")),
		Save:     key.NewBinding(key.WithKeys("ctrl+s"), key.WithHelp("ctrl+s", "apply and save as a search")),
		Yes:      key.NewBinding(key.WithKeys("y", "Y"), key.WithHelp("y", "yes")),
		No:       key.NewBinding(key.WithKeys("n", "N", "esc", "ctrl+c", "q"), key.WithHelp("n", "no")),
	}
}
