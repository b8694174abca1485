package bidi

import (
	"slices"

	xbidi "golang.org/x/text/unicode/bidi"
)

// This file implements the Unicode Bidirectional Algorithm, UAX #9
// (revision for Unicode 16/17), for one paragraph: rules P2–P3 (paragraph
// level), X1–X10 (explicit levels and directions, isolating run sequences),
// W1–W7 (weak types), N0 (paired brackets, BD16), N1–N2 (neutrals), I1–I2
// (implicit levels), and per line L1 (reset of separators and trailing
// whitespace) and L2 (reordering). Characters removed by X9 (embedding and
// override controls, PDF and BN) are kept in the arrays and skipped by the
// rules, as UAX #9 section 5.2 "Retaining BNs and Explicit Formatting
// Characters" describes; they take the level of the preceding character.

// maxDepth is max_depth of BD2: the deepest valid embedding level.
const maxDepth = 125

// Shorthands for the classes of UAX #9 Table 4.
const (
	cL   = xbidi.L
	cR   = xbidi.R
	cEN  = xbidi.EN
	cES  = xbidi.ES
	cET  = xbidi.ET
	cAN  = xbidi.AN
	cCS  = xbidi.CS
	cB   = xbidi.B
	cS   = xbidi.S
	cWS  = xbidi.WS
	cON  = xbidi.ON
	cBN  = xbidi.BN
	cNSM = xbidi.NSM
	cAL  = xbidi.AL
	cLRO = xbidi.LRO
	cRLO = xbidi.RLO
	cLRE = xbidi.LRE
	cRLE = xbidi.RLE
	cPDF = xbidi.PDF
	cLRI = xbidi.LRI
	cRLI = xbidi.RLI
	cFSI = xbidi.FSI
	cPDI = xbidi.PDI
)

// removedByX9 reports whether rule X9 removes characters of class c.
func removedByX9(c xbidi.Class) bool {
	switch c {
	case cRLE, cLRE, cRLO, cLRO, cPDF, cBN:
		return true
	}
	return false
}

func isIsolateInitiator(c xbidi.Class) bool { return c == cLRI || c == cRLI || c == cFSI }

// isNI reports whether c is a neutral or isolate formatting character (NI in
// rules N1 and N2).
func isNI(c xbidi.Class) bool {
	switch c {
	case cB, cS, cWS, cON, cLRI, cRLI, cFSI, cPDI:
		return true
	}
	return false
}

// strongDir maps a resolved type to the direction N0–N2 see: L stays L; R,
// EN and AN count as R; anything else is ON (neutral).
func strongDir(c xbidi.Class) xbidi.Class {
	switch c {
	case cL:
		return cL
	case cR, cEN, cAN, cAL:
		return cR
	}
	return cON
}

func dirOfLevel(l int8) xbidi.Class {
	if l&1 == 1 {
		return cR
	}
	return cL
}

// paragraph holds the state of one bidi paragraph. Its slices are reused
// between paragraphs (see scratch).
type paragraph struct {
	initial []xbidi.Class // Bidi_Class of each character (never changed)
	types   []xbidi.Class // classes as the rules resolve them
	levels  []int8        // embedding levels: explicit after X1–X8, resolved after I2
	// Paired brackets (BD14, BD15): the canonical opening bracket a character
	// pairs on (0 for non-brackets), and whether it opens.
	bracketKey  []rune
	bracketOpen []bool
	wasNSM      []bool  // class NSM before W1 (for N0's trailing marks)
	matchPDI    []int32 // isolate initiator → its matching PDI (BD9), -1 if none
	matchInit   []int32 // PDI → the initiator it matches, -1 if none
	level       int8    // paragraph embedding level

	// scratch
	runs    []levelRun
	runOf   []int32
	seqBuf  []int32
	seqs    []sequence
	pairs   []bracketPos
	istack  []int32
	openers []opener
}

type levelRun struct{ start, end int32 } // [start, end) in text positions; removed characters inside are skipped

