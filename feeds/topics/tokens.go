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
	sc := scratchPool.Get().(*scratch)
	defer sc.release()
	toks := t.analyzeTokens(title, body, titleToks, bodyToks, sc)
	tags, _ := t.decide(toks, t.matches(toks, sc), title, body, nil, sc)
	return tags
}

// TagIndexTokens is TagTokens(title, body, titleToks, bodyToks, lang)
// together with the full-text index terms of the title and the body,
// arabic.IndexTextTokens(title, titleToks) and arabic.IndexTextTokens(body,
// bodyToks): the same three results, with each distinct word of the article
// (the same spelling and Norm) stemmed once instead of at every
// occurrence. The token slices are not modified.
func (t *Tagger) TagIndexTokens(title, body string, titleToks, bodyToks []arabic.Token, lang string) (tags []Tag, titleIndex, bodyIndex string) {
	_ = lang
	sc := scratchPool.Get().(*scratch)
	defer sc.release()
	toks := t.analyzeTokens(title, body, titleToks, bodyToks, sc)
	titleIndex, bodyIndex = indexTexts(toks, len(titleToks), sc.words, &sc.ibuf)
	tags, _ = t.decide(toks, t.matches(toks, sc), title, body, nil, sc)
	return tags, titleIndex, bodyIndex
}

// indexTexts returns arabic.IndexTextTokens for the tokens behind
// toks[:nt] (the title's) and toks[nt:] (the body's), whose distinct words
// are words. Both are cut from one string, built at once in scratch (a
// buffer kept for the next article) and sized exactly: one allocation for
// the two.
func indexTexts(toks []dtok, nt int, words []dword, scratch *[]byte) (title, body string) {
	if len(toks) == 0 {
		return "", ""
	}
	// Every word occurs in toks: its index term is computed once here.
	for i := range words {
		wd := &words[i]
		if wd.latin && !mayBeAcronymPlural(wd.orig) {
			// Not an acronym plural, the word's index term is
			// arabic.Stem(norm): the latinKey that wordForms put first
			// in the forms of every word not in Arabic script.
			wd.index = wd.forms[0]
		} else {
			wd.index = arabic.IndexTerm(wd.orig, wd.norm)
		}
	}
	// The terms and a space between two of the title's and two of the
	// body's.
	n := len(toks) - 1
	if nt > 0 && nt < len(toks) {
		n--
	}
	for i := range toks {
		n += len(words[toks[i].word].index)
	}
	// Written into buf, a scratch buffer, and copied once into the
	// string: a Builder's checks at every write cost more than the copy.
	buf := slices.Grow((*scratch)[:0], n)
	buf = appendIndexText(buf, toks[:nt], words)
	mid := len(buf)
	buf = appendIndexText(buf, toks[nt:], words)
	*scratch = buf
	s := string(buf)
	return s[:mid], s[mid:]
}

// appendIndexText appends to buf arabic.IndexTextTokens for the tokens
// behind toks, whose words have their index terms (see indexTexts).
func appendIndexText(buf []byte, toks []dtok, words []dword) []byte {
	for i := range toks {
		if i > 0 {
			buf = append(buf, ' ')
		}
		buf = append(buf, words[toks[i].word].index...)
	}
	return buf
}

// mayBeAcronymPlural is false for words that are surely not what
// arabic.IndexTerm takes for the plural of an acronym (capitals and a
// final lower-case "s", at least three letters): those not starting with
// a capital or not ending in "s".
func mayBeAcronymPlural(w string) bool {
	return len(w) >= 3 && w[0] >= 'A' && w[0] <= 'Z' && w[len(w)-1] == 's'
}

