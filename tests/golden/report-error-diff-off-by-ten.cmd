1
check samples/errors/mext-diff-off-by-ten.pdf
