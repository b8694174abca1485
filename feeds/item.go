// Package feeds turns a feed URL into clean articles: HTTP polling with
// conditional GET and limits, charset decoding, parsing with gofeed, GUIDs,
// HTML to text, sanitizing of hostile text, language and direction detection,
// and OPML / newsboat urls import and export.
//
// Data flows one way: feeds produces Items, feeds/topics tags them, store
// keeps them. This package never imports store or ui.
package feeds

import (
	"context"
	"time"

	"github.com/nashra-reader/nashra/feeds/topics"
)

// Item is one feed entry (RSS <item>, Atom <entry>, JSON Feed item) after
// parsing and cleaning, ready to store. Every string field has passed the
// sanitizer: no escape sequences, C0/C1 controls or bidi embeddings/overrides
// remain (LRM/RLM/ALM are kept in Content only).
type Item struct {
	// GUID identifies the item within its feed: the feed's guid/id, else the
	// link, else a hash of the title (see ItemGUID); unique within one
	// Result (items sharing one get derived GUIDs, see Parse).
	GUID      string
	URL       string // absolute link to the article, "" if none
	Title     string
	Author    string
	Published *time.Time // nil when the feed gives no date or one that cannot be parsed
	Updated   *time.Time
	// Content is the cleaned text shown by the reader: paragraphs separated
	// by a blank line ("\n\n"), list items on their own lines starting with
	// "• ", links marked with their number in Links as "[n]".
	Content string
	// HTML is the original, uncleaned content (or description) as the feed
	// gave it. It is stored in a column that is never drawn.
	HTML       string
	Links      []Link // links found in the content, in the numbered order the reader shows
	Enclosures []Enclosure
	Lang       string // ISO 639-1 code detected from the text ("ar", "en", "he", "fa", "ur", …), "" if unknown
	Dir        string // "rtl" or "ltr"
	// ExplicitDir is the HTML dir attribute ("rtl"/"ltr") found on the
	// content's outermost element, "" if none. It wins over detection.
	ExplicitDir string
	// Tags are the automatic topic and entity tags with the terms that
	// fired them, set by the Poller's tagger (nil when it has none).
	Tags []topics.Tag
	// RawHash fingerprints what the item was made from (the feed's fields
	// before cleaning, the document's URL and language, the cleaning rules'
	// version and the tagger's rules) as 32 hex digits; "" when not
	// computed (Parse leaves it empty, the Poller sets it). The store keeps
	// it, and gives it back through Request.Known so that the next poll can
	// skip the item while it stays the same.
	RawHash string
	// Index holds the full-text index terms of Title, Content and Author
	// (arabic.IndexText of each), computed by the Poller from the tokens
	// it tags with, so that the text is analyzed once and outside the
	// store's write transaction; nil when not computed (the store then
	// analyzes the item itself).
	Index *IndexTerms
}

// IndexTerms are the full-text index terms of an item's fields:
// arabic.IndexText of each (normalized, stemmed words joined by spaces).
type IndexTerms struct {
	Title, Body, Author string
}

// Link is one hyperlink found in an item's content.
type Link struct {
	Text string
	URL  string // absolute
}

// Enclosure is an RSS <enclosure> or Atom link rel="enclosure".
type Enclosure struct {
	URL    string
	Type   string // MIME type as given
	Length int64  // bytes as given, 0 if unknown
}

// Meta is what a feed says about itself.
type Meta struct {
	Title    string
	SiteURL  string // the channel's <link> / Atom alternate link
	Language string // the feed's <language>, as given
	// Encoding is the charset the document was decoded from (WHATWG name,
	// lower case: "utf-8", "windows-1256", "iso-8859-6" …), for diagnostics.
	Encoding string
}

// Request is what the poller needs to poll one feed.
type Request struct {
	FeedID       int64
	URL          string
	ETag         string // from the previous response, for If-None-Match
	LastModified string // from the previous response, for If-Modified-Since
	// Known, when not nil, returns the raw hashes (Item.RawHash) stored for
	// those of guids that the feed's stored articles have (absent: not
	// stored, or stored without one). Poll asks once per parsed document,
	// for the items whose GUID it knows before cleaning, and leaves out of
	// Result.Items every item whose raw hash is unchanged: it is neither
	// cleaned, tagged nor stored again. An error makes Poll treat every
	// item as changed.
	Known func(ctx context.Context, guids []string) (map[string]string, error)
}

// Result is the outcome of polling one feed.
type Result struct {
	FeedID int64
	URL    string
	// NotModified is true when the server answered 304: nothing was parsed.
	NotModified  bool
	ETag         string // the response's ETag, "" if none
	LastModified string // the response's Last-Modified, "" if none
	Meta         Meta
	// Items are the items to store, in document order: all of them, or
	// with Request.Known only those new or changed since they were stored.
	Items []Item
	// Unchanged counts the items left out of Items because the store has
	// them as they are (see Request.Known).
	Unchanged int
	// Err is nil on success. On error nothing from the response is to be
	// stored except the error itself. Err.Error() is one line without the
	// feed URL, for display as "URL: reason" ("HTTP 404 Not Found",
	// "timeout after 30s", "truncated: …", "not a feed: HTML page (found
	// alternate feed …)"); errors.Is tells the kinds apart (ErrNotFeed,
	// ErrTruncated, ErrTimeout, … in errors.go; *StatusError for HTTP
	// statuses).
	Err error
	// MovedTo is the new URL after a permanent redirect (301/308), "" if
	// none: the last URL reached through permanent redirects only, set only
	// when the poll succeeded (2xx or 304). The store updates the feed's URL
	// and keeps the old one as an alias.
	MovedTo string
	// Gone is true when the server answered 410: the feed is dead. Err is
	// set too ("HTTP 410 Gone").
	Gone bool
	// RetryAfter is when to try again after 429/503 (from Retry-After, RFC
	// 9110 §10.2.3, else Config.DefaultRetryAfter, capped by
	// Config.MaxRetryAfter), zero otherwise. Err is set too.
	RetryAfter time.Time
	// Skipped is true when the feed was not polled (dead, or backing off).
	// The Poller never sets it: the caller, which knows the feed's state,
	// does.
	Skipped  bool
	Duration time.Duration
}
