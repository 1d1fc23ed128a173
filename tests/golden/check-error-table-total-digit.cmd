1
check --format=csv samples/errors/mext-table-total-digit.pdf
