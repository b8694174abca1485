package topics

import (
	_ "embed"
	"errors"
	"fmt"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/BurntSushi/toml"

	"github.com/nashra-reader/nashra/feeds/arabic"
)

// Rules is a parsed rule set: scoring settings, the AI-domain gate, topics
// with weighted terms, and entities with aliases. The format is documented
// in docs/rules.md. A Rules value is immutable once returned; Merge returns
// a new one.
type Rules struct {
	settings settings
	given    fileSettings // the settings this file sets, for Merge
	domain   []string     // terms; an article needs one of them (or an entity) to get topics
	topics   []topicRule
	entities []entityRule
}

type settings struct {
	titleWeight  float64 // multiplier of a term found in the title
	threshold    float64 // default topic threshold
	maxTopics    int     // most topics per article
	repeatWeight float64 // weight of each further body occurrence of a term, relative to the first
	maxRepeats   int     // body occurrences of one term counted at most
	relative     float64 // a topic needs this fraction of the best topic's score
}

type topicRule struct {
	slug, nameEN, nameAR string
	threshold            float64 // 0: settings.threshold
	groups               []termGroup
	replace, disabled    bool // in a user file: replace or remove the built-in topic
}

type termGroup struct {
	weight float64
	cased  bool
	terms  []string
}

type entityRule struct {
	slug, nameEN, nameAR string
	aliases              []string
	cased                []string
	ambiguous            []string
	context              []string
	exclude              []string
	replace, disabled    bool // in a user file: replace or remove the built-in entity
}

// The rule file as TOML; pointers tell "absent" from zero.
type fileRules struct {
	Settings *fileSettings `toml:"settings"`
	Domain   *fileDomain   `toml:"domain"`
	Topic    []fileTopic   `toml:"topic"`
	Entity   []fileEntity  `toml:"entity"`
}

type fileSettings struct {
	TitleWeight  *float64 `toml:"title_weight"`
	Threshold    *float64 `toml:"threshold"`
	MaxTopics    *int     `toml:"max_topics"`
	RepeatWeight *float64 `toml:"repeat_weight"`
	MaxRepeats   *int     `toml:"max_repeats"`
	Relative     *float64 `toml:"relative"`
}

type fileDomain struct {
	Terms []string `toml:"terms"`
}

type fileTopic struct {
	Slug      string          `toml:"slug"`
	NameEN    string          `toml:"name_en"`
	NameAR    string          `toml:"name_ar"`
	Threshold *float64        `toml:"threshold"`
	Replace   bool            `toml:"replace"`
	Disabled  bool            `toml:"disabled"`
	Terms     []fileTermGroup `toml:"terms"`
}

type fileTermGroup struct {
	Weight *float64 `toml:"weight"`
	Cased  bool     `toml:"cased"`
	Match  []string `toml:"match"`
}

type fileEntity struct {
	Slug      string   `toml:"slug"`
	NameEN    string   `toml:"name_en"`
	NameAR    string   `toml:"name_ar"`
	Aliases   []string `toml:"aliases"`
	Cased     []string `toml:"cased"`
	Ambiguous []string `toml:"ambiguous"`
	Context   []string `toml:"context"`
	Exclude   []string `toml:"exclude"`
	Replace   bool     `toml:"replace"`
	Disabled  bool     `toml:"disabled"`
}

//go:embed rules/default.toml
var defaultRulesTOML string

var (
	defaultOnce  sync.Once
	defaultRules *Rules
)

// DefaultRules returns the built-in rule set (feeds/topics/rules/default.toml,
// embedded), which implements the taxonomy of topics.md. It is parsed once;
// the same *Rules is returned on every call and must not be modified. It
// panics if the embedded file is invalid, which the package tests rule out.
func DefaultRules() *Rules {
	defaultOnce.Do(func() {
		r, err := parseRules("default.toml", defaultRulesTOML, nil)
		if err != nil {
			panic("topics: built-in rules: " + err.Error())
		}
		r.complete()
		defaultRules = r
	})
	return defaultRules
}

