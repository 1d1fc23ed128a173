1
check --format=csv samples/errors/mext-rate-off-by-one.pdf
