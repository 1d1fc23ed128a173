1
check --format=csv samples/errors/mext-diff-off-by-ten.pdf
