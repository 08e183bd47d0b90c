package hsds

import "errors"

// ReadTabular reads HSDS's tabular form: CSV files described by a
// datapackage.json in dir, put together into full services.
func ReadTabular(dir string, progress Progress) (*Source, error) {
	return nil, errors.New("the tabular form cannot be read yet")
}

// ReadAPI reads every full service from the HSDS API at base.
func ReadAPI(base string, progress Progress) (*Source, error) {
	return nil, errors.New("reading from an API is not possible yet")
}
