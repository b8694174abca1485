package hostile

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"encoding/binary"
	"hash/crc32"
	"io"
)

// Bomb prefix and suffix: the decompressed bomb is an RSS document whose one
// item has a title of Size-len(prefix)-len(suffix) spaces.
const (
	bombPrefix = `<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Gzip bomb</title><item><guid>bomb</guid><title>`
	bombSuffix = `</title></item></channel></rss>` + "\n"
)

// bombChunk is how many spaces one repeated deflate chunk stands for.
const bombChunk = 1 << 20

// WriteGzipBomb writes to w a valid gzip stream (RFC 1952) that
// decompresses to size bytes (at least a few hundred: the RSS prefix and
// suffix, with spaces between them), at a ratio near deflate's limit of
// about 1000:1 — a 1 GiB bomb is about 1 MiB on the wire. It is generated
// on the fly: one compressed chunk for 1 MiB of spaces, made once, is
// written again and again (valid because deflate back-references reach into
// the previous 32 KiB of output, RFC 1951 §3.2), so memory use does not
// depend on size. The CRC-32 and length in the trailer are correct. It
// returns the first error from w.
func WriteGzipBomb(w io.Writer, size int64) error {
	fill := size - int64(len(bombPrefix)+len(bombSuffix))
	if fill <= 32<<10 {
		// Too small to need the trick (and the repeated chunk assumes a
		// whole window of spaces before it).
		zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
		zw.Write([]byte(bombPrefix))
		zw.Write(bytes.Repeat([]byte{' '}, int(max(fill, 0))))
		zw.Write([]byte(bombSuffix))
		return zw.Close()
	}
	// Header: magic, deflate, no flags, no mtime, max compression, OS unknown.
	if _, err := w.Write([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 255}); err != nil {
		return err
	}
	spaces := bytes.Repeat([]byte{' '}, bombChunk)
	crc := crc32.ChecksumIEEE([]byte(bombPrefix))

	// The prefix and one window of spaces, compressed alone and flushed to
	// a byte boundary.
	first := int64(32 << 10)
	var head bytes.Buffer
	fw, _ := flate.NewWriter(&head, flate.BestCompression)
	fw.Write([]byte(bombPrefix))
	fw.Write(spaces[:first])
	fw.Flush()
	crc = crc32.Update(crc, crc32.IEEETable, spaces[:first])
	if _, err := w.Write(head.Bytes()); err != nil {
		return err
	}
	fill -= first

	// The repeated chunk: 1 MiB of spaces compressed against a window of
	// spaces, flushed to a byte boundary.
	window := spaces[:32<<10]
	var chunk bytes.Buffer
	cw, _ := flate.NewWriterDict(&chunk, flate.BestCompression, window)
	cw.Write(spaces)
	cw.Flush()
	chunkCRC := func(c uint32) uint32 { return crc32.Update(c, crc32.IEEETable, spaces) }
	for ; fill >= bombChunk; fill -= bombChunk {
		if _, err := w.Write(chunk.Bytes()); err != nil {
			return err
		}
		crc = chunkCRC(crc)
	}

	// The remaining spaces and the suffix, in the final block.
	var tail bytes.Buffer
	tw, _ := flate.NewWriterDict(&tail, flate.BestCompression, window)
	tw.Write(spaces[:fill])
	tw.Write([]byte(bombSuffix))
	tw.Close()
	crc = crc32.Update(crc, crc32.IEEETable, spaces[:fill])
	crc = crc32.Update(crc, crc32.IEEETable, []byte(bombSuffix))
	if _, err := w.Write(tail.Bytes()); err != nil {
		return err
	}
	var trailer [8]byte
	binary.LittleEndian.PutUint32(trailer[:4], crc)
	binary.LittleEndian.PutUint32(trailer[4:], uint32(size))
	_, err := w.Write(trailer[:])
	return err
}
