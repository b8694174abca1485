package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"

	"github.com/nashra-reader/nashra/feeds/topics"
)

// errDryRun rolls back a dry-run retag.
var errDryRun = errors.New("dry run")

// TagDelta counts what a retag changes for one tag.
type TagDelta struct {
	Tag     string
	Added   int // articles that gain the tag
	Removed int // articles that lose it
}

// Retag re-applies tag (the current rules) to every article v selects,
// paging through them, and makes each article's automatic tags equal to the
// result. Tags the user added and automatic tags the user removed are never
// touched. With dryRun nothing is written (the work is done in a
// transaction that is rolled back). It returns the changes per tag, sorted
// by tag name.
func (s *Store) Retag(ctx context.Context, v View, tag func(title, body, lang string) []topics.Tag, dryRun bool) ([]TagDelta, error) {
	where, args, err := s.where(v)
	if err != nil {
		return nil, err
	}
	deltas := map[string]*TagDelta{}
	err = s.inTx(ctx, func(tx *sql.Tx) error {
		cache := map[string]int64{}
		after := Cursor{Time: 1 << 62}
		for {
			qargs := append(append([]any{}, args...), after.Time, after.ID)
			type art struct {
				id, sortTime      int64
				title, body, lang string
				read              bool
			}
			var page []art
			err := scanEach(ctx, tx, `SELECT a.id, a.sort_time, a.title, a.content, a.lang, a.read FROM articles a JOIN feeds f ON f.id = a.feed_id
WHERE `+where+` AND (a.sort_time, a.id) < (?, ?) ORDER BY a.sort_time DESC, a.id DESC LIMIT 500`, qargs, func(r *sql.Rows) error {
				var a art
				if err := r.Scan(&a.id, &a.sortTime, &a.title, &a.body, &a.lang, &a.read); err != nil {
					return err
				}
				page = append(page, a)
				return nil
			})
			if err != nil {
				return fmt.Errorf("retag: %w", err)
			}
			if len(page) == 0 {
				break
			}
			for _, a := range page {
				changes, err := setAutoTagsTx(ctx, tx, a.id, a.sortTime, tag(a.title, a.body, a.lang), !a.read, cache)
				if err != nil {
					return fmt.Errorf("retag article %d: %w", a.id, err)
				}
				for _, c := range changes {
					d := deltas[c.Tag]
					if d == nil {
						d = &TagDelta{Tag: c.Tag}
						deltas[c.Tag] = d
					}
					if c.Added {
						d.Added++
					} else {
						d.Removed++
					}
				}
			}
			last := page[len(page)-1]
			after = Cursor{Time: last.sortTime, ID: last.id}
		}
		if dryRun {
			return errDryRun
		}
		return nil
	})
	if err != nil && !errors.Is(err, errDryRun) {
		return nil, err
	}
	out := make([]TagDelta, 0, len(deltas))
	for _, d := range deltas {
		out = append(out, *d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Tag < out[j].Tag })
	return out, nil
}
