package pgstore

import (
	"context"
	"encoding/binary"
	"io"
	"net"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/starmap-go/starmap"
)

// replyCutter is a TCP proxy to the test server that, once armed, closes
// the client's connection instead of passing on the ReadyForQuery that
// follows a CommandComplete: the server has run (and, outside a
// transaction, committed) the statement, the client never hears so.
type replyCutter struct {
	ln    net.Listener
	to    string
	armed atomic.Bool
	cut   atomic.Int32
	wg    sync.WaitGroup
}

func newReplyCutter(t *testing.T, to string) *replyCutter {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	p := &replyCutter{ln: ln, to: to}
	t.Cleanup(func() { _ = ln.Close(); p.wg.Wait() })
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			p.wg.Add(1)
			go func() { defer p.wg.Done(); p.serve(c) }()
		}
	}()
	return p
}

func (p *replyCutter) serve(client net.Conn) {
	server, err := net.Dial("tcp", p.to)
	if err != nil {
		_ = client.Close()
		return
	}
	defer client.Close()
	defer server.Close()
	go func() { _, _ = io.Copy(server, client); _ = server.Close() }()
	// Server to client, message by message (sslmode=disable: plain
	// protocol from the first byte).
	sawComplete := false
	hdr := make([]byte, 5)
	for {
		if _, err := io.ReadFull(server, hdr); err != nil {
			return
		}
		n := int(binary.BigEndian.Uint32(hdr[1:])) - 4
		body := make([]byte, n)
		if _, err := io.ReadFull(server, body); err != nil {
			return
		}
		switch hdr[0] {
		case 'C':
			sawComplete = true
		case 'Z':
			if sawComplete && p.armed.CompareAndSwap(true, false) {
				p.cut.Add(1)
				return // the client loses the connection, the reply unread
			}
			sawComplete = false
		}
		if _, err := client.Write(append(hdr, body...)); err != nil {
			return
		}
	}
}

// TestNotifyAfterLostReply_OPS2 shows a committed event never notified when the reply to its write is lost (table.go create/update signal only on success).
func TestNotifyAfterLostReply_OPS2(t *testing.T) {
	ctx := context.Background()
	pool := freshPool(t)
	var schema string
	if err := pool.QueryRow(ctx, "SELECT current_schema()").Scan(&schema); err != nil {
		t.Fatal(err)
	}
	cfg := pool.Config().Copy()
	cutter := newReplyCutter(t, cfg.ConnConfig.Host+":"+strconv.Itoa(int(cfg.ConnConfig.Port)))
	cfg.ConnConfig.Host, cfg.ConnConfig.Port = "127.0.0.1", uint16(cutter.ln.Addr().(*net.TCPAddr).Port)
	cfg.ConnConfig.TLSConfig, cfg.ConnConfig.Fallbacks = nil, nil
	proxied, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	defer proxied.Close()
	store := mustTaskStore(t, proxied)
	c := listenConn(t, databaseURL(t), schema)

	rec := newTaskRecord(t, "lost-1")
	if err := proxied.Ping(ctx); err != nil { // a connection made before arming
		t.Fatal(err)
	}
	cutter.armed.Store(true)
	_, err = store.Create(starmap.WithPendingEvents(ctx, []starmap.Event{ev("x.lost", "lost-1")}), rec)
	if err == nil || cutter.cut.Load() != 1 {
		t.Fatalf("setup: the reply was not cut (err %v, cuts %d)", err, cutter.cut.Load())
	}
	var stored int
	if err := pool.QueryRow(ctx, "SELECT count(*) FROM starmap_events WHERE subject = 'lost-1'").Scan(&stored); err != nil || stored != 1 {
		t.Fatalf("setup: %d events stored (%v); want the committed one", stored, err)
	}
	if n := notifications(c, schema, 2*time.Second, 200*time.Millisecond); n < 1 {
		t.Fatalf("OPS-2: the event committed, but no notification followed (the store saw an error: %v)", err)
	}
}
