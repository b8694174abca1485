package topics

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/nashra-reader/nashra/feeds/arabic"
)

// chromeBufs are chromeSpans' working buffers, reused from text to text
// (scratch holds one).
type chromeBufs struct {
	lines  []chromeLine
	chrome []bool
	run    []int
	spans  [][2]int
}

// chromeLine is one line of a text, for chromeSpans.
type chromeLine struct {
	start, end int
	words      int
	first      int // index of the first token in toks, -1 if none
	sentence   bool
	list       bool
}

// Page chrome is the text a feed excerpt carries that is not the article:
// blocks of the site's other headlines, "read also" link lists, bylines and
// date lines. Labels and readers follow the article only, so the tagger
// ignores words inside chrome. Two layouts are recognised, line by line:
//
//   - a marker line ("اقرأ أيضا", "أخبار ذات صلة", "Read also", "Related
//     articles", …) and the link lines under it: up to six lines of 4–15
//     words, ending at the first line outside that range;
//   - a run of at least five consecutive short lines (1–15 words) that are
//     neither sentences (ending in . ! ? ؟ … ·) nor list items (•, -, 1.),
//     blank lines ignored: a headline block or a stack of bylines;
//   - a share or follow bar: a line of at most twelve words, not a
//     sentence, naming at least two social networks, whose words are mostly
//     network names and share words ("شارك: فيسبوك | تويتر | واتساب",
//     "Share  Twitter  Facebook  LinkedIn  Email"), or such a bar written
//     one network to a line (lines of at most three words, all networks
//     and share words, two networks or more);
//   - a tag line: "Tags:", "Topics:", "الوسوم:", "كلمات دلالية:" and the
//     list after it, on a line of at most twenty words;
//   - a link line: a marker, a colon and one headline on the same line
//     ("اقرأ أيضاً: …", "Related: …"), at most twenty words and not a
//     sentence.
//
// chromeSpans returns the byte ranges [start, end) of s that are chrome,
// in order. toks are the words of s. It works in buffers from b: the
// spans it returns are valid until its next call with b.
func chromeSpans(s string, toks []arabic.Token, b *chromeBufs) [][2]int {
	if strings.IndexByte(s, '\n') < 0 {
		return nil
	}
	lines := b.lines[:0]
	ti := 0
	for start := 0; start <= len(s); {
		end := strings.IndexByte(s[start:], '\n')
		if end < 0 {
			end = len(s)
		} else {
			end += start
		}
		l := chromeLine{start: start, end: end, first: -1}
		for ti < len(toks) && toks[ti].Start < end {
			if l.first < 0 {
				l.first = ti
			}
			l.words++
			ti++
		}
		text := strings.TrimSpace(s[start:end])
		l.sentence = endsSentence(text)
		l.list = startsListItem(text)
		lines = append(lines, l)
		start = end + 1
	}
	b.lines = lines
	chrome := slices.Grow(b.chrome[:0], len(lines))[:len(lines)]
	clear(chrome)
	b.chrome = chrome
	// Marker blocks.
	for i, l := range lines {
		if l.words == 0 || !isMarker(toks[l.first:l.first+l.words]) {
			continue
		}
		chrome[i] = true
		n := 0
		for j := i + 1; j < len(lines) && n < 6; j++ {
			if lines[j].words == 0 {
				continue
			}
			if lines[j].words < 4 || lines[j].words > 15 {
				break
			}
			chrome[j] = true
			n++
		}
	}
	// Share bars and tag lines.
	for i, l := range lines {
		if l.words == 0 || l.sentence {
			continue
		}
		ws := toks[l.first : l.first+l.words]
		if isShareBar(ws) || l.words <= 20 && (isLabelLine(ws, s[:l.end], tagMarkers) || isLabelLine(ws, s[:l.end], markers)) {
			chrome[i] = true
		}
	}
	// A share bar written one network to a line: consecutive lines of at
	// most three words, all of them networks or share words, naming two
	// networks or more.
	for i := 0; i < len(lines); {
		j, nets := i, 0
		for ; j < len(lines); j++ {
			l := lines[j]
			if l.words == 0 {
				continue
			}
			if l.words > 3 {
				break
			}
			n, ok := shareWordsOnly(toks[l.first : l.first+l.words])
			if !ok {
				break
			}
			nets += n
		}
		if nets >= 2 {
			for k := i; k < j; k++ {
				chrome[k] = chrome[k] || lines[k].words > 0
			}
		}
		i = max(j, i+1)
	}
	// Runs of short non-sentence lines.
	run := b.run[:0]
	flush := func() {
		if len(run) >= 5 {
			for _, j := range run {
				chrome[j] = true
			}
		}
		run = run[:0]
	}
	for i, l := range lines {
		switch {
		case l.words == 0:
			continue
		case l.words <= 15 && !l.sentence && !l.list:
			run = append(run, i)
		default:
			flush()
		}
	}
	flush()
	b.run = run
	spans := b.spans[:0]
	for i, c := range chrome {
		if !c {
			continue
		}
		if n := len(spans); n > 0 && spans[n-1][1]+1 >= lines[i].start {
			spans[n-1][1] = lines[i].end
			continue
		}
		spans = append(spans, [2]int{lines[i].start, lines[i].end})
	}
	b.spans = spans
	return spans
}

