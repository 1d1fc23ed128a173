1
check --format=csv samples/errors/mext-total-digit.pdf
