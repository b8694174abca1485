package store

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/nashra-reader/nashra/feeds/arabic"
)

// QueryError is a malformed query: Pos is the byte offset in Query where
// the problem is, Msg says what is wrong. Error() reports the position as a
// 1-based character (rune) count.
type QueryError struct {
	Query string
	Pos   int
	Msg   string
}

func (e *QueryError) Error() string {
	pos := min(max(e.Pos, 0), len(e.Query))
	return fmt.Sprintf("query: %s (at character %d)", e.Msg, utf8.RuneCountInString(e.Query[:pos])+1)
}

// Limits that keep every query well inside SQLite's and FTS5's own limits
// (expression depth 1000, FTS5 expression depth 256), so that a query is
// refused with a QueryError rather than failing in SQL.
const (
	MaxQueryBytes = 2000 // query text length, bytes
	MaxQueryTerms = 64   // words, phrases and operators
	MaxQueryDepth = 16   // nested parentheses and negations
)

// Query is a parsed query of nashra's query language, shared by the TUI's
// `/`, `nashra articles QUERY` and saved searches:
//
//	word            articles containing the word in the title, body, feed name or
//	                author, matched through the Arabic-aware analyzer (arabic.IndexText):
//	                كتاب finds الكتاب، وكتاب، كِتَابٌ، بالكتاب; أحمد finds احمد; model
//	                finds Models. A word the analyzer splits (GPT-4, open-source) is a phrase.
//	"two words"     the words next to each other, in this order
//	-term, NOT term not term (any term below, or a group: -(a OR b))
//	a OR b          either; juxtaposition (or AND) means both, and binds tighter
//	                than OR: a OR b c is a OR (b AND c)
//	( … )           grouping
//	tag:SLUG        carries the tag, case-insensitive (the rest of the token: tag:org:meta)
//	feed:TEXT       the feed's title or URL contains TEXT (case-, harakat- and
//	                alef-insensitive); feed:"two words"
//	folder:NAME     the feed is in folder NAME (as in the feeds pane; exact name,
//	                case-insensitive); folder:"two words"
//	is:unread is:read is:starred is:unstarred
//	lang:CODE       detected language, e.g. lang:ar, lang:en
//	since:DATE      published (else first seen) on or after DATE, YYYY-MM-DD, from
//	                local midnight
//	before:DATE     published (else first seen) before DATE's local midnight
//
// Operator names are case-insensitive; OR, AND and NOT must be upper case
// (lower-case or, and, not are words). A word with no letter or digit in it
// (a lone "-" or "&") is ignored. An empty query matches every article.
type Query struct {
	src  string
	root node // kind nAll for a query with no condition
}

// String returns the query text as given.
func (q *Query) String() string { return q.src }

// HasText reports whether the query has words or phrases to rank by (not
// only under a NOT): without them a relevance order is the date order.
func (q *Query) HasText() bool { return len(q.highlights()) > 0 }

type nodeKind int

const (
	nAll  nodeKind = iota // no condition
	nText                 // a word or phrase: terms
	nTag
	nFeed
	nFolder // text: the folder name
	nIs
	nLang
	nSince
	nBefore
	nAnd
	nOr
	nNot
)

type node struct {
	kind  nodeKind
	text  string   // tag slug, folded feed text, is: value, lang
	terms []string // nText: the analyzed terms, in order (several: a phrase)
	t     time.Time
	kids  []node
}

// ParseQuery parses src. An empty or blank query matches everything.
// Errors are *QueryError, for: an unterminated quote, unbalanced or empty
// parentheses, OR/AND without a term on each side, an operator without a
// value or with a bad one (is:, lang:, since:, before:), and a query over
// the limits MaxQueryBytes, MaxQueryTerms or MaxQueryDepth.
func ParseQuery(src string) (*Query, error) {
	if len(src) > MaxQueryBytes {
		return nil, &QueryError{src, MaxQueryBytes, fmt.Sprintf("query too long (over %d bytes)", MaxQueryBytes)}
	}
	toks, err := lexQuery(src)
	if err != nil {
		return nil, err
	}
	leaves := 0
	for _, t := range toks {
		if t.kind == tWord {
			leaves++
		}
	}
	if leaves > MaxQueryTerms {
		return nil, &QueryError{src, toks[len(toks)-1].pos, fmt.Sprintf("too many terms (at most %d)", MaxQueryTerms)}
	}
	if len(toks) == 0 {
		return &Query{src: src, root: node{kind: nAll}}, nil
	}
	p := &queryParser{src: src, toks: toks}
	root, err := p.or(0)
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		t := p.toks[p.i]
		if t.kind == tRParen {
			return nil, &QueryError{src, t.pos, "unbalanced parenthesis: ')' without '('"}
		}
		return nil, &QueryError{src, t.pos, fmt.Sprintf("unexpected %q", t.text)}
	}
	return &Query{src: src, root: root}, nil
}

