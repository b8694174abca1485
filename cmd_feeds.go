package main

import (
	"errors"
	"fmt"
	"io/fs"
	"net/netip"
	"os"
	"path/filepath"
	"strings"

	"github.com/nashra-reader/nashra/feeds"
	"github.com/nashra-reader/nashra/feeds/opml"
	"github.com/nashra-reader/nashra/store"
)

type addCmd struct {
	URLs   []string `arg:"" name:"url" help:"Feed URLs (http, https, file://) or local file paths."`
	Title  string   `help:"Title to show instead of the feed's own (only with one URL)."`
	Folder []string `help:"Folder (feed tag) to put the feeds in; may repeat."`
}

func (c *addCmd) Run(e *env) error {
	if c.Title != "" && len(c.URLs) > 1 {
		return usageErrorf("--title needs exactly one URL")
	}
	// Each address normalized, and for a local file why it cannot be read
	// now, checked once: that refuses a web address written without its
	// scheme, and is the warning when the subscription is added.
	type sub struct {
		url, path  string
		unreadable error
	}
	var subs []sub
	for _, u := range c.URLs {
		n, err := feeds.NormalizeURL(u)
		if err != nil {
			return usageErrorf("add: %v", err)
		}
		path, reason := unreadableFeedFile(n)
		if errors.Is(reason, fs.ErrNotExist) {
			if web, ok := webAddressWithoutScheme(u); ok {
				return usageErrorf("add: %s: no such file; a web feed is added with its scheme: nashra add %s", u, web)
			}
		}
		subs = append(subs, sub{n, path, reason})
	}
	st, err := e.store()
	if err != nil {
		return err
	}
	for _, f := range subs {
		_, created, err := st.AddFeed(e.ctx, store.NewFeed{URL: f.url, Title: c.Title, Folders: c.Folder})
		if err != nil {
			return err
		}
		if created {
			fmt.Fprintf(e.stdout, "added %s\n", f.url)
			if f.unreadable != nil {
				fmt.Fprintf(e.stderr, "nashra: warning: %s: %v (fetch reports it until it is readable)\n", f.path, f.unreadable)
			}
		} else {
			// The store still took --title and --folder (AddFeed): say so,
			// or the message reads as "nothing done".
			var changed []string
			if c.Title != "" {
				changed = append(changed, fmt.Sprintf("title set to %q", c.Title))
			}
			if len(c.Folder) > 0 {
				noun := "folder "
				if len(c.Folder) > 1 {
					noun = "folders "
				}
				changed = append(changed, "in "+noun+strings.Join(c.Folder, ", "))
			}
			if len(changed) > 0 {
				fmt.Fprintf(e.stdout, "already subscribed: %s (%s)\n", f.url, strings.Join(changed, "; "))
			} else {
				fmt.Fprintf(e.stdout, "already subscribed: %s\n", f.url)
			}
		}
	}
	return nil
}

type removeCmd struct {
	URL string `arg:"" name:"url" help:"The feed's URL or file path, as added."`
	Yes bool   `short:"y" help:"Remove even when some articles are starred or tagged by you."`
}

func (c *removeCmd) Run(e *env) error {
	u, err := feeds.NormalizeURL(c.URL)
	if err != nil {
		return usageErrorf("remove: %v", err)
	}
	st, err := e.existingStore()
	if err != nil {
		return err
	}
	f, err := st.FeedByURL(e.ctx, u)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("remove: not subscribed to %s", u)
	}
	if err != nil {
		return err
	}
	starred, tagged, err := st.UserState(e.ctx, f.ID)
	if err != nil {
		return err
	}
	if (starred > 0 || tagged > 0) && !c.Yes {
		return usageErrorf("remove: %s has %d starred and %d tagged articles; run again with --yes to delete them",
			f.URL, starred, tagged)
	}
	if err := st.RemoveFeed(e.ctx, f.ID); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "removed %s (%s)\n", f.URL, plural(int(f.Total), "article", "articles"))
	return nil
}

type importCmd struct {
	File string `arg:"" name:"file" help:"An OPML (1.0, 1.1, 2.0) or newsboat urls file."`
}

