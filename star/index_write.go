package star

import (
	"errors"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/starmap-go/starmap"
)

// BuildIndex builds an index of creators in one pass — sorting each order
// once — which is how a host loads its roster at start-up; Put then keeps
// it current. Zero Creators and repeated ids are refused (every repeated
// id is reported, ErrIndexDuplicate).
func BuildIndex(creators []Creator) (*Index, error) {
	cs := slices.Clone(creators)
	var errs []error
	for _, c := range cs {
		if c.p == nil {
			errs = append(errs, ErrCreatorInvalid.New(fieldArg("达人", "creator"), problemArg("为空", "is the zero Creator")))
			break
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	slices.SortFunc(cs, func(a, b Creator) int { return strings.Compare(a.p.id, b.p.id) })
	for i := 1; i < len(cs); i++ {
		if cs[i].p.id == cs[i-1].p.id && (i == 1 || cs[i-2].p.id != cs[i].p.id) {
			errs = append(errs, ErrIndexDuplicate.New(starmap.Arg("id", cs[i].p.id)))
		}
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	s := &snapshot{n: len(cs)}
	// Rows in id order: row numbers then order ties by id at build time.
	var l *leaf
	var texts []string
	for row, c := range cs {
		i := row & (leafSize - 1)
		if i == 0 {
			if row&(leafSize*nodeSize-1) == 0 {
				s.nodes = append(s.nodes, new(node))
			}
			l = new(leaf)
			s.nodes[len(s.nodes)-1][(row>>leafBits)&(nodeSize-1)] = l
			texts = texts[:0]
		}
		l.set(i, c)
		l.n = i + 1
		l.row0 = uint32(row - i)
		texts = append(texts, c.p.text)
		if l.n == leafSize || row == len(cs)-1 {
			l.setText(texts)
		}
	}
	// The orders are independent: sort them side by side, on as many
	// goroutines as GOMAXPROCS allows.
	var wg sync.WaitGroup
	work := make(chan int, numOrders)
	for k := 0; k < numOrders; k++ {
		work <- k
	}
	close(work)
	for w := 0; w < min(runtime.GOMAXPROCS(0), numOrders); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for k := range work {
				s.orders[k] = buildOrder(s, k)
			}
		}()
	}
	wg.Wait()
	ix := &Index{}
	ix.cur.Store(s)
	return ix, nil
}

// buildOrder collects the entries of order k from the rows (in row order,
// which is id order at build time), sorts them by key — stably, so that
// ties stay in id order — and packs them into blocks.
func buildOrder(s *snapshot, k int) order {
	ents := make([]ent, 0, s.n)
	for _, nd := range s.nodes {
		for _, l := range nd {
			if l == nil {
				break
			}
			for i := 0; i < l.n; i++ {
				key, ok := l.key(k, i)
				if ok {
					ents = append(ents, ent{key: key, row: l.row0 + uint32(i), sig: l.sig[i]})
				}
			}
		}
	}
	if k != orderID {
		radixSort(ents)
	}
	return newOrder(ents)
}

// key is the entry key of row i in order k, and whether the row is in it.
func (l *leaf) key(k, i int) (int64, bool) {
	switch {
	case k == orderID:
		return 0, true
	case k == orderHeat:
		return l.heat[i], true
	case k == orderEngagement:
		return int64(l.eng[i]), true
	case k == orderFollowers:
		return l.followers[i], true
	}
	f := l.price[k-orderPrice][i]
	return f, f >= 0
}

// radixSort sorts entries by key, stably (least significant byte first,
// skipping the bytes every key shares): linear in the entries where a
// comparison sort would be n log n.
func radixSort(ents []ent) {
	if len(ents) < 2 {
		return
	}
	tmp := make([]ent, len(ents))
	src, dst := ents, tmp
	const flip = uint64(1) << 63 // signed order as unsigned
	for shift := uint(0); shift < 64; shift += 8 {
		var count [256]int
		for _, e := range src {
			count[byte((uint64(e.key)^flip)>>shift)]++
		}
		if count[byte((uint64(src[0].key)^flip)>>shift)] == len(src) {
			continue // every key has this byte: the pass would change nothing
		}
		at := 0
		for i, c := range count {
			count[i] = at
			at += c
		}
		for _, e := range src {
			d := byte((uint64(e.key) ^ flip) >> shift)
			dst[count[d]] = e
			count[d]++
		}
		src, dst = dst, src
	}
	if &src[0] != &ents[0] {
		copy(ents, src)
	}
}

// set writes creator c into row i of l (a leaf not yet published).
func (l *leaf) set(i int, c Creator) {
	p := c.p
	l.prof[i] = p
	l.version[i] = c.version
	l.sig[i] = p.sig
	l.region[i] = uint8(p.account.Location.Region)
	l.eng[i] = p.eng
	l.fp[i] = p.past.fpBP
	l.mcn[i] = mcnHash(p.mcn)
	l.known[i] = p.known
	l.gender[i] = p.gender
	l.age[i] = p.age
	l.aud[i] = p.regions
	l.followers[i] = p.account.Followers
	l.heat[i] = p.heat
	l.done[i] = p.past.completed
	for o := range l.price {
		l.price[o][i] = p.quotes[o]
	}
}

// setText lays the rows' texts out in one string.
func (l *leaf) setText(texts []string) {
	var b strings.Builder
	n := 0
	for _, t := range texts {
		n += len(t) + 1
	}
	b.Grow(n)
	l.off[0] = 0
	for i, t := range texts {
		b.WriteString(t)
		b.WriteByte(0)
		l.off[i+1] = uint32(b.Len())
	}
	l.text = b.String()
}

// Put adds a creator or replaces the one with its id — applied only when
// c's version is above the version the index holds for it, so that a host
// may feed one index from several sources in any order — and reports
// whether it was applied. The next Search sees it. Put copies one leaf,
// one node and the few blocks the creator's entries leave and enter, never
// the whole index. A zero Creator is refused.
func (ix *Index) Put(c Creator) (bool, error) {
	if ix == nil {
		return false, starmap.ErrServiceNotReady.New()
	}
	if c.p == nil {
		return false, ErrCreatorInvalid.New(fieldArg("达人", "creator"), problemArg("为空", "is the zero Creator"))
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	s := ix.load()
	row, found := s.find(c.p.id)
	var old *profile
	if found {
		l, i := s.at(row)
		if c.version <= l.version[i] {
			return false, nil
		}
		old = l.prof[i]
	} else {
		row = uint32(s.n)
	}
	ns := &snapshot{n: s.n, nodes: s.nodes, orders: s.orders}
	if !found {
		ns.n++
	}
	ns.setRow(row, c)
	newSig := c.p.sig
	var oldSig uint32
	if old != nil {
		oldSig = old.sig
	}
	for k := 0; k < numOrders; k++ {
		nk, has := keyOf(k, c.p)
		var ok int64
		had := false
		if old != nil {
			ok, had = keyOf(k, old)
		}
		if had == has && (!has || (nk == ok && newSig == oldSig)) {
			continue
		}
		o := ns.orders[k]
		o.groups = slices.Clone(o.groups)
		if had {
			o.remove(s, ok, c.p.id)
		}
		if has {
			// Positions are found on the old snapshot: only this creator's
			// own entry moved, and it is out of the order now.
			o.insert(s, ent{key: nk, row: row, sig: newSig}, c.p.id)
		}
		ns.orders[k] = o
	}
	ix.cur.Store(ns)
	return true, nil
}

// setRow writes c into row, copying its leaf and node and the node list.
func (s *snapshot) setRow(row uint32, c Creator) {
	ni := int(row >> (leafBits + nodeBits))
	li := int(row>>leafBits) & (nodeSize - 1)
	i := int(row & (leafSize - 1))
	nodes := slices.Clone(s.nodes)
	var nd node
	if ni < len(nodes) {
		nd = *nodes[ni]
	} else {
		nodes = append(nodes, nil)
	}
	l := new(leaf)
	if old := nd[li]; old != nil {
		*l = *old
	}
	l.set(i, c)
	if i >= l.n {
		l.n = i + 1
	}
	l.row0 = row &^ (leafSize - 1)
	texts := make([]string, l.n)
	for j := range texts {
		texts[j] = l.prof[j].text
	}
	l.setText(texts)
	nd[li] = l
	nodes[ni] = &nd
	s.nodes = nodes
}
