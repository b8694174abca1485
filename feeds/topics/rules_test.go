package topics

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

func writeRules(t *testing.T, src string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "rules.toml")
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestUserRulesOverride(t *testing.T) {
	p := writeRules(t, `# my rules
[settings]
max_topics = 2

# a new topic
[[topic]]
slug = "robotics"
name_en = "Robotics"
name_ar = "الروبوتات"
threshold = 3
  [[topic.terms]]
  weight = 3
  match = ["humanoid*", "روبوت بشري", "روبوتات بشرية"]

# remove a built-in topic
[[topic]]
slug = "research"
disabled = true

# a new spelling for a built-in entity, and an exclusion
[[entity]]
slug = "org:meta"
aliases = ["ميتا بلاتفورم"]
exclude = ["Meta Quest"]

# a new entity
[[entity]]
slug = "org:figure-ai"
name_en = "Figure AI"
aliases = ["Figure AI", "فيغر"]

# replace a built-in entity entirely
[[entity]]
slug = "org:oracle"
replace = true
name_en = "Oracle"
aliases = ["Oracle Corporation"]
`)
	user, err := LoadRules(p)
	if err != nil {
		t.Fatal(err)
	}
	tg := New(DefaultRules().Merge(user))

	tags := tg.Tag("شركة فيغر تكشف روبوتات بشرية", "قالت ميتا بلاتفورم إنها تدرس الروبوتات البشرية.", "ar")
	for _, want := range []string{"robotics", "org:figure-ai", "org:meta"} {
		if !hasTag(tags, want) {
			t.Errorf("missing %s: %v", want, names(tags, ""))
		}
	}
	if tp, ok := tg.Entity("org:figure-ai"); !ok || tp.NameAR != "Figure AI" {
		t.Errorf("new entity names: %+v %v (Arabic name should default to English)", tp, ok)
	}
	if hasTag(tg.Tag("", "Meta Quest headsets sold out.", "en"), "org:meta") {
		t.Error("user exclusion ignored")
	}
	if !hasTag(tg.Tag("", "Meta bought a startup.", "en"), "org:meta") {
		t.Error("built-in spelling lost by adding one")
	}
	// replaced: the old spellings are gone
	if hasTag(tg.Tag("", "Oracle said cloud sales grew.", "en"), "org:oracle") {
		t.Error("replaced entity kept its old spelling")
	}
	if !hasTag(tg.Tag("", "Oracle Corporation said cloud sales grew.", "en"), "org:oracle") {
		t.Error("replaced entity lacks its new spelling")
	}
	for _, tp := range tg.Topics() {
		if tp.Slug == "research" {
			t.Error("disabled topic still listed")
		}
	}
	if tg.st.maxTopics != 2 {
		t.Errorf("max_topics = %d, want 2 from the user file", tg.st.maxTopics)
	}
	// The defaults are untouched.
	if len(New(DefaultRules()).Topics()) != 12 {
		t.Error("Merge changed the default rules")
	}
}