// markers are the normalized word sequences that open a link list.
var markers = [][]string{
	{"اقرا", "ايضا"}, {"اقرا", "المزيد"}, {"اقرأ"}, {"اخبار", "ذات", "صله"},
	{"مقالات", "ذات", "صله"}, {"مواضيع", "ذات", "صله"}, {"قد", "يهمك"},
	{"شاهد", "ايضا"}, {"اخبار", "متعلقه"}, {"مقالات", "متعلقه"},
	{"read", "also"}, {"also", "read"}, {"read", "more"}, {"related"},
	{"related", "articles"}, {"related", "stories"}, {"related", "news"},
	{"see", "also"}, {"more", "from"}, {"you", "may", "also", "like"},
	{"recommended"}, {"more", "stories"},
}

// socialNetworks are the normalized names of the networks share and follow
// bars list; shareWords are the words around them.
var (
	socialNetworks = map[string]bool{
		"facebook": true, "twitter": true, "whatsapp": true, "telegram": true,
		"linkedin": true, "instagram": true, "youtube": true, "tiktok": true,
		"reddit": true, "pinterest": true, "threads": true, "bluesky": true,
		"فيسبوك": true, "فيس": true, "تويتر": true, "واتساب": true, "واتس": true,
		"تيليجرام": true, "تيليغرام": true, "تلغرام": true, "تليجرام": true,
		"لينكدان": true, "لينكد": true, "انستغرام": true, "انستجرام": true,
		"انستقرام": true, "يوتيوب": true, "تيك": true, "سناب": true,
	}
	shareWords = map[string]bool{
		"share": true, "shares": true, "email": true, "print": true, "copy": true,
		"link": true, "follow": true, "us": true, "on": true, "x": true, "this": true,
		"article": true, "بوك": true, "اب": true, "توك": true, "شات": true, "ان": true,
		"شارك": true, "شاركها": true, "مشاركه": true, "المقال": true, "الخبر": true,
		"نسخ": true, "الرابط": true, "رابط": true, "طباعه": true, "تابعنا": true,
		"تابعونا": true, "على": true, "عبر": true, "البريد": true, "اكس": true,
	}
)

// isShareBar reports whether a line's words are a share or follow bar: at
// most twelve words, two or more of them social networks, and at least
// three quarters of them networks or share words.
func isShareBar(words []arabic.Token) bool {
	if len(words) > 12 {
		return false
	}
	nets, known := 0, 0
	for _, w := range words {
		network, share := shareWord(w)
		if network {
			nets++
		}
		if share {
			known++
		}
	}
	return nets >= 2 && 4*known >= 3*len(words)
}

// shareWordsOnly reports whether every word is a social network or a share
// word, and how many are networks.
func shareWordsOnly(words []arabic.Token) (nets int, ok bool) {
	for _, w := range words {
		network, share := shareWord(w)
		if !share {
			return nets, false
		}
		if network {
			nets++
		}
	}
	return nets, true
}

// shareWord reports whether a word, with or without proclitics, is a
// social network, and whether it is a network or a share word.
func shareWord(w arabic.Token) (network, share bool) {
	var buf [8]string
	forms := arabic.AppendProclitics(buf[:0], w.Norm)
	if anyIn(forms, socialNetworks) {
		return true, true
	}
	return false, anyIn(forms, shareWords)
}

func anyIn(forms []string, set map[string]bool) bool {
	for _, f := range forms {
		if set[f] {
			return true
		}
	}
	return false
}

// tagMarkers open a line listing the article's tags.
var tagMarkers = [][]string{
	{"tags"}, {"tagged"}, {"topics"}, {"الوسوم"}, {"وسوم"}, {"كلمات", "دلاليه"},
	{"الكلمات", "الدلاليه"}, {"تاغ"}, {"هاشتاغ"},
}

// isLabelLine reports whether a line starts with one of the marker word
// sequences followed by a colon and more words ("Tags: OpenAI, Nvidia",
// "Read also: …"). text is the text up to the line's end; the words'
// offsets index it.
func isLabelLine(words []arabic.Token, text string, list [][]string) bool {
	for _, m := range list {
		if len(words) <= len(m) || !startsWithWords(words, m) {
			continue
		}
		rest := text[words[len(m)-1].End:]
		rest = strings.TrimLeft(rest, " \t")
		return strings.HasPrefix(rest, ":")
	}
	return false
}

// isMarker reports whether a line's words are a marker, allowing up to
// three extra words ("Related articles from the site").
func isMarker(words []arabic.Token) bool {
	for _, m := range markers {
		if len(words) <= len(m)+3 && startsWithWords(words, m) {
			return true
		}
	}
	return false
}

// startsWithWords reports whether the normalized forms of words begin with
// the sequence m.
func startsWithWords(words []arabic.Token, m []string) bool {
	if len(words) < len(m) {
		return false
	}
	for k, w := range m {
		if words[k].Norm != w {
			return false
		}
	}
	return true
}

