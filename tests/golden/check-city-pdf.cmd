0
check --format=csv samples/city-yosansho-r8.pdf