// matches returns the occurrences of terms, exact and fuzzy, starting at
// the tokens outside page chrome, in sc's buffer.
//
// What depends on a word alone — its candidate terms (wordCands), the
// one-word aliases it is a misspelling of (fuzzyWord) and the two-word
// names it may start (pairCands) — is computed at its first occurrence
// outside chrome (prepareWord) and kept in its dword; at each occurrence
// only what depends on the token's place is checked: the rest of a phrase
// (phraseAt), host names and the next word. A word with none of the three
// (idle), which is most words, is passed over at once.
func (t *Tagger) matches(toks []dtok, sc *scratch) []match {
	ms := sc.ms[:0]
	words := sc.words
	for i := range toks {
		tk := &toks[i]
		if tk.chrome {
			continue
		}
		wd := &words[tk.word]
		if !wd.prepared {
			t.prepareWord(wd, sc)
		}
		if wd.idle {
			continue
		}
		// The one-word terms: their word matches (see wordCands), and an
		// entity spelling does not count in a host name or with tanween.
		for _, id := range sc.store[wd.candFrom:wd.phrFrom] {
			if (tk.host || wd.tanween) && isEntityRole(t.terms[id].role) {
				continue
			}
			ms = append(ms, match{term: id, start: i, n: 1})
		}
		// The phrases: phraseAt stops at a token i+1 that is missing, in
		// chrome, after a break or in the other field, whatever the
		// phrase, and at one whose word's keys lack the bit of the
		// phrase's second word (indexSecondWords; its word's candidates
		// gather them, so it is prepared now rather than at its own
		// occurrence, which comes next).
		if wd.phrFrom != wd.candTo && i+1 < len(toks) {
			nt := &toks[i+1]
			if !nt.chrome && !nt.brk && nt.title == tk.title {
				nw := &words[nt.word]
				if !nw.prepared {
					t.prepareWord(nw, sc)
				}
				for _, id := range sc.store[wd.phrFrom:wd.candTo] {
					if b := t.nextBit[id]; b != 0 && nw.next&b == 0 {
						continue
					}
					if n, ok := t.phraseAt(toks, i, &t.terms[id], words); ok {
						ms = append(ms, match{term: id, start: i, n: n})
					}
				}
			}
		}
		// Fuzzy name matches: never in a host name or a word with tanween
		// (which has none, see prepareWord).
		if tk.host {
			continue
		}
		if i+1 < len(toks) && wd.pairFrom != wd.pairTo {
			ms = t.fuzzyPairAt(toks, i, sc.store[wd.pairFrom:wd.pairTo], ms, words)
		}
		for _, id := range sc.store[wd.fuzzFrom:wd.fuzzTo] {
			ms = append(ms, match{term: id, start: i, n: 1})
		}
	}
	sc.ms = ms
	return ms
}

// prepareWord computes wd's term lists for matches: its candidate terms,
// and, unless it carries tanween (no fuzzy name matches then), the
// two-word names it may start and the one-word aliases it is a
// misspelling of; idle when all are empty.
func (t *Tagger) prepareWord(wd *dword, sc *scratch) {
	t.wordCands(wd, sc)
	if !wd.tanween {
		wd.pairFrom = int32(len(sc.store))
		sc.store = t.pairCands(wd, sc.store)
		wd.pairTo = int32(len(sc.store))
		wd.fuzzFrom = int32(len(sc.store))
		sc.store = t.fuzzyWord(wd, sc.store)
		wd.fuzzTo = int32(len(sc.store))
	}
	wd.idle = wd.candFrom == wd.candTo && wd.pairFrom == wd.pairTo && wd.fuzzFrom == wd.fuzzTo
	wd.prepared = true
}

// scratch holds TagTokens' per-article working memory, recycled through
// scratchPool: the token list (a few hundred bytes per word of an
// article), the tokens' lookup forms, the matches and the per-entity and
// per-term tallies of decide. Allocating and zeroing them per article was
// a large part of TagTokens. Buffers grown past maxPooledTokens elements
// are left to the garbage collector.
type scratch struct {
	toks    []dtok
	forms   []string
	ms      []match
	cands   []int32
	keys    []uint64 // sortMatches' keys
	ents    []entState
	counts  []termCount // by term index
	touched []int32     // term indexes with a nonzero counts entry

	// The distinct words of the article. A word (the same spelling, as
	// written) recurs many times in an article, and everything matching
	// derives from the word alone — its forms, its candidate terms, its
	// fuzzy alias matches — is the same at each occurrence; only what
	// depends on the word's place (neighbours, breaks, chrome, host names)
	// is checked per occurrence. memo is an open-addressing hash table of
	// the words as written: a slot's low 32 bits are 1 + an index in
	// words (0: empty), its high 32 bits the top bits of the word's hash,
	// compared before the word itself. It holds no pointers, so that
	// filling and clearing it costs no write barriers (a map[string]int32
	// cost as much as it saved).
	memo  []uint64
	words []dword
	store []int32 // the words' candidate and fuzzy term lists (dword), concatenated

	chrome chromeBufs

	spans []string // decide's tag terms, before they are copied out
	spelt []int32  // decide's entities with a spelling matched
	ibuf  []byte   // indexTexts' text, before it is copied into a string

	// decide's buffers: the topics' scores (returned by decide, so valid
	// until release), the topics above threshold and the entity tags.
	scores     []float64
	topicCands []topicCand
	entTags    []Tag
}