// LoadRules reads a user rules file (TOML, format in docs/rules.md). The
// file holds only what it adds or changes; combine it with DefaultRules by
// Merge. The file is checked as merged over DefaultRules: a "@slug" context
// reference must name an entity of the merged rules (built-in, or defined
// anywhere in the file), a topic or entity with a new slug or with
// `replace = true` must have terms or spellings, and `disabled` or `replace`
// must name a built-in slug. Errors name the file and line: "PATH:LINE:
// message" for TOML syntax errors and for invalid rules (bad slug, unknown
// entity kind, empty term, unknown key, out-of-range setting, duplicate
// slug, dangling reference, topic without terms, entity without aliases). A
// missing file is an error wrapping fs.ErrNotExist.
func LoadRules(path string) (*Rules, error) {
	if fi, err := os.Stat(path); err == nil && !fi.Mode().IsRegular() {
		// A FIFO or device would block or never end the read.
		return nil, fmt.Errorf("rules: %s: not a regular file", path)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("rules: %w", err)
	}
	return parseRules(path, string(data), DefaultRules())
}

// parseRules decodes and validates one rules file. name is used in errors.
// base is the rule set the file will be merged over (nil for a file that
// stands alone, such as the built-in one); references, overrides and
// missing terms are checked against base merged with the file (checkMerged).
func parseRules(name, data string, base *Rules) (*Rules, error) {
	var f fileRules
	md, err := toml.Decode(data, &f)
	if err != nil {
		return nil, tomlError(name, err)
	}
	loc := newLocator(data)
	if und := md.Undecoded(); len(und) > 0 {
		k := und[0]
		return nil, fmt.Errorf("%s:%d: unknown key %q", name, loc.keyLine(k), k.String())
	}
	r := &Rules{}
	if s := f.Settings; s != nil {
		r.given = *s
		if err := r.settings.apply(s); err != nil {
			return nil, fmt.Errorf("%s:%d: settings: %w", name, loc.sectionKeyLine("settings", err.(settingError).key), err)
		}
	}
	if f.Domain != nil {
		for _, t := range f.Domain.Terms {
			if err := checkTerm(t); err != nil {
				return nil, fmt.Errorf("%s:%d: domain: term %q: %w", name, loc.valueLine("[domain]", 0, t), t, err)
			}
		}
		r.domain = append(r.domain, f.Domain.Terms...)
	}
	seen := map[string]bool{}
	for i, ft := range f.Topic {
		at := func(key, value string) int { return loc.elementLine("[[topic]]", i, key, value) }
		if err := checkTopicSlug(ft.Slug); err != nil {
			return nil, fmt.Errorf("%s:%d: topic %q: %w", name, at("slug", ""), ft.Slug, err)
		}
		if seen["topic "+ft.Slug] {
			return nil, fmt.Errorf("%s:%d: topic %q defined twice", name, at("slug", ""), ft.Slug)
		}
		seen["topic "+ft.Slug] = true
		t := topicRule{slug: ft.Slug, nameEN: ft.NameEN, nameAR: ft.NameAR, replace: ft.Replace, disabled: ft.Disabled}
		if ft.Threshold != nil {
			if !(*ft.Threshold > 0) || math.IsInf(*ft.Threshold, 0) {
				return nil, fmt.Errorf("%s:%d: topic %q: threshold must be > 0", name, at("threshold", ""), ft.Slug)
			}
			t.threshold = *ft.Threshold
		}
		for j, g := range ft.Terms {
			gl := loc.subLine("[[topic]]", i, "[[topic.terms]]", j)
			if g.Weight == nil {
				return nil, fmt.Errorf("%s:%d: topic %q: terms group without weight", name, gl, ft.Slug)
			}
			if w := *g.Weight; math.IsNaN(w) || w < -10 || w > 10 {
				return nil, fmt.Errorf("%s:%d: topic %q: weight %v out of range [-10, 10]", name, gl, ft.Slug, w)
			}
			if len(g.Match) == 0 {
				return nil, fmt.Errorf("%s:%d: topic %q: terms group with no match list", name, gl, ft.Slug)
			}
			for _, term := range g.Match {
				if err := checkTerm(term); err != nil {
					return nil, fmt.Errorf("%s:%d: topic %q: term %q: %w", name, loc.lineOfValue(gl, term), ft.Slug, term, err)
				}
			}
			t.groups = append(t.groups, termGroup{weight: *g.Weight, cased: g.Cased, terms: g.Match})
		}
		r.topics = append(r.topics, t)
	}
	for i, fe := range f.Entity {
		at := func(key, value string) int { return loc.elementLine("[[entity]]", i, key, value) }
		if err := checkEntitySlug(fe.Slug); err != nil {
			return nil, fmt.Errorf("%s:%d: entity %q: %w", name, at("slug", ""), fe.Slug, err)
		}
		if seen["entity "+fe.Slug] {
			return nil, fmt.Errorf("%s:%d: entity %q defined twice", name, at("slug", ""), fe.Slug)
		}
		seen["entity "+fe.Slug] = true
		lists := []struct {
			key  string
			vals []string
		}{{"aliases", fe.Aliases}, {"cased", fe.Cased}, {"ambiguous", fe.Ambiguous}, {"context", fe.Context}, {"exclude", fe.Exclude}}
		for _, l := range lists {
			for _, v := range l.vals {
				var err error
				switch {
				case l.key == "context" && strings.HasPrefix(v, "@"):
					err = checkEntitySlug(v[1:])
				case strings.HasPrefix(v, "@"):
					err = errors.New(`"@slug" references are only allowed in context`)
				case l.key == "cased":
					err = checkCased(v)
				default:
					err = checkTerm(strings.TrimPrefix(v, "="))
					if err == nil && strings.Contains(v, "*") && l.key != "context" && l.key != "exclude" {
						err = errors.New("aliases cannot use the * prefix wildcard")
					}
				}
				if err != nil {
					return nil, fmt.Errorf("%s:%d: entity %q: %s %q: %w", name, at(l.key, v), fe.Slug, l.key, v, err)
				}
			}
		}
		r.entities = append(r.entities, entityRule{
			slug: fe.Slug, nameEN: fe.NameEN, nameAR: fe.NameAR,
			aliases: fe.Aliases, cased: fe.Cased, ambiguous: fe.Ambiguous,
			context: fe.Context, exclude: fe.Exclude,
			replace: fe.Replace, disabled: fe.Disabled,
		})
	}
	if base == nil {
		base = &Rules{}
	}
	if err := checkMerged(name, loc, &f, base); err != nil {
		return nil, err
	}
	return r, nil
}