type sequence struct {
	from, to int32 // slice of paragraph.seqBuf holding the text positions
	sos, eos xbidi.Class
	level    int8
}

type bracketPos struct{ open, close int32 } // positions within a sequence

type opener struct {
	key rune
	pos int32
}

// reset sizes the arrays for n characters.
func (p *paragraph) reset(n int) {
	p.initial = grow(p.initial, n)
	p.types = grow(p.types, n)
	p.levels = grow(p.levels, n)
	p.bracketKey = grow(p.bracketKey, n)
	p.bracketOpen = grow(p.bracketOpen, n)
	p.wasNSM = grow(p.wasNSM, n)
	p.matchPDI = grow(p.matchPDI, n)
	p.matchInit = grow(p.matchInit, n)
	p.runOf = grow(p.runOf, n)
	clear(p.bracketKey)
	clear(p.bracketOpen)
	clear(p.wasNSM)
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n, n+n/4)
	}
	return s[:n]
}

// setRunes fills the classes and bracket properties from text.
func (p *paragraph) setRunes(text []rune) {
	p.reset(len(text))
	for i, r := range text {
		c := lookupClass(r)
		p.initial[i] = c
		if c == cON {
			if key, open, ok := bracketOf(r); ok {
				p.bracketKey[i] = key
				p.bracketOpen[i] = open
			}
		}
	}
}

// setClasses fills the classes directly (BidiTest.txt gives classes, not
// text); no character is a paired bracket.
func (p *paragraph) setClasses(cs []xbidi.Class) {
	p.reset(len(cs))
	copy(p.initial, cs)
}

// resolve runs P2–P3 (when base < 0) and X1–I2. base is 0 for LTR, 1 for RTL,
// -1 for the first-strong rule.
func (p *paragraph) resolve(base int8) {
	n := len(p.initial)
	copy(p.types, p.initial)
	p.matchIsolates()
	if base < 0 {
		base = 0
		if p.firstStrong(0, n) == cR {
			base = 1
		}
	}
	p.level = base
	if n == 0 {
		return
	}
	p.explicitLevels()
	p.buildSequences()
	for _, s := range p.seqs {
		seq := p.seqBuf[s.from:s.to]
		p.resolveWeak(seq, s.sos)
		p.resolveBrackets(seq, s.sos, s.level)
		p.resolveNeutrals(seq, s.sos, s.eos, s.level)
		p.resolveImplicit(seq)
	}
	// Characters removed by X9 take the level of the preceding character.
	for i := 0; i < n; i++ {
		if removedByX9(p.initial[i]) {
			if i == 0 {
				p.levels[i] = p.level
			} else {
				p.levels[i] = p.levels[i-1]
			}
		}
	}
}

// matchIsolates pairs isolate initiators with their matching PDIs (BD9). A
// paragraph separator ends every open isolate.
func (p *paragraph) matchIsolates() {
	st := p.istack[:0]
	for i, c := range p.initial {
		p.matchPDI[i], p.matchInit[i] = -1, -1
		switch c {
		case cLRI, cRLI, cFSI:
			st = append(st, int32(i))
		case cPDI:
			if len(st) > 0 {
				j := st[len(st)-1]
				st = st[:len(st)-1]
				p.matchPDI[j], p.matchInit[i] = int32(i), j
			}
		case cB:
			st = st[:0]
		}
	}
	p.istack = st
}

// firstStrong applies P2 to text positions [from, to): the direction (L or R)
// of the first L, R or AL character outside isolates, or ON if none.
func (p *paragraph) firstStrong(from, to int) xbidi.Class {
	for i := from; i < to; i++ {
		switch p.initial[i] {
		case cL:
			return cL
		case cR, cAL:
			return cR
		case cLRI, cRLI, cFSI:
			m := p.matchPDI[i]
			if m < 0 {
				return cON
			}
			i = int(m)
		case cB:
			return cON
		}
	}
	return cON
}

type status struct {
	level    int8
	override xbidi.Class // cON: neutral, cL or cR
	isolate  bool
}