func TestRulesErrors(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		{"toml syntax", "[[topic]]\nslug = \"x\"\nname_en = \"unterminated\n", "rules.toml:3:"},
		{"bad topic slug", "\n[[topic]]\nslug = \"Open Source\"\n", "rules.toml:3: topic \"Open Source\": slug must be"},
		{"unknown entity kind", "[[entity]]\nslug = \"org:meta\"\naliases = [\"x\"]\n\n[[entity]]\nslug = \"company:acme\"\naliases = [\"Acme\"]\n",
			"rules.toml:6: entity \"company:acme\": unknown entity kind \"company\""},
		{"empty term", "[[topic]]\nslug = \"a\"\n  [[topic.terms]]\n  weight = 1\n  match = [\n    \"ok\",\n    \"\",\n  ]\n",
			"rules.toml:7: topic \"a\": term \"\": empty term"},
		{"term without letters", "[[topic]]\nslug = \"a\"\n  [[topic.terms]]\n  weight = 1\n  match = [\"--\"]\n",
			"rules.toml:5: topic \"a\": term \"--\": term has no letters"},
		{"short prefix", "[[topic]]\nslug = \"a\"\n  [[topic.terms]]\n  weight = 1\n  match = [\"ab*\"]\n",
			"rules.toml:5: topic \"a\": term \"ab*\": a * prefix needs"},
		{"missing weight", "[[topic]]\nslug = \"a\"\n\n  [[topic.terms]]\n  match = [\"x\"]\n",
			"rules.toml:4: topic \"a\": terms group without weight"},
		{"weight out of range", "[[topic]]\nslug = \"a\"\n  [[topic.terms]]\n  weight = 50\n  match = [\"x\"]\n",
			"rules.toml:3: topic \"a\": weight 50 out of range"},
		{"unknown key", "[[topic]]\nslug = \"a\"\nwieght = 3\n", "rules.toml:3: unknown key \"topic.wieght\""},
		{"wrong type", "[settings]\nthreshold = \"high\"\n", "rules.toml:2:"},
		{"bad setting", "[settings]\n\nthreshold = -1\n", "rules.toml:3: settings: threshold must be > 0"},
		{"duplicate slug", "[[topic]]\nslug = \"a\"\n[[topic]]\nslug = \"a\"\n", "rules.toml:4: topic \"a\" defined twice"},
		{"cased Arabic", "[[entity]]\nslug = \"org:x\"\ncased = [\"ميتا\"]\n", "rules.toml:3: entity \"org:x\": cased \"ميتا\": cased aliases must be Latin"},
		{"bad context reference", "[[entity]]\nslug = \"org:x\"\naliases = [\"X Corp\"]\ncontext = [\"@meta\"]\n",
			"rules.toml:4: entity \"org:x\": context \"@meta\": slug must be KIND:NAME"},
		{"entity without aliases", "[[entity]]\nslug = \"org:x\"\n", "rules.toml:2: entity \"org:x\": no aliases"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeRules(t, tt.src)
			_, err := LoadRules(p)
			if err == nil {
				t.Fatalf("no error for %q", tt.src)
			}
			msg := strings.TrimPrefix(err.Error(), filepath.Dir(p)+string(filepath.Separator))
			if !strings.HasPrefix(msg, tt.want) {
				t.Errorf("error %q\nwant prefix %q", msg, tt.want)
			}
		})
	}
}

// A rules file that is a FIFO (or a device) is refused, not read: the read
// would wait for a writer forever.
func TestLoadRulesNotRegular(t *testing.T) {
	p := filepath.Join(t.TempDir(), "rules.toml")
	if err := syscall.Mkfifo(p, 0o644); err != nil {
		t.Fatal(err)
	}
	if _, err := LoadRules(p); err == nil || !strings.Contains(err.Error(), "not a regular file") {
		t.Fatalf("LoadRules(FIFO) = %v", err)
	}
}

func TestLoadRulesMissingFile(t *testing.T) {
	_, err := LoadRules(filepath.Join(t.TempDir(), "none.toml"))
	if !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("err = %v, want fs.ErrNotExist", err)
	}
}

