package ui

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/nashra-reader/nashra/store"
)

// scopeQuery writes the feeds pane's view v as conditions of the query
// language (store.ParseQuery), so that a filter saved as a search (ctrl+s)
// keeps the place it was typed in: folder:"NAME" for a folder heading,
// feed:"URL" for a feed (the URL is the most specific text feed: matches),
// tag:"SLUG" for a topic, entity or user tag, is:unread and is:starred for
// Unread and Starred, and the search's own query, in parentheses, for a
// saved search. It returns "" for All. feedURL gives the URL of a feed ID
// ("" when unknown).
//
// The query language has no escape inside quotes: a quoted value ends at
// the next '"'. A URL with a '"' is written as several feed: terms, one
// per piece between the quotes (each must be contained, so the scope stays
// that feed); a folder name or tag with a '"' cannot be written, and the
// error says so.
func scopeQuery(v store.View, feedURL func(int64) string) (string, error) {
	var parts []string
	if v.Query != "" {
		parts = append(parts, "("+v.Query+")")
	}
	if v.Folder != "" {
		if strings.Contains(v.Folder, `"`) {
			return "", fmt.Errorf("the folder name %s has a \" that a query cannot quote (folder:\"…\")", v.Folder)
		}
		parts = append(parts, `folder:"`+v.Folder+`"`)
	}
	if v.FeedID != 0 {
		u := feedURL(v.FeedID)
		var terms []string
		for _, piece := range strings.Split(u, `"`) {
			if strings.IndexFunc(piece, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) >= 0 {
				terms = append(terms, `feed:"`+piece+`"`)
			}
		}
		if len(terms) == 0 {
			return "", fmt.Errorf("feed %d has no URL to scope the search with", v.FeedID)
		}
		parts = append(parts, terms...)
	}
	if v.Tag != "" {
		if strings.Contains(v.Tag, `"`) {
			return "", fmt.Errorf("the tag %s has a \" that a query cannot quote (tag:\"…\")", v.Tag)
		}
		parts = append(parts, `tag:"`+v.Tag+`"`)
	}
	if v.Starred {
		parts = append(parts, "is:starred")
	}
	if v.UnreadOnly {
		parts = append(parts, "is:unread")
	}
	return strings.Join(parts, " "), nil
}

// scopedQuery is query limited to the scope (scopeQuery's text): the scope,
// then the query in parentheses, so that an OR in it stays inside.
func scopedQuery(scope, query string) string {
	if scope == "" {
		return query
	}
	return scope + " (" + query + ")"
}

// feedURL is the URL of feed id as the feeds pane lists it, "" when the
// pane does not list it.
func (p *feedPane) feedURL(id int64) string {
	for i := range p.items {
		if f := p.items[i].feed; f != nil && f.ID == id {
			return f.URL
		}
	}
	return ""
}
