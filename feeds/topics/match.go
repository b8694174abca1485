package topics

import (
	"cmp"
	"fmt"
	"math/bits"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nashra-reader/nashra/feeds/arabic"
)

// Topic is the display information of a topic or entity slug.
type Topic struct {
	Slug   string
	NameEN string
	NameAR string
}

// Tagger assigns topic and entity tags to articles from compiled Rules. It
// is immutable after New and safe for concurrent use.
type Tagger struct {
	st       settings
	topics   []cTopic
	entities []cEntity
	terms    []cTerm
	exactIdx termIndex        // first-word key → terms (whole-word patterns)
	prefIdx  termIndex        // first three runes of a * pattern → terms
	fuzzIdx  termIndex        // long one-word aliases and their one-deletion variants → terms
	pairIdx  termIndex        // first-word key of two-word names whose family name may be misspelt → terms
	wordKeys wordSet          // keys of the exact Arabic words of topic, domain and context terms
	bySlug   map[string]int   // entity slug → index
	sigs     map[string]int32 // term signature → index, for duplicates
	hasGate  bool

	// By term index, for a term of two words or more: phrase is true, and
	// nextBit is the bit of its second word (see indexSecondWords), 0 if
	// any word may be its second word.
	phrase  []bool
	nextBit []uint16

	// The first and the last three runes of the keys of fuzzy aliases
	// (indexFuzzyEnds); fuzzAll when they cannot tell (a key not valid
	// UTF-8 or with U+FFFD).
	fuzzFirst, fuzzLast keyFilter
	fuzzAll             bool
	fuzzKeys            []string // until New returns

	// Sort keys of each term for decide: the rank of its (overlap group,
	// owner) and of its (priority, weight descending, index).
	groupRank, tieRank []int32
	tieTerm            []int32 // term index of each tieRank
	maxWords           int     // the most tokens a match covers
	tieBits, nBits     uint    // bits of a tieRank and of maxWords
	keyBits            uint    // bits of a packed key (sortMatches) without the start
}

type cTopic struct {
	Topic
	threshold float64
}

type cEntity struct {
	Topic
	refs []int // context entities (@slug), resolved
}

// Roles of a compiled term.
const (
	roleTopic     = iota // weighted topic term (weight 0: blocker)
	roleDomain           // the AI-domain gate
	roleAlias            // entity spelling that counts alone
	roleAmbiguous        // entity spelling that needs context
	roleExclude          // phrase inside which an entity spelling does not count
	roleContext          // context term of an ambiguous entity
)

type cTerm struct {
	words  []wordPat
	weight float64
	role   uint8
	owner  int32 // topic or entity index
	text   string
}

type wordPat struct {
	key    string // matching key: Latin S-stem, Arabic normalized; the raw prefix for * patterns
	prefix bool
	exact  string // "=" spellings: unvocalized form that must match exactly
	cased  string // the spelling whose capitalization is required; "" = any
	latin  bool
}

// New compiles rules into a Tagger. Unset settings take the defaults of
// docs/rules.md; disabled topics and entities are skipped; a context
// reference to an unknown entity never matches.
func New(r *Rules) *Tagger {
	rr := *r
	rr.topics = slices.Clone(r.topics)
	rr.entities = slices.Clone(r.entities)
	rr.complete()
	t := &Tagger{
		st:       rr.settings,
		exactIdx: newTermIndex(),
		prefIdx:  newTermIndex(),
		fuzzIdx:  newTermIndex(),
		pairIdx:  newTermIndex(),
		wordKeys: newWordSet(),
		bySlug:   map[string]int{},
		sigs:     map[string]int32{},
	}
	for _, tp := range rr.topics {
		if tp.disabled {
			continue
		}
		id := int32(len(t.topics))
		th := tp.threshold
		if th == 0 {
			th = rr.settings.threshold
		}
		t.topics = append(t.topics, cTopic{Topic{tp.slug, tp.nameEN, tp.nameAR}, th})
		for _, g := range tp.groups {
			for _, s := range g.terms {
				t.add(s, g.weight, roleTopic, id, g.cased)
			}
		}
	}
	for _, s := range rr.domain {
		t.add(s, 1, roleDomain, 0, false)
		t.hasGate = true
	}
	for _, e := range rr.entities {
		if e.disabled {
			continue
		}
		t.bySlug[e.slug] = len(t.entities)
		t.entities = append(t.entities, cEntity{Topic: Topic{e.slug, e.nameEN, e.nameAR}})
	}
	for _, e := range rr.entities {
		if e.disabled {
			continue
		}
		id := int32(t.bySlug[e.slug])
		for _, s := range e.aliases {
			t.add(s, 1, roleAlias, id, false)
		}
		for _, s := range e.cased {
			t.add(s, 1, roleAlias, id, true)
		}
		for _, s := range e.ambiguous {
			t.add(s, 1, roleAmbiguous, id, false)
		}
		for _, s := range e.exclude {
			t.add(s, 0, roleExclude, id, false)
		}
		for _, s := range e.context {
			if ref, ok := strings.CutPrefix(s, "@"); ok {
				if j, ok := t.bySlug[ref]; ok {
					t.entities[id].refs = append(t.entities[id].refs, j)
				}
				continue
			}
			t.add(s, 1, roleContext, id, false)
		}
	}
	t.rankTerms()
	t.indexSecondWords()
	t.indexFuzzyEnds()
	for _, x := range []*keyTable{t.exactIdx.keyTable, t.prefIdx.keyTable, t.fuzzIdx.keyTable, t.pairIdx.keyTable, t.wordKeys.keyTable} {
		x.freeze()
	}
	return t
}

// indexSecondWords fills phrase and nextBit and marks the keys of
// phrases' second words in exactIdx and prefIdx. Phrases are most of the
// terms that may start at a word, and nearly every time the next word is
// not their second word. wordMatches finds a pattern word that is not a
// * pattern only in a word that has its key among its forms or, for an
// Arabic word, its suffix forms, and a * pattern of three runes or more
// only in a word with a form (the Norm, for a Latin word) starting with
// it, so sharing its first three runes; candidates looks up exactly those
// strings, in exactIdx and prefIdx. Each such key carries, as its flags,
// one of 16 bits drawn from its hash (nextBitOf), which is the term's
// nextBit; candidates gathers the bits of a word's keys in dword.next. A
// word whose next lacks a term's nextBit is not its second word. An "="
// spelling is matched on other forms (unvoc) and a * pattern of under
// three runes is not found by its first three runes: their nextBit is 0,
// and they are always checked.
func (t *Tagger) indexSecondWords() {
	t.phrase = make([]bool, len(t.terms))
	t.nextBit = make([]uint16, len(t.terms))
	for id := range t.terms {
		ws := t.terms[id].words
		if len(ws) < 2 {
			continue
		}
		t.phrase[id] = true
		w := &ws[1]
		switch {
		case w.exact != "" || !utf8.ValidString(w.key):
		case !w.prefix:
			t.nextBit[id] = nextBitOf(w.key)
			t.exactIdx.addFlags(w.key, t.nextBit[id])
		case utf8.RuneCountInString(w.key) >= 3:
			k := first3Runes(w.key)
			t.nextBit[id] = nextBitOf(k)
			t.prefIdx.addFlags(k, t.nextBit[id])
		}
	}
}