type tokKind int

const (
	tWord   tokKind = iota // a word, "phrase" or op:value
	tLParen                // (
	tRParen                // )
	tOr                    // OR
	tAnd                   // AND
	tNot                   // NOT, or a '-' before a term or '('
)

type qtok struct {
	kind   tokKind
	text   string // tWord: the word, or the inside of the quotes
	quoted bool
	op     string // "tag", "feed", … when written op:value
	pos    int    // byte offset in the query
}

var queryOps = map[string]bool{"tag": true, "feed": true, "folder": true, "is": true, "lang": true, "since": true, "before": true}

func isQuerySpace(r rune) bool { return unicode.IsSpace(r) || r == 0 }

func lexQuery(src string) ([]qtok, error) {
	var toks []qtok
	i := 0
	for i < len(src) {
		r, w := utf8.DecodeRuneInString(src[i:])
		if isQuerySpace(r) {
			i += w
			continue
		}
		start := i
		switch r {
		case '(':
			toks = append(toks, qtok{kind: tLParen, text: "(", pos: i})
			i++
			continue
		case ')':
			toks = append(toks, qtok{kind: tRParen, text: ")", pos: i})
			i++
			continue
		case '-':
			// A '-' right before a term or '(' negates it; else it is a
			// word of its own (ignored: no letters).
			if i+1 < len(src) {
				n, _ := utf8.DecodeRuneInString(src[i+1:])
				if !isQuerySpace(n) && n != ')' {
					toks = append(toks, qtok{kind: tNot, text: "-", pos: i})
					i++
					continue
				}
			}
		}
		t := qtok{kind: tWord, pos: start}
		// op:value, where op is a known operator.
		j := i
		for j < len(src) && (src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z') {
			j++
		}
		if j < len(src) && src[j] == ':' && j > i && queryOps[strings.ToLower(src[i:j])] {
			t.op = strings.ToLower(src[i:j])
			i = j + 1
		}
		if i < len(src) && src[i] == '"' {
			end := strings.IndexByte(src[i+1:], '"')
			if end < 0 {
				return nil, &QueryError{src, i, "unterminated quote"}
			}
			t.text = src[i+1 : i+1+end]
			t.quoted = true
			i = i + 1 + end + 1
		} else {
			k := i
			for k < len(src) {
				r, w := utf8.DecodeRuneInString(src[k:])
				if isQuerySpace(r) || r == '(' || r == ')' || r == '"' {
					break
				}
				k += w
			}
			t.text = src[i:k]
			i = k
		}
		if t.op != "" && strings.TrimSpace(t.text) == "" {
			return nil, &QueryError{src, start, fmt.Sprintf("%s: needs a value, as in %s", t.op, opExample[t.op])}
		}
		if t.op == "" && !t.quoted {
			switch t.text {
			case "OR":
				t.kind = tOr
			case "AND":
				t.kind = tAnd
			case "NOT":
				t.kind = tNot
			}
		}
		toks = append(toks, t)
	}
	return toks, nil
}

var opExample = map[string]string{
	"tag": "tag:open-source", "feed": "feed:reuters", "folder": `folder:"AI news"`, "is": "is:unread", "lang": "lang:ar",
	"since": "since:2025-01-31", "before": "before:2025-01-31",
}

type queryParser struct {
	src  string
	toks []qtok
	i    int
}

func (p *queryParser) peek() (qtok, bool) {
	if p.i >= len(p.toks) {
		return qtok{}, false
	}
	return p.toks[p.i], true
}

func (p *queryParser) errAt(t qtok, format string, args ...any) error {
	return &QueryError{p.src, t.pos, fmt.Sprintf(format, args...)}
}

// or := and ("OR" and)*
func (p *queryParser) or(depth int) (node, error) {
	first, err := p.and(depth)
	if err != nil {
		return node{}, err
	}
	kids := []node{first}
	for {
		t, ok := p.peek()
		if !ok || t.kind != tOr {
			break
		}
		p.i++
		if n, ok := p.peek(); !ok || n.kind == tRParen || n.kind == tOr || n.kind == tAnd {
			return node{}, p.errAt(t, "OR needs a term on each side")
		}
		n, err := p.and(depth)
		if err != nil {
			return node{}, err
		}
		kids = append(kids, n)
	}
	return makeOr(kids), nil
}

