//go:build unix

package ui

import "golang.org/x/sys/unix"

// jobControlCanResume reports whether a shell with job control can resume
// nashra after ctrl+z suspends it (SIGTSTP; POSIX.1-2017 §2.11 "Job
// Control"). Such a shell puts each job in a process group of its own, so
// our process group differs from the session's (getpgrp() != getsid(0)).
// When nashra or a non-interactive parent (sh -c, tmux's command) leads the
// session, the group is the session's: nothing above can `fg` it, the
// kernel may discard SIGTSTP for the orphaned group, and a suspended
// nashra would wait for SIGCONT forever. An error from getsid counts as
// "cannot resume".
func jobControlCanResume() bool {
	sid, err := unix.Getsid(0)
	if err != nil {
		return false
	}
	return unix.Getpgrp() != sid
}