// endsSentence reports whether a trimmed line ends with sentence-final
// punctuation, ignoring closing quotes and brackets.
func endsSentence(text string) bool {
	text = strings.TrimRightFunc(text, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(`"'”’»)]`, r)
	})
	r, _ := utf8.DecodeLastRuneInString(text)
	return strings.ContainsRune(".!?؟…·。", r)
}

// startsListItem reports whether a trimmed line is a list item.
func startsListItem(text string) bool {
	r, size := utf8.DecodeRuneInString(text)
	if strings.ContainsRune("•●⬤◦▪■-–—*·", r) {
		return true
	}
	if unicode.IsDigit(r) {
		i := size
		for i < len(text) && text[i] >= '0' && text[i] <= '9' {
			i++
		}
		return i < len(text) && (text[i] == '.' || text[i] == ')') && i+1 < len(text) && text[i+1] == ' '
	}
	return false
}

// hostSpans returns the byte ranges of s's whitespace-separated chunks that
// are host or file names or URLs (deepmind.blog, extra-openai-models.yaml,
// https://…): a chunk with "://" or "www.", or a dot between two Latin
// letters with at least two letters on one side. "U.S." is not one.
func hostSpans(s string) [][2]int {
	// A chunk without a '.' or ':' is never a host, so only the chunks
	// around those bytes are looked at: each is found by scanning from
	// the mark back and forth to the nearest white space. The marks are
	// ASCII, so each is the start of a rune, and the chunk boundaries are
	// those of a scan of s from its start (see chunkStart).
	var spans [][2]int
	dot, colon := -2, -2 // next '.' and ':' at or after pos; -2: not searched yet
	for pos := 0; pos < len(s); {
		if dot != -1 && dot < pos {
			if dot = strings.IndexByte(s[pos:], '.'); dot >= 0 {
				dot += pos
			}
		}
		if colon != -1 && colon < pos {
			if colon = strings.IndexByte(s[pos:], ':'); colon >= 0 {
				colon += pos
			}
		}
		m := dot
		if m < 0 || colon >= 0 && colon < m {
			m = colon
		}
		if m < 0 {
			break
		}
		start, end := chunkStart(s, pos, m), chunkEnd(s, m)
		if isHostChunk(s[start:end]) {
			spans = append(spans, [2]int{start, end})
		}
		pos = end // s[end] (if any) starts a white space rune, which ends the next chunkStart scan
	}
	return spans
}

// isSpaceRune is unicode.IsSpace for the runes of a decoded string
// (utf8.RuneError for an invalid byte, which is no space). No white space
// lies between U+00A0 and U+1680: Arabic letters need no table lookup.
func isSpaceRune(r rune) bool {
	if r < utf8.RuneSelf {
		return isASCIISpace(byte(r))
	}
	return r == 0x85 || r == 0xA0 || r >= 0x1680 && unicode.IsSpace(r)
}

// isASCIISpace is unicode.IsSpace for an ASCII byte.
func isASCIISpace(c byte) bool { return c == ' ' || c >= '\t' && c <= '\r' }

// chunkStart returns where the chunk of s holding byte m starts: after the
// last white space rune between from and m, else from (from is 0 or just
// after white space). A byte that is not a UTF-8 continuation byte is
// where a forward scan of s decodes a rune (an invalid byte is decoded
// alone), so decoding at each such byte, going back, finds the runes that
// scan would see.
func chunkStart(s string, from, m int) int {
	for j := m - 1; j >= from; j-- {
		c := s[j]
		if c < utf8.RuneSelf {
			if isASCIISpace(c) {
				return j + 1
			}
			continue
		}
		if c < 0xC0 {
			continue // a continuation byte
		}
		if r, size := utf8.DecodeRuneInString(s[j:]); isSpaceRune(r) {
			return j + size
		}
	}
	return from
}

// chunkEnd returns where the chunk of s holding the rune at i ends: at the
// next white space rune, else len(s).
func chunkEnd(s string, i int) int {
	for i < len(s) {
		c := s[i]
		if c < utf8.RuneSelf {
			if isASCIISpace(c) {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if isSpaceRune(r) {
			return i
		}
		i += size
	}
	return len(s)
}

func isHostChunk(c string) bool {
	if strings.Contains(c, "://") || strings.Contains(c, "www.") {
		return true
	}
	for i := 1; i+1 < len(c); i++ {
		if c[i] != '.' || !isLatin(c[i-1]) || !isLatin(c[i+1]) {
			continue
		}
		if i >= 2 && isLatin(c[i-2]) || i+2 < len(c) && isLatin(c[i+2]) {
			return true
		}
	}
	return false
}

func isLatin(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// hasBreak reports whether the text between two words ends a sentence or a
// line, so that a phrase must not match across it. A dot between digits
// (2.0) or glued to the next word does not break.
func hasBreak(sep string) bool {
	for i, r := range sep {
		switch r {
		case '\n', '!', '?', '؟', '…', '·', ';', '؛', '|':
			return true
		case '.':
			if i+1 >= len(sep) || sep[i+1] == ' ' || sep[i+1] == '\n' || sep[i+1] == '\t' {
				return true
			}
		}
	}
	return false
}