// explicitLevels applies X1–X8.
func (p *paragraph) explicitLevels() {
	var stackBuf [maxDepth + 2]status
	stack := stackBuf[:1]
	stack[0] = status{level: p.level, override: cON}
	overflowIsolates, overflowEmbeddings, validIsolates := 0, 0, 0
	n := len(p.initial)
	for i := 0; i < n; i++ {
		t := p.initial[i]
		top := stack[len(stack)-1]
		switch t {
		case cRLE, cLRE, cRLO, cLRO: // X2–X5
			p.levels[i] = top.level
			next := nextLevel(top.level, t == cRLE || t == cRLO)
			if next <= maxDepth && overflowIsolates == 0 && overflowEmbeddings == 0 {
				ov := cON
				if t == cRLO {
					ov = cR
				} else if t == cLRO {
					ov = cL
				}
				stack = append(stack, status{level: next, override: ov})
			} else if overflowIsolates == 0 {
				overflowEmbeddings++
			}
		case cRLI, cLRI, cFSI: // X5a–X5c
			p.levels[i] = top.level
			if top.override != cON {
				p.types[i] = top.override
			}
			rtl := t == cRLI
			if t == cFSI {
				end := int(p.matchPDI[i])
				if end < 0 {
					end = n
				}
				rtl = p.firstStrong(i+1, end) == cR
			}
			next := nextLevel(top.level, rtl)
			if next <= maxDepth && overflowIsolates == 0 && overflowEmbeddings == 0 {
				validIsolates++
				stack = append(stack, status{level: next, override: cON, isolate: true})
			} else {
				overflowIsolates++
			}
		case cPDI: // X6a
			if overflowIsolates > 0 {
				overflowIsolates--
			} else if validIsolates > 0 {
				overflowEmbeddings = 0
				for !stack[len(stack)-1].isolate {
					stack = stack[:len(stack)-1]
				}
				stack = stack[:len(stack)-1]
				validIsolates--
			}
			top = stack[len(stack)-1]
			p.levels[i] = top.level
			if top.override != cON {
				p.types[i] = top.override
			}
		case cPDF: // X7
			p.levels[i] = top.level
			if overflowIsolates > 0 {
			} else if overflowEmbeddings > 0 {
				overflowEmbeddings--
			} else if !top.isolate && len(stack) >= 2 {
				stack = stack[:len(stack)-1]
			}
		case cB: // X8: a paragraph separator ends every embedding, override and isolate
			p.levels[i] = p.level
			stack = stack[:1]
			overflowIsolates, overflowEmbeddings, validIsolates = 0, 0, 0
		case cBN: // removed by X9
			p.levels[i] = top.level
		default: // X6
			p.levels[i] = top.level
			if top.override != cON {
				p.types[i] = top.override
			}
		}
	}
}

// nextLevel is the least odd (rtl) or even level greater than l.
func nextLevel(l int8, rtl bool) int8 {
	if rtl {
		return (l + 1) | 1
	}
	return (l + 2) &^ 1
}

