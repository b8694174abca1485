package store_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"testing"

	"github.com/nashra-reader/nashra/store"
	"github.com/nashra-reader/nashra/store/devdata"
)

// benchFolders are the folders folderDB adds: a third of the feeds (every
// third feed, about 33,000 of 100,000 articles), two feeds (400), and
// twenty and sixty feeds for the crossover between the strategies.
var benchFolders = []struct {
	name string
	cond string // SQL over feeds.id choosing the folder's feeds
}{
	{"third", "id % 3 = 1"},
	{"two", "id IN (250, 251)"},
	{"twenty", "id BETWEEN 300 AND 319"},
	{"sixty", "id BETWEEN 100 AND 159"},
}

// folderDB opens a copy of the generated database of n articles (see
// openSized) with benchFolders added, made once beside it in os.TempDir()
// (the cached database itself is not written to).
func folderDB(b *testing.B, n int) *store.Store {
	b.Helper()
	ctx := context.Background()
	src, err := devdata.CachedPath(ctx, devdata.Options{Articles: n, Feeds: 500, Seed: 1})
	if err != nil {
		b.Fatal(err)
	}
	path := src + ".folders-v1.db"
	if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
		if err := makeFolderDB(ctx, src, path); err != nil {
			b.Fatal(err)
		}
	} else if err != nil {
		b.Fatal(err)
	}
	st, err := store.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	return st
}

// makeFolderDB copies src to path (VACUUM INTO a temporary name, then a
// rename) and fills feed_folders.
func makeFolderDB(ctx context.Context, src, path string) error {
	st, err := store.Open(src)
	if err != nil {
		return err
	}
	tmp := path + ".part"
	os.Remove(tmp)
	_, err = st.DB().ExecContext(ctx, `VACUUM INTO ?`, tmp)
	st.Close()
	if err != nil {
		return fmt.Errorf("copy %s: %w", src, err)
	}
	db, err := sql.Open("sqlite3", tmp)
	if err != nil {
		return err
	}
	defer db.Close()
	for _, f := range benchFolders {
		if _, err := db.ExecContext(ctx, `INSERT INTO feed_folders (feed_id, folder) SELECT id, ? FROM feeds WHERE `+f.cond, f.name); err != nil {
			return fmt.Errorf("folder %s: %w", f.name, err)
		}
	}
	if err := db.Close(); err != nil {
		return err
	}
	return os.Rename(tmp, path)
}

// commonWord is a word of the generated English vocabulary found in many
// articles.
var commonWord = devdata.EnglishVocabulary(1)[3]

// BenchmarkListFolder fetches one screen (50 rows, with their tags) of
// folder views at 100,000 articles, from the top and from the cursor of
// the view's last screen, the way List chooses ("planned") and with each
// strategy forced, so that the choice can be checked against both.
func BenchmarkListFolder(b *testing.B) {
	ctx := context.Background()
	st := folderDB(b, 100_000)
	for _, f := range benchFolders {
		for _, vc := range []struct {
			name string
			v    store.View
		}{
			{"all", store.View{Folder: f.name}},
			{"unread", store.View{Folder: f.name, UnreadOnly: true}},
			{"starred", store.View{Folder: f.name, Starred: true}},
			{"query", store.View{Folder: f.name, Query: "lang:ar"}},
			{"words", store.View{Folder: f.name, Query: commonWord}},
		} {
			last, err := st.Last(ctx, vc.v, 50)
			if err != nil {
				b.Fatalf("%s %s: last page: %v", f.name, vc.name, err)
			}
			if len(last) == 0 {
				continue // the folder has no article of the view
			}
			deep := last[0].Cursor
			merges, err := st.PlanFolderMerges(ctx, vc.v, 50)
			if err != nil {
				b.Fatal(err)
			}
			for _, at := range []struct {
				name string
				p    store.Page
			}{{"top", store.Page{Limit: 50}}, {"deep", store.Page{After: &deep, Limit: 50}}} {
				for _, how := range []string{"planned", "merge", "walk"} {
					name := fmt.Sprintf("%s/%s/%s/%s", f.name, vc.name, at.name, how)
					if how == "planned" {
						name += map[bool]string{true: "=merge", false: "=walk"}[merges]
					}
					b.Run(name, func(b *testing.B) {
						for b.Loop() {
							var err error
							switch how {
							case "planned":
								_, err = st.List(ctx, vc.v, at.p)
							default:
								_, err = st.ListFolderAs(ctx, vc.v, at.p, how == "merge")
							}
							if err != nil {
								b.Fatal(err)
							}
						}
					})
				}
			}
		}
	}
}

// BenchmarkFolderCount counts folder views (the list's title; the
// heading's unread count) and positions at the last screen.
func BenchmarkFolderCount(b *testing.B) {
	ctx := context.Background()
	st := folderDB(b, 100_000)
	for _, f := range benchFolders[:2] {
		for _, vc := range []struct {
			name string
			v    store.View
		}{
			{"unread", store.View{Folder: f.name, UnreadOnly: true}},
			{"query", store.View{Folder: f.name, Query: "lang:ar"}},
		} {
			b.Run(fmt.Sprintf("%s/%s/count", f.name, vc.name), func(b *testing.B) {
				for b.Loop() {
					if _, err := st.Count(ctx, vc.v); err != nil {
						b.Fatal(err)
					}
				}
			})
			last, err := st.Last(ctx, vc.v, 50)
			if err != nil || len(last) == 0 {
				b.Fatalf("last page: %v", err)
			}
			b.Run(fmt.Sprintf("%s/%s/position-deep", f.name, vc.name), func(b *testing.B) {
				for b.Loop() {
					if _, err := st.Position(ctx, vc.v, last[0].Cursor); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
