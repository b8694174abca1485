package store

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// QueryError is a malformed query: Pos is the byte offset in the query
// where the problem is, Msg says what is wrong.
type QueryError struct {
	Query string
	Pos   int
	Msg   string
}

func (e *QueryError) Error() string {
	return fmt.Sprintf("query: %s (at character %d)", e.Msg, utf8.RuneCountInString(e.Query[:min(e.Pos, len(e.Query))])+1)
}

// Query is a parsed query of nashra's query language, shared by the TUI's
// `/`, `nashra articles QUERY` and saved searches:
//
//	word            articles containing the word (title, body, feed name or author),
//	                matched through the Arabic-aware analyzer
//	"two words"     the phrase
//	-term           not term (any term below)
//	a OR b          either; juxtaposition means AND, which binds tighter than OR
//	( … )           grouping
//	tag:SLUG        carries the tag (the rest of the token: tag:org:meta)
//	feed:TEXT       the feed's title or URL contains TEXT (case-insensitive); feed:"two words"
//	is:unread is:read is:starred is:unstarred
//	lang:CODE       detected language, e.g. lang:ar, lang:en
//	since:DATE      published (else first seen) on or after DATE (YYYY-MM-DD, local time)
//	before:DATE     published (else first seen) before DATE
type Query struct {
	src  string
	root node
}

// String returns the query text as given.
func (q *Query) String() string { return q.src }

type nodeKind int

const (
	nText nodeKind = iota
	nTag
	nFeed
	nIs
	nLang
	nSince
	nBefore
	nAnd
	nOr
	nNot
)

type node struct {
	kind   nodeKind
	text   string // word/phrase text, tag slug, feed text, is: value, lang
	phrase bool
	t      time.Time
	kids   []node
}

// ParseQuery parses src. An empty or blank query matches everything.
// Errors are *QueryError.
func ParseQuery(src string) (*Query, error) {
	toks, err := lexQuery(src)
	if err != nil {
		return nil, err
	}
	p := &queryParser{src: src, toks: toks}
	if len(toks) == 0 {
		return &Query{src: src, root: node{kind: nAnd}}, nil
	}
	root, err := p.or()
	if err != nil {
		return nil, err
	}
	if p.i < len(p.toks) {
		t := p.toks[p.i]
		return nil, &QueryError{src, t.pos, fmt.Sprintf("unexpected %q", t.text)}
	}
	return &Query{src: src, root: root}, nil
}

type qtok struct {
	text   string // for quoted: the inside
	quoted bool
	neg    bool   // a leading '-'
	op     string // "tag", "feed", … when written op:value
	pos    int
	punct  byte // '(' or ')'
}

func lexQuery(src string) ([]qtok, error) {
	var toks []qtok
	i := 0
	for i < len(src) {
		r, w := utf8.DecodeRuneInString(src[i:])
		if unicode.IsSpace(r) {
			i += w
			continue
		}
		start := i
		if r == '(' || r == ')' {
			toks = append(toks, qtok{text: string(r), punct: byte(r), pos: i})
			i++
			continue
		}
		t := qtok{pos: start}
		if r == '-' && i+1 < len(src) {
			n, _ := utf8.DecodeRuneInString(src[i+1:])
			if !unicode.IsSpace(n) && n != ')' {
				t.neg = true
				i++
			}
		}
		// op:value, where op is a known operator.
		j := i
		for j < len(src) && (src[j] >= 'a' && src[j] <= 'z' || src[j] >= 'A' && src[j] <= 'Z') {
			j++
		}
		if j < len(src) && src[j] == ':' && j > i {
			op := strings.ToLower(src[i:j])
			switch op {
			case "tag", "feed", "is", "lang", "since", "before":
				t.op = op
				i = j + 1
			}
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
				if unicode.IsSpace(r) || r == '(' || r == ')' || (r == '"' && k > i) {
					break
				}
				k += w
			}
			t.text = src[i:k]
			i = k
		}
		if t.op != "" && strings.TrimSpace(t.text) == "" {
			return nil, &QueryError{src, start, fmt.Sprintf("%s: needs a value", t.op)}
		}
		toks = append(toks, t)
	}
	return toks, nil
}

type queryParser struct {
	src  string
	toks []qtok
	i    int
}

func (p *queryParser) isOr() bool {
	if p.i >= len(p.toks) {
		return false
	}
	t := p.toks[p.i]
	return t.text == "OR" && !t.quoted && !t.neg && t.op == "" && t.punct == 0
}

func (p *queryParser) or() (node, error) {
	first, err := p.and()
	if err != nil {
		return node{}, err
	}
	kids := []node{first}
	for p.isOr() {
		pos := p.toks[p.i].pos
		p.i++
		if p.i >= len(p.toks) || p.toks[p.i].punct == ')' || p.isOr() {
			return node{}, &QueryError{p.src, pos, "OR needs a term on each side"}
		}
		n, err := p.and()
		if err != nil {
			return node{}, err
		}
		kids = append(kids, n)
	}
	if len(kids) == 1 {
		return first, nil
	}
	return node{kind: nOr, kids: kids}, nil
}

