package onboarding

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/starmap-go/starmap"
)

// ParsePolicy reads the policy text form: one "key = value" a line; blank
// lines and everything after '#' are ignored.
//
//	base = seed-000-2023          # optional, first: start from a preset
//	name = my-policy
//	douyin.min_followers = 100000 # a count, or none (no threshold known)
//	douyin.mcn_route = true
//	douyin.mcn_required = false
//	agency.min_age_years = 1
//	agency.month_end = clamp      # clamp or roll
//	agency.special_approval = true
//	agency.min_creators = 5
//	agency.min_follower_volume = none
//	opening_workdays = 3
//
// Platform keys exist for douyin, xigua, huoshan and toutiao. Without a
// base the policy starts empty and every key must be given: the missing
// ones are listed in one ErrPolicyKeysMissing, and no policy is returned.
// A UTF-8 byte-order mark before the first line is ignored. A line that
// cannot be read — no '=', an unknown key, a key given twice, a value of the
// wrong form, base anywhere but first — is an ErrPolicyLine with its line
// number, and no policy is returned. The result is then validated: the
// problems Validate finds are returned, joined, with no policy.
// Text writes a policy in this form, and ParsePolicy reads it back equal.
func ParsePolicy(r io.Reader) (Policy, error) {
	var p Policy
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1024), 64*1024)
	seen := map[string]bool{}
	line, settings := 0, 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if line == 1 {
			text = strings.TrimPrefix(text, "\ufeff") // a byte-order mark some editors write
		}
		if i := strings.IndexByte(text, '#'); i >= 0 {
			text = text[:i]
		}
		text = strings.TrimSpace(text)
		if text == "" {
			continue
		}
		lineErr := func(pr starmap.Param) error {
			return ErrPolicyLine.New(starmap.Arg("line", line), pr)
		}
		eq := strings.IndexByte(text, '=')
		if eq < 0 {
			return Policy{}, lineErr(problem("应为“键 = 值”", "want key = value"))
		}
		key, val := strings.TrimSpace(text[:eq]), strings.TrimSpace(text[eq+1:])
		if key == "" || val == "" {
			return Policy{}, lineErr(problem("应为“键 = 值”", "want key = value"))
		}
		if seen[key] {
			return Policy{}, lineErr(problem(quoteText(key)+"重复出现", quoteText(key)+" given twice"))
		}
		seen[key] = true
		if key == "base" {
			if settings > 0 {
				return Policy{}, lineErr(problem("基础规则(base)须写在最前", "base must come first"))
			}
			b, ok := PolicyByName(val)
			if !ok {
				return Policy{}, lineErr(problem("未知的预设规则"+quoteText(val), "unknown preset "+quoteText(val)))
			}
			p = b
			settings++
			continue
		}
		settings++
		if pr, bad := p.set(key, val); bad {
			return Policy{}, lineErr(pr)
		}
	}
	if err := sc.Err(); err != nil {
		return Policy{}, ErrPolicyLine.Wrap(err, starmap.Arg("line", line+1), problem("无法读取", "unreadable"))
	}
	if !seen["base"] {
		var missing []string
		for _, k := range policyKeys() {
			if !seen[k] {
				missing = append(missing, k)
			}
		}
		if len(missing) > 0 {
			return Policy{}, ErrPolicyKeysMissing.New(starmap.Arg("keys", strings.Join(missing, ", ")))
		}
	}
	if err := p.Validate(); err != nil {
		return Policy{}, err
	}
	return p, nil
}

// policyKeys lists every key of the text form, in Text's order.
func policyKeys() []string {
	keys := []string{"name"}
	for _, pl := range Platforms() {
		keys = append(keys, pl.String()+".min_followers", pl.String()+".mcn_route", pl.String()+".mcn_required")
	}
	return append(keys, "agency.min_age_years", "agency.month_end", "agency.special_approval",
		"agency.min_creators", "agency.min_follower_volume", "opening_workdays")
}

// ParsePolicyString is ParsePolicy on a string.
func ParsePolicyString(s string) (Policy, error) { return ParsePolicy(strings.NewReader(s)) }