// TestDefaultRulesParse guards the embedded file: it must parse, and every
// topic must have names in both languages and at least one term in each
// script.
func TestDefaultRulesParse(t *testing.T) {
	r, err := parseRules("default.toml", defaultRulesTOML, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, tp := range r.topics {
		if tp.nameEN == "" || tp.nameAR == "" {
			t.Errorf("topic %s lacks a name", tp.slug)
		}
		var ar, en bool
		for _, g := range tp.groups {
			for _, term := range g.terms {
				if strings.ContainsFunc(term, func(r rune) bool { return r >= 0x0600 && r <= 0x06FF }) {
					ar = true
				} else {
					en = true
				}
			}
		}
		if !ar || !en {
			t.Errorf("topic %s lacks terms in Arabic (%v) or English (%v)", tp.slug, ar, en)
		}
	}
	for _, e := range r.entities {
		if e.nameEN == "" || e.nameAR == "" {
			t.Errorf("entity %s lacks a name", e.slug)
		}
	}
}

// TestRulesMergedChecks covers what LoadRules checks against the built-in
// rules it is merged over: "@slug" context references, topics and entities
// without terms or spellings, and disabled/replace on unknown slugs. want is
// the expected error prefix after the directory, or "" for a valid file.
func TestRulesMergedChecks(t *testing.T) {
	tests := []struct {
		name, src, want string
	}{
		// context references
		{"reference to no entity", "[[entity]]\nslug = \"org:x\"\nname_en = \"X\"\naliases = [\"X Corp\"]\ncontext = [\"@org:nonexistent\"]\n",
			"rules.toml:5: entity \"org:x\": context \"@org:nonexistent\": no such entity"},
		{"reference in a multi-line list", "[[entity]]\nslug = \"org:x\"\naliases = [\"X Corp\"]\ncontext = [\n  \"@org:openai\",\n  \"robot*\",\n  \"@person:nobody\",\n]\n",
			"rules.toml:7: entity \"org:x\": context \"@person:nobody\": no such entity"},
		{"reference added to a built-in entity", "# add context\n[[entity]]\nslug = \"org:meta\"\ncontext = [\"@org:metta\"]\n",
			"rules.toml:4: entity \"org:meta\": context \"@org:metta\": no such entity"},
		{"reference to an entity the file disables", "[[entity]]\nslug = \"org:x\"\naliases = [\"X Corp\"]\ncontext = [\"@org:google\"]\n\n[[entity]]\nslug = \"org:google\"\ndisabled = true\n",
			"rules.toml:4: entity \"org:x\": context \"@org:google\": no such entity"},
		{"reference of a replaced entity", "[[entity]]\nslug = \"org:oracle\"\nreplace = true\naliases = [\"Oracle Corporation\"]\ncontext = [\"@org:sun\"]\n",
			"rules.toml:5: entity \"org:oracle\": context \"@org:sun\": no such entity"},
		{"reference in exclude", "[[entity]]\nslug = \"org:x\"\naliases = [\"X Corp\"]\nexclude = [\"@org:openai\"]\n",
			"rules.toml:4: entity \"org:x\": exclude \"@org:openai\": \"@slug\" references are only allowed in context"},
		{"reference in aliases", "[[entity]]\nslug = \"org:x\"\naliases = [\"X Corp\", \"@org:openai\"]\n",
			"rules.toml:3: entity \"org:x\": aliases \"@org:openai\": \"@slug\" references are only allowed in context"},
		{"reference to a built-in entity", "[[entity]]\nslug = \"org:x\"\naliases = [\"X Corp\"]\ncontext = [\"@org:openai\", \"@person:altman\"]\n", ""},
		{"reference to a later entity", "[[entity]]\nslug = \"org:x\"\nambiguous = [\"Xylo\"]\ncontext = [\"@org:y\"]\n\n[[entity]]\nslug = \"org:y\"\naliases = [\"Y Labs\"]\n", ""},
		{"reference added to a built-in entity, to a later entity", "[[entity]]\nslug = \"org:meta\"\ncontext = [\"@org:y\"]\n[[entity]]\nslug = \"org:y\"\naliases = [\"Y Labs\"]\n", ""},
		{"disabled entity with a dangling reference", "[[entity]]\nslug = \"org:meta\"\ndisabled = true\ncontext = [\"@org:gone\"]\n", ""},

		// topics without terms
		{"new topic with only a slug", "[[topic]]\nslug = \"robotics\"\n", "rules.toml:2: topic \"robotics\" has no terms"},
		{"new topic with names and threshold", "[[topic]]\nslug = \"a\"\n  [[topic.terms]]\n  weight = 3\n  match = [\"robot\"]\n[[topic]]\nname_en = \"Robotics\"\nslug = \"robotics\"\nthreshold = 3\n", "rules.toml:8: topic \"robotics\" has no terms"},
		{"replaced topic without terms", "[[topic]]\nslug = \"research\"\nreplace = true\nname_en = \"Science\"\n", "rules.toml:2: topic \"research\" has no terms"},
		{"built-in topic renamed", "[[topic]]\nslug = \"research\"\nname_en = \"Science\"\n", ""},
		{"built-in topic re-thresholded", "[[topic]]\nslug = \"product\"\nthreshold = 12\n", ""},
		{"built-in topic disabled", "[[topic]]\nslug = \"research\"\ndisabled = true\n", ""},

		// entities without spellings
		{"new entity with only a name", "[[entity]]\nslug = \"org:x\"\nname_en = \"X\"\n", "rules.toml:2: entity \"org:x\": no aliases"},
		{"new entity with only context", "[[entity]]\nslug = \"org:x\"\ncontext = [\"robot*\"]\nexclude = [\"X Games\"]\n", "rules.toml:2: entity \"org:x\": no aliases"},
		{"replaced entity without aliases", "[[entity]]\nslug = \"org:oracle\"\nreplace = true\nname_en = \"Oracle\"\n", "rules.toml:2: entity \"org:oracle\": no aliases"},
		{"new entity with only cased spellings", "[[entity]]\nslug = \"org:x\"\ncased = [\"Xylo\"]\n", ""},
		{"built-in entity given exclusions", "[[entity]]\nslug = \"org:meta\"\nexclude = [\"Meta Quest\"]\n", ""},

		// disabled and replace need a built-in slug
		{"disabled unknown topic", "[[topic]]\nslug = \"reserch\"\ndisabled = true\n", "rules.toml:2: topic \"reserch\": disabled, but there is no such built-in topic"},
		{"replace unknown topic", "[[topic]]\nslug = \"robotics\"\nreplace = true\n  [[topic.terms]]\n  weight = 3\n  match = [\"robot\"]\n",
			"rules.toml:2: topic \"robotics\": replace, but there is no such built-in topic"},
		{"disabled unknown entity", "[[entity]]\nslug = \"org:gogle\"\ndisabled = true\n", "rules.toml:2: entity \"org:gogle\": disabled, but there is no such built-in entity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := writeRules(t, tt.src)
			_, err := LoadRules(p)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("unexpected error %v", err)
				}
				return
			}
			if err == nil {
				t.Fatalf("no error for %q", tt.src)
			}
			msg := strings.TrimPrefix(err.Error(), filepath.Dir(p)+string(filepath.Separator))
			if !strings.HasPrefix(msg, tt.want) {
				t.Errorf("error %q\nwant prefix %q", msg, tt.want)
			}
		})
	}
}

// TestUserRulesReferences checks that references the loader accepts work
// once merged: an ambiguous spelling counts with an entity defined later in
// the file, or with a built-in one, and not alone.
func TestUserRulesReferences(t *testing.T) {
	user, err := LoadRules(writeRules(t, `[[entity]]
slug = "model:xylo"
ambiguous = ["Xylo"]
context = ["@org:ylabs", "@org:openai"]

[[entity]]
slug = "org:ylabs"
aliases = ["Y Labs"]
`))
	if err != nil {
		t.Fatal(err)
	}
	tg := New(DefaultRules().Merge(user))
	tests := []struct {
		body string
		want bool
	}{
		{"Y Labs released Xylo, a new chatbot.", true},
		{"OpenAI answered Xylo with a model of its own.", true},
		{"Xylo is a toy brand from the seventies.", false},
	}
	for _, tt := range tests {
		if got := hasTag(tg.Tag("", tt.body, "en"), "model:xylo"); got != tt.want {
			t.Errorf("model:xylo in %q: got %v, want %v (tags %v)", tt.body, got, tt.want, names(tg.Tag("", tt.body, "en"), ""))
		}
	}
}