// and := unary (["AND"] unary)*
func (p *queryParser) and(depth int) (node, error) {
	var kids []node
	count := 0
	for {
		t, ok := p.peek()
		if !ok || t.kind == tOr || t.kind == tRParen {
			break
		}
		if t.kind == tAnd {
			if count == 0 {
				return node{}, p.errAt(t, "AND needs a term on each side")
			}
			p.i++
			if n, ok := p.peek(); !ok || n.kind == tRParen || n.kind == tOr || n.kind == tAnd {
				return node{}, p.errAt(t, "AND needs a term on each side")
			}
			continue
		}
		n, err := p.unary(depth)
		if err != nil {
			return node{}, err
		}
		count++
		kids = append(kids, n)
	}
	if count == 0 {
		t, ok := p.peek()
		if !ok {
			return node{}, &QueryError{p.src, len(p.src), "expected a search term"}
		}
		if t.kind == tOr {
			return node{}, p.errAt(t, "OR needs a term on each side")
		}
		return node{}, p.errAt(t, "expected a search term")
	}
	return makeAnd(kids), nil
}

// unary := ("-" | "NOT")* primary; primary := "(" or ")" | word
func (p *queryParser) unary(depth int) (node, error) {
	t := p.toks[p.i]
	if depth >= MaxQueryDepth {
		return node{}, p.errAt(t, "too deeply nested (at most %d levels of parentheses and negations)", MaxQueryDepth)
	}
	switch t.kind {
	case tNot:
		p.i++
		n, ok := p.peek()
		if !ok || n.kind == tRParen || n.kind == tOr || n.kind == tAnd {
			return node{}, p.errAt(t, "%s needs a term after it", t.text)
		}
		kid, err := p.unary(depth + 1)
		if err != nil {
			return node{}, err
		}
		return makeNot(kid), nil
	case tLParen:
		p.i++
		if n, ok := p.peek(); ok && n.kind == tRParen {
			return node{}, p.errAt(t, "empty parentheses")
		}
		n, err := p.or(depth + 1)
		if err != nil {
			return node{}, err
		}
		if c, ok := p.peek(); !ok || c.kind != tRParen {
			return node{}, p.errAt(t, "unbalanced parenthesis: '(' without ')'")
		}
		p.i++
		return n, nil
	case tRParen:
		return node{}, p.errAt(t, "unbalanced parenthesis: ')' without '('")
	}
	p.i++
	return p.atom(t)
}

func (p *queryParser) atom(t qtok) (node, error) {
	val := strings.TrimSpace(t.text)
	switch t.op {
	case "":
		terms := queryTerms(t.text)
		if len(terms) == 0 {
			return node{kind: nAll}, nil // nothing searchable: ignored
		}
		n := node{kind: nText, terms: terms}
		if t.quoted || len(terms) != 1 {
			return n, nil
		}
		// An Arabic word also matches itself after a preposition or
		// conjunction that light stemming keeps (جوجل finds لجوجل).
		alts := []node{n}
		for _, v := range arabic.ProcliticVariants(t.text) {
			alts = append(alts, node{kind: nText, terms: []string{v}})
		}
		return makeOr(alts), nil
	case "tag":
		return node{kind: nTag, text: val}, nil
	case "feed":
		f := foldText(val)
		if f == "" {
			return node{}, p.errAt(t, "feed:%s: needs a value, as in %s", val, opExample["feed"])
		}
		return node{kind: nFeed, text: f}, nil
	case "folder":
		if val == "" {
			return node{}, p.errAt(t, "folder: needs a value, as in %s", opExample["folder"])
		}
		return node{kind: nFolder, text: val}, nil
	case "is":
		switch v := strings.ToLower(val); v {
		case "unread", "read", "starred", "unstarred":
			return node{kind: nIs, text: v}, nil
		default:
			return node{}, p.errAt(t, "is:%s: expected is:unread, is:read, is:starred or is:unstarred", val)
		}
	case "lang":
		v := strings.ToLower(val)
		if len(v) < 2 || len(v) > 3 || strings.IndexFunc(v, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
			return node{}, p.errAt(t, "lang:%s: expected a language code such as ar or en", val)
		}
		return node{kind: nLang, text: v}, nil
	case "since", "before":
		d, err := time.ParseInLocation("2006-01-02", val, time.Local)
		if err != nil {
			return node{}, p.errAt(t, "%s:%s: expected a date as YYYY-MM-DD", t.op, val)
		}
		k := nSince
		if t.op == "before" {
			k = nBefore
		}
		return node{kind: k, t: d}, nil
	}
	return node{}, p.errAt(t, "unknown operator %s", t.op)
}

