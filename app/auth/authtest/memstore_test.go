package authtest

import "testing"

func TestMemStoreConformance(t *testing.T) {
	Conformance(t, func(*testing.T) Store { return &MemStore{} })
}
