1
check --format=csv samples/errors/gaisan-total-digit.pdf
