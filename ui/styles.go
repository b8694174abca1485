package ui

import "github.com/charmbracelet/lipgloss"

// styles holds every lipgloss style the UI draws with. Styles only color and
// emphasize text that is already laid out and padded: none of them sets a
// width, so lipgloss never re-wraps a line the bidi engine produced.
type styles struct {
	Header     lipgloss.Style // the top bar
	PaneTitle  lipgloss.Style // first line of a pane
	PaneActive lipgloss.Style // first line of the focused pane
	Border     lipgloss.Style // the vertical rule between panes
	Cursor     lipgloss.Style // the selected row of the focused pane
	CursorDim  lipgloss.Style // the selected row of an unfocused pane
	Unread     lipgloss.Style
	Read       lipgloss.Style
	Starred    lipgloss.Style
	Folder     lipgloss.Style
	Count      lipgloss.Style
	ErrorMark  lipgloss.Style
	Date       lipgloss.Style
	FeedName   lipgloss.Style
	Title      lipgloss.Style // reader: the article's title
	Meta       lipgloss.Style // reader: feed, author, date
	Tag        lipgloss.Style
	UserTag    lipgloss.Style
	Link       lipgloss.Style
	Status     lipgloss.Style
	StatusErr  lipgloss.Style
	StatusOK   lipgloss.Style
	Prompt     lipgloss.Style
	InputCur   lipgloss.Style // the cell under the text cursor of an editor
	Suggestion lipgloss.Style
	Dim        lipgloss.Style
	// Search: the snippet line under a list row, and the words a filter
	// matched (in titles, snippets and the reader); HighlightCur is a
	// match inside the list's cursor row.
	Snippet      lipgloss.Style
	Highlight    lipgloss.Style
	HighlightCur lipgloss.Style
	Confirm      lipgloss.Style // a y/n question in the bottom bar
}

func defaultStyles() styles {
	accent := lipgloss.AdaptiveColor{Light: "#005f87", Dark: "#5fafd7"}
	subtle := lipgloss.AdaptiveColor{Light: "#808080", Dark: "#6c6c6c"}
	warn := lipgloss.AdaptiveColor{Light: "#af0000", Dark: "#ff5f5f"}
	star := lipgloss.AdaptiveColor{Light: "#af8700", Dark: "#ffd75f"}
	ok := lipgloss.AdaptiveColor{Light: "#008700", Dark: "#87d787"}
	match := lipgloss.AdaptiveColor{Light: "#af5f00", Dark: "#ffaf00"}
	snippet := lipgloss.AdaptiveColor{Light: "#585858", Dark: "#a8a8a8"}
	hl := lipgloss.NewStyle().Foreground(match).Bold(true)
	return styles{
		Header:     lipgloss.NewStyle().Bold(true).Foreground(accent),
		PaneTitle:  lipgloss.NewStyle().Foreground(subtle).Bold(true),
		PaneActive: lipgloss.NewStyle().Foreground(accent).Bold(true),
		Border:     lipgloss.NewStyle().Foreground(subtle),
		Cursor:     lipgloss.NewStyle().Reverse(true),
		CursorDim:  lipgloss.NewStyle().Underline(true),
		Unread:     lipgloss.NewStyle().Bold(true),
		Read:       lipgloss.NewStyle().Foreground(subtle),
		Starred:    lipgloss.NewStyle().Foreground(star),
		Folder:     lipgloss.NewStyle().Foreground(accent),
		Count:      lipgloss.NewStyle().Foreground(subtle),
		ErrorMark:  lipgloss.NewStyle().Foreground(warn).Bold(true),
		Date:       lipgloss.NewStyle().Foreground(subtle),
		FeedName:   lipgloss.NewStyle().Foreground(accent),
		Title:      lipgloss.NewStyle().Bold(true),
		Meta:       lipgloss.NewStyle().Foreground(subtle),
		Tag:        lipgloss.NewStyle().Foreground(accent),
		UserTag:    lipgloss.NewStyle().Foreground(star),
		Link:       lipgloss.NewStyle().Foreground(accent).Underline(true),
		Status:     lipgloss.NewStyle().Foreground(subtle),
		StatusErr:  lipgloss.NewStyle().Foreground(warn).Bold(true),
		StatusOK:   lipgloss.NewStyle().Foreground(ok),
		Prompt:     lipgloss.NewStyle().Foreground(accent).Bold(true),
		InputCur:   lipgloss.NewStyle().Reverse(true),
		Suggestion: lipgloss.NewStyle().Foreground(subtle),
		Dim:        lipgloss.NewStyle().Foreground(subtle),

		Snippet:      lipgloss.NewStyle().Foreground(snippet),
		Highlight:    hl,
		HighlightCur: hl.Reverse(true),
		Confirm:      lipgloss.NewStyle().Foreground(star).Bold(true),
	}
}

// lipglossNone draws text as it is.
var lipglossNone = lipgloss.NewStyle()