func (p *queryParser) and() (node, error) {
	var kids []node
	for p.i < len(p.toks) && !p.isOr() && p.toks[p.i].punct != ')' {
		n, err := p.unary()
		if err != nil {
			return node{}, err
		}
		kids = append(kids, n)
	}
	if len(kids) == 0 {
		pos := len(p.src)
		if p.i < len(p.toks) {
			pos = p.toks[p.i].pos
		}
		if p.i < len(p.toks) && p.isOr() {
			return node{}, &QueryError{p.src, pos, "OR needs a term on each side"}
		}
		return node{}, &QueryError{p.src, pos, "expected a search term"}
	}
	if len(kids) == 1 {
		return kids[0], nil
	}
	return node{kind: nAnd, kids: kids}, nil
}

func (p *queryParser) unary() (node, error) {
	t := p.toks[p.i]
	if t.punct == '(' {
		p.i++
		n, err := p.or()
		if err != nil {
			return node{}, err
		}
		if p.i >= len(p.toks) || p.toks[p.i].punct != ')' {
			return node{}, &QueryError{p.src, t.pos, "unbalanced parenthesis"}
		}
		p.i++
		return n, nil
	}
	if t.punct == ')' {
		return node{}, &QueryError{p.src, t.pos, "unbalanced parenthesis"}
	}
	p.i++
	n, err := p.atom(t)
	if err != nil {
		return node{}, err
	}
	if t.neg {
		return node{kind: nNot, kids: []node{n}}, nil
	}
	return n, nil
}

func (p *queryParser) atom(t qtok) (node, error) {
	val := strings.TrimSpace(t.text)
	switch t.op {
	case "":
		return node{kind: nText, text: t.text, phrase: t.quoted}, nil
	case "tag":
		return node{kind: nTag, text: val}, nil
	case "feed":
		return node{kind: nFeed, text: val}, nil
	case "is":
		switch v := strings.ToLower(val); v {
		case "unread", "read", "starred", "unstarred":
			return node{kind: nIs, text: v}, nil
		default:
			return node{}, &QueryError{p.src, t.pos, fmt.Sprintf("is:%s: expected is:unread, is:read, is:starred or is:unstarred", val)}
		}
	case "lang":
		v := strings.ToLower(val)
		if len(v) < 2 || len(v) > 3 || strings.IndexFunc(v, func(r rune) bool { return r < 'a' || r > 'z' }) >= 0 {
			return node{}, &QueryError{p.src, t.pos, fmt.Sprintf("lang:%s: expected a language code such as ar or en", val)}
		}
		return node{kind: nLang, text: v}, nil
	case "since", "before":
		d, err := time.ParseInLocation("2006-01-02", val, time.Local)
		if err != nil {
			return node{}, &QueryError{p.src, t.pos, fmt.Sprintf("%s:%s: expected a date as YYYY-MM-DD", t.op, val)}
		}
		k := nSince
		if t.op == "before" {
			k = nBefore
		}
		return node{kind: k, t: d}, nil
	}
	return node{}, &QueryError{p.src, t.pos, "unknown operator " + t.op}
}

// compile turns the query into an SQL boolean expression over articles a
// joined with feeds f, with its arguments. analyze maps text to index words.
func (q *Query) compile(analyze func(string) string) (string, []any) {
	var args []any
	sqlText := compileNode(q.root, analyze, &args)
	if sqlText == "1" {
		return "", nil
	}
	return sqlText, args
}

func compileNode(n node, analyze func(string) string, args *[]any) string {
	switch n.kind {
	case nText:
		m := ftsTerm(n.text, analyze)
		if m == "" {
			return "1" // nothing searchable in it (punctuation only)
		}
		*args = append(*args, m)
		return "a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
	case nTag:
		*args = append(*args, n.text)
		return "a.id IN (SELECT t.article_id FROM article_tags t JOIN tags g ON g.id = t.tag_id WHERE g.name = ? AND t.removed = 0)"
	case nFeed:
		*args = append(*args, "%"+likeEscape(strings.ToLower(n.text))+"%")
		k := len(*args)
		return fmt.Sprintf(`(lower(f.title) LIKE ?%[1]d ESCAPE '\' OR lower(f.user_title) LIKE ?%[1]d ESCAPE '\' OR lower(f.url) LIKE ?%[1]d ESCAPE '\')`, k)
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
		return "NOT (" + compileNode(n.kids[0], analyze, args) + ")"
	case nAnd, nOr:
		if len(n.kids) == 0 {
			return "1"
		}
		sep := " AND "
		if n.kind == nOr {
			sep = " OR "
		}
		parts := make([]string, len(n.kids))
		for i, k := range n.kids {
			parts[i] = compileNode(k, analyze, args)
		}
		return "(" + strings.Join(parts, sep) + ")"
	}
	return "1"
}

// ftsTerm turns a word or phrase into an FTS5 phrase of analyzed words, each
// quoted so nothing the user types is read as FTS5 syntax. "" when the text
// has no indexable word.
func ftsTerm(text string, analyze func(string) string) string {
	words := strings.Fields(analyze(text))
	if len(words) == 0 {
		return ""
	}
	for i, w := range words {
		words[i] = `"` + strings.ReplaceAll(w, `"`, `""`) + `"`
	}
	return strings.Join(words, " + ")
}

func likeEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)
	return r.Replace(s)
}
