// Command hostilefeeds serves the hostile feeds of package hostile on a
// local address, for trying nashra (or any reader) by hand:
//
//	go run ./feeds/hostile/cmd/hostilefeeds -addr 127.0.0.1:8099 > /tmp/urls
//	nashra --db /tmp/h.db import /tmp/urls     # a newsboat urls file
//	nashra --db /tmp/h.db fetch; nashra --db /tmp/h.db
//
// It prints one URL per line, each followed by a comment saying what it
// serves, and runs until interrupted.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"time"

	"github.com/nashra-reader/nashra/feeds/hostile"
)

func main() {
	addr := flag.String("addr", "127.0.0.1:8099", "address to listen on")
	bomb := flag.Int64("bomb-mb", 1024, "decompressed size of the gzip bombs, in MiB")
	items := flag.Int("items", 50000, "items in /large.xml")
	trickle := flag.Duration("trickle", time.Second, "pause between the bytes of the slow responses")
	flag.Parse()
	if err := run(*addr, hostile.Options{BombSize: *bomb << 20, LargeItems: *items, Trickle: *trickle}); err != nil {
		fmt.Fprintln(os.Stderr, "hostilefeeds:", err)
		os.Exit(1)
	}
}

func run(addr string, opts hostile.Options) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	h := hostile.NewHandler(opts)
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	for _, e := range hostile.Endpoints() {
		fmt.Printf("http://%s%s \"~%s\"\n", ln.Addr(), e.Path, e.Desc)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err = <-errc:
	case <-ctx.Done():
	}
	h.Close()
	sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if e := srv.Shutdown(sctx); e != nil && err == nil {
		err = e
	}
	if err == nil {
		err = <-errc
	}
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}