// checkMerged validates what can only be judged with the rules a file is
// merged over (base): a topic or entity with a new slug, or with
// `replace = true`, must have terms (spellings), since it does not inherit
// the built-in ones, while one that adds to a built-in entry may omit them
// (docs/rules.md, "Changing the built-in rules"); `disabled` and `replace`
// must name an entry of base; and every "@slug" context reference of an
// entry the file keeps must name an entity of base merged with the file,
// so it may point to a built-in entity or to one defined later in the file.
// A built-in entity whose "@slug" target the file disables is not an error:
// that context just never matches (see New).
func checkMerged(name string, loc *locator, f *fileRules, base *Rules) error {
	known := map[string]bool{}
	for _, e := range base.entities {
		known[e.slug] = true
	}
	for _, fe := range f.Entity {
		known[fe.Slug] = !fe.Disabled
	}
	for i, ft := range f.Topic {
		line := loc.elementLine("[[topic]]", i, "slug", "")
		builtIn := indexTopic(base.topics, ft.Slug) >= 0
		switch {
		case (ft.Disabled || ft.Replace) && !builtIn:
			return fmt.Errorf("%s:%d: topic %q: %s, but there is no such built-in topic", name, line, ft.Slug, flagName(ft.Disabled))
		case !ft.Disabled && len(ft.Terms) == 0 && (!builtIn || ft.Replace):
			return fmt.Errorf("%s:%d: topic %q has no terms", name, line, ft.Slug)
		}
	}
	for i, fe := range f.Entity {
		line := loc.elementLine("[[entity]]", i, "slug", "")
		builtIn := indexEntity(base.entities, fe.Slug) >= 0
		switch {
		case (fe.Disabled || fe.Replace) && !builtIn:
			return fmt.Errorf("%s:%d: entity %q: %s, but there is no such built-in entity", name, line, fe.Slug, flagName(fe.Disabled))
		case !fe.Disabled && len(fe.Aliases)+len(fe.Cased)+len(fe.Ambiguous) == 0 && (!builtIn || fe.Replace):
			return fmt.Errorf("%s:%d: entity %q: no aliases", name, line, fe.Slug)
		}
		if fe.Disabled {
			continue
		}
		for _, c := range fe.Context {
			if ref, ok := strings.CutPrefix(c, "@"); ok && !known[ref] {
				return fmt.Errorf("%s:%d: entity %q: context %q: no such entity", name, loc.elementLine("[[entity]]", i, "context", c), fe.Slug, c)
			}
		}
	}
	return nil
}

func flagName(disabled bool) string {
	if disabled {
		return "disabled"
	}
	return "replace"
}

// settingError names the offending key.
type settingError struct{ key, msg string }

