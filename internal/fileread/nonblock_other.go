//go:build !unix

package fileread

// nonBlock is not needed where there are no FIFOs to open by path.
const nonBlock = 0
