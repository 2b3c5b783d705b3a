package compliance

import (
	"slices"
	"strings"
	"unicode/utf8"
)

// The matcher is an Aho–Corasick automaton over folded runes, written here
// so that the core module keeps its three dependencies. It is built once
// per Checker from every pattern the Checker knows — terms, allowed
// phrases, disclosure markers and the phrases that are not disclosures —
// and then walks a text once, rune by rune, whatever the number of
// patterns: each rune costs a fold, a class look-up and amortised O(1)
// transitions (failure links are followed at most as often as edges were
// taken), plus one step per match reported.
//
// Layout. Runes that occur in some pattern get dense class numbers 1…K in
// rune order (class 0 is every other rune: no pattern continues through
// it, so the walk returns to the root). The root's transitions are a
// dense table by class; every other node's are a sorted run of (class,
// child) edges in two flat arrays, searched linearly when short and by
// bisection when long. Each node knows the first node on its failure
// chain (itself included) that ends a pattern, so reporting the matches
// that end at a rune visits only nodes that end a pattern.
//
// Build. Patterns are sorted and inserted in that order, so that each
// shares its prefix with the one before it and no child look-up is needed
// while the trie grows; children are then grouped by parent with a
// counting sort (already in class order, since the patterns were sorted)
// and failure links are set breadth first. Building is O(total pattern
// length · log) for the sort and O(total length) for the rest.

// pattern roles: what a pattern node stands for (one node may stand for
// several: a host may allow a phrase that is also a term, to switch that
// term off).
const (
	roleTerm uint8 = 1 << iota
	roleAllow
	roleMarker
	roleNotMarker
)

// node flags: the pattern's first or last folded rune is a word rune, so
// the match must sit at a word boundary on that side.
const (
	boundStart uint8 = 1 << iota
	boundEnd
)

type node struct {
	fail    int32 // longest proper suffix that is a trie node
	out     int32 // first node on the failure chain, itself included, that ends a pattern; -1 if none
	nextOut int32 // the one after out on the same chain; -1 if none
	lo, hi  int32 // edges[lo:hi] are this node's children, sorted by class
	term    int32 // index of the term this node ends, -1 if none
	depth   int32 // length in folded runes
	roles   uint8
	bounds  uint8
}

// pattern is one folded phrase to insert, with its role and, for a term,
// its index in the Checker's term list.
type pattern struct {
	folded string
	role   uint8
	term   int32
}

type automaton struct {
	nodes     []node
	edgeClass []int32
	edgeTo    []int32
	root      []int32 // root transitions by class; 0 (the root itself) where there is none
	classes   classMap
}

// classMap numbers the runes that occur in patterns: ASCII and, when
// there are fewer than 65,536 classes, the CJK ideographs U+3400–U+9FFF
// (the runes of almost every Chinese text) by direct tables; the rest by
// an open-addressing hash table (linear probing, power-of-two size, load
// ≤ 1/2).
type classMap struct {
	ascii [0x80]int32
	cjk   []uint16 // class of U+3400+i; nil when the classes do not fit
	keys  []rune   // 0 = empty slot (0 is never a folded rune)
	vals  []int32
	shift uint32
}

const cjkLo, cjkHi = 0x3400, 0x9FFF

func (m *classMap) hash(r rune) uint32 { return (uint32(r) * 0x9E3779B1) >> m.shift }

func (m *classMap) get(r rune) int32 {
	if r < 0x80 {
		return m.ascii[r]
	}
	if r >= cjkLo && r <= cjkHi && m.cjk != nil {
		return int32(m.cjk[r-cjkLo])
	}
	if len(m.keys) == 0 {
		return 0
	}
	mask := uint32(len(m.keys) - 1)
	for i := m.hash(r); ; i = (i + 1) & mask {
		switch m.keys[i] {
		case r:
			return m.vals[i]
		case 0:
			return 0
		}
	}
}

func newClassMap(runes []rune) classMap { // runes sorted, distinct; class of runes[i] is i+1
	var m classMap
	direct := len(runes) < 1<<16
	n := 0
	for _, r := range runes {
		switch {
		case r < 0x80:
		case r >= cjkLo && r <= cjkHi && direct:
			if m.cjk == nil {
				m.cjk = make([]uint16, cjkHi-cjkLo+1)
			}
		default:
			n++
		}
	}
	size, bits := 1, uint32(0)
	for size < 2*n {
		size <<= 1
		bits++
	}
	if n > 0 {
		m.keys = make([]rune, size)
		m.vals = make([]int32, size)
		m.shift = 32 - bits // n ≥ 1 makes size ≥ 2, bits ≥ 1
	}
	mask := uint32(size - 1)
	for i, r := range runes {
		if r < 0x80 {
			m.ascii[r] = int32(i + 1)
			continue
		}
		if r >= cjkLo && r <= cjkHi && direct {
			m.cjk[r-cjkLo] = uint16(i + 1)
			continue
		}
		j := m.hash(r)
		for m.keys[j] != 0 {
			j = (j + 1) & mask
		}
		m.keys[j], m.vals[j] = r, int32(i+1)
	}
	return m
}