// wordForms appends to forms the lookup forms of a word of matching form
// norm written orig, and returns them with the bits of those reached by
// removing a bare ك, whether the word is Latin, and whether it carries
// tanween.
func wordForms(forms []string, norm, orig string) (_ []string, kaf uint8, latin, tanween bool) {
	latin = !arabic.IsArabicLetter(firstRune(norm))
	n := len(forms)
	if latin {
		return appendLatinForms(forms, norm), 0, true, false
	}
	forms = arabic.AppendProclitics(forms, norm)
	if mayHaveKaf(norm) {
		kaf = kafForms(forms[n:], norm)
	}
	return forms, kaf, false, arabic.HasTanween(orig)
}

// kafForms returns the bits of the forms (of word norm, at most the first
// eight) reached by removing a bare ك: the form ends norm, and what comes
// before it in norm ends in ك.
func kafForms(forms []string, norm string) (kaf uint8) {
	for i, f := range forms {
		if i < 8 && strings.HasSuffix(norm, f) && strings.HasSuffix(norm[:len(norm)-len(f)], "ك") {
			kaf |= 1 << i
		}
	}
	return kaf
}

// mayHaveKaf is false when no form AppendProclitics gives for norm is
// reached by removing a bare ك (kafForms is then 0): the proclitics it
// removes are a conjunction (و ف), a preposition (ب ك ل) and the article
// ال, in that order, each one or two letters of two bytes; those that end
// in ك are ك alone and و or ف before it, so that ك is the word's first or
// second letter, at byte 0 or 2.
func mayHaveKaf(norm string) bool {
	return strings.HasPrefix(norm, "ك") || len(norm) >= 4 && norm[2:4] == "ك"
}

var scratchPool = sync.Pool{New: func() any { return new(scratch) }}

const maxPooledTokens = 8192

// release drops the references to the article's text and returns sc to
// scratchPool.
func (sc *scratch) release() {
	clear(sc.words)
	clear(sc.forms)
	if cap(sc.toks) > maxPooledTokens {
		sc.toks = nil
	}
	if cap(sc.forms) > 4*maxPooledTokens {
		sc.forms = nil
	}
	if cap(sc.ms) > maxPooledTokens {
		sc.ms = nil
	}
	if cap(sc.cands) > maxPooledTokens {
		sc.cands = nil
	}
	if cap(sc.ibuf) > 16*maxPooledTokens {
		sc.ibuf = nil
	}
	if cap(sc.spelt) > maxPooledTokens {
		sc.spelt = nil
	}
	if cap(sc.keys) > maxPooledTokens {
		sc.keys = nil
	}
	if len(sc.memo) > 4*maxPooledTokens {
		sc.memo = nil
	}
	if cap(sc.words) > maxPooledTokens {
		sc.words = nil
	}
	if cap(sc.store) > 4*maxPooledTokens {
		sc.store = nil
	}
	if cap(sc.chrome.lines) > maxPooledTokens || cap(sc.chrome.spans) > maxPooledTokens {
		sc.chrome = chromeBufs{}
	}
	clear(sc.entTags)
	sc.entTags = sc.entTags[:0]
	clear(sc.spans)
	if cap(sc.spans) > maxPooledTokens {
		sc.spans = nil
	}
	sc.spans = sc.spans[:0]
	clear(sc.ents)
	for _, id := range sc.touched {
		sc.counts[id] = termCount{}
	}
	sc.touched = sc.touched[:0]
	scratchPool.Put(sc)
}

