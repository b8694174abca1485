//go:build !unix

package ui

// jobControlCanResume reports whether a suspended nashra could be resumed;
// without unix job control it cannot, so ctrl+z is refused.
func jobControlCanResume() bool { return false }
