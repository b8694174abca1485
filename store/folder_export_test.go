package store

import "context"

// ListFolderAs is List for a folder view with the way of reading it forced
// (merge: merge the feeds' ranges; else walk the time index), whatever
// planFolder would choose; PlanFolderMerges says what it chooses. For
// benchmarks in package store_test.
func (s *Store) ListFolderAs(ctx context.Context, v View, p Page, merge bool) ([]Article, error) {
	fp, err := s.planFolder(ctx, v, p.Limit)
	if err != nil {
		return nil, err
	}
	fp.merge = merge
	return s.listPage(ctx, v, p, fp)
}

// PlanFolderMerges reports whether List merges the folder view v's feeds
// for a page of limit articles.
func (s *Store) PlanFolderMerges(ctx context.Context, v View, limit int) (bool, error) {
	fp, err := s.planFolder(ctx, v, limit)
	if err != nil {
		return false, err
	}
	return fp.merge, nil
}
