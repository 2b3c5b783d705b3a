// Package mcn is the MCN workspace (SPEC §8, MCN-1 … MCN-3).
package mcn
