package kit

import (
	"sort"
	"strings"
)

// EnglishWords returns the runs of three or more ASCII letters left in a
// zh-CN message once every allowed string is removed: the English that
// X-5 says a Chinese message must not carry. allowed holds what a message
// may show on purpose — the ids a test put in, and terms the platform
// itself writes in Latin letters (MCN, AppID). Longer allowed strings are
// removed first, so an id is never half-removed by a shorter one.
func EnglishWords(msg string, allowed ...string) []string {
	if len(allowed) > 0 {
		a := append([]string(nil), allowed...)
		sort.Slice(a, func(i, j int) bool { return len(a[i]) > len(a[j]) })
		for _, s := range a {
			if s != "" {
				msg = strings.ReplaceAll(msg, s, " ")
			}
		}
	}
	var words []string
	start := -1
	for i := 0; i <= len(msg); i++ {
		letter := i < len(msg) && (msg[i] >= 'a' && msg[i] <= 'z' || msg[i] >= 'A' && msg[i] <= 'Z')
		switch {
		case letter && start < 0:
			start = i
		case !letter && start >= 0:
			if i-start >= 3 {
				words = append(words, msg[start:i])
			}
			start = -1
		}
	}
	return words
}