func (e settingError) Error() string { return e.key + " " + e.msg }

// apply sets the given settings after range checks.
func (s *settings) apply(f *fileSettings) error {
	if f.TitleWeight != nil {
		if !(*f.TitleWeight > 0) || *f.TitleWeight > 100 {
			return settingError{"title_weight", "must be in (0, 100]"}
		}
		s.titleWeight = *f.TitleWeight
	}
	if f.Threshold != nil {
		if !(*f.Threshold > 0) || math.IsInf(*f.Threshold, 0) {
			return settingError{"threshold", "must be > 0"}
		}
		s.threshold = *f.Threshold
	}
	if f.MaxTopics != nil {
		if *f.MaxTopics < 1 {
			return settingError{"max_topics", "must be at least 1"}
		}
		s.maxTopics = *f.MaxTopics
	}
	if f.RepeatWeight != nil {
		if !(*f.RepeatWeight >= 0) || *f.RepeatWeight > 1 {
			return settingError{"repeat_weight", "must be in [0, 1]"}
		}
		s.repeatWeight = *f.RepeatWeight
	}
	if f.MaxRepeats != nil {
		if *f.MaxRepeats < 1 {
			return settingError{"max_repeats", "must be at least 1"}
		}
		s.maxRepeats = *f.MaxRepeats
	}
	if f.Relative != nil {
		if !(*f.Relative >= 0) || *f.Relative > 1 {
			return settingError{"relative", "must be in [0, 1]"}
		}
		s.relative = *f.Relative
	}
	return nil
}

// complete fills unset settings with the defaults of docs/rules.md and
// missing display names with the other language's.
func (r *Rules) complete() {
	s := &r.settings
	if s.titleWeight == 0 {
		s.titleWeight = 2
	}
	if s.threshold == 0 {
		s.threshold = 4
	}
	if s.maxTopics == 0 {
		s.maxTopics = 3
	}
	if s.maxRepeats == 0 {
		s.maxRepeats = 3
	}
	for i := range r.topics {
		t := &r.topics[i]
		t.nameEN, t.nameAR = fillNames(t.nameEN, t.nameAR, t.slug)
	}
	for i := range r.entities {
		e := &r.entities[i]
		e.nameEN, e.nameAR = fillNames(e.nameEN, e.nameAR, e.slug)
	}
}

func fillNames(en, ar, slug string) (string, string) {
	if en == "" {
		en = ar
	}
	if en == "" {
		en = slug
		if i := strings.IndexByte(slug, ':'); i >= 0 {
			en = slug[i+1:]
		}
	}
	if ar == "" {
		ar = en
	}
	return en, ar
}

// Merge returns the rules r with over applied on top (r is typically
// DefaultRules and over a LoadRules result): settings given in over win; a
// topic or entity of over with a new slug is added; one with an existing
// slug adds its names (when given), threshold, terms, aliases, context and
// exclusions to the existing one, or replaces it entirely with
// `replace = true`, or removes it with `disabled = true`. Domain terms are
// added. Neither r nor over is modified.
func (r *Rules) Merge(over *Rules) *Rules {
	out := &Rules{settings: r.settings, given: r.given}
	out.domain = append(append([]string(nil), r.domain...), over.domain...)
	out.topics = append([]topicRule(nil), r.topics...)
	out.entities = append([]entityRule(nil), r.entities...)
	// over's settings were range-checked when parsed.
	_ = out.settings.apply(&over.given)
	out.given.overlay(over.given)
	for _, t := range over.topics {
		j := indexTopic(out.topics, t.slug)
		switch {
		case t.disabled:
			if j >= 0 {
				out.topics = append(out.topics[:j:j], out.topics[j+1:]...)
			}
		case j < 0 || t.replace:
			t.replace = false
			if j >= 0 {
				out.topics[j] = t
			} else {
				out.topics = append(out.topics, t)
			}
		default:
			old := out.topics[j]
			if t.nameEN != "" {
				old.nameEN = t.nameEN
			}
			if t.nameAR != "" {
				old.nameAR = t.nameAR
			}
			if t.threshold != 0 {
				old.threshold = t.threshold
			}
			old.groups = append(append([]termGroup(nil), old.groups...), t.groups...)
			out.topics[j] = old
		}
	}
	for _, e := range over.entities {
		j := indexEntity(out.entities, e.slug)
		switch {
		case e.disabled:
			if j >= 0 {
				out.entities = append(out.entities[:j:j], out.entities[j+1:]...)
			}
		case j < 0 || e.replace:
			e.replace = false
			if j >= 0 {
				out.entities[j] = e
			} else {
				out.entities = append(out.entities, e)
			}
		default:
			old := out.entities[j]
			if e.nameEN != "" {
				old.nameEN = e.nameEN
			}
			if e.nameAR != "" {
				old.nameAR = e.nameAR
			}
			old.aliases = concat(old.aliases, e.aliases)
			old.cased = concat(old.cased, e.cased)
			old.ambiguous = concat(old.ambiguous, e.ambiguous)
			old.context = concat(old.context, e.context)
			old.exclude = concat(old.exclude, e.exclude)
			out.entities[j] = old
		}
	}
	out.complete()
	return out
}