// buildSequences applies X10: level runs (BD7) chained into isolating run
// sequences (BD13), each with its sos and eos.
func (p *paragraph) buildSequences() {
	n := len(p.initial)
	runs := p.runs[:0]
	for i := 0; i < n; i++ {
		if removedByX9(p.initial[i]) {
			p.runOf[i] = -1
			continue
		}
		if len(runs) == 0 || p.levels[runs[len(runs)-1].end-1] != p.levels[i] {
			runs = append(runs, levelRun{int32(i), int32(i + 1)})
		} else {
			runs[len(runs)-1].end = int32(i + 1)
		}
		p.runOf[i] = int32(len(runs) - 1)
	}
	p.runs = runs
	buf := p.seqBuf[:0]
	seqs := p.seqs[:0]
	for r := range runs {
		first := runs[r].start
		if p.initial[first] == cPDI && p.matchInit[first] >= 0 {
			continue // appended to the sequence of its initiator
		}
		from := int32(len(buf))
		cur := r
		for {
			for i := runs[cur].start; i < runs[cur].end; i++ {
				if !removedByX9(p.initial[i]) {
					buf = append(buf, i)
				}
			}
			last := runs[cur].end - 1
			if !isIsolateInitiator(p.initial[last]) || p.matchPDI[last] < 0 {
				break
			}
			cur = int(p.runOf[p.matchPDI[last]])
		}
		seq := buf[from:]
		first, last := seq[0], seq[len(seq)-1]
		level := p.levels[first]
		prev := p.level
		for j := first - 1; j >= 0; j-- {
			if !removedByX9(p.initial[j]) {
				prev = p.levels[j]
				break
			}
		}
		next := p.level
		if !isIsolateInitiator(p.initial[last]) {
			for j := int(last) + 1; j < n; j++ {
				if !removedByX9(p.initial[j]) {
					next = p.levels[j]
					break
				}
			}
		}
		seqs = append(seqs, sequence{
			from: from, to: int32(len(buf)),
			sos: dirOfLevel(max(prev, level)), eos: dirOfLevel(max(next, level)),
			level: level,
		})
	}
	p.seqBuf, p.seqs = buf, seqs
}

// resolveWeak applies W1–W7 to one isolating run sequence.
func (p *paragraph) resolveWeak(seq []int32, sos xbidi.Class) {
	t := p.types
	// W1
	prev := sos
	for _, i := range seq {
		if t[i] == cNSM {
			p.wasNSM[i] = true
			switch prev {
			case cLRI, cRLI, cFSI, cPDI:
				t[i] = cON
			default:
				t[i] = prev
			}
		}
		prev = t[i]
	}
	// W2, W3
	strong := sos
	for _, i := range seq {
		switch t[i] {
		case cL, cR:
			strong = t[i]
		case cAL:
			strong = cAL
			t[i] = cR
		case cEN:
			if strong == cAL {
				t[i] = cAN
			}
		}
	}
	// W4
	for k := 1; k+1 < len(seq); k++ {
		c := t[seq[k]]
		if c != cES && c != cCS {
			continue
		}
		a, b := t[seq[k-1]], t[seq[k+1]]
		if a == cEN && b == cEN {
			t[seq[k]] = cEN
		} else if c == cCS && a == cAN && b == cAN {
			t[seq[k]] = cAN
		}
	}
	// W5
	for k := 0; k < len(seq); k++ {
		if t[seq[k]] != cET {
			continue
		}
		end := k
		for end < len(seq) && t[seq[end]] == cET {
			end++
		}
		if (k > 0 && t[seq[k-1]] == cEN) || (end < len(seq) && t[seq[end]] == cEN) {
			for j := k; j < end; j++ {
				t[seq[j]] = cEN
			}
		}
		k = end - 1
	}
	// W6, W7
	strong = sos
	for _, i := range seq {
		switch t[i] {
		case cES, cET, cCS:
			t[i] = cON
		case cL, cR:
			strong = t[i]
		case cEN:
			if strong == cL {
				t[i] = cL
			}
		}
	}
}

// maxBracketPairs is the capacity of the BD16 bracket stack.
const maxBracketPairs = 63

