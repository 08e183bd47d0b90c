package hsds

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Source is an HSDS dataset read for import: full services with their
// nested objects, and the taxonomy terms they use, by id.
type Source struct {
	// Name says where it came from: a folder, a file or a URL.
	Name     string
	Services []Service
	Terms    map[string]TaxonomyTerm
	// Organizations and Locations are the source's own lists, when it
	// has them: an organisation or location without a service in the
	// source is imported too.
	Organizations []Organization
	Locations     []Location
}

// Progress reports a long read or import: done of total (total 0 when
// not known yet).
type Progress func(done, total int)

// addTerms takes the terms nested in the services' attributes.
func (s *Source) addTerms() {
	if s.Terms == nil {
		s.Terms = map[string]TaxonomyTerm{}
	}
	for _, sv := range s.Services {
		for _, a := range allAttributes(sv) {
			if a.TaxonomyTerm != nil && a.TaxonomyTerm.ID != "" {
				if _, ok := s.Terms[a.TaxonomyTerm.ID]; !ok {
					s.Terms[a.TaxonomyTerm.ID] = *a.TaxonomyTerm
				}
			}
		}
	}
}

// allAttributes are a service's attributes and its schedules'.
func allAttributes(s Service) []Attribute {
	out := slicesClone(s.Attributes)
	for _, sc := range s.Schedules {
		out = append(out, sc.Attributes...)
	}
	for _, sal := range s.ServiceAtLocations {
		for _, sc := range sal.Schedules {
			out = append(out, sc.Attributes...)
		}
	}
	return out
}

func slicesClone[T any](s []T) []T { return append([]T(nil), s...) }

// ReadJSON reads a JSON file holding one full service, or a page of them
// (an object with "contents", as the API's lists are).
func ReadJSON(path string) (*Source, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	src := &Source{Name: path}
	b = bytes.TrimSpace(b)
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(b, &probe); err != nil {
		return nil, fmt.Errorf("%s: not a JSON object (one service, or a page with contents): %w", path, err)
	}
	if raw, ok := probe["contents"]; ok {
		if err := json.Unmarshal(raw, &src.Services); err != nil {
			return nil, fmt.Errorf("%s: contents: %w", path, err)
		}
	} else {
		var s Service
		if err := json.Unmarshal(b, &s); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		if s.ID == "" || s.Name == "" {
			return nil, fmt.Errorf("%s: neither a service (id, name) nor a page of them (contents)", path)
		}
		src.Services = []Service{s}
	}
	src.addTerms()
	return src, nil
}

// ReadDir reads a folder written by export-hsds (or in its layout):
// the full services in services/*.json and the terms in
// taxonomy_terms/*.json. A folder with only the tabular form (CSV files
// and datapackage.json) is read as such.
func ReadDir(dir string, progress Progress) (*Source, error) {
	files, err := filepath.Glob(filepath.Join(dir, "services", "*.json"))
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		if _, err := os.Stat(filepath.Join(dir, DataPackage)); err == nil {
			return ReadTabular(dir, progress)
		}
		return nil, fmt.Errorf("%s: no services/*.json and no %s: not an HSDS dataset", dir, DataPackage)
	}
	src := &Source{Name: dir, Terms: map[string]TaxonomyTerm{}}
	for i, f := range files {
		var s Service
		if err := readJSONFile(f, &s); err != nil {
			return nil, err
		}
		src.Services = append(src.Services, s)
		if progress != nil && (i+1)%50 == 0 {
			progress(i+1, len(files))
		}
	}
	orgs, _ := filepath.Glob(filepath.Join(dir, "organizations", "*.json"))
	for _, f := range orgs {
		var o Organization
		if err := readJSONFile(f, &o); err != nil {
			return nil, err
		}
		src.Organizations = append(src.Organizations, o)
	}
	locs, _ := filepath.Glob(filepath.Join(dir, "locations", "*.json"))
	for _, f := range locs {
		var l Location
		if err := readJSONFile(f, &l); err != nil {
			return nil, err
		}
		src.Locations = append(src.Locations, l)
	}
	terms, _ := filepath.Glob(filepath.Join(dir, "taxonomy_terms", "*.json"))
	for _, f := range terms {
		var t TaxonomyTerm
		if err := readJSONFile(f, &t); err != nil {
			return nil, err
		}
		src.Terms[t.ID] = t
	}
	src.addTerms()
	return src, nil
}

func readJSONFile(path string, v any) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// Read reads src: an http(s) URL of an HSDS API, a folder, or a JSON file.
func Read(src string, progress Progress) (*Source, error) {
	if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
		return ReadAPI(src, progress)
	}
	st, err := os.Stat(src)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("%s: no such file or folder", src)
	}
	if err != nil {
		return nil, err
	}
	if st.IsDir() {
		return ReadDir(src, progress)
	}
	return ReadJSON(src)
}