func concat(a, b []string) []string { return append(append([]string(nil), a...), b...) }

// overlay copies the settings o sets over f's.
func (f *fileSettings) overlay(o fileSettings) {
	if o.TitleWeight != nil {
		f.TitleWeight = o.TitleWeight
	}
	if o.Threshold != nil {
		f.Threshold = o.Threshold
	}
	if o.MaxTopics != nil {
		f.MaxTopics = o.MaxTopics
	}
	if o.RepeatWeight != nil {
		f.RepeatWeight = o.RepeatWeight
	}
	if o.MaxRepeats != nil {
		f.MaxRepeats = o.MaxRepeats
	}
	if o.Relative != nil {
		f.Relative = o.Relative
	}
}

func indexTopic(ts []topicRule, slug string) int {
	for i, t := range ts {
		if t.slug == slug {
			return i
		}
	}
	return -1
}

func indexEntity(es []entityRule, slug string) int {
	for i, e := range es {
		if e.slug == slug {
			return i
		}
	}
	return -1
}

var (
	topicSlugRE  = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	entitySlugRE = regexp.MustCompile(`^([a-z]+):([a-z0-9]+(-[a-z0-9]+)*)$`)
)

func checkTopicSlug(s string) error {
	if s == "" {
		return errors.New("missing slug")
	}
	if !topicSlugRE.MatchString(s) {
		return errors.New("slug must be lower-case ASCII words joined by hyphens (open-source)")
	}
	return nil
}

func checkEntitySlug(s string) error {
	if s == "" {
		return errors.New("missing slug")
	}
	m := entitySlugRE.FindStringSubmatch(s)
	if m == nil {
		return errors.New(`slug must be KIND:NAME, NAME lower-case ASCII words joined by hyphens ("org:scale-ai")`)
	}
	switch m[1] {
	case "org", "model", "person":
		return nil
	}
	return fmt.Errorf("unknown entity kind %q (want org, model or person)", m[1])
}

// checkTerm validates a term or alias: it must have words, and a * may only
// end a word, after at least three letters.
func checkTerm(t string) error {
	if strings.TrimSpace(t) == "" {
		return errors.New("empty term")
	}
	for _, w := range strings.Fields(t) {
		base, star := strings.CutSuffix(w, "*")
		if strings.Contains(base, "*") {
			return errors.New("* may only end a word")
		}
		if len(arabic.Tokenize(base)) == 0 {
			return errors.New("term has no letters or digits")
		}
		if star && utf8.RuneCountInString(arabic.Normalize(base)) < 3 {
			return errors.New("a * prefix needs at least three letters before it")
		}
	}
	return nil
}

// checkCased validates a case-sensitive alias: Latin letters with at least
// one upper-case letter (otherwise case would not matter).
func checkCased(t string) error {
	if err := checkTerm(t); err != nil {
		return err
	}
	if strings.Contains(t, "*") {
		return errors.New("cased aliases cannot use the * prefix wildcard")
	}
	hasUpper := false
	for _, r := range t {
		if arabic.IsArabicLetter(r) {
			return errors.New("cased aliases must be Latin (Arabic has no case)")
		}
		if unicode.IsUpper(r) {
			hasUpper = true
		}
	}
	if !hasUpper {
		return errors.New("cased alias has no upper-case letter")
	}
	return nil
}

// tomlError turns a BurntSushi/toml error into "NAME:LINE: message".
var tomlLineRE = regexp.MustCompile(`^toml: line (\d+)(?: \(last key "([^"]*)"\))?: (.*)$`)

