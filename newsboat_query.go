package main

import (
	"fmt"
	"strings"
	"unicode"
)

// translateNewsboatQuery turns the filter expression of a newsboat
// `query:` line (newsboat's filter language, documented in its manual under
// "Filter Language") into nashra's query language. It understands the common
// subset — `unread = "yes"|"no"`, `flags # "s"` (starred), `tags # "T"` (the
// folder T: import makes a feed's newsboat tags its folders),
// `title =~ "W"` / `content =~ "W"` / `description =~ "W"` (words),
// `feedtitle`/`rssurl`/`feedurl` `=~`/`#`/`=` "T" (feed), joined by `and`,
// `or` and parentheses — and returns an error naming the first part it does
// not, so the caller can report the query as skipped.
func translateNewsboatQuery(expr string) (string, error) {
	toks, err := lexNewsboat(expr)
	if err != nil {
		return "", err
	}
	var out []string
	for i := 0; i < len(toks); {
		t := toks[i]
		switch {
		case t == "(" || t == ")":
			out = append(out, t)
			i++
			continue
		case strings.EqualFold(t, "and"):
			i++
			continue
		case strings.EqualFold(t, "or"):
			out = append(out, "OR")
			i++
			continue
		}
		if i+2 >= len(toks) {
			return "", fmt.Errorf("incomplete condition at %q", t)
		}
		attr, op, val := strings.ToLower(t), toks[i+1], toks[i+2]
		i += 3
		if !strings.HasPrefix(val, `"`) {
			return "", fmt.Errorf("value %s of %s is not a quoted string", val, attr)
		}
		v := strings.Trim(val, `"`)
		neg := op == "!=" || op == "!~" || op == "!#"
		var term string
		switch {
		case attr == "unread" && (op == "=" || op == "!="):
			yes := (v == "yes") != neg
			term = map[bool]string{true: "is:unread", false: "is:read"}[yes]
			neg = false
		case attr == "flags" && (op == "#" || op == "!#") && v == "s":
			term = "is:starred"
		case attr == "tags" && (op == "#" || op == "!#"):
			// newsboat's tags belong to feeds, and import makes each a
			// folder (see opml.Parse).
			if v == "" {
				return "", fmt.Errorf("empty tag")
			}
			term = `folder:"` + v + `"`
		case (attr == "title" || attr == "content" || attr == "description") && (op == "=~" || op == "!~" || op == "="):
			if strings.ContainsAny(v, `^$.*+?[](){}|\`) {
				return "", fmt.Errorf("regular expression %q is not supported", v)
			}
			term = `"` + v + `"`
		case (attr == "feedtitle" || attr == "rssurl" || attr == "feedurl") && (op == "=~" || op == "=" || op == "#" || op == "!~" || op == "!="):
			if strings.ContainsAny(v, `^$*+?[](){}|\`) {
				return "", fmt.Errorf("regular expression %q is not supported", v)
			}
			term = `feed:"` + v + `"`
		default:
			return "", fmt.Errorf("condition %s %s %s is not supported", attr, op, val)
		}
		if neg {
			term = "-" + term
		}
		out = append(out, term)
	}
	if len(out) == 0 {
		return "", fmt.Errorf("empty filter expression")
	}
	return strings.Join(out, " "), nil
}

func lexNewsboat(s string) ([]string, error) {
	var toks []string
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == '(' || c == ')':
			toks = append(toks, string(c))
			i++
		case c == '"':
			j := i + 1
			for j < len(s) && s[j] != '"' {
				if s[j] == '\\' {
					j++
				}
				j++
			}
			if j >= len(s) {
				return nil, fmt.Errorf("unterminated quote")
			}
			toks = append(toks, s[i:j+1])
			i = j + 1
		case strings.ContainsRune("=!~#<>", rune(c)):
			j := i
			for j < len(s) && strings.ContainsRune("=!~#<>", rune(s[j])) {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		default:
			j := i
			for j < len(s) && !unicode.IsSpace(rune(s[j])) && !strings.ContainsRune(`()"=!~#<>`, rune(s[j])) {
				j++
			}
			toks = append(toks, s[i:j])
			i = j
		}
	}
	return toks, nil
}