// nextBitOf is the bit of dword.next that key k of exactIdx or prefIdx
// stands for, one of 16 by its hash.
func nextBitOf(k string) uint16 { return 1 << (keyHash(k) >> 32 & 15) }

// add compiles one term or alias. A leading "=" asks for the exact
// spelling (hamza kept); a trailing "*" on a word makes it a prefix.
func (t *Tagger) add(s string, weight float64, role uint8, owner int32, cased bool) {
	exact := false
	if role == roleAlias || role == roleAmbiguous {
		s, exact = strings.CutPrefix(s, "=")
	}
	var words []wordPat
	for _, field := range strings.Fields(s) {
		base, star := strings.CutSuffix(field, "*")
		toks := arabic.Tokenize(base)
		for k, tk := range toks {
			orig := base[tk.Start:tk.End]
			w := wordPat{latin: !arabic.IsArabicLetter(firstRune(tk.Norm))}
			switch {
			case star && k == len(toks)-1:
				w.prefix = true
				w.key = tk.Norm
			case w.latin:
				w.key = latinKey(tk.Norm)
			default:
				w.key = tk.Norm
			}
			if exact && !w.latin {
				w.exact = arabic.Unvocalize(orig)
			}
			if cased && w.latin && hasUpper(orig) {
				w.cased = orig
			}
			words = append(words, w)
		}
	}
	if len(words) == 0 {
		return
	}
	// The same pattern twice for one owner and role (e.g. "open source" and
	// "open sources", equal after stemming) counts once; the later weight
	// wins, so a user file can re-weight a built-in term.
	sig := termSignature(words, role, owner)
	if id, ok := t.sigs[sig]; ok {
		t.terms[id].weight = weight
		return
	}
	id := int32(len(t.terms))
	t.sigs[sig] = id
	t.terms = append(t.terms, cTerm{words: words, weight: weight, role: role, owner: owner, text: s})
	if words[0].prefix {
		k := firstRunes(words[0].key, 3)
		t.prefIdx.add(k, id)
	} else {
		t.exactIdx.add(words[0].key, id)
	}
	if role == roleAlias && len(words) == 1 && fuzzyEligible(words[0]) {
		t.fuzzKeys = append(t.fuzzKeys, words[0].key)
		for _, v := range deletions(words[0].key) {
			t.fuzzIdx.add(v, id)
		}
		t.fuzzIdx.add(words[0].key, id)
	}
	if role != roleAlias && role != roleAmbiguous {
		for _, w := range words {
			if !w.latin && !w.prefix {
				t.wordKeys.add(w.key)
			}
		}
	}
	if role == roleAlias && pairEligible(words) {
		t.pairIdx.add(words[0].key, id)
	}
}

// keyFilter is a one-hash Bloom filter over the keys of a keyTable, of 32
// bits per key (a power of two, at least 64): has is true for every key
// added and for about 3% of other strings at most, so that most of the
// tagger's lookups, which miss, are settled by hashing a short string and
// testing one bit. Sized by its table (the built-in rules' indexes take
// from 512 bytes to 8 KiB), the filters of all five tables stay in the L1
// cache together.
type keyFilter struct {
	bits  []uint64
	shift uint // 64 - log2(number of bits): the hash's top bits index the filter
}

// keyHash hashes s in constant time: a string of up to 8 bytes whole, a
// longer one by its length and its first and last 8 bytes (the tables
// compare the keys themselves, so only equal strings need to hash alike).
// Its top bits index keyFilter, its low bits a keyTable's slots.
func keyHash[S string | []byte](s S) uint64 {
	var a, b uint64
	// Every byte of s is in a or b (a string under 8 bytes in
	// overlapping halves, or by its first, middle and last bytes).
	switch n := len(s); {
	case n >= 8:
		a, b = le64(s, 0), le64(s, n-8)
	case n >= 4:
		a = uint64(le32(s, 0)) | uint64(le32(s, n-4))<<32
	case n > 0:
		a = uint64(s[0]) | uint64(s[n/2])<<8 | uint64(s[n-1])<<16
	}
	h := (a ^ uint64(len(s))<<56) * 0x9E3779B97F4A7C15
	h ^= b * 0xC2B2AE3D27D4EB4F
	h ^= h >> 29
	h *= 0x94D049BB133111EB
	return h
}

// le32 is the little-endian uint32 of s[i:i+4].
func le32[S string | []byte](s S, i int) uint32 {
	s = s[i : i+4]
	return uint32(s[0]) | uint32(s[1])<<8 | uint32(s[2])<<16 | uint32(s[3])<<24
}