func tomlError(name string, err error) error {
	var pe toml.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %s", name, pe.Position.Line, pe.Message)
	}
	if m := tomlLineRE.FindStringSubmatch(err.Error()); m != nil {
		msg := m[3]
		if m[2] != "" {
			msg = "key " + m[2] + ": " + msg
		}
		return fmt.Errorf("%s:%s: %s", name, m[1], msg)
	}
	return fmt.Errorf("%s:1: %w", name, err)
}

// locator finds the lines of tables, keys and values in a rules file, for
// error messages about decoded values (BurntSushi/toml keeps key positions
// private). It understands the layout docs/rules.md shows: [[topic]],
// [[topic.terms]] and [[entity]] headers, one key per line, arrays possibly
// over several lines.
type locator struct {
	lines   []string
	headers map[string][]int // header ("[[topic]]") → 1-based lines, in order
}

var headerRE = regexp.MustCompile(`^\s*(\[\[?\s*[A-Za-z0-9_.]+\s*\]\]?)`)

func newLocator(data string) *locator {
	l := &locator{lines: strings.Split(data, "\n"), headers: map[string][]int{}}
	inMulti := false
	for i, line := range l.lines {
		if strings.Count(line, `"""`)%2 == 1 || strings.Count(line, `'''`)%2 == 1 {
			inMulti = !inMulti
		}
		if inMulti {
			continue
		}
		if m := headerRE.FindStringSubmatch(line); m != nil {
			h := strings.Join(strings.Fields(m[1]), "")
			l.headers[h] = append(l.headers[h], i+1)
		}
	}
	return l
}

// block returns the 1-based line range [from, to) of the n-th table with
// the given header, ending at the next header of any kind.
func (l *locator) block(header string, n int) (from, to int) {
	hs := l.headers[header]
	if n >= len(hs) {
		return 1, len(l.lines) + 1
	}
	from = hs[n]
	to = len(l.lines) + 1
	for i := from; i < len(l.lines); i++ {
		if headerRE.MatchString(l.lines[i]) {
			return from, i + 1
		}
	}
	return from, to
}

// keyLine finds the line defining key (a dotted path such as
// topic.terms.wieght): the first line starting with its last part.
func (l *locator) keyLine(k toml.Key) int {
	if len(k) == 0 {
		return 1
	}
	last := k[len(k)-1]
	re := regexp.MustCompile(`^\s*["']?` + regexp.QuoteMeta(last) + `["']?\s*=`)
	for i, line := range l.lines {
		if re.MatchString(line) {
			return i + 1
		}
	}
	return 1
}

// sectionKeyLine finds key inside the [section] table.
func (l *locator) sectionKeyLine(section, key string) int {
	from, to := l.block("["+section+"]", 0)
	return l.findKey(from, to, key)
}

func (l *locator) findKey(from, to int, key string) int {
	re := regexp.MustCompile(`^\s*` + regexp.QuoteMeta(key) + `\s*=`)
	for i := from; i < to && i <= len(l.lines); i++ {
		if re.MatchString(l.lines[i-1]) {
			return i
		}
	}
	return from
}

// elementLine locates key (and, if value is not "", the line holding that
// string value) in the n-th table with the given header.
func (l *locator) elementLine(header string, n int, key, value string) int {
	from, to := l.block(header, n)
	kl := l.findKey(from, to, key)
	if value == "" {
		return kl
	}
	return l.lineOfValue(kl, value)
}

// valueLine locates a string value in the n-th table with the given header.
func (l *locator) valueLine(header string, n int, value string) int {
	from, _ := l.block(header, n)
	return l.lineOfValue(from, value)
}

// lineOfValue returns the first line at or after from that holds value as
// a quoted TOML string, or from.
func (l *locator) lineOfValue(from int, value string) int {
	quoted := []string{strconv.Quote(value), "'" + value + "'", `"` + value + `"`}
	for i := from; i <= len(l.lines); i++ {
		for _, q := range quoted {
			if strings.Contains(l.lines[i-1], q) {
				return i
			}
		}
	}
	return from
}

// subLine returns the line of the m-th sub-table header (e.g.
// [[topic.terms]]) inside the n-th parent table.
func (l *locator) subLine(parent string, n int, sub string, m int) int {
	from, _ := l.block(parent, n)
	nextParent := len(l.lines) + 1
	if hs := l.headers[parent]; n+1 < len(hs) {
		nextParent = hs[n+1]
	}
	k := 0
	for _, h := range l.headers[sub] {
		if h > from && h < nextParent {
			if k == m {
				return h
			}
			k++
		}
	}
	return from
}