func (c *importCmd) Run(e *env) error {
	if fi, err := os.Stat(c.File); err != nil {
		return fmt.Errorf("import: %w", err)
	} else if !fi.Mode().IsRegular() {
		// A FIFO or a device would block the read, or never end.
		return fmt.Errorf("import %s: not a regular file", c.File)
	}
	data, err := os.ReadFile(c.File)
	if err != nil {
		return fmt.Errorf("import: %w", err)
	}
	abs, _ := filepath.Abs(c.File)
	list, err := opml.ParseWithBase(data, filepath.Dir(abs))
	if err != nil {
		return fmt.Errorf("import %s: %w", c.File, err)
	}
	st, err := e.store()
	if err != nil {
		return err
	}
	subs := make([]store.NewFeed, 0, len(list.Subscriptions))
	for _, s := range list.Subscriptions {
		subs = append(subs, store.NewFeed{URL: s.URL, Title: s.Title, SiteURL: s.SiteURL, Folders: s.Folders})
		// A web address written without http:// (example.com/rss) reads
		// as a file path: say so now rather than at fetch.
		if path, reason := unreadableFeedFile(s.URL); reason != nil {
			fmt.Fprintf(e.stderr, "%s: warning: %s: %v (imported; fetch reports it until it is readable)\n", c.File, path, reason)
		}
	}
	var searches []store.SavedSearch
	for _, q := range list.Searches {
		query, err := translateNewsboatQuery(q.Query)
		if err == nil {
			// What the translation gives must be a query nashra reads
			// (flags # "" becomes an empty tag:).
			_, err = store.ParseQuery(query)
		}
		if err != nil {
			fmt.Fprintf(e.stderr, "%s: line %d: query %q skipped: %v\n", c.File, q.Line, q.Title, err)
			continue
		}
		searches = append(searches, store.SavedSearch{Title: q.Title, Query: query})
	}
	for _, note := range list.Skipped {
		fmt.Fprintf(e.stderr, "%s: %s\n", c.File, note)
	}
	created, err := st.Import(e.ctx, subs, searches)
	if err != nil {
		return fmt.Errorf("import %s: %w", c.File, err)
	}
	fmt.Fprintf(e.stdout, "imported %s (%d new)\n", plural(len(subs), "feed", "feeds"), created)
	if len(searches) > 0 {
		fmt.Fprintf(e.stdout, "kept %s\n", plural(len(searches), "saved search", "saved searches"))
	}
	return nil
}

type exportCmd struct{}

func (c *exportCmd) Run(e *env) error {
	st, err := e.existingStore()
	if err != nil {
		return err
	}
	fs, err := st.Feeds(e.ctx)
	if err != nil {
		return err
	}
	subs := make([]opml.Subscription, 0, len(fs))
	for _, f := range fs {
		subs = append(subs, opml.Subscription{URL: f.URL, Title: f.Title(), SiteURL: f.SiteURL, Folders: f.Folders})
	}
	return opml.Write(e.stdout, "nashra subscriptions", subs)
}

// webAddressWithoutScheme reports whether raw, which NormalizeURL read as
// the local path of a file that does not exist, is rather a web address
// written without "https://" ("www.theverge.com/rss/index.xml",
// "example.org/feed", "127.0.0.1:8080/rss"): raw has a "/" or starts
// with "www." (so that a file name such as "later.xml" is not taken for a
// host); and the part before the first "/", less an optional port, is an
// IPv4 address or a host name (two or more labels of letters, digits and
// hyphens, the last of two or more letters). It returns the address with
// https:// for the error message. A missing file that does not look like
// that ("later.xml", "feeds/later.xml") is still added, with a warning.
func webAddressWithoutScheme(raw string) (string, bool) {
	raw = strings.TrimSpace(raw)
	if !feeds.IsRelativePath(raw) {
		return "", false
	}
	host, _, slash := strings.Cut(raw, "/")
	if !slash && !strings.HasPrefix(strings.ToLower(host), "www.") {
		return "", false
	}
	if h, port, ok := strings.Cut(host, ":"); ok {
		if port == "" || strings.Trim(port, "0123456789") != "" {
			return "", false
		}
		host = h
	}
	if ip, err := netip.ParseAddr(host); err == nil && ip.Is4() {
		return "https://" + raw, true
	}
	labels := strings.Split(host, ".")
	if len(labels) < 2 {
		return "", false
	}
	for i, l := range labels {
		if l == "" || strings.Trim(strings.ToLower(l), "abcdefghijklmnopqrstuvwxyz0123456789-") != "" {
			return "", false
		}
		if i == len(labels)-1 && (len(l) < 2 || strings.Trim(strings.ToLower(l), "abcdefghijklmnopqrstuvwxyz") != "") {
			return "", false
		}
	}
	return "https://" + raw, true
}

// unreadableFeedFile checks a feed URL that names a local file
// (feeds.FilePath): when os.Stat fails on it, it returns the path and the
// reason (the cause inside the *fs.PathError, which names the path
// itself); a directory or anything but a regular file (a device, a FIFO)
// is a reason too. The reason is nil for a web URL or a file that is there.
func unreadableFeedFile(u string) (path string, reason error) {
	path, ok := feeds.FilePath(u)
	if !ok {
		return "", nil
	}
	fi, err := os.Stat(path)
	if cause := errors.Unwrap(err); cause != nil {
		return path, cause
	}
	if err != nil {
		return path, err
	}
	switch {
	case fi.IsDir():
		return path, errors.New("is a directory")
	case !fi.Mode().IsRegular():
		return path, errors.New("not a regular file")
	}
	return path, nil
}

// plural is n and the noun, in the singular for 1.
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}
