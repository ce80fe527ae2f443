package data

import (
	"sort"

	bolt "go.etcd.io/bbolt"
)

// BucketSize is what one top-level bucket of the store takes, from
// bbolt's own statistics.
type BucketSize struct {
	Name                  string
	Sequence              uint64 // the bucket's NextSequence counter
	Keys                  int
	LeafPages, LeafInuse  int // pages and the bytes of them in use
	BranchPages           int
	InlineBytes           int // a bucket small enough to live inside its parent's page
	PageBytes, InuseBytes int // pages × page size; bytes in use (leaf, branch, inline)
}

// TestOnlyBucketSizes reports every top-level bucket's pages and fill,
// biggest first, and the page size and the pages the file has handed out
// (its high-water mark, free pages included) and how many of those are
// free. It exists only in test builds.
func (s *Store) TestOnlyBucketSizes() (sizes []BucketSize, pageSize int, highWater int64, freePages int, err error) {
	freePages = s.db.Stats().FreePageN
	err = s.db.View(func(tx *bolt.Tx) error {
		pageSize = tx.DB().Info().PageSize
		highWater = tx.Size()
		return tx.ForEach(func(name []byte, b *bolt.Bucket) error {
			st := b.Stats()
			sizes = append(sizes, BucketSize{
				Name: string(name), Sequence: b.Sequence(), Keys: st.KeyN,
				LeafPages: st.LeafPageN + st.LeafOverflowN, LeafInuse: st.LeafInuse,
				BranchPages: st.BranchPageN + st.BranchOverflowN,
				InlineBytes: st.InlineBucketInuse,
				PageBytes:   (st.LeafPageN + st.LeafOverflowN + st.BranchPageN + st.BranchOverflowN) * pageSize,
				InuseBytes:  st.LeafInuse + st.BranchInuse + st.InlineBucketInuse,
			})
			return nil
		})
	})
	sort.Slice(sizes, func(i, j int) bool { return sizes[i].PageBytes > sizes[j].PageBytes })
	return sizes, pageSize, highWater, freePages, err
}
