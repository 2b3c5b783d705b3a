package star

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"strconv"
	"time"

	"github.com/starmap-go/starmap"
)

// A search cursor (STR-3) is opaque to its holder. It is written with
// starmap.EncodeCursor from six parts: the format version, the query's
// fingerprint (the first 8 bytes of SHA-256 of the normalized query's text
// form without limit and cursor), the instant it was issued (Unix
// seconds, by the Service's clock), the keyset position (sort value and
// creator id of the page's last item), and a MAC — the first 12 bytes of
// HMAC-SHA256 over the other five parts, keyed by the Service's cursor
// secret. Reading one back checks, in order: that it decodes (else
// ErrCursorMalformed), its version (an older format is ErrCursorStale), its
// MAC (ErrCursorTampered), the fingerprint against the query it came with
// (ErrCursorOtherQuery) and its age against the cursor lifetime, either
// way (ErrCursorStale).
//
// Without WithCursorSecret the key is a constant of the package: the MAC
// then catches any edit made by hand or by a broken client, but not a
// forger who read this source; a host that wants cursors unforgeable sets
// a secret, the same on every replica. Either way a cursor only ever names
// a position in its own query's results.

const cursorVersion = "s1"

var defaultCursorSecret = []byte("github.com/starmap-go/starmap/star cursor v1")

// DefaultCursorLifetime is how long a cursor stays valid by default.
const DefaultCursorLifetime = time.Hour

// fingerprint binds a cursor to a normalized query.
func fingerprint(q Query) string {
	sum := sha256.Sum256([]byte(q.text(false)))
	return hex.EncodeToString(sum[:8])
}

func cursorMAC(secret []byte, parts ...string) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(starmap.EncodeCursor(parts...)))
	return hex.EncodeToString(m.Sum(nil)[:12])
}

// encodeCursor writes the cursor of position at for the normalized query
// q, issued at now.
func encodeCursor(secret []byte, q Query, at Position, now time.Time) string {
	parts := []string{cursorVersion, fingerprint(q), strconv.FormatInt(now.Unix(), 10), strconv.FormatInt(at.Key, 10), at.ID}
	return starmap.EncodeCursor(append(parts, cursorMAC(secret, parts...))...)
}

// decodeCursor reads cursor c back for the normalized query q at now.
func decodeCursor(secret []byte, q Query, c string, now time.Time, lifetime time.Duration) (Position, error) {
	// The cursor itself is never put into an error: it is opaque, and may
	// be anything a client sent.
	if len(c) > 1024 {
		return Position{}, ErrCursorMalformed.New()
	}
	parts, err := starmap.DecodeCursor(c, 6)
	if err != nil {
		if p1, err1 := starmap.DecodeCursor(c, 1); err1 == nil && len(p1[0]) > 1 && p1[0][0] == 's' {
			return Position{}, ErrCursorStale.New() // a cursor of another format version
		}
		return Position{}, ErrCursorMalformed.New()
	}
	if parts[0] != cursorVersion {
		if len(parts[0]) > 1 && parts[0][0] == 's' {
			return Position{}, ErrCursorStale.New()
		}
		return Position{}, ErrCursorMalformed.New()
	}
	if !hmac.Equal([]byte(parts[5]), []byte(cursorMAC(secret, parts[:5]...))) {
		return Position{}, ErrCursorTampered.New()
	}
	if parts[1] != fingerprint(q) {
		return Position{}, ErrCursorOtherQuery.New()
	}
	issued, err1 := strconv.ParseInt(parts[2], 10, 64)
	key, err2 := strconv.ParseInt(parts[3], 10, 64)
	if err1 != nil || err2 != nil || starmap.ValidateID("creator id", parts[4]) != nil {
		// Unreachable for a cursor this package wrote with this secret.
		return Position{}, ErrCursorTampered.New()
	}
	lim, t := int64(lifetime/time.Second), now.Unix()
	if issued < t-lim || issued > t+lim {
		return Position{}, ErrCursorStale.New()
	}
	return Position{Key: key, ID: parts[4]}, nil
}
