package view

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"path"
	"slices"
	"strings"
)

// Overlay is an fs.FS that serves a file from Over when it exists there and
// from Base otherwise, so a municipality overrides single templates or
// static files without copying the rest.
type Overlay struct {
	Over fs.FS // may be nil
	Base fs.FS
}

// Open implements fs.FS.
func (o Overlay) Open(name string) (fs.File, error) {
	if o.Over != nil {
		f, err := o.Over.Open(name)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return o.Base.Open(name)
}

// ReadDir implements fs.ReadDirFS, so fs.Glob sees the files of both
// layers; an entry in Over hides the one of the same name in Base.
func (o Overlay) ReadDir(name string) ([]fs.DirEntry, error) {
	entries, err := fs.ReadDir(o.Base, name)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	if o.Over == nil {
		return entries, err
	}
	over, oerr := fs.ReadDir(o.Over, name)
	if oerr != nil {
		if errors.Is(oerr, fs.ErrNotExist) {
			return entries, err
		}
		return nil, oerr
	}
	byName := make(map[string]fs.DirEntry, len(entries)+len(over))
	for _, e := range entries {
		byName[e.Name()] = e
	}
	for _, e := range over {
		byName[e.Name()] = e
	}
	merged := make([]fs.DirEntry, 0, len(byName))
	for _, e := range byName {
		merged = append(merged, e)
	}
	slices.SortFunc(merged, func(a, b fs.DirEntry) int { return strings.Compare(a.Name(), b.Name()) })
	return merged, nil
}

// Asset is a static file held in memory under its hashed name, with its
// gzip encoding made once at start-up (nil when it does not shrink the
// file, as with images that are compressed already).
type Asset struct {
	Body        []byte
	Gzip        []byte
	ContentType string
}

// Assets maps logical names ("app.css") to hashed URLs and hashed names to
// contents. Files are read once at start-up; they are small.
type Assets struct {
	url   map[string]string // "app.css" → "/static/app.3f2a9c1b.css"
	files map[string]Asset  // "app.3f2a9c1b.css" → contents
}

// LoadAssets reads the static files names from fsys and names each after
// a hash of its contents, so it can be cached for good.
func LoadAssets(fsys fs.FS, names []string) (*Assets, error) {
	a := &Assets{url: map[string]string{}, files: map[string]Asset{}}
	for _, name := range names {
		body, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("view: static %s: %w", name, err)
		}
		if err := a.Add(name, body); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// Add keeps body as the static file name, under a name with a hash of
// its contents, so it can be cached for good. A file of the same name is
// replaced.
func (a *Assets) Add(name string, body []byte) error {
	sum := sha256.Sum256(body)
	ext := path.Ext(name)
	hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
	ct := mime.TypeByExtension(ext)
	if ct == "" {
		ct = "application/octet-stream"
	}
	gz, err := gzipped(body)
	if err != nil {
		return fmt.Errorf("view: static %s: %w", name, err)
	}
	if old, ok := a.url[name]; ok {
		delete(a.files, path.Base(old))
	}
	a.url[name] = "/static/" + hashed
	a.files[hashed] = Asset{Body: body, Gzip: gz, ContentType: ct}
	return nil
}

// gzipped is body compressed as well as gzip can, or nil when that saves
// less than a tenth.
func gzipped(body []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(body); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	if buf.Len() > len(body)*9/10 {
		return nil, nil
	}
	return buf.Bytes(), nil
}

// URL returns the hashed URL of a static file; templates call it as
// {{asset "app.css"}}.
func (a *Assets) URL(name string) string { return a.url[name] }

// File returns the static file of a hashed name ("app.3f2a9c1b.css"), as
// the last part of its URL names it.
func (a *Assets) File(hashed string) (Asset, bool) {
	f, ok := a.files[hashed]
	return f, ok
}