// buildAutomaton builds the automaton of pats (folded, non-empty, valid
// UTF-8; equal folded texts are merged by OR-ing their roles).
func buildAutomaton(pats []pattern) *automaton {
	a := &automaton{}
	// Classes: the distinct runes of all patterns, in rune order.
	var runes []rune
	seen := make(map[rune]struct{}, 256)
	for _, p := range pats {
		for _, r := range p.folded {
			if _, ok := seen[r]; !ok {
				seen[r] = struct{}{}
				runes = append(runes, r)
			}
		}
	}
	slices.Sort(runes)
	a.classes = newClassMap(runes)

	sorted := slices.Clone(pats)
	slices.SortFunc(sorted, func(x, y pattern) int { return strings.Compare(x.folded, y.folded) })

	// Trie in insertion order: node 0 is the root. parent/class of each
	// node are kept for grouping children afterwards.
	total := 1
	for _, p := range sorted {
		total += utf8.RuneCountInString(p.folded)
	}
	a.nodes = make([]node, 1, total)
	a.nodes[0] = node{out: -1, nextOut: -1, term: -1}
	parent := make([]int32, 1, total)
	class := make([]int32, 1, total)
	path := []int32{0} // path[d] = node at depth d of the previous pattern
	var prev []int32   // classes of the previous pattern
	cur := make([]int32, 0, 64)
	for _, p := range sorted {
		cur = cur[:0]
		for _, r := range p.folded {
			cur = append(cur, a.classes.get(r))
		}
		common := 0
		for common < len(cur) && common < len(prev) && cur[common] == prev[common] {
			common++
		}
		path = path[:common+1]
		for d := common; d < len(cur); d++ {
			id := int32(len(a.nodes))
			a.nodes = append(a.nodes, node{out: -1, nextOut: -1, term: -1, depth: int32(d + 1)})
			parent = append(parent, path[d])
			class = append(class, cur[d])
			path = append(path, id)
		}
		n := &a.nodes[path[len(cur)]]
		n.roles |= p.role
		if p.role == roleTerm && n.term < 0 {
			n.term = p.term
		}
		first, _ := utf8.DecodeRuneInString(p.folded)
		last, _ := utf8.DecodeLastRuneInString(p.folded)
		if wordRune(first) {
			n.bounds |= boundStart
		}
		if wordRune(last) {
			n.bounds |= boundEnd
		}
		prev = append(prev[:0], cur...)
	}

	// Children grouped by parent (a counting sort; stable, so each group
	// stays in class order).
	nn := len(a.nodes)
	count := make([]int32, nn+1)
	for v := 1; v < nn; v++ {
		count[parent[v]+1]++
	}
	for i := 1; i <= nn; i++ {
		count[i] += count[i-1]
	}
	a.edgeClass = make([]int32, nn-1)
	a.edgeTo = make([]int32, nn-1)
	fill := slices.Clone(count[:nn])
	for v := 1; v < nn; v++ {
		u := parent[v]
		a.edgeClass[fill[u]] = class[v]
		a.edgeTo[fill[u]] = int32(v)
		fill[u]++
	}
	for u := 0; u < nn; u++ {
		a.nodes[u].lo, a.nodes[u].hi = count[u], count[u+1]
	}
	a.root = make([]int32, len(runes)+1)
	for e := a.nodes[0].lo; e < a.nodes[0].hi; e++ {
		a.root[a.edgeClass[e]] = a.edgeTo[e]
	}

	// Failure and output links, breadth first (a node's failure target
	// is shallower, so it is done before the node).
	queue := make([]int32, 0, nn)
	for e := a.nodes[0].lo; e < a.nodes[0].hi; e++ {
		queue = append(queue, a.edgeTo[e])
	}
	for qi := 0; qi < len(queue); qi++ {
		v := queue[qi]
		n := &a.nodes[v]
		if u := parent[v]; u != 0 {
			c := class[v]
			f := a.nodes[u].fail
			for {
				if w := a.child(f, c); w > 0 {
					n.fail = w
					break
				}
				if f == 0 {
					n.fail = 0
					break
				}
				f = a.nodes[f].fail
			}
		}
		fo := a.nodes[n.fail].out
		if n.roles != 0 {
			n.out, n.nextOut = v, fo
		} else {
			n.out = fo
		}
		for e := n.lo; e < n.hi; e++ {
			queue = append(queue, a.edgeTo[e])
		}
	}
	return a
}

// child is the transition from u by class c, 0 if none (the root is
// never anyone's child).
func (a *automaton) child(u, c int32) int32 {
	if u == 0 {
		return a.root[c]
	}
	n := &a.nodes[u]
	lo, hi := n.lo, n.hi
	if hi-lo <= 8 {
		for e := lo; e < hi; e++ {
			if a.edgeClass[e] == c {
				return a.edgeTo[e]
			}
		}
		return 0
	}
	for lo < hi {
		m := int32(uint32(lo+hi) >> 1)
		switch x := a.edgeClass[m]; {
		case x == c:
			return a.edgeTo[m]
		case x < c:
			lo = m + 1
		default:
			hi = m
		}
	}
	return 0
}

// step is the goto function: the state after reading class c in state s.
func (a *automaton) step(s, c int32) int32 {
	if c == 0 {
		return 0
	}
	for {
		if w := a.child(s, c); w > 0 {
			return w
		}
		if s == 0 {
			return 0
		}
		s = a.nodes[s].fail
	}
}
