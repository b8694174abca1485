package topics

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/nashra-reader/nashra/feeds/arabic"
)

// TagTokens is Tag for a title and body that the caller has already split
// with arabic.Tokenize (titleToks = arabic.Tokenize(title), bodyToks =
// arabic.Tokenize(body)), so that one tokenization serves both the tagger
// and the full-text index (arabic.IndexTextTokens). It returns exactly what
// Tag(title, body, lang) returns; the token slices are not modified.
func (t *Tagger) TagTokens(title, body string, titleToks, bodyToks []arabic.Token, lang string) []Tag {
	_ = lang
	buf := dtokPool.Get().(*[]dtok)
	defer func() {
		clear(*buf) // drop the references to this article's text
		dtokPool.Put(buf)
	}()
	toks := t.analyzeTokens(title, body, titleToks, bodyToks, (*buf)[:0])
	if cap(toks) <= maxPooledTokens {
		*buf = toks
	}
	var ms []match
	for i := range toks {
		if toks[i].chrome {
			continue
		}
		ms = t.matchAt(toks, i, ms)
		ms = t.fuzzyAt(toks, i, ms)
	}
	tags, _ := t.decide(toks, ms, title, body, nil)
	return tags
}

// dtokPool recycles TagTokens' token lists, which are large (a few hundred
// bytes per word of an article) and short-lived: allocating and zeroing
// one per article was a fifth of TagTokens. Lists grown past
// maxPooledTokens are left to the garbage collector.
var dtokPool = sync.Pool{New: func() any { return new([]dtok) }}

const maxPooledTokens = 8192

// analyzeTokens is analyze (match.go) for tokens already computed, appending
// to toks: the two must stay the same but for where the tokens come from
// (TestTagTokensMatchesTag compares them on the shared corpus).
func (t *Tagger) analyzeTokens(title, body string, tt, bt []arabic.Token, toks []dtok) []dtok {
	toks = slices.Grow(toks, len(tt)+len(bt))
	add := func(s string, ts []arabic.Token, isTitle bool) {
		hosts := hostSpans(s)
		chrome := chromeSpans(s, ts)
		hi, ci := 0, 0
		prevEnd := 0
		for k, tk := range ts {
			d := dtok{norm: tk.Norm, orig: s[tk.Start:tk.End], start: tk.Start, end: tk.End, title: isTitle}
			d.brk = k == 0 || hasBreak(s[prevEnd:tk.Start])
			prevEnd = tk.End
			for hi < len(hosts) && hosts[hi][1] <= tk.Start {
				hi++
			}
			d.host = hi < len(hosts) && hosts[hi][0] <= tk.Start
			for ci < len(chrome) && chrome[ci][1] <= tk.Start {
				ci++
			}
			d.chrome = ci < len(chrome) && chrome[ci][0] <= tk.Start
			r := firstRune(tk.Norm)
			d.latin = !arabic.IsArabicLetter(r)
			if d.latin {
				d.forms = latinForms(tk.Norm)
			} else {
				d.forms = arabic.StripProclitics(tk.Norm)
				for i, f := range d.forms {
					if i < 8 && strings.HasSuffix(tk.Norm, f) && strings.HasSuffix(tk.Norm[:len(tk.Norm)-len(f)], "ك") {
						d.kaf |= 1 << i
					}
				}
				d.tanween = arabic.HasTanween(d.orig)
			}
			toks = append(toks, d)
		}
	}
	add(title, tt, true)
	add(body, bt, false)
	return toks
}

// Fingerprint identifies the compiled rules: two Taggers with the same
// fingerprint tag every article alike (as long as the matching code is the
// same). It is a hex string of SHA-256 over the settings, topics, entities
// and compiled terms. The poller keeps it with each item's raw hash, so
// that a change of rules (a user's rules file, a new built-in set) makes
// the next fetch tag the feeds' items again. It costs a few milliseconds:
// call it once per Tagger.
func (t *Tagger) Fingerprint() string {
	h := sha256.New()
	fmt.Fprintf(h, "%+v\x00%+v\x00%+v\x00%t\x00", t.st, t.topics, t.entities, t.hasGate)
	for _, tm := range t.terms {
		fmt.Fprintf(h, "%+v\x00", tm)
	}
	return hex.EncodeToString(h.Sum(nil)[:16])
}
