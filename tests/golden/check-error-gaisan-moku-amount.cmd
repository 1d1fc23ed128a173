1
check --format=csv samples/errors/gaisan-moku-amount.pdf