// makeAnd, makeOr and makeNot build nodes, dropping ignored (nAll) parts:
// AND(x, all) = x; OR(x, all) = x (an ignored word in an OR is dropped,
// not read as "anything"); NOT(all) = all.
func makeAnd(kids []node) node { return makeFlat(nAnd, kids) }

func makeOr(kids []node) node { return makeFlat(nOr, kids) }

// makeFlat builds an AND or OR node (kind) of kids: nested nodes of the
// same kind are flattened into it and ignored parts dropped.
func makeFlat(kind nodeKind, kids []node) node {
	var out []node
	for _, k := range kids {
		switch k.kind {
		case nAll:
		case kind:
			out = append(out, k.kids...)
		default:
			out = append(out, k)
		}
	}
	switch len(out) {
	case 0:
		return node{kind: nAll}
	case 1:
		return out[0]
	}
	return node{kind: kind, kids: out}
}

func makeNot(kid node) node {
	switch kid.kind {
	case nAll:
		return kid
	case nNot:
		return kid.kids[0]
	}
	return node{kind: nNot, kids: []node{kid}}
}

// queryTerms is the analysis ParseQuery applies to query words: the
// store's document analyzer (defaultAnalyze, arabic.IndexText) split into
// terms.
func queryTerms(s string) []string { return strings.Fields(defaultAnalyze(s)) }

// Compiling. A subtree made only of words, phrases, AND, OR and NOT with
// at least one positive word on every path ("anchored") compiles to one
// FTS5 MATCH expression, which FTS5 evaluates by merging posting lists; the
// rest compiles to SQL over articles a joined with feeds f.

// isText reports whether n contains only nText/nAnd/nOr/nNot nodes.
func isText(n node) bool {
	switch n.kind {
	case nText:
		return true
	case nAnd, nOr, nNot:
		for _, k := range n.kids {
			if !isText(k) {
				return false
			}
		}
		return true
	}
	return false
}

// anchored reports whether the text subtree n can stand as an FTS5
// expression: FTS5's NOT is binary (a NOT b), so every AND needs a positive
// part and a bare NOT cannot stand alone.
func anchored(n node) bool {
	switch n.kind {
	case nText:
		return true
	case nOr:
		for _, k := range n.kids {
			if !anchored(k) {
				return false
			}
		}
		return true
	case nAnd:
		pos := 0
		for _, k := range n.kids {
			switch {
			case k.kind == nNot:
				if !isText(k.kids[0]) || !anchored(k.kids[0]) {
					return false
				}
			case anchored(k):
				pos++
			default:
				return false
			}
		}
		return pos > 0
	}
	return false
}