// set applies one key; a refused value returns its problem and true.
func (p *Policy) set(key, val string) (starmap.Param, bool) {
	switch key {
	case "name":
		p.Name = val
		return starmap.Param{}, false
	case "opening_workdays":
		return setInt(&p.OpeningWorkdays, val)
	case "agency.min_age_years":
		return setInt(&p.Agency.MinAgeYears, val)
	case "agency.min_creators":
		return setInt(&p.Agency.MinCreators, val)
	case "agency.special_approval":
		return setBool(&p.Agency.SpecialApproval, val)
	case "agency.min_follower_volume":
		return setFigure(&p.Agency.MinFollowerVolume, val)
	case "agency.month_end":
		switch val {
		case "clamp":
			p.Agency.MonthEnd = starmap.ClampToMonthEnd
		case "roll":
			p.Agency.MonthEnd = starmap.RollToNextMonth
		default:
			return problem("应为 clamp(取月末)或 roll(顺延),实为"+quoteText(val), "want clamp or roll, got "+quoteText(val)), true
		}
		return starmap.Param{}, false
	}
	unknown := problem("未知的键"+quoteText(key), "unknown key "+quoteText(key))
	plat, field, ok := strings.Cut(key, ".")
	pl, known := ParsePlatform(plat)
	if !ok || !known {
		return unknown, true
	}
	r := p.ruleOf(pl)
	switch field {
	case "min_followers":
		return setFigure(&r.MinFollowers, val)
	case "mcn_route":
		return setBool(&r.MCNRoute, val)
	case "mcn_required":
		return setBool(&r.MCNRequired, val)
	}
	return unknown, true
}

func setInt(dst *int, val string) (starmap.Param, bool) {
	n, err := strconv.Atoi(val)
	if err != nil || strconv.Itoa(n) != val {
		return problem("应为整数,实为"+quoteText(val), "want a whole number, got "+quoteText(val)), true
	}
	*dst = n
	return starmap.Param{}, false
}

func setBool(dst *bool, val string) (starmap.Param, bool) {
	switch val {
	case "true":
		*dst = true
	case "false":
		*dst = false
	default:
		return problem("应为 true(是)或 false(否),实为"+quoteText(val), "want true or false, got "+quoteText(val)), true
	}
	return starmap.Param{}, false
}

func setFigure(dst *Figure, val string) (starmap.Param, bool) {
	if val == "none" {
		*dst = Unknown()
		return starmap.Param{}, false
	}
	n, err := strconv.ParseInt(val, 10, 64)
	if err != nil || strconv.FormatInt(n, 10) != val {
		return problem("应为整数或 none(不设),实为"+quoteText(val), "want a whole number or none, got "+quoteText(val)), true
	}
	*dst = FigureOf(n)
	return starmap.Param{}, false
}

func quoteText(s string) string {
	if len(s) > 40 {
		s = s[:40] + "…"
	}
	return strconv.Quote(strings.ToValidUTF8(s, "?"))
}

// Text writes the policy in the form ParsePolicy reads, every key given.
func (p Policy) Text() string {
	var b strings.Builder
	fmt.Fprintf(&b, "name = %s\n", p.Name)
	for _, pl := range Platforms() {
		r, _ := p.For(pl)
		fmt.Fprintf(&b, "%s.min_followers = %s\n", pl, r.MinFollowers)
		fmt.Fprintf(&b, "%s.mcn_route = %t\n", pl, r.MCNRoute)
		fmt.Fprintf(&b, "%s.mcn_required = %t\n", pl, r.MCNRequired)
	}
	fmt.Fprintf(&b, "agency.min_age_years = %d\n", p.Agency.MinAgeYears)
	me := "clamp"
	if p.Agency.MonthEnd == starmap.RollToNextMonth {
		me = "roll"
	}
	fmt.Fprintf(&b, "agency.month_end = %s\n", me)
	fmt.Fprintf(&b, "agency.special_approval = %t\n", p.Agency.SpecialApproval)
	fmt.Fprintf(&b, "agency.min_creators = %d\n", p.Agency.MinCreators)
	fmt.Fprintf(&b, "agency.min_follower_volume = %s\n", p.Agency.MinFollowerVolume)
	fmt.Fprintf(&b, "opening_workdays = %d\n", p.OpeningWorkdays)
	return b.String()
}
