1
check --format=csv samples/errors/mext-subprogram-inflated.pdf
