package store

import "strings"

// defaultAnalyze is the analyzer used until the Arabic-aware one is wired in:
// lower-case words.
func defaultAnalyze(s string) string {
	return strings.ToLower(s)
}
