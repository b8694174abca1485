package feeds

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"time"

	"github.com/mmcdole/gofeed"
)

// rawHashVersion names the rules that turn a gofeed item into an Item:
// cleaning, sanitizing, language detection, GUIDs. It is part of every raw
// hash, so a stored item is cleaned (and tagged) again when it changes.
// Bump it with any change to this package that makes a different Item from
// the same feed document.
const rawHashVersion = "nashra-raw-1"

// rawHasher computes the raw hash of an item: a fingerprint of everything
// the Item made from it (and its tags) depends on, taken before any
// cleaning — the gofeed item's fields that convertItem reads, the document's
// base URL and language, how its title and content are typed, rawHashVersion
// and the tagger's rules (salt). Equal raw hashes mean equal Items, so an
// item whose raw hash the store already holds needs no cleaning, tagging
// or writing. One rawHasher serves one document at a time.
type rawHasher struct {
	salt string   // rawHashVersion and the tagger's fingerprint
	skip skipFunc // nil: nothing is skipped
	ctx  []byte   // per document: salt, base URL, language
	buf  []byte
}

// start sets the document whose items are hashed next.
func (h *rawHasher) start(d *document, feedLang string) {
	h.ctx = h.ctx[:0]
	h.ctx = appendField(h.ctx, h.salt)
	base := ""
	if d.base != nil {
		base = d.base.String()
	}
	h.ctx = appendField(h.ctx, base)
	h.ctx = appendField(h.ctx, feedLang)
}

// hash returns the raw hash of gi (32 hex digits: 128 bits of SHA-256).
func (h *rawHasher) hash(gi *gofeed.Item, plain, htmlTitle bool) string {
	b := append(h.buf[:0], h.ctx...)
	flags := byte(0)
	if plain {
		flags |= 1
	}
	if htmlTitle {
		flags |= 2
	}
	b = append(b, flags)
	b = appendField(b, gi.GUID)
	b = appendField(b, gi.Title)
	b = appendField(b, gi.Link)
	b = binary.AppendUvarint(b, uint64(len(gi.Links)))
	for _, l := range gi.Links {
		b = appendField(b, l)
	}
	if gi.Author != nil {
		b = append(b, 1)
		b = appendField(b, gi.Author.Name)
		b = appendField(b, gi.Author.Email)
	} else {
		b = append(b, 0)
	}
	b = appendTime(b, gi.PublishedParsed)
	b = appendTime(b, gi.UpdatedParsed)
	b = appendField(b, gi.Content)
	b = appendField(b, gi.Description)
	b = binary.AppendUvarint(b, uint64(len(gi.Enclosures)))
	for _, e := range gi.Enclosures {
		if e == nil {
			b = append(b, 0)
			continue
		}
		b = append(b, 1)
		b = appendField(b, e.URL)
		b = appendField(b, e.Type)
		b = appendField(b, e.Length)
	}
	h.buf = b
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// appendField appends s with its length in front, so that no two
// sequences of fields give the same bytes.
func appendField(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendTime(b []byte, t *time.Time) []byte {
	if t == nil {
		return append(b, 0)
	}
	b = append(b, 1)
	b = binary.AppendVarint(b, t.Unix())
	return binary.AppendUvarint(b, uint64(t.Nanosecond()))
}