// resolveBrackets applies N0 to one isolating run sequence.
func (p *paragraph) resolveBrackets(seq []int32, sos xbidi.Class, level int8) {
	t := p.types
	// BD16: identify the bracket pairs.
	pairs := p.pairs[:0]
	stack := p.openers[:0]
	for k, i := range seq {
		key := p.bracketKey[i]
		if key == 0 || t[i] != cON {
			continue
		}
		if p.bracketOpen[i] {
			if len(stack) == maxBracketPairs {
				pairs = pairs[:0]
				break
			}
			stack = append(stack, opener{key, int32(k)})
			continue
		}
		for j := len(stack) - 1; j >= 0; j-- {
			if stack[j].key == key {
				pairs = append(pairs, bracketPos{stack[j].pos, int32(k)})
				stack = stack[:j]
				break
			}
		}
	}
	p.openers = stack[:0]
	p.pairs = pairs
	if len(pairs) == 0 {
		return
	}
	slices.SortFunc(pairs, func(a, b bracketPos) int { return int(a.open - b.open) })
	e := dirOfLevel(level)
	for _, pr := range pairs {
		found := cON
		for k := pr.open + 1; k < pr.close; k++ {
			d := strongDir(t[seq[k]])
			if d == e {
				found = e
				break
			}
			if d != cON {
				found = d
			}
		}
		if found == cON {
			continue // N0 d: no strong type inside, leave the brackets alone
		}
		dir := e
		if found != e { // N0 c: only the opposite direction inside; look before the opener
			ctx := sos
			for k := pr.open - 1; k >= 0; k-- {
				if d := strongDir(t[seq[k]]); d != cON {
					ctx = d
					break
				}
			}
			if ctx != e {
				dir = ctx
			}
		}
		for _, k := range [2]int32{pr.open, pr.close} {
			t[seq[k]] = dir
			for k++; int(k) < len(seq) && p.wasNSM[seq[k]]; k++ {
				t[seq[k]] = dir
			}
		}
	}
}

// resolveNeutrals applies N1 and N2 to one isolating run sequence.
func (p *paragraph) resolveNeutrals(seq []int32, sos, eos xbidi.Class, level int8) {
	t := p.types
	e := dirOfLevel(level)
	for k := 0; k < len(seq); {
		if !isNI(t[seq[k]]) {
			k++
			continue
		}
		start := k
		for k < len(seq) && isNI(t[seq[k]]) {
			k++
		}
		before, after := sos, eos
		if start > 0 {
			before = strongDir(t[seq[start-1]])
		}
		if k < len(seq) {
			after = strongDir(t[seq[k]])
		}
		d := e
		if before == after {
			d = before
		}
		for j := start; j < k; j++ {
			t[seq[j]] = d
		}
	}
}

// resolveImplicit applies I1 and I2 to one isolating run sequence.
func (p *paragraph) resolveImplicit(seq []int32) {
	for _, i := range seq {
		l := p.levels[i]
		switch c := p.types[i]; {
		case l&1 == 0 && c == cR:
			l++
		case l&1 == 0 && (c == cAN || c == cEN):
			l += 2
		case l&1 == 1 && (c == cL || c == cEN || c == cAN):
			l++
		}
		p.levels[i] = l
	}
}

// lineLevels applies L1 to the line of text positions [start, end), writing
// the levels of the line to out (len(out) == end-start): segment and
// paragraph separators, and any sequence of whitespace, isolate formatting
// characters and characters removed by X9 before them or at the end of the
// line, go to the paragraph level.
func (p *paragraph) lineLevels(start, end int, out []int8) {
	copy(out, p.levels[start:end])
	trailing := true
	for i := end - 1; i >= start; i-- {
		switch p.initial[i] {
		case cB, cS:
			out[i-start] = p.level
			trailing = true
		case cWS, cLRI, cRLI, cFSI, cPDI, cBN, cLRE, cRLE, cLRO, cRLO, cPDF:
			if trailing {
				out[i-start] = p.level
			}
		default:
			trailing = false
		}
	}
}

// reorder applies L2: order holds the items of a line in logical order and
// levels their levels (same length); on return order is in visual order, left
// to right. levels is not changed.
func reorder(levels []int8, order []int32) {
	if len(levels) == 0 {
		return
	}
	hi, lowOdd := int8(0), int8(127)
	for _, l := range levels {
		hi = max(hi, l)
		if l&1 == 1 {
			lowOdd = min(lowOdd, l)
		}
	}
	for lv := hi; lv >= lowOdd; lv-- {
		for i := 0; i < len(levels); {
			if levels[i] < lv {
				i++
				continue
			}
			j := i
			for j < len(levels) && levels[j] >= lv {
				j++
			}
			slices.Reverse(order[i:j])
			i = j
		}
	}
}
