1
check --format=csv samples/errors/gaisan-change-digit.pdf