// ftsExpr writes the FTS5 expression of an anchored text subtree. Every
// term is a double-quoted FTS5 string, so nothing a user types can be read
// as FTS5 syntax (the analyzer's terms hold only letters and digits anyway).
func ftsExpr(n node) string {
	switch n.kind {
	case nText:
		q := make([]string, len(n.terms))
		for i, t := range n.terms {
			q[i] = `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
		}
		return strings.Join(q, " + ")
	case nOr:
		parts := make([]string, len(n.kids))
		for i, k := range n.kids {
			parts[i] = ftsExpr(k)
		}
		return "(" + strings.Join(parts, " OR ") + ")"
	case nAnd:
		var pos, neg []string
		for _, k := range n.kids {
			if k.kind == nNot {
				neg = append(neg, ftsExpr(k.kids[0]))
			} else {
				pos = append(pos, ftsExpr(k))
			}
		}
		e := "(" + strings.Join(pos, " AND ") + ")"
		if len(neg) > 0 {
			e += " NOT (" + strings.Join(neg, " OR ") + ")"
		}
		return "(" + e + ")"
	}
	return ""
}

// compiled is a query turned into SQL.
type compiled struct {
	// match is the FTS5 expression every result must match (the anchored
	// text conjuncts of the query's top-level AND), "" when there is none.
	// Search drives relevance queries from it and ranks by it.
	match string
	// matchNodes are the conjuncts behind match.
	matchNodes []node
	// where and args are the rest, an SQL boolean over a and f ("" for
	// none).
	where string
	args  []any
}

// splitText sorts the conjuncts of an AND: pos, the anchored text ones
// (which can share one FTS5 MATCH); neg, the negated anchored text ones
// (which can join that MATCH as its NOT); other, the rest. Ignored (nAll)
// conjuncts are dropped.
func splitText(conj []node) (pos, neg, other []node) {
	for _, k := range conj {
		switch {
		case k.kind == nAll:
		case isText(k) && anchored(k):
			pos = append(pos, k)
		case k.kind == nNot && isText(k.kids[0]) && anchored(k.kids[0]):
			neg = append(neg, k)
		default:
			other = append(other, k)
		}
	}
	return pos, neg, other
}

// compileSplit compiles the query, keeping the top-level FTS5 conjuncts
// apart in match.
func (q *Query) compileSplit() compiled {
	var c compiled
	conj := []node{q.root}
	if q.root.kind == nAnd {
		conj = q.root.kids
	}
	textPos, textNeg, rest := splitText(conj)
	if len(textPos) > 0 {
		c.matchNodes = textPos
		c.match = ftsExpr(makeAnd(append(append([]node{}, textPos...), textNeg...)))
	} else {
		rest = append(rest, textNeg...)
	}
	var parts []string
	for _, k := range rest {
		parts = append(parts, compileNode(k, &c.args))
	}
	c.where = strings.Join(parts, " AND ")
	return c
}

// compile turns the whole query into one SQL boolean expression over
// articles a joined with feeds f, with its arguments ("" and nil for a query
// that selects everything). The analyzer was applied by ParseQuery (see
// queryTerms).
func (q *Query) compile() (string, []any) {
	var args []any
	if q.root.kind == nAll {
		return "", nil
	}
	return compileNode(q.root, &args), args
}

// ftsIn tests an article against an FTS5 expression. The unary + keeps
// SQLite from driving the query by the matches' rowids (a lookup per match
// and a sort: 40 ms for a word in most of 100,000 articles); the list is
// instead built once and probed (with a Bloom filter) while the date index
// is scanned in order, which stops after a page: at most one pass over the
// index, a few ms at 100,000 articles, for rare and common words alike.
const ftsIn = "+a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"

func compileNode(n node, args *[]any) string {
	if isText(n) && anchored(n) {
		*args = append(*args, ftsExpr(n))
		return ftsIn
	}
	switch n.kind {
	case nAll:
		return "1"
	case nTag:
		*args = append(*args, n.text)
		// + as in ftsIn: probe the tag's articles while scanning by date.
		return "+a.id IN (SELECT t.article_id FROM article_tags t JOIN tags g ON g.id = t.tag_id WHERE g.name = ? COLLATE NOCASE AND t.removed = 0)"
	case nFeed:
		lowerURL := strings.ToLower(n.text)
		*args = append(*args, n.text, n.text, lowerURL)
		return "a.feed_id IN (SELECT id FROM feeds WHERE instr(nashra_fold(title), ?) > 0 OR instr(nashra_fold(user_title), ?) > 0 OR instr(lower(url), ?) > 0)"
	case nFolder:
		*args = append(*args, n.text)
		return "+a.feed_id IN (SELECT feed_id FROM feed_folders WHERE folder = ? COLLATE NOCASE)"
	case nIs:
		switch n.text {
		case "unread":
			return "a.read = 0"
		case "read":
			return "a.read = 1"
		case "starred":
			return "a.starred = 1"
		default:
			return "a.starred = 0"
		}
	case nLang:
		*args = append(*args, n.text)
		return "a.lang = ?"
	case nSince:
		*args = append(*args, n.t.Unix())
		return "a.sort_time >= ?"
	case nBefore:
		*args = append(*args, n.t.Unix())
		return "a.sort_time < ?"
	case nNot:
		return "NOT (" + compileNode(n.kids[0], args) + ")"
	case nAnd, nOr:
		sep := " OR "
		kids := n.kids
		var parts []string
		if n.kind == nAnd {
			sep = " AND "
			// The anchored text children of an AND, and the negated ones
			// when there is a positive one, share one MATCH.
			pos, neg, other := splitText(n.kids)
			if len(pos) > 0 {
				*args = append(*args, ftsExpr(makeAnd(append(pos, neg...))))
				parts = append(parts, ftsIn)
			} else {
				other = append(other, neg...)
			}
			kids = other
		}
		for _, k := range kids {
			parts = append(parts, compileNode(k, args))
		}
		return "(" + strings.Join(parts, sep) + ")"
	}
	return "1"
}

// highlights returns what snippets highlight: the query's positive words
// and phrases (not under a NOT), as analyzed term sequences.
func (q *Query) highlights() [][]string {
	var out [][]string
	var walk func(n node, neg bool)
	walk = func(n node, neg bool) {
		switch n.kind {
		case nText:
			if !neg {
				out = append(out, n.terms)
			}
		case nNot:
			walk(n.kids[0], !neg)
		case nAnd, nOr:
			for _, k := range n.kids {
				walk(k, neg)
			}
		}
	}
	walk(q.root, false)
	return out
}
