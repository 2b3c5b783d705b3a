package card

// PhoneSeparatorProblem exposes the separator problem to the external tests.
const PhoneSeparatorProblem = phoneSeparatorProblem
