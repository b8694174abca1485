// Package topics is nashra's tagger: it assigns topic and entity tags to
// articles from rules (an embedded default set implementing the project's
// taxonomy, plus an optional user rules file), matching on text normalized by
// feeds/arabic, and keeps the terms that fired every tag.
package topics

// Tag kinds.
const (
	KindTopic  = "topic"
	KindEntity = "entity"
)

// Tag is one automatic tag assigned to an article.
type Tag struct {
	Name  string   // slug: "open-source", "org:meta", "model:llama", "person:altman"
	Kind  string   // KindTopic or KindEntity
	Terms []string // the terms that fired the tag, as they appear in the article's text
}
