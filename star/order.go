package star

import (
	"slices"
	"strings"
)

// An order is a sorted list of entries kept as a shallow B+-tree of
// immutable nodes: groups of at most maxGroup blocks, blocks of at most
// maxBlock entries, sorted by (key, creator id). Readers walk it without
// locks; a writer changes one entry by copying the top list of groups, the
// group and the block the entry is in — a few kilobytes at a million
// entries — and leaves every other node shared with the snapshot before.
const (
	maxBlock  = 256
	fillBlock = 192 // how full BuildIndex packs blocks, leaving room to grow
	maxGroup  = 64
	fillGroup = 48
)

// ent is one entry of an order.
type ent struct {
	key int64
	row uint32
	sig uint32
}

type block struct{ ents []ent }

type group struct{ blocks []*block }

type order struct{ groups []*group }

// pos is a position in an order: group, block, entry. The end of the
// order is {len(groups), 0, 0}.
type pos struct{ g, b, i int }

func (p pos) before(q pos) bool {
	if p.g != q.g {
		return p.g < q.g
	}
	if p.b != q.b {
		return p.b < q.b
	}
	return p.i < q.i
}

func (o *order) end() pos { return pos{len(o.groups), 0, 0} }

// at returns the entry at p, false at the end.
func (o *order) at(p pos) (ent, bool) {
	if p.g >= len(o.groups) {
		return ent{}, false
	}
	return o.groups[p.g].blocks[p.b].ents[p.i], true
}

// cmpEnt compares entry e with (key, id) in ascending order.
func (s *snapshot) cmpEnt(e ent, key int64, id string) int {
	switch {
	case e.key < key:
		return -1
	case e.key > key:
		return 1
	}
	return strings.Compare(s.id(e.row), id)
}

// search returns the first position of o whose entry is not below (key,
// id) — with strict, not at or below either.
func (s *snapshot) search(o *order, key int64, id string, strict bool) pos {
	below := func(e ent) bool {
		c := s.cmpEnt(e, key, id)
		return c < 0 || (strict && c == 0)
	}
	// The first group, then block, whose last entry is not below the target
	// holds it.
	g, _ := slices.BinarySearchFunc(o.groups, 0, func(gr *group, _ int) int {
		bl := gr.blocks[len(gr.blocks)-1]
		if below(bl.ents[len(bl.ents)-1]) {
			return -1
		}
		return 1
	})
	if g == len(o.groups) {
		return o.end()
	}
	blocks := o.groups[g].blocks
	b, _ := slices.BinarySearchFunc(blocks, 0, func(bl *block, _ int) int {
		if below(bl.ents[len(bl.ents)-1]) {
			return -1
		}
		return 1
	})
	i, _ := slices.BinarySearchFunc(blocks[b].ents, 0, func(e ent, _ int) int {
		if below(e) {
			return -1
		}
		return 1
	})
	return pos{g, b, i}
}

// each calls f on the entries from p on, in order, until f returns false;
// it reports whether it reached the end.
func (o *order) each(p pos, f func(ent) bool) bool {
	for g := p.g; g < len(o.groups); g++ {
		blocks := o.groups[g].blocks
		b0 := 0
		if g == p.g {
			b0 = p.b
		}
		for b := b0; b < len(blocks); b++ {
			ents := blocks[b].ents
			if g == p.g && b == p.b {
				ents = ents[p.i:]
			}
			for _, e := range ents {
				if !f(e) {
					return false
				}
			}
		}
	}
	return true
}

// eachBack calls f on the entries before p, last first, until f returns
// false; it reports whether it reached the start.
func (o *order) eachBack(p pos, f func(ent) bool) bool {
	for g := min(p.g, len(o.groups)-1); g >= 0; g-- {
		blocks := o.groups[g].blocks
		b0 := len(blocks) - 1
		if g == p.g {
			b0 = p.b
		}
		for b := b0; b >= 0; b-- {
			ents := blocks[b].ents
			if g == p.g && b == p.b {
				ents = ents[:p.i]
			}
			for j := len(ents) - 1; j >= 0; j-- {
				if !f(ents[j]) {
					return false
				}
			}
		}
	}
	return true
}

// newOrder packs sorted entries into blocks and groups. The blocks are
// windows on ents (capped, so that nothing appends through them): a
// change to a block always makes a new one.
func newOrder(ents []ent) order {
	var o order
	var gr *group
	for from := 0; from < len(ents); from += fillBlock {
		if gr == nil || len(gr.blocks) == fillGroup {
			gr = &group{blocks: make([]*block, 0, fillGroup)}
			o.groups = append(o.groups, gr)
		}
		to := min(from+fillBlock, len(ents))
		gr.blocks = append(gr.blocks, &block{ents: ents[from:to:to]})
	}
	return o
}

// remove takes the entry of (key, id) out of o, whose list of groups is
// o's own copy; s is the snapshot the entry is in.
func (o *order) remove(s *snapshot, key int64, id string) {
	p := s.search(o, key, id, false)
	e, ok := o.at(p)
	if !ok || s.cmpEnt(e, key, id) != 0 {
		return // not there: nothing to remove (cannot happen on a sound snapshot)
	}
	gr := o.groups[p.g]
	bl := gr.blocks[p.b]
	if len(bl.ents) == 1 {
		if len(gr.blocks) == 1 {
			o.groups = slices.Delete(o.groups, p.g, p.g+1)
			return
		}
		o.groups[p.g] = &group{blocks: slices.Delete(slices.Clone(gr.blocks), p.b, p.b+1)}
		return
	}
	ents := make([]ent, 0, len(bl.ents)-1)
	ents = append(append(ents, bl.ents[:p.i]...), bl.ents[p.i+1:]...)
	ng := &group{blocks: slices.Clone(gr.blocks)}
	ng.blocks[p.b] = &block{ents: ents}
	o.groups[p.g] = ng
}

// insert puts e (of creator id) into o, whose list of groups is o's own
// copy, in its place; a block that grows past maxBlock splits in two, and
// so does a group that grows past maxGroup.
func (o *order) insert(s *snapshot, e ent, id string) {
	if len(o.groups) == 0 {
		o.groups = append(o.groups, &group{blocks: []*block{{ents: []ent{e}}}})
		return
	}
	p := s.search(o, e.key, id, false)
	if p.g == len(o.groups) { // after every entry: the end of the last block
		g := len(o.groups) - 1
		b := len(o.groups[g].blocks) - 1
		p = pos{g, b, len(o.groups[g].blocks[b].ents)}
	}
	gr := o.groups[p.g]
	old := gr.blocks[p.b].ents
	ents := make([]ent, 0, len(old)+1)
	ents = append(append(append(ents, old[:p.i]...), e), old[p.i:]...)
	blocks := slices.Clone(gr.blocks)
	if len(ents) <= maxBlock {
		blocks[p.b] = &block{ents: ents}
	} else {
		half := len(ents) / 2
		blocks[p.b] = &block{ents: ents[:half:half]}
		blocks = slices.Insert(blocks, p.b+1, &block{ents: ents[half:]})
	}
	if len(blocks) <= maxGroup {
		o.groups[p.g] = &group{blocks: blocks}
		return
	}
	half := len(blocks) / 2
	o.groups[p.g] = &group{blocks: blocks[:half:half]}
	o.groups = slices.Insert(o.groups, p.g+1, &group{blocks: blocks[half:]})
}