// analyzeTokens turns the tokens of title (tt) and body (bt) into the
// tagger's words, in sc's buffers: their lookup forms and whether each
// is in a host name, page chrome or after a break. Tag reaches it through
// TagTokens, so both analyze text the same way.
func (t *Tagger) analyzeTokens(title, body string, tt, bt []arabic.Token, sc *scratch) []dtok {
	toks := slices.Grow(sc.toks[:0], len(tt)+len(bt))
	forms := sc.forms[:0]
	// A table at least twice the number of tokens keeps probe runs short.
	size := 64
	for size < 2*(len(tt)+len(bt)) {
		size *= 2
	}
	if cap(sc.memo) < size {
		sc.memo = make([]uint64, size)
	}
	memo := sc.memo[:size]
	clear(memo)
	mask := uint64(size - 1)
	words := sc.words[:0]
	sc.store = sc.store[:0]
	// The title, then the body. (A loop rather than a closure called
	// twice: the buffers stay local variables instead of captured ones
	// that every append would write back through a pointer.)
	for field := range 2 {
		s, ts, isTitle := title, tt, true
		if field == 1 {
			s, ts, isTitle = body, bt, false
		}
		base := len(toks)
		toks = placeTokens(toks, s, ts, isTitle, hostSpans(s), chromeSpans(s, ts, &sc.chrome))
		for k := range ts {
			tk := &ts[k]
			// A word seen before in the article is that word again: what
			// matching derives from it depends on Norm and the word as
			// written only. Norm is compared too, for callers whose tokens
			// do not come from Tokenize.
			orig := s[tk.Start:tk.End]
			h := wordHash(orig)
			tag := h &^ (1<<32 - 1)
			slot := h & mask
			for memo[slot] != 0 {
				if memo[slot]&^(1<<32-1) == tag && words[uint32(memo[slot])-1].orig == orig {
					break
				}
				slot = (slot + 1) & mask
			}
			if w := int32(uint32(memo[slot])) - 1; w >= 0 && words[w].norm == tk.Norm {
				toks[base+k].word = w
				continue
			} else if w < 0 {
				memo[slot] = tag | uint64(len(words)+1)
			}
			toks[base+k].word = int32(len(words))
			// Written in place, not built and copied in.
			if len(words) == cap(words) {
				words = slices.Grow(words, 1)
			}
			words = words[:len(words)+1]
			wd := &words[len(words)-1]
			*wd = dword{norm: tk.Norm, orig: orig}
			// The forms of all words share one buffer; each word's slice
			// is capped so that nothing appending to it writes into the
			// next.
			n := len(forms)
			forms, wd.kaf, wd.latin, wd.tanween = wordForms(forms, tk.Norm, orig)
			wd.forms = forms[n:len(forms):len(forms)]
		}
	}
	sc.toks, sc.forms, sc.words = toks, forms, words
	return toks
}

// placeTokens appends to toks the tokens ts of s (a title if isTitle)
// with where each stands: after a break, in a host name (hosts, from
// hostSpans(s)), in page chrome (chrome, from chromeSpans); their words
// are left for analyzeTokens to fill in. (A loop of its own: together with
// the words' the loop kept more variables than there are registers.)
func placeTokens(toks []dtok, s string, ts []arabic.Token, isTitle bool, hosts, chrome [][2]int) []dtok {
	base := len(toks)
	toks = slices.Grow(toks, len(ts))[:base+len(ts)]
	out := toks[base:]
	hi, ci := 0, 0
	prevEnd := 0
	for k := range ts {
		tk := &ts[k]
		d := &out[k]
		d.start, d.end, d.word, d.title = tk.Start, tk.End, 0, isTitle
		// One space, what separates most words, is no break.
		sep := s[prevEnd:tk.Start]
		d.brk = k == 0 || (len(sep) != 1 || sep[0] != ' ') && hasBreak(sep)
		prevEnd = tk.End
		for hi < len(hosts) && hosts[hi][1] <= tk.Start {
			hi++
		}
		d.host = hi < len(hosts) && hosts[hi][0] <= tk.Start
		for ci < len(chrome) && chrome[ci][1] <= tk.Start {
			ci++
		}
		d.chrome = ci < len(chrome) && chrome[ci][0] <= tk.Start
	}
	return toks
}

// wordHash hashes a word for scratch.memo (equal words hash alike; the
// table compares the words themselves).
func wordHash(s string) uint64 {
	h := keyHash(s)
	return h ^ h>>32
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
