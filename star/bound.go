package star

import (
	"errors"
	"strconv"

	"github.com/starmap-go/starmap"
)

// maxProblems is how many problems a constructor or a query check reports
// at most; past it they are only counted, in one last error.
const maxProblems = 20

// problems collects the errors of one check so that its message stays
// bounded whatever the input: a problem already reported (the same code
// and message) is not reported again, and past limit problems are only
// counted. more renders the count of the problems left out.
type problems struct {
	errs  []error
	seen  map[string]bool
	limit int
	extra int
	more  func(k int) error
}

func newProblems(limit int, more func(k int) error) *problems {
	return &problems{limit: limit, more: more}
}

func (p *problems) add(err error) {
	if err == nil {
		return
	}
	key := string(firstCode(err)) + "\x00" + starmap.Message(err, starmap.EN)
	if p.seen[key] {
		return
	}
	if len(p.errs) >= p.limit {
		p.extra++
		return
	}
	if p.seen == nil {
		p.seen = map[string]bool{}
	}
	p.seen[key] = true
	p.errs = append(p.errs, err)
}

func (p *problems) full() bool { return len(p.errs) >= p.limit }

// list returns the errors, with the count of those left out.
func (p *problems) list() []error {
	if p.extra > 0 {
		return append(p.errs, p.more(p.extra))
	}
	return p.errs
}

func (p *problems) err() error { return errors.Join(p.list()...) }

func firstCode(err error) starmap.Code {
	if cs := starmap.Codes(err); len(cs) > 0 {
		return cs[0]
	}
	return ""
}

// moreProblem is the problem of the error that counts those left out.
func moreProblem(k int) starmap.Param {
	s := strconv.Itoa(k)
	return problemArg("另有"+s+"个问题未列出", "and "+s+" more problems")
}

// tooMany is the problem of a list longer than it may be.
func tooMany(max, got int) starmap.Param {
	return problemArg("最多"+strconv.Itoa(max)+"个,实有"+strconv.Itoa(got)+"个",
		"at most "+strconv.Itoa(max)+", got "+strconv.Itoa(got))
}

// maxEntryProblems is how many problems with the entries of one list are
// reported at most.
const maxEntryProblems = 10