// le64 is the little-endian uint64 of s[i:i+8].
func le64[S string | []byte](s S, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

func newKeyFilter(keys int) keyFilter {
	n, shift := 64, uint(64-6)
	for n < 32*keys {
		n *= 2
		shift--
	}
	return keyFilter{bits: make([]uint64, n/64), shift: shift}
}

func (f *keyFilter) add(h uint64) {
	b := h >> f.shift
	f.bits[b>>6] |= 1 << (b & 63)
}

func (f *keyFilter) has(h uint64) bool {
	b := h >> f.shift
	return f.bits[b>>6]&(1<<(b&63)) != 0
}

// keyTable maps matching keys to lists of term indexes (termIndex) or
// holds a set of keys (wordSet). Keys are added to a Go map while the
// Tagger is compiled; freeze then lays them out for lookups, which are
// most of what tagging does: an open-addressing table of entries holding
// no pointers (the keys are cut from one string, the lists from one
// slice), found by a 64-bit hash compared before the key itself, behind a
// keyFilter. A Go map cost a string hash with aeshash and a probe of its
// control bytes at each hit.
type keyTable struct {
	build map[string][]int32 // until freeze
	flags map[string]uint16  // until freeze: flags of keys (a key with flags only has no terms)
	f     keyFilter
	slots []keyEntry // a power of two, at most half full; hash 0 = empty
	keys  string     // the keys, concatenated
	ids   []int32    // the lists, concatenated
	mask  uint64
	lens  uint64 // bit n: a key has n bytes (bit 63: 63 or more)
}

// keyEntry is one key of a keyTable: keys[kOff:kOff+kLen] has the terms
// ids[iOff:iOff+iLen], and hash is keyHash of the key with its low bit set
// (so that no key's is 0) and the key's flags in the bits above it
// (hashMask), which a lookup compares without.
type keyEntry struct {
	hash       uint64
	kOff, kLen uint32
	iOff, iLen uint32
}

func newKeyTable() *keyTable {
	return &keyTable{build: map[string][]int32{}, flags: map[string]uint16{}}
}

func (x *keyTable) add(k string, id int32) {
	x.build[k] = append(x.build[k], id)
}

// addFlags sets flags on key k, adding k with no terms if it has none.
func (x *keyTable) addFlags(k string, flags uint16) {
	if _, ok := x.build[k]; !ok {
		x.build[k] = nil
	}
	x.flags[k] |= flags
}

// Bits of keyEntry.hash: bit 0 is set in every entry, flagBits bits above
// it hold the key's flags, the rest (hashMask) is the key's hash, whose
// bits from flagBits+1 up pick a key's first slot (and the top ones its
// bit in keyFilter).
const (
	flagBits = 16
	hashMask = ^uint64(1<<(flagBits+1) - 1)
)

// freeze builds the lookup table from the keys added; add may not be
// called after it.
func (x *keyTable) freeze() {
	size := 16
	for size < 2*len(x.build) {
		size *= 2
	}
	x.slots = make([]keyEntry, size)
	x.mask = uint64(size - 1)
	x.f = newKeyFilter(len(x.build))
	// Keys in sorted order, so that the layout does not depend on map
	// iteration order.
	keys := make([]string, 0, len(x.build))
	n := 0
	for k, ids := range x.build {
		keys = append(keys, k)
		n += len(ids)
	}
	slices.Sort(keys)
	var kb strings.Builder
	x.ids = make([]int32, 0, n)
	for _, k := range keys {
		h := keyHash(k)
		x.f.add(h)
		x.lens |= lenBit(len(k))
		h &= hashMask
		i := h >> (flagBits + 1) & x.mask
		h |= uint64(x.flags[k])<<1 | 1
		for x.slots[i].hash != 0 {
			i = (i + 1) & x.mask
		}
		ids := x.build[k]
		x.slots[i] = keyEntry{hash: h, kOff: uint32(kb.Len()), kLen: uint32(len(k)), iOff: uint32(len(x.ids)), iLen: uint32(len(ids))}
		kb.WriteString(k)
		x.ids = append(x.ids, ids...)
	}
	x.keys = kb.String()
	x.build, x.flags = nil, nil
}

// lookup returns the list of key k, or nil; h is keyHash(k).
func lookup[S string | []byte](x *keyTable, k S, h uint64) []int32 {
	ids, _ := lookupFlags(x, k, h)
	return ids
}

// lookupFlags returns the list of key k and its flags: nil and 0 if k is
// not a key, a list of no terms (not nil) for a key with flags only; h is
// keyHash(k).
func lookupFlags[S string | []byte](x *keyTable, k S, h uint64) ([]int32, uint16) {
	if !x.f.has(h) {
		return nil, 0
	}
	h &= hashMask
	for i := h >> (flagBits + 1) & x.mask; ; i = (i + 1) & x.mask {
		e := &x.slots[i]
		if e.hash == 0 {
			return nil, 0
		}
		if e.hash&hashMask == h && int(e.kLen) == len(k) && x.keys[e.kOff:e.kOff+e.kLen] == string(k) {
			return x.ids[e.iOff : e.iOff+e.iLen : e.iOff+e.iLen], uint16(e.hash >> 1)
		}
	}
}

// lenBit is the bit of keyTable.lens for keys of n bytes.
func lenBit(n int) uint64 { return 1 << min(n, 63) }

// mayHaveLen is false when no key of the table has n bytes.
func (x *keyTable) mayHaveLen(n int) bool { return x.lens&lenBit(n) != 0 }

// termIndex maps a matching key to the indexes of terms.
type termIndex struct{ *keyTable }

func newTermIndex() termIndex { return termIndex{newKeyTable()} }

// get returns the terms of key k (nil if none). The slice is the index's
// own: callers must not append to it.
func (x termIndex) get(k string) []int32 { return lookup(x.keyTable, k, keyHash(k)) }

// getBytes is get for a key held in bytes.
func (x termIndex) getBytes(k []byte) []int32 { return lookup(x.keyTable, k, keyHash(k)) }

// wordSet is a set of keys.
type wordSet struct{ *keyTable }

func newWordSet() wordSet { return wordSet{newKeyTable()} }

func (w wordSet) add(k string) {
	if _, ok := w.build[k]; !ok {
		w.keyTable.add(k, 0)
	}
}

func (w wordSet) has(k string) bool { return lookup(w.keyTable, k, keyHash(k)) != nil }

// Two-word names ("Sam Altman", "جنسن هوانغ") also match when the first
// word is exact and the second, of at least pairMinLetters letters, is one
// edit away: a given name followed by a near family name is a misspelling
// of the person ("Sam Alman", "Jensen Hoang"), which the one-word rule
// cannot catch because family names are short. The same limits apply: no
// "=" or cased spellings, a Latin family name must be capitalized, and a
// word that is itself a term or alias of any rule is never taken for
// another.
const pairMinLetters = 5

func pairEligible(words []wordPat) bool {
	if len(words) != 2 {
		return false
	}
	a, b := words[0], words[1]
	if a.latin != b.latin || a.prefix || b.prefix || a.exact != "" || b.exact != "" || a.cased != "" || b.cased != "" {
		return false
	}
	return utf8.RuneCountInString(b.key) >= pairMinLetters && !strings.ContainsAny(b.key, "0123456789")
}

// fuzzyPairAt appends the two-word names whose first word is token i and
// whose second word is one edit away from token i+1 (which exists). cands
// are the names that may start at token i's word (pairCands, not empty).
func (t *Tagger) fuzzyPairAt(toks []dtok, i int, cands []int32, ms []match, words []dword) []match {
	a, b := &toks[i], &toks[i+1]
	if b.host || b.chrome || b.brk || a.title != b.title {
		return ms
	}
	wb := &words[b.word]
	if wb.tanween || wb.latin && !isUpperInitial(wb.orig) {
		return ms
	}
	if t.isKnown(wb) {
		return ms // a known word: no guessing
	}
	for _, id := range cands {
		w := &t.terms[id].words[1]
		if w.latin != wb.latin || len(wb.forms) == 0 {
			continue
		}
		// The family name is matched as written: no proclitics.
		if fb := wb.forms[0]; fb != w.key && osaWithin1(fb, w.key) {
			ms = append(ms, match{term: id, start: i, n: 2})
		}
	}
	return ms
}

// pairCands appends to ids the two-word names (pairIdx) whose first word
// is word wd, in the order of its forms (a name found by two forms
// twice).
func (t *Tagger) pairCands(wd *dword, ids []int32) []int32 {
	// Every key of pairIdx is also a key of exactIdx (a name's first word
	// is not a * pattern): a word that is not known has no candidates.
	if !t.isKnown(wd) {
		return ids
	}
	for ka, fa := range wd.forms {
		if ka < 8 && wd.kaf&(1<<ka) != 0 {
			continue
		}
		ids = append(ids, t.pairIdx.get(fa)...)
	}
	return ids
}

// Fuzzy matching of names: a one-word alias of at least fuzzyMinArabic
// Arabic or fuzzyMinLatin Latin letters also matches a word one edit away
// (a letter added, dropped or changed, or two neighbours swapped: the
// optimal string alignment distance), so a misspelt name or another
// transliteration is found (سوتسكفير for سوتسكيفر, Zuckerburg). Candidates
// come from an index of one-deletion variants (the symmetric-deletion
// method of SymSpell). Exact ("=") and cased spellings are never fuzzy,
// and neither is a word that is itself a known term or alias.
const (
	fuzzyMinArabic = 8
	fuzzyMinLatin  = 9
)

func fuzzyEligible(w wordPat) bool {
	if w.prefix || w.exact != "" || w.cased != "" {
		return false
	}
	n := utf8.RuneCountInString(w.key)
	if w.latin {
		return n >= fuzzyMinLatin && !strings.ContainsAny(w.key, "0123456789")
	}
	return n >= fuzzyMinArabic
}

// deletions returns s with each one rune removed.
func deletions(s string) []string {
	out := make([]string, 0, len(s))
	for i, r := range s {
		out = append(out, s[:i]+s[i+utf8.RuneLen(r):])
	}
	return out
}

// osaWithin1 reports whether a and b are at most one edit apart
// (insertion, deletion, substitution or transposition of neighbours).
func osaWithin1(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	switch len(ra) - len(rb) {
	case 0:
		diff := -1
		for i := range ra {
			if ra[i] == rb[i] {
				continue
			}
			if diff >= 0 {
				// a second difference: only a swap of neighbours is allowed
				return i == diff+1 && ra[diff] == rb[i] && ra[i] == rb[diff] && string(ra[i+1:]) == string(rb[i+1:])
			}
			diff = i
		}
		return true
	case 1:
		i := 0
		for i < len(rb) && ra[i] == rb[i] {
			i++
		}
		return string(ra[i+1:]) == string(rb[i:])
	}
	return false
}

// indexFuzzyEnds fills fuzzFirst and fuzzLast with the first and the
// last three runes of the fuzzy aliases' keys.
//
// A word one edit away from a key shares its first three runes or its
// last three: the key has at least fuzzyMinArabic (8) runes, and an edit
// at rune p (p and p+1 for a swap) leaves the runes before p alike and,
// aligned from the end, those after it; if p < 3 the edit touches none of
// the last three runes of either, which all lie past rune 3 (the longer
// of the two has 8 runes or more). So a form whose first three runes are
// not in fuzzFirst and whose last three are not in fuzzLast is a fuzzy
// match of no alias, and fuzzyWord passes over its lookups. osaWithin1
// compares runes, which it decodes as ranging over the string does; a key
// that is valid UTF-8 without U+FFFD has the same runes as a form only if
// they are written alike, so comparing the bytes is enough (fuzzAll
// turns the test off otherwise).
func (t *Tagger) indexFuzzyEnds() {
	t.fuzzFirst = newKeyFilter(len(t.fuzzKeys))
	t.fuzzLast = newKeyFilter(len(t.fuzzKeys))
	for _, k := range t.fuzzKeys {
		if !utf8.ValidString(k) || strings.ContainsRune(k, utf8.RuneError) {
			t.fuzzAll = true
		}
		t.fuzzFirst.add(keyHash(first3Runes(k)))
		t.fuzzLast.add(keyHash(last3Runes(k)))
	}
	t.fuzzKeys = nil
}

// mayBeFuzzy is false when form f is one edit away from no fuzzy alias's
// key (see indexFuzzyEnds).
func (t *Tagger) mayBeFuzzy(f string) bool {
	return t.fuzzAll || t.fuzzFirst.has(keyHash(first3Runes(f))) || t.fuzzLast.has(keyHash(last3Runes(f)))
}

// fuzzyWord appends to ids the one-word aliases word tk is a fuzzy
// match of, in the order matches reports them.
func (t *Tagger) fuzzyWord(tk *dword, ids []int32) []int32 {
	if tk.latin && (len(tk.norm) < fuzzyMinLatin-1 || !isUpperInitial(tk.orig)) {
		return ids
	}
	if t.isKnown(tk) {
		return ids // a known word: no guessing
	}
	for k, f := range tk.forms {
		if !tk.latin && (arabic.RuneCount(f) < fuzzyMinArabic-1 || k < 8 && tk.kaf&(1<<k) != 0) {
			continue
		}
		if !t.mayBeFuzzy(f) {
			continue
		}
		// Candidates go into a local slice: appending to the index's own
		// slices would write into memory shared by concurrent Tag calls.
		var cbuf [32]int32
		cands := append(cbuf[:0], t.fuzzIdx.get(f)...)
		var kbuf [64]byte
		for i := 0; i < len(f); {
			sz := 2 // a rune of the Arabic block, as nearly all of f
			if i+1 >= len(f) || !isArabicPair(f[i], f[i+1]) {
				_, sz = utf8.DecodeRuneInString(f[i:])
			}
			// No key of that length, no need to build this one.
			if t.fuzzIdx.mayHaveLen(len(f) - sz) {
				key := append(append(kbuf[:0], f[:i]...), f[i+sz:]...)
				cands = append(cands, t.fuzzIdx.getBytes(key)...)
			}
			i += sz
		}
		for _, id := range cands {
			if osaWithin1(f, t.terms[id].words[0].key) {
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// termSignature identifies a compiled pattern for one owner and role.
func termSignature(words []wordPat, role uint8, owner int32) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d/%d", role, owner)
	for _, w := range words {
		fmt.Fprintf(&b, "|%s/%t/%s/%s", w.key, w.prefix, w.exact, w.cased)
	}
	return b.String()
}

// Topics returns the topics in rule order, for the UI's virtual feeds.
func (t *Tagger) Topics() []Topic {
	out := make([]Topic, len(t.topics))
	for i, tp := range t.topics {
		out[i] = tp.Topic
	}
	return out
}

// Entity returns the display names of an entity slug ("org:meta"), and
// whether the rules know it.
func (t *Tagger) Entity(slug string) (Topic, bool) {
	i, ok := t.bySlug[slug]
	if !ok {
		return Topic{}, false
	}
	return t.entities[i].Topic, true
}

// dtok is one word (token) of the article, where it stands: what matching
// needs besides the word itself (its dword). It holds no pointers, so that
// filling the article's list costs no write barriers and the garbage
// collector need not scan it.
type dtok struct {
	start  int   // byte offset in its field
	end    int   // byte offset in its field
	word   int32 // index of the distinct word in scratch.words
	title  bool
	chrome bool // inside page chrome: never matched
	host   bool // inside a host or file name: entities not matched
	brk    bool // a sentence or line break precedes it: phrases do not cross
}

// dword is one distinct word of the article (the same spelling as
// written and the same Norm) and everything matching derives from the
// word alone, computed at its first occurrence or lazily, then shared by
// all its occurrences.
type dword struct {
	norm    string
	orig    string
	forms   []string // keys to look up: Arabic proclitic forms; Latin S-stem (+ letters before digits)
	kaf     uint8    // bit i: forms[i] was reached by removing a bare ك
	tanween bool
	latin   bool
	known   uint8    // lazily: knownYes if a form is the first word of a term (see isKnown)
	unvoc   []string // lazily: unvocalized proclitic forms, for "=" spellings
	sufs    []string // lazily: forms without a pronoun suffix or future prefix (suffixForms)
	sufDone bool
	index   string // lazily: the word's full-text index term (TagIndexTokens); "" until then
	next    uint16 // the flags of its keys in exactIdx and prefIdx (set by candidates, see indexSecondWords)

	// The word's term lists in scratch.store (see prepareWord):
	// store[candFrom:candTo] are wordCands' candidate terms (distinct,
	// first word matching; the one-word terms sorted, then from phrFrom
	// the phrases sorted), store[fuzzFrom:fuzzTo] fuzzyWord's
	// one-word matches in order and store[pairFrom:pairTo] pairCands'
	// two-word names starting with the word; idle when all three are
	// empty.
	candFrom, candTo int32
	phrFrom          int32
	fuzzFrom, fuzzTo int32
	pairFrom, pairTo int32
	prepared         bool
	idle             bool
}

// Values of dword.known; zero is "not computed yet".
const (
	knownYes = 1 + iota
	knownNo
)

// isKnown reports whether one of tk's forms is the first word of some term
// (has an entry in exactIdx): a known word is never taken for a misspelling.
func (t *Tagger) isKnown(tk *dword) bool {
	if tk.known == 0 {
		tk.known = knownNo
		for _, f := range tk.forms {
			if len(t.exactIdx.get(f)) > 0 {
				tk.known = knownYes
				break
			}
		}
	}
	return tk.known == knownYes
}

// lastLetter returns the last rune of s that is not an Arabic combining
// mark or the tatweel, or 0.
func lastLetter(s string) rune {
	for len(s) > 0 {
		r, size := utf8.DecodeLastRuneInString(s)
		if !(r >= 0x064B && r <= 0x065F || r == 0x0670 || r == 0x0640) {
			return r
		}
		s = s[:len(s)-size]
	}
	return 0
}

// pronounSuffixes are the attached (enclitic) object and possessive
// pronouns of Arabic that news text puts on the nouns and verbs topic terms
// name: -ه "his/its", -ها "her/its", -هما "their (two)", -هم and -هن
// "their", -نا "our", -كم "your". -ي "my" is left out: it is rare in news
// and a final ي is far more often the nisba adjective (قانوني "legal"). ه
// and ها are suffixes of Larkey et al.'s light10 stemmer (2007); the others
// are the remaining pronoun suffixes of Khoja and Garside's stemmer (1999).
// They are used here for matching only, never to change what a rule's own
// term means.
var pronounSuffixes = [...]string{"هما", "هم", "هن", "ها", "نا", "كم", "ه"}

// suffixForms returns the token's forms (after proclitics) with one
// attached pronoun removed, so that a topic term matches its possessed and
// object forms: "تقييم" matches تقييمها، "هيمنة" matches هيمنتهما (the teh
// marbuta, written ت before a suffix, is restored to ة, normalized ه), and
// "سلامة" matches وسلامتها. It also returns a noun's form without the final
// alef of the indefinite accusative ("عقد" matches عقداً) and a verb's forms
// without the future prefix س before the imperfect's ي ت ن ا ("تضخ" matches
// ستضخ, "يستحوذ" matches سيستحوذ). At least three letters must remain. Entity
// spellings are never matched on these forms: names do not take suffixes.
// Latin tokens have none.
//
// keys, unless its keyTable is nil, limits the forms returned to those that are words of
// some rule (the Tagger's wordKeys), which saves work and memory for the
// many words no rule names.
func (tk *dword) suffixForms(keys wordSet) []string {
	if tk.sufDone {
		return tk.sufs
	}
	tk.sufDone = true
	if tk.latin {
		return nil
	}
	add := func(f string) {
		if keys.keyTable == nil || keys.has(f) {
			tk.sufs = appendUnique(tk.sufs, f)
		}
	}
	// A final ه of the normalized word is a pronoun only if it was written
	// ه: the teh marbuta ة also normalizes to ه (الصينية is not الصيني + ه).
	tehMarbuta := lastLetter(tk.orig) == 'ة'
	for _, f := range tk.forms {
		for _, suf := range pronounSuffixes {
			if !mayEndInPronoun(f) {
				break // none fits
			}
			stem, ok := strings.CutSuffix(f, suf)
			if !ok || arabic.RuneCount(stem) < arabic.MinProcliticStem || suf == "ه" && tehMarbuta {
				continue
			}
			add(stem)
			if base, ok := strings.CutSuffix(stem, "ت"); ok {
				add(base + "ه")
			}
			break // one suffix per form: the longest that fits
		}
		// The indefinite accusative is written with a final alef (عقداً،
		// تمويلا): the bare noun is the term.
		if stem, ok := strings.CutSuffix(f, "ا"); ok && arabic.RuneCount(stem) >= arabic.MinProcliticStem {
			add(stem)
		}
		if rest, ok := strings.CutPrefix(f, "س"); ok && arabic.RuneCount(rest) >= arabic.MinProcliticStem {
			if r, _ := utf8.DecodeRuneInString(rest); r == 'ي' || r == 'ت' || r == 'ن' || r == 'ا' {
				add(rest)
			}
		}
	}
	return tk.sufs
}

// mayEndInPronoun is a cheap test for suffixForms: false means f ends in
// none of pronounSuffixes. They all end in ا م ن or ه, whose UTF-8
// encodings end in the bytes A7, 85, 86 and 87.
func mayEndInPronoun(f string) bool {
	if f == "" {
		return false
	}
	last := f[len(f)-1]
	return last == 0xA7 || last >= 0x85 && last <= 0x87
}

// match is one occurrence of a term.
type match struct {
	term  int32
	start int // token index
	n     int // tokens
}

// Tag returns the automatic tags of an article: its topics (strongest
// first), then its entities (by slug). title and body are plain text (body
// with lines separated by "\n"); lang is the article's ISO 639-1 code and
// does not change matching, which follows each word's script, so an English
// quote in an Arabic article is tagged too. Every Tag's Terms are the
// distinct spellings, as written in the article, that fired it. Tag never
// fails; an article without matches gets nil.
func (t *Tagger) Tag(title, body, lang string) []Tag {
	return t.TagTokens(title, body, arabic.Tokenize(title), arabic.Tokenize(body), lang)
}

// appendLatinForms appends to dst the lookup keys of a Latin (or digit)
// word: its S-stem, and for a name glued to a version number (qwen3, gpt4o,
// llama3) the letters before the digits.
func appendLatinForms(dst []string, norm string) []string {
	forms := append(dst, latinKey(norm))
	i := 0
	for i < len(norm) && (norm[i] >= 'a' && norm[i] <= 'z') {
		i++
	}
	if i >= 3 && i < len(norm) && norm[i] >= '0' && norm[i] <= '9' {
		forms = append(forms, norm[:i])
	}
	return forms
}

// latinKey is the key a Latin word is matched on: its S-stem.
func latinKey(norm string) string { return arabic.Stem(norm) }

// wordCands fills wd's candidate terms (scratch.store[candFrom:candTo]):
// those that may start at the word and whose first word matches it,
// sorted and distinct. Whether a term's first word matches a token depends
// on the word alone (its spelling, Norm, forms and the forms derived from
// them): the terms whose first word does not match are dropped here, once
// per distinct word, and matches checks the rest of each term at every
// occurrence. It also records in wd whether it is a known word (isKnown).
func (t *Tagger) wordCands(wd *dword, sc *scratch) {
	list := t.candidates(wd, sc.cands[:0])
	sc.cands = list
	wd.candFrom = int32(len(sc.store))
	// The one-word terms first, then the phrases (matches checks the
	// latter only where the next word may go on with them; the order of
	// matches does not matter, decide sorts them).
	for _, id := range list {
		term := &t.terms[id]
		if !t.phrase[id] && wordMatches(wd, &term.words[0], isEntityRole(term.role), t.wordKeys) {
			sc.store = append(sc.store, id)
		}
	}
	wd.phrFrom = int32(len(sc.store))
	for _, id := range list {
		term := &t.terms[id]
		if t.phrase[id] && wordMatches(wd, &term.words[0], isEntityRole(term.role), t.wordKeys) {
			sc.store = append(sc.store, id)
		}
	}
	wd.candTo = int32(len(sc.store))
}

// candidates appends to list the terms that may start at word tk, sorted
// and distinct, and records in tk whether it is a known word (isKnown)
// and the flags of its keys (next, see indexSecondWords). The result
// depends on the word alone, not on its neighbours.
func (t *Tagger) candidates(tk *dword, list []int32) []int32 {
	tk.known = knownNo
	var ex []int32
	var flags, fl uint16
	for _, f := range tk.forms {
		ex, fl = lookupFlags(t.exactIdx.keyTable, f, keyHash(f))
		if len(ex) > 0 {
			tk.known = knownYes
		}
		flags |= fl
		list = append(list, ex...)
		if !tk.latin {
			list, fl = t.appendPrefixTerms(list, f)
			flags |= fl
		}
	}
	for _, f := range tk.suffixForms(t.wordKeys) {
		ex, fl = lookupFlags(t.exactIdx.keyTable, f, keyHash(f))
		flags |= fl
		list = append(list, ex...)
	}
	if tk.latin {
		// A Latin * pattern is a prefix of the word as written, not of its stem.
		list, fl = t.appendPrefixTerms(list, tk.norm)
		flags |= fl
	}
	tk.next = flags
	if len(list) > 1 {
		slices.Sort(list)
		list = slices.Compact(list)
	}
	return list
}

// appendPrefixTerms appends to list the * patterns (terms) that share f's
// first three runes and whose prefix f starts with, and returns the flags
// of that key of prefIdx. wordCands keeps only
// the candidates whose first word matches the token, and a * pattern's
// first word matches only a form that starts with its prefix; one that
// does so shares that form's first three runes (or, for a prefix under
// three runes, is that form: such prefixes are indexed whole), so the
// lookup of that form finds it. Testing the prefix here, against the
// pattern's first word, drops early the many patterns that merely share a
// common start (الم، است) with the word.
func (t *Tagger) appendPrefixTerms(list []int32, f string) ([]int32, uint16) {
	k := first3Runes(f)
	ids, flags := lookupFlags(t.prefIdx.keyTable, k, keyHash(k))
	for _, id := range ids {
		if strings.HasPrefix(f, t.terms[id].words[0].key) {
			list = append(list, id)
		}
	}
	return list, flags
}

// phraseAt checks term's words against the tokens from i, except for
// whether its first word matches token i, which wordCands has checked (see
// there); it returns the number of tokens covered. Token i is outside page
// chrome (matches skips chrome). words are the article's distinct words
// (scratch.words).
func (t *Tagger) phraseAt(toks []dtok, i int, term *cTerm, words []dword) (int, bool) {
	entity := isEntityRole(term.role)
	if entity && (toks[i].host || words[toks[i].word].tanween) {
		return 0, false
	}
	for k := 1; k < len(term.words); k++ {
		w := &term.words[k]
		j := i + k
		if j >= len(toks) {
			return 0, false
		}
		tk := &toks[j]
		if tk.chrome || tk.brk || tk.title != toks[i].title {
			return 0, false
		}
		wd := &words[tk.word]
		if entity && (tk.host || wd.tanween) {
			return 0, false
		}
		if !wordMatches(wd, w, entity, t.wordKeys) {
			return 0, false
		}
	}
	return len(term.words), true
}

// isEntityRole reports whether terms of the role are entity spellings.
func isEntityRole(role uint8) bool { return role == roleAlias || role == roleAmbiguous }

// wordMatches checks one pattern word against one word of the article;
// keys are the Tagger's wordKeys (see suffixForms).
func wordMatches(tk *dword, w *wordPat, entity bool, keys wordSet) bool {
	if w.latin != tk.latin {
		return false
	}
	if w.cased != "" && !caseMatches(tk.orig, w.cased) {
		return false
	}
	if w.exact != "" {
		if tk.unvoc == nil {
			tk.unvoc = arabic.StripProclitics(arabic.Unvocalize(tk.orig))
		}
		for _, f := range tk.unvoc {
			if f == w.exact {
				return true
			}
		}
		return false
	}
	if w.latin {
		if w.prefix {
			return strings.HasPrefix(tk.norm, w.key)
		}
		for _, f := range tk.forms {
			if f == w.key {
				return true
			}
		}
		return false
	}
	for i, f := range tk.forms {
		if entity && i < 8 && tk.kaf&(1<<i) != 0 {
			continue
		}
		if w.prefix && strings.HasPrefix(f, w.key) || !w.prefix && f == w.key {
			return true
		}
	}
	if !entity && !w.prefix {
		for _, f := range tk.suffixForms(keys) {
			if f == w.key {
				return true
			}
		}
	}
	return false
}

// caseMatches reports whether a word written orig has the capitalization
// of want: the same spelling, or want in all capitals ("META" for "Meta").
// Possessives are already cut off by the tokenizer. Soft hyphens (U+00AD)
// in orig are passed over: arabic.Tokenize keeps them inside a word, which
// is the word without them ("An\u00ADthropic" is Anthropic).
func caseMatches(orig, want string) bool {
	if orig == want {
		return true
	}
	if strings.Contains(orig, "\u00ad") {
		orig = strings.ReplaceAll(orig, "\u00ad", "")
		if orig == want {
			return true
		}
	}
	return hasUpper(want) && isUpperInitial(want) && orig == strings.ToUpper(want)
}

func isUpperInitial(s string) bool { return unicode.IsUpper(firstRune(s)) }

func hasUpper(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return true
		}
	}
	return false
}

// decide turns matches into tags; it also returns every topic's score
// (nil when the domain gate stays closed).
// trace, when not nil, receives each topic term's contribution.
// sc provides the working memory for the per-entity and per-term tallies;
// its ents and counts are left for sc.release to reset.
func (t *Tagger) decide(toks []dtok, ms []match, title, body string, trace map[int][]string, sc *scratch) ([]Tag, []float64) {
	spanText := func(m match) string {
		a, b := &toks[m.start], &toks[m.start+m.n-1]
		if a.title {
			return title[a.start:b.end]
		}
		return body[a.start:b.end]
	}
	if len(ms) == 0 {
		return nil, nil
	}
	// Resolve overlaps within each owner: at each position the longest
	// match wins, and a match covering later tokens hides those starting
	// inside it. Entity spellings and exclusions compete together;
	// context and domain terms only among themselves.
	// Order: group, owner, start, longest first, then priority, weight
	// (highest first) and term index; groupRank and tieRank are those
	// keys of each term, ranked once in New.
	t.sortMatches(ms, len(toks), sc)
	kept := ms[:0] // filtered in place: kept never gets ahead of the loop
	lastGroup, lastOwner, coveredTo := -1, int32(-1), 0
	for _, m := range ms {
		tm := &t.terms[m.term]
		g := groupOf(tm)
		if g != lastGroup || tm.owner != lastOwner {
			lastGroup, lastOwner, coveredTo = g, tm.owner, 0
		}
		if m.start < coveredTo {
			continue
		}
		coveredTo = m.start + m.n
		kept = append(kept, m)
	}

	// Entities first: they also open the domain gate.
	if len(sc.ents) < len(t.entities) {
		sc.ents = make([]entState, len(t.entities))
	}
	ents := sc.ents[:len(t.entities)]
	gate := !t.hasGate
	if len(sc.counts) < len(t.terms) {
		sc.counts = make([]termCount, len(t.terms))
	}
	counts := sc.counts
	// The entities with a spelling in kept, the only ones that may fire.
	spelt := sc.spelt[:0]
	for k, m := range kept {
		tm := &t.terms[m.term]
		switch tm.role {
		case roleAlias, roleAmbiguous:
			// The entity's spellings are gathered below, from
			// kept[from:to], for the entities that fire only.
			e := &ents[tm.owner]
			if !e.strong && !e.ambiguous {
				e.from = int32(k)
				spelt = append(spelt, tm.owner)
			}
			e.to = int32(k + 1)
			if tm.role == roleAlias {
				e.strong = true
			} else {
				e.ambiguous = true
			}
		case roleContext:
			ents[tm.owner].context = true
		case roleDomain:
			gate = true
		case roleTopic:
			c := &counts[m.term]
			if *c == (termCount{}) {
				sc.touched = append(sc.touched, m.term)
			}
			if toks[m.start].title {
				c.title++
			} else {
				c.body++
			}
		}
	}
	// The Terms of every tag are gathered in sc.spans and copied at the
	// end into one slice that all the tags share, each capped to its own
	// part: one allocation instead of a growing slice per tag.
	spans := sc.spans[:0]
	entTags := sc.entTags[:0]
	// In entity order, as a walk over all of ents would visit them.
	slices.Sort(spelt)
	sc.spelt = spelt
	for _, o := range spelt {
		i, e := int(o), &ents[o]
		fire := e.strong
		if !fire {
			// Ambiguous: it needs context.
			fire = e.context
			for _, r := range t.entities[i].refs {
				fire = fire || ents[r].strong
			}
		}
		if fire {
			gate = true
			// The spellings in the order of kept, as they occur there.
			from := len(spans)
			for _, m := range kept[e.from:e.to] {
				tm := &t.terms[m.term]
				if int(tm.owner) == i && (tm.role == roleAlias || tm.role == roleAmbiguous) {
					spans = appendUniqueFrom(spans, from, spanText(m))
				}
			}
			entTags = append(entTags, Tag{Name: t.entities[i].Slug, Kind: KindEntity, Terms: spans[from:len(spans):len(spans)]})
		}
	}
	slices.SortFunc(entTags, func(a, b Tag) int { return strings.Compare(a.Name, b.Name) })
	sc.entTags = entTags

	var scores []float64
	// The topic tags, counted before the result is allocated at its size.
	var cs []topicCand
	nTopics := 0
	if gate {
		scores = slices.Grow(sc.scores[:0], len(t.topics))[:len(t.topics)]
		clear(scores)
		sc.scores = scores
		st := t.st
		for _, id := range sc.touched {
			c := &counts[id]
			tm := &t.terms[id]
			s := 0.0
			if c.title > 0 {
				s += st.titleWeight
			}
			if c.body > 0 {
				s += 1 + st.repeatWeight*float64(min(c.body, st.maxRepeats)-1)
			}
			scores[tm.owner] += tm.weight * s
			if trace != nil && tm.weight != 0 {
				trace[int(tm.owner)] = append(trace[int(tm.owner)], fmt.Sprintf("%s:%.1f", tm.text, tm.weight*s))
			}
		}
		cs = sc.topicCands[:0]
		for i, s := range scores {
			if s >= t.topics[i].threshold {
				cs = append(cs, topicCand{i, s})
			}
		}
		sc.topicCands = cs
		slices.SortStableFunc(cs, func(a, b topicCand) int { return cmp.Compare(b.score, a.score) })
		for k, c := range cs {
			if k >= st.maxTopics || st.relative > 0 && c.score < st.relative*cs[0].score {
				break
			}
			nTopics++
		}
	}
	if nTopics+len(entTags) == 0 {
		sc.spans = spans
		return nil, scores
	}
	tags := make([]Tag, 0, nTopics+len(entTags))
	for _, c := range cs[:nTopics] {
		from := len(spans)
		for _, m := range kept {
			tm := &t.terms[m.term]
			if tm.role == roleTopic && int(tm.owner) == c.i && tm.weight > 0 {
				spans = appendUniqueFrom(spans, from, spanText(m))
			}
		}
		tags = append(tags, Tag{Name: t.topics[c.i].Slug, Kind: KindTopic, Terms: spans[from:len(spans):len(spans)]})
	}
	tags = append(tags, entTags...)
	sc.spans = spans
	// Each tag's Terms, still in sc.spans (or an earlier array of it),
	// moved to the shared slice; a tag without terms keeps nil, as
	// appendUnique on nil left it.
	all := make([]string, len(spans))
	off := 0
	for i := range tags {
		n := copy(all[off:], tags[i].Terms)
		if n == 0 {
			tags[i].Terms = nil
			continue
		}
		tags[i].Terms = all[off : off+n : off+n]
		off += n
	}
	return tags, scores
}

// topicCand is a topic whose score reached its threshold, for decide.
type topicCand struct {
	i     int
	score float64
}

// sortMatches sorts ms for decide: by groupRank, start, length (longest
// first) and tieRank of the term. When those four fit in 64 bits, as they
// do but for articles of millions of words, each match is packed into one
// integer key that holds all of it (tieRank is a permutation of the term
// indexes) and the keys are sorted as numbers.
func (t *Tagger) sortMatches(ms []match, ntoks int, sc *scratch) {
	startBits := uint(bits.Len(uint(ntoks)))
	if t.keyBits+startBits > 64 {
		gr, tr := t.groupRank, t.tieRank
		slices.SortFunc(ms, func(a, b match) int {
			if c := cmp.Compare(gr[a.term], gr[b.term]); c != 0 {
				return c
			}
			if c := cmp.Compare(a.start, b.start); c != 0 {
				return c
			}
			if c := cmp.Compare(b.n, a.n); c != 0 {
				return c
			}
			return cmp.Compare(tr[a.term], tr[b.term])
		})
		return
	}
	keys := sc.keys[:0]
	for _, m := range ms {
		k := uint64(t.groupRank[m.term])<<startBits | uint64(m.start)
		k = k<<t.nBits | uint64(t.maxWords-m.n)
		k = k<<t.tieBits | uint64(t.tieRank[m.term])
		keys = append(keys, k)
	}
	slices.Sort(keys)
	tieMask, nMask, startMask := uint64(1)<<t.tieBits-1, uint64(1)<<t.nBits-1, uint64(1)<<startBits-1
	for i, k := range keys {
		term := t.tieTerm[k&tieMask]
		k >>= t.tieBits
		n := t.maxWords - int(k&nMask)
		k >>= t.nBits
		ms[i] = match{term: term, start: int(k & startMask), n: n}
	}
	sc.keys = keys
}

// entState is what decide gathers about one entity.
type entState struct {
	strong, ambiguous, context bool
	from, to                   int32 // kept[from:to] holds the entity's spellings (alias and ambiguous matches)
}

// termCount is how often a topic term matched in the title and the body.
type termCount struct{ title, body int }

// rankTerms fills groupRank and tieRank (see decide).
func (t *Tagger) rankTerms() {
	n := len(t.terms)
	ids := make([]int32, n)
	for i := range ids {
		ids[i] = int32(i)
	}
	t.groupRank = make([]int32, n)
	t.tieRank = make([]int32, n)
	slices.SortFunc(ids, func(a, b int32) int {
		ta, tb := &t.terms[a], &t.terms[b]
		if c := cmp.Compare(groupOf(ta), groupOf(tb)); c != 0 {
			return c
		}
		return cmp.Compare(ta.owner, tb.owner)
	})
	r := int32(0)
	for k, id := range ids {
		if k > 0 {
			pa, pb := &t.terms[ids[k-1]], &t.terms[id]
			if groupOf(pa) != groupOf(pb) || pa.owner != pb.owner {
				r++
			}
		}
		t.groupRank[id] = r
	}
	slices.SortFunc(ids, func(a, b int32) int {
		ta, tb := &t.terms[a], &t.terms[b]
		if c := cmp.Compare(priority(ta), priority(tb)); c != 0 {
			return c
		}
		if c := cmp.Compare(tb.weight, ta.weight); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	t.tieTerm = ids
	for k, id := range ids {
		t.tieRank[id] = int32(k)
	}
	// Widths of sortMatches' packed keys. A match covers at most
	// maxWords tokens (a fuzzy name match 1 or 2).
	t.maxWords = 2
	for i := range t.terms {
		t.maxWords = max(t.maxWords, len(t.terms[i].words))
	}
	t.tieBits = uint(bits.Len(uint(n)))
	t.nBits = uint(bits.Len(uint(t.maxWords)))
	t.keyBits = uint(bits.Len(uint(r))) + t.nBits + t.tieBits
}

// priority orders matches of equal span: an exclusion or a zero-weight
// blocker beats a spelling or term, an unambiguous spelling beats an
// ambiguous one.
func priority(tm *cTerm) int {
	switch {
	case tm.role == roleExclude, tm.role == roleTopic && tm.weight == 0:
		return 0
	case tm.role == roleAlias:
		return 1
	case tm.role == roleAmbiguous:
		return 2
	}
	return 3
}

// groupOf is the overlap-resolution group of a term's role.
func groupOf(tm *cTerm) int {
	switch tm.role {
	case roleAlias, roleAmbiguous, roleExclude:
		return 2
	case roleContext:
		return 3
	case roleDomain:
		return 4
	}
	return 1
}

// appendUniqueFrom appends s to list unless list[from:] holds it already.
func appendUniqueFrom(list []string, from int, s string) []string {
	for _, x := range list[from:] {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

func appendUnique(list []string, s string) []string {
	for _, x := range list {
		if x == s {
			return list
		}
	}
	return append(list, s)
}

// firstRune is the first rune of s (utf8.RuneError if none or invalid),
// with the two-byte sequences of the Arabic block and the rest of U+0080–
// U+07FF, the first rune of most words that are not ASCII, decoded inline.
func firstRune(s string) rune {
	if len(s) >= 2 && s[0] >= 0xC2 && s[0] <= 0xDF && s[1]&0xC0 == 0x80 {
		return rune(s[0]&0x1F)<<6 | rune(s[1]&0x3F)
	}
	r, _ := utf8.DecodeRuneInString(s)
	return r
}

// first3Runes is firstRunes(s, 3), with the usual cases settled by
// testing a few bytes: a word in Arabic, three two-byte runes of the
// Arabic block (lead bytes D8–DB) first, and a Latin one, three ASCII
// bytes first.
func first3Runes(s string) string {
	if len(s) >= 6 && isArabicPair(s[0], s[1]) && isArabicPair(s[2], s[3]) && isArabicPair(s[4], s[5]) {
		return s[:6]
	}
	if len(s) >= 3 && s[0]|s[1]|s[2] < utf8.RuneSelf {
		return s[:3]
	}
	return firstRunes(s, 3)
}

// last3Runes returns the last three runes of s (all of s if it has
// fewer), decoding from the end; three ASCII bytes or three two-byte runes
// of the Arabic block at the end are taken without decoding.
func last3Runes(s string) string {
	n := len(s)
	if n >= 6 && isArabicPair(s[n-6], s[n-5]) && isArabicPair(s[n-4], s[n-3]) && isArabicPair(s[n-2], s[n-1]) {
		return s[n-6:]
	}
	if n >= 3 && s[n-1]|s[n-2]|s[n-3] < utf8.RuneSelf {
		return s[n-3:]
	}
	i := n
	for k := 0; k < 3 && i > 0; k++ {
		_, sz := utf8.DecodeLastRuneInString(s[:i])
		i -= sz
	}
	return s[i:]
}

// isArabicPair reports whether c, d encode a rune of the Arabic block
// (U+0600–06FF) in UTF-8.
func isArabicPair(c, d byte) bool { return c-0xD8 <= 0xDB-0xD8 && d&0xC0 == 0x80 }

// firstRunes returns the first n runes of s (all of s if it has fewer), as
// ranging over s would count them. One- and two-byte runes (ASCII, the
// Arabic block: nearly every word) are measured inline.
func firstRunes(s string, n int) string {
	i := 0
	for k := 0; k < n && i < len(s); k++ {
		switch c := s[i]; {
		case c < utf8.RuneSelf:
			i++
		case c >= 0xC2 && c <= 0xDF && i+1 < len(s) && s[i+1]&0xC0 == 0x80:
			i += 2
		default:
			_, sz := utf8.DecodeRuneInString(s[i:])
			i += sz
		}
	}
	return s[:i]
}
